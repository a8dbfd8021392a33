import { describe, expect, it } from '@jest/globals';
import { useApi } from '../support/api-server.js';
import { developmentBody, disputeBody } from '../support/fixtures.js';
import { useTestEnvironment } from '../support/test-environment.js';

const env = useTestEnvironment();
// No worker runs here: the read models never reach what is written.
const api = useApi(env);

describe('minPosition without a worker', () => {
  it('waits at most 5 s, then answers 503 with Retry-After', async () => {
    await api.post('/disputes', disputeBody('stalled'));
    const written = await api.post('/disputes/stalled/developments', developmentBody('protest'));
    const started = Date.now();
    const response = await api.get(`/disputes/stalled?minPosition=${written.body.globalPosition}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.body).toMatchObject({ status: 503, detail: expect.stringContaining(String(written.body.globalPosition)) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
  });

  it('is not ready: /health/ready answers 503 naming the check that fails', async () => {
    const response = await fetch(`${api.url}/health/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: number; checks: Record<string, { status: string }> };
    expect(body).toMatchObject({ status: 503, checks: { postgres: { status: 'up' }, redis: { status: 'up' }, projections: { status: 'down' } } });
  });
});
