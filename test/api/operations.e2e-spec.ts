import { describe, expect, it } from '@jest/globals';
import { disputeStreamId } from '@app/domain';
import { EventStore } from '@app/event-store';
import { useApi } from '../support/api-server.js';
import { eventually } from '../support/eventually.js';
import { developmentBody, disputeBody } from '../support/fixtures.js';
import { useTestEnvironment } from '../support/test-environment.js';
import { useProjections } from '../support/worker.js';

const env = useTestEnvironment();
useProjections(env);
const api = useApi(env);

describe('operations', () => {
  it('/health/live and /health/ready answer without a token; ready checks PostgreSQL, Redis and the read models', async () => {
    expect(await (await fetch(`${api.url}/health/live`)).json()).toEqual({ status: 'ok' });
    let ready: any;
    await eventually(async () => {
      const response = await fetch(`${api.url}/health/ready`);
      ready = await response.json();
      return response.status === 200;
    }, 'readiness');
    expect(ready).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' }, projections: { status: 'up' } } });
  });

  it('/metrics exposes request latency, append latency, projection lag, queue depths and alerts', async () => {
    await api.post('/disputes', disputeBody('metered'));
    await api.post('/disputes/metered/developments', developmentBody('protest'));
    const response = await fetch(`${api.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    for (const name of [
      'dt_http_request_duration_seconds_bucket',
      'dt_event_store_append_duration_seconds_count',
      'dt_projection_lag_events{projection="timeline"}',
      'dt_projection_lag_seconds{projection="deadlines"}',
      'dt_queue_jobs{queue="alerts",state="delayed"}',
      'dt_alerts_fired{late="true"}',
      'dt_alert_deliveries{status="failed"}',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/dt_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/disputes\/:id\/developments",status="201"\} [1-9]/);
  });

  it('carries the request id (given or drawn) into the answer and, as correlation id, into the events', async () => {
    await api.post('/disputes', disputeBody('traced'));
    const given = await api.post('/disputes/traced/developments', developmentBody('protest'), { 'x-request-id': 'trace-123' });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const drawn = await api.post('/disputes/traced/developments', developmentBody('protest'));
    const requestId = drawn.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const events = await new EventStore(env.db).readStream(disputeStreamId('traced'));
    expect(events.find((e) => e.id === given.body.eventId)!.metadata).toMatchObject({ correlationId: 'trace-123' });
    expect(events.find((e) => e.id === drawn.body.eventId)!.metadata).toMatchObject({ correlationId: requestId });
  });

  it("sends helmet's security headers on every answer, problems and probes too", async () => {
    for (const response of [await api.request('GET', '/disputes'), await api.request('GET', '/disputes/nowhere'), await fetch(`${api.url}/health/live`)]) {
      expect(Object.fromEntries(['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy'].map((h) => [h, response.headers.get(h)]))).toEqual({
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
      });
    }
  });

  it('the queue board (bull-board) answers admins only, by Basic (token as password) or Bearer', async () => {
    const none = await fetch(`${api.url}/admin/queues`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    await none.text();
    const basic = (token: string) => ({ authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` });
    const viewer = await fetch(`${api.url}/admin/queues`, { headers: basic('dev-viewer-token') });
    expect(viewer.status).toBe(401);
    await viewer.text();
    const admin = await fetch(`${api.url}/admin/queues`, { headers: basic('dev-admin-token') });
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('<html');
    const queues = await fetch(`${api.url}/admin/queues/api/queues`, { headers: { authorization: 'Bearer dev-admin-token' } });
    expect(queues.status).toBe(200);
    expect(((await queues.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort()).toEqual(['alerts', 'deliveries']);
  });
});
