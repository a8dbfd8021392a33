import { describe, expect, it } from '@jest/globals';
import { disputeStreamId } from '@app/domain';
import { EventStore } from '@app/event-store';
import { useApi } from '../support/api-server.js';
import { agreementBody, developmentBody, disputeBody } from '../support/fixtures.js';
import { useTestEnvironment } from '../support/test-environment.js';

const env = useTestEnvironment();
const api = useApi(env);
const log = (dispute: string) => new EventStore(env.db).readStream(disputeStreamId(dispute));

describe('concurrent writes', () => {
  it('50 writes with the same If-Match: exactly one 201, the rest 412', async () => {
    await api.post('/disputes', disputeBody('if-match'));
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api.post('/disputes/if-match/developments', developmentBody('protest', { summary: `write ${i}` }), { 'if-match': '"1"' })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(49);
    expect(await log('if-match')).toHaveLength(2);
  });

  it('50 writes without If-Match: 50 × 201, 50 events, none lost', async () => {
    await api.post('/disputes', disputeBody('no-if-match'));
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api.post('/disputes/no-if-match/developments', developmentBody('protest', { summary: `write ${i}` }))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const events = await log('no-if-match');
    expect(events).toHaveLength(51);
    expect(new Set(events.map((e) => (e.data as { summary: string }).summary)).size).toBe(51);
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(new Set(responses.map((r) => r.body.version)).size).toBe(50);
  });

  it('20 concurrent notices on one agreement: one is accepted, the rule refuses the rest', async () => {
    await api.post('/disputes', disputeBody('race'));
    await api.post('/agreements', agreementBody('race-pact', 'race'));
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => api.post('/disputes/race/developments', developmentBody('agreement_non_renewal', {}, 'race-pact'))),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect((await log('race')).filter((e) => e.type === 'agreement_non_renewal')).toHaveLength(1);
  });
});

describe('Idempotency-Key', () => {
  it('a retry with the same key and body gets the first answer and appends nothing', async () => {
    await api.post('/disputes', disputeBody('idem'));
    const body = developmentBody('protest');
    const first = await api.post('/disputes/idem/developments', body, { 'idempotency-key': 'retry-1' });
    const again = await api.post('/disputes/idem/developments', { ...body }, { 'idempotency-key': 'retry-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await log('idem')).toHaveLength(2);
  });

  it('the same key with another body is 422 and appends nothing', async () => {
    await api.post('/disputes', disputeBody('idem-other'));
    await api.post('/disputes/idem-other/developments', developmentBody('protest'), { 'idempotency-key': 'k' });
    const other = await api.post('/disputes/idem-other/developments', developmentBody('protest', { summary: 'different' }), { 'idempotency-key': 'k' });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-key-reused');
    expect(await log('idem-other')).toHaveLength(2);
  });

  it('concurrent duplicates append once and all get the same answer', async () => {
    await api.post('/disputes', disputeBody('idem-race'));
    const body = developmentBody('protest');
    const responses = await Promise.all(Array.from({ length: 10 }, () => api.post('/disputes/idem-race/developments', body, { 'idempotency-key': 'race' })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await log('idem-race')).toHaveLength(2);
  });

  it('concurrent first attempts with one key and different bodies: one appends, the other is 422', async () => {
    await api.post('/disputes', disputeBody('idem-clash'));
    const [a, b] = await Promise.all([
      api.post('/disputes/idem-clash/developments', developmentBody('protest', { summary: 'a' }), { 'idempotency-key': 'clash' }),
      api.post('/disputes/idem-clash/developments', developmentBody('protest', { summary: 'b' }), { 'idempotency-key': 'clash' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    expect(await log('idem-clash')).toHaveLength(2);
  });

  it('keys are per caller: another token with the same key is a new request', async () => {
    await api.post('/disputes', disputeBody('idem-scope'));
    const body = developmentBody('protest');
    await api.post('/disputes/idem-scope/developments', body, { 'idempotency-key': 'shared' });
    const admin = await api.request('POST', '/disputes/idem-scope/developments', { body, headers: { 'idempotency-key': 'shared' }, token: 'dev-admin-token' });
    expect(admin.status).toBe(201);
    expect(await log('idem-scope')).toHaveLength(3);
  });
});
