import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { useApi } from '../support/api-server.js';
import { agreementBody, developmentBody, disputeBody } from '../support/fixtures.js';
import { useTestEnvironment } from '../support/test-environment.js';

const env = useTestEnvironment();
const api = useApi(env);

const eventCount = async (): Promise<number> => Number((await sql<{ n: string }>`select count(*) as n from events`.execute(env.db)).rows[0]!.n);

/** Every refusal is problem details, names its rule or fields, and appends nothing. */
async function refused(path: string, body: unknown, status: number, type: string, headers: Record<string, string> = {}) {
  const before = await eventCount();
  const response = await api.post(path, body, headers);
  expect({ status: response.status, type: response.body?.type }).toEqual({ status, type });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ title: expect.any(String), status, detail: expect.any(String) });
  expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
  expect(await eventCount()).toBe(before);
  return response.body;
}

describe('write errors', () => {
  it('400 names every bad field, unknown fields and unknown types', async () => {
    await api.post('/disputes', disputeBody('errors'));
    const body = await refused('/disputes/errors/developments', { ...developmentBody('protest'), actor: 'Japan', form: 'shouting', extra: 1 }, 400, '/problems/validation');
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['actor', 'extra', 'form']);
    const typed = await refused('/disputes/errors/developments', { ...developmentBody('protest'), type: 'skirmish' }, 400, '/problems/validation');
    expect(typed.errors).toEqual([{ field: 'type', pointer: '/type', message: expect.stringContaining('protest') }]);
    const system = await refused('/disputes/errors/developments', { type: 'deadline_reached', deadlineId: 'x' }, 400, '/problems/validation');
    expect(system.errors[0].message).toContain('only by the service');
    await refused('/disputes', { ...disputeBody('Bad Id'), parties: ['JP'] }, 400, '/problems/validation');
    await refused('/agreements', { ...agreementBody('a'), autoRenews: true, termMonths: undefined }, 400, '/problems/validation');
    await refused('/disputes/errors/developments', [], 400, '/problems/validation');
    await refused('/disputes/errors/developments:batch', { developments: [] }, 400, '/problems/validation');
    const invalidDate = await refused('/disputes/errors/developments', developmentBody('protest', { occurredAt: '2019-02-30' }), 400, '/problems/validation');
    expect(invalidDate.errors[0].field).toBe('occurredAt');
  });

  it('400 for malformed JSON, If-Match and Idempotency-Key headers', async () => {
    await api.post('/disputes', disputeBody('headers'));
    const badJson = await api.request('POST', '/disputes/headers/developments', { raw: '{"type":', headers: { 'content-type': 'application/json' }, token: 'dev-analyst-token' });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('content-type')).toMatch(/problem\+json/);
    const ifMatch = await refused('/disputes/headers/developments', developmentBody('protest'), 400, '/problems/validation', { 'if-match': 'W/"1"' });
    expect(ifMatch.errors[0].field).toBe('If-Match');
    const key = await refused('/disputes/headers/developments', developmentBody('protest'), 400, '/problems/validation', { 'idempotency-key': 'x'.repeat(256) });
    expect(key.errors[0].field).toBe('Idempotency-Key');
  });

  it('404 for an unknown dispute, 422 for an unknown agreement or dispute reference', async () => {
    await refused('/disputes/nowhere/developments', developmentBody('protest'), 404, '/problems/dispute-not-found');
    await refused('/disputes/nowhere/developments/00000000-0000-4000-8000-000000000000/retraction', { reason: 'x' }, 404, '/problems/development-not-found');
    await api.post('/disputes', disputeBody('refs'));
    const agreement = await refused('/disputes/refs/developments', developmentBody('agreement_non_renewal', {}, 'no-such-pact'), 422, '/problems/unknown-reference');
    expect(agreement.errors[0].field).toBe('agreementId');
    const dispute = await refused('/agreements', agreementBody('orphan', 'no-such-dispute'), 422, '/problems/unknown-reference');
    expect(dispute.errors[0].field).toBe('disputeId');
    await refused('/disputes/refs/developments/not-a-uuid/retraction', { reason: 'x' }, 404, '/problems/development-not-found');
    // A NUL byte is text PostgreSQL refuses: found by the read fuzz (it answered 500).
    await refused('/disputes/refs/developments/%00/retraction', { reason: 'x' }, 404, '/problems/development-not-found');
  });

  it('409 names each business rule', async () => {
    await api.post('/disputes', disputeBody('rules'));
    await refused('/disputes', disputeBody('rules'), 409, '/problems/dispute-exists');
    await api.post('/agreements', agreementBody('rules-pact', 'rules'));
    await refused('/agreements', agreementBody('rules-pact', 'rules'), 409, '/problems/agreement-exists');
    const path = '/disputes/rules/developments';
    await refused(path, developmentBody('agreement_non_renewal_suspended', {}, 'rules-pact'), 409, '/problems/no-active-notice');
    await refused(path, developmentBody('agreement_non_renewal_withdrawn', {}, 'rules-pact'), 409, '/problems/no-active-notice');
    await refused(path, developmentBody('agreement_non_renewal', { actor: 'US' }, 'rules-pact'), 409, '/problems/actor-not-party');
    await refused(path, developmentBody('agreement_non_renewal', { occurredAt: '2015-01-01' }, 'rules-pact'), 409, '/problems/agreement-not-in-force');
    expect((await api.post(path, developmentBody('agreement_non_renewal', {}, 'rules-pact'))).status).toBe(201);
    await refused(path, developmentBody('agreement_non_renewal', { occurredAt: '2019-09-01' }, 'rules-pact'), 409, '/problems/notice-already-given');
    // Judged at its own date: a suspension dated before the notice has nothing to suspend.
    await refused(path, developmentBody('agreement_non_renewal_suspended', { occurredAt: '2019-08-01' }, 'rules-pact'), 409, '/problems/no-active-notice');
    await api.post('/disputes', disputeBody('other-dispute'));
    await refused('/disputes/other-dispute/developments', developmentBody('agreement_renewed', {}, 'rules-pact'), 409, '/problems/agreement-in-other-dispute');
  });

  it('412 with the current version when If-Match is stale', async () => {
    await api.post('/disputes', disputeBody('etag'));
    const body = await refused('/disputes/etag/developments', developmentBody('protest'), 412, '/problems/version-mismatch', { 'if-match': '"7"' });
    expect(body.detail).toContain('version 1');
    const response = await api.post('/disputes/etag/developments', developmentBody('protest'), { 'if-match': '"7"' });
    expect(response.headers.get('etag')).toBe('"1"');
    expect((await api.post('/disputes/etag/developments', developmentBody('protest'), { 'if-match': '"1"' })).status).toBe(201);
  });

  it('413 for a body over the limit, 415 for a body that is not JSON', async () => {
    await api.post('/disputes', disputeBody('big'));
    const before = await eventCount();
    const huge = await api.request('POST', '/disputes/big/developments', { body: { ...developmentBody('protest'), summary: 'x'.repeat(5 * 1024 * 1024) }, token: 'dev-analyst-token' });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/problem\+json/);
    const text = await api.request('POST', '/disputes/big/developments', { raw: 'hello', headers: { 'content-type': 'text/plain' }, token: 'dev-analyst-token' });
    expect(text.status).toBe(415);
    expect(await eventCount()).toBe(before);
  });
});
