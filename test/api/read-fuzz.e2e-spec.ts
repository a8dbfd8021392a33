import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sql } from 'kysely';
import { useApi, TOKENS } from '../support/api-server.js';
import { JP_KR_2019, recordScenario } from '../support/scenario.js';
import { useTestEnvironment } from '../support/test-environment.js';
import { useProjections } from '../support/worker.js';

const env = useTestEnvironment();
useProjections(env);
const api = useApi(env, { RATE_LIMIT_PER_MINUTE: '0' });

const eventCount = async (): Promise<number> => Number((await sql<{ n: string }>`select count(*) as n from events`.execute(env.db)).rows[0]!.n);
const enc = (text: string): string => encodeURIComponent(Buffer.from(text).toString()); // lone surrogates → U+FFFD

const nasty = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom("1' or '1'='1", '<script>', '../../etc/passwd', '\u0000', '🇯🇵', '-1', '9'.repeat(40), '1e999', 'NaN', '2019-13-45', 'null', '[]', '{}', '%', '%zz'),
  fc.string({ minLength: 300, maxLength: 3000 }),
);
const validish = fc.constantFrom('2019-08-22', '2019-08-22T00:00:00Z', '10', '1', '0', 'pending', 'active', 'jp-kr-2019', 'jp-kr-gsomia');
const value = fc.oneof(nasty, validish);
const queryKeys = fc.constantFrom('minPosition', 'asOf', 'knownAt', 'limit', 'cursor', 'from', 'to', 'status', 'disputeId', 'x', '__proto__', 'constructor');
const query = fc.array(fc.tuple(queryKeys, value), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${k}=${enc(v)}`).join('&'));
const id = fc.oneof(fc.constantFrom(JP_KR_2019.dispute.id, 'jp-kr-gsomia'), nasty).map(enc);

const GETS = [
  (i: string) => `/disputes/${i}`,
  (i: string) => `/disputes/${i}/timeline`,
  (i: string) => `/disputes/${i}/escalation`,
  (i: string) => `/disputes/${i}/escalation/history`,
  (i: string) => `/agreements/${i}`,
  () => '/disputes',
  () => '/agreements',
  () => '/measures',
  () => '/deadlines',
  () => '/alerts',
  () => '/webhooks',
  () => '/admin/projections',
];
const WRITES = [
  (i: string) => ['POST', `/disputes/${JP_KR_2019.dispute.id}/developments/${i}/retraction`],
  (i: string) => ['POST', `/admin/projections/${i}/rebuild`],
  (i: string) => ['DELETE', `/webhooks/${i}`],
  () => ['POST', '/webhooks'],
] as const;

const headerValue = nasty.map((s) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '').trim());
const token = fc.constantFrom<string | null>(TOKENS.viewer, TOKENS.analyst, TOKENS.admin, null, 'bogus');

describe('malformed input at every endpoint', () => {
  it('never answers 5xx: reads, path parameters, query strings and headers', async () => {
    const position = await recordScenario(api);
    await api.get(`/disputes/${JP_KR_2019.dispute.id}?minPosition=${position}`);
    await fc.assert(
      fc.asyncProperty(fc.nat(GETS.length - 1), id, query, token, fc.record({ 'if-none-match': headerValue, accept: headerValue, 'x-request-id': headerValue }, { requiredKeys: [] }), async (route, i, q, t, headers) => {
        const path = `${GETS[route]!(i)}${q ? `?${q}` : ''}`;
        const response = await api.request('GET', path, { token: t, headers });
        expect([path, response.status < 500 || response.status === 503]).toEqual([path, true]);
        if (response.status === 503) expect(path).toContain('minPosition'); // only a wait that timed out may be 503
        if (response.status >= 400) expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 400 },
    );
  }, 180_000);

  it('never answers 5xx nor appends on the other writes: retractions, rebuilds, webhooks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(WRITES.length - 1), id, fc.oneof(fc.object({ maxDepth: 2 }), fc.record({ reason: nasty }), fc.record({ url: nasty, secret: nasty })), token, async (route, i, body, t) => {
        const [method, path] = WRITES[route]!(i);
        const before = await eventCount();
        const response = await api.request(method, path, { body, token: t });
        expect([path, response.status]).toEqual([path, expect.any(Number)]);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(await eventCount()).toBe(before);
      }),
      { numRuns: 300 },
    );
  }, 180_000);
});
