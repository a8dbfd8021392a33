import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sql } from 'kysely';
import { useApi } from '../support/api-server.js';
import { agreementBody, CLIENT_TYPES, developmentBody, disputeBody } from '../support/fixtures.js';
import { useTestEnvironment } from '../support/test-environment.js';

const env = useTestEnvironment();
const api = useApi(env, { RATE_LIMIT_PER_MINUTE: '0' });

const eventCount = async (): Promise<number> => Number((await sql<{ n: string }>`select count(*) as n from events`.execute(env.db)).rows[0]!.n);

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom("'; drop table events; --", '<script>alert(1)</script>', '\u0000', '\uD800', '🇯🇵🇰🇷', 'ǅ', '..', '%00', '{{7*7}}', '1e309', '-0', 'NaN'),
  fc.string({ minLength: 3000, maxLength: 6000 }),
);
const jsonish = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 5 }),
  fc.object({ maxDepth: 3 }),
);
/** Deep nesting: parsers and validators must not fall over. */
const deep = fc.integer({ min: 33, max: 2000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown);

/** A valid body with one field broken: removed, retyped, or set to something nasty. */
const mutated = fc
  .tuple(fc.constantFrom(...CLIENT_TYPES), fc.nat(), fc.oneof(fc.constant(undefined), jsonish, deep))
  .map(([type, pick, value]) => {
    const body = developmentBody(type, {}, 'fuzz-pact');
    const keys = Object.keys(body);
    const key = keys[pick % keys.length]!;
    return { ...body, [key]: value };
  });
const added = fc.tuple(fc.constantFrom(...CLIENT_TYPES), fc.string({ minLength: 1, maxLength: 20 }), jsonish).map(([type, key, value]) => ({ ...developmentBody(type, {}, 'fuzz-pact'), [`x${key}`]: value }));

/** What an HTTP client can put in a header at all (Latin-1, no controls), however odd. */
const headerValue = nasty.map((s) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '').trim());
const headers = fc.record(
  {
    'if-match': fc.oneof(headerValue, fc.constantFrom('"0"', '"99999999999999999999"', '*', 'W/"1"', '""', '"-1"')),
    'idempotency-key': fc.oneof(headerValue, fc.constant('')),
    'content-type': fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data'),
  },
  { requiredKeys: [] },
);

describe('malformed input at the write endpoints', () => {
  it('never answers 5xx, and a refused request appends nothing', async () => {
    await api.post('/disputes', disputeBody('fuzz'));
    await api.post('/agreements', agreementBody('fuzz-pact', 'fuzz'));
    const paths = ['/disputes', '/agreements', '/disputes/fuzz/developments', '/disputes/fuzz/developments:batch'];
    const body = fc.oneof(jsonish, deep, mutated, added, mutated.map((d) => ({ developments: [d] })), fc.array(mutated, { maxLength: 3 }).map((developments) => ({ developments })));
    const enc = (text: string): string => encodeURIComponent(Buffer.from(text).toString()); // UTF-8 round trip: lone surrogates → U+FFFD
    const path = fc.oneof(
      fc.constantFrom(...paths, '/disputes/%zz/developments', '/disputes/%00/developments', '/disputes/fuzz/developments/%E0%A4%A/retraction', '/disputes/..%2f..%2fetc/developments'),
      nasty.map((id) => `/disputes/${enc(id)}/developments`),
      nasty.map((id) => `/disputes/fuzz/developments/${enc(id)}/retraction`),
      nasty.map((q) => `/disputes/fuzz/developments?${enc(q)}=${enc(q)}`),
    );
    await fc.assert(
      fc.asyncProperty(path, body, headers, async (target, payload, extra) => {
        const before = await eventCount();
        const raw = typeof payload === 'string' && extra['content-type'] !== 'application/json' ? payload : JSON.stringify(payload);
        const response = await api.request('POST', target, { raw, headers: { 'content-type': 'application/json', ...extra }, token: 'dev-analyst-token' });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(await eventCount()).toBe(before);
        }
      }),
      { numRuns: 500 },
    );
  }, 120_000);
});
