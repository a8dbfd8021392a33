import { request } from 'node:http';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ReadModelsService } from '../../apps/api/src/read-models/read-models.service.js';
import { TOKENS, useApi, type ApiResponse } from '../support/api-server.js';
import { agreementBody, developmentBody, disputeBody } from '../support/fixtures.js';
import { useTestEnvironment } from '../support/test-environment.js';
import { useProjections } from '../support/worker.js';

const env = useTestEnvironment();
useProjections(env);
const api = useApi(env);

/** Every header but those drawn anew for each answer. */
const ANEW = ['x-request-id', 'date', 'x-ratelimit-remaining', 'x-ratelimit-reset'];
const headersOf = (response: ApiResponse) => Object.fromEntries([...response.headers].filter(([name]) => !ANEW.includes(name)));

/** Waits until every read model holds `position` through routes that do not touch the dispute's or agreement's cached answer. */
async function caughtUp(disputeId: string, position: number): Promise<void> {
  expect((await api.get(`/disputes/${disputeId}/timeline?minPosition=${position}`)).status).toBe(200);
  expect((await api.get(`/deadlines?minPosition=${position}`)).status).toBe(200);
}

async function recorded(disputeId: string): Promise<number> {
  await api.post('/disputes', disputeBody(disputeId));
  await api.post('/agreements', agreementBody(`${disputeId}-pact`, disputeId));
  const written = await api.post(`/disputes/${disputeId}/developments`, developmentBody('agreement_non_renewal', {}, `${disputeId}-pact`));
  expect(written.status).toBe(201);
  await caughtUp(disputeId, written.body.globalPosition);
  return written.body.globalPosition;
}

/** A GET sent as written: fetch would drop a `#` and what follows it, a raw client need not. */
function rawGet(path: string): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const sent = request({ hostname, port, path, headers: { authorization: `Bearer ${TOKENS.viewer}` } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
    });
    sent.on('error', reject).end();
  });
}

afterEach(() => {
  jest.restoreAllMocks();
});

/** GET /disputes/{id} and /agreements/{id} of the present are answered from the view cache before Nest's pipeline (cached-reads.hook.ts). */
describe('reads answered from the view cache', () => {
  it.each([
    ['a dispute', 'dispute' as const, (id: string) => `/disputes/${id}`],
    ['an agreement', 'agreement' as const, (id: string) => `/agreements/${id}-pact`],
  ])('answers %s the controller put in the cache with the same body and headers, without the controller', async (_what, method, path) => {
    await recorded(`cached-${method}`);
    const viaController = await api.get(path(`cached-${method}`));
    expect(viaController.status).toBe(200);

    const controller = jest.spyOn(ReadModelsService.prototype, method);
    const viaCache = await api.get(path(`cached-${method}`));
    expect(controller).not.toHaveBeenCalled();
    expect(viaCache.status).toBe(200);
    expect(viaCache.body).toEqual(viaController.body);
    expect(headersOf(viaCache)).toEqual(headersOf(viaController));
    expect(viaCache.headers.get('x-request-id')).not.toBe(viaController.headers.get('x-request-id'));
    // The rate limit counts it as any other request.
    expect(Number(viaCache.headers.get('x-ratelimit-remaining'))).toBe(Number(viaController.headers.get('x-ratelimit-remaining')) - 1);
  });

  it('leaves to the controller a query, a missing or unknown token, an id not in the cache and an id that is not a slug', async () => {
    await recorded('uncached');
    expect((await api.get('/disputes/uncached')).status).toBe(200); // now in the cache
    const controller = jest.spyOn(ReadModelsService.prototype, 'dispute');

    const asOf = await api.get('/disputes/uncached?asOf=2019-08-21');
    expect(asOf.body).toMatchObject({ id: 'uncached', escalation: { level: 0 } });
    expect(controller).toHaveBeenCalledTimes(1);
    expect((await api.get('/disputes/uncached?colour=red')).body).toMatchObject({ status: 400, errors: [{ field: 'colour' }] });
    // The router takes what follows a raw `#` as the query too.
    expect(await rawGet('/api/v1/disputes/uncached#colour=red')).toMatchObject({ status: 400, body: { errors: [{ field: 'colour' }] } });

    const anonymous = await api.request('GET', '/disputes/uncached', { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await api.get('/disputes/uncached', { authorization: 'Bearer not-a-known-token' })).status).toBe(401);

    expect((await api.get('/disputes/never-recorded')).body).toMatchObject({ status: 404, type: expect.stringMatching(/dispute-not-found$/) });
    expect((await api.get('/agreements/never-recorded')).body).toMatchObject({ status: 404, type: expect.stringMatching(/agreement-not-found$/) });
    expect((await api.get('/disputes/Not_A_Slug')).body).toMatchObject({ status: 400, errors: [{ field: 'id' }] });
  });

  it('given a cached dispute, when a development is recorded, then the next plain read shows it', async () => {
    await recorded('changed');
    const before = await api.get('/disputes/changed');
    expect((await api.get('/disputes/changed')).body).toEqual(before.body); // answered from the cache

    const written = await api.post('/disputes/changed/developments', developmentBody('protest'));
    await caughtUp('changed', written.body.globalPosition);
    const after = await api.get('/disputes/changed');
    expect(after.body.version).toBe(before.body.version + 1);
    expect(after.headers.get('etag')).toBe(`"${before.body.version + 1}"`);
  });
});
