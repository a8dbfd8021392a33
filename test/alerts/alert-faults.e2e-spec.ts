import { describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { useApi, TOKENS } from '../support/api-server.js';
import { eventually } from '../support/eventually.js';
import { developmentBody, disputeBody } from '../support/fixtures.js';
import { useTestEnvironment } from '../support/test-environment.js';
import { useWebhookReceiver } from '../support/webhook-receiver.js';
import { startWorker, stopped, workerReady } from '../support/worker.js';

const env = useTestEnvironment();
const api = useApi(env, { RATE_LIMIT_PER_MINUTE: '0' });
const receiver = useWebhookReceiver(env);
const admin = { token: TOKENS.admin };

async function register(path: string): Promise<string> {
  const response = await api.request('POST', '/webhooks', { body: { url: receiver.url(path) }, ...admin });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function deadline(dispute: string, dueInSeconds: number, leads: string[]) {
  const dueAt = new Date(Date.now() + dueInSeconds * 1000).toISOString();
  const written = await api.post(`/disputes/${dispute}/developments`, developmentBody('deadline_set', { title: `due ${dueAt}`, dueAt, alertLeadTimes: leads }));
  expect(written.status).toBe(201);
  return { id: `custom-${written.body.eventId}`, dueAt: Date.parse(dueAt) };
}

/** Each alert of the deadline arrived at least once, and how many times each webhook-id came. */
const arrivals = (path: string, deadlineId: string) => {
  const counts = new Map<string, number>();
  for (const r of receiver.for(path, deadlineId)) counts.set(r.headers['webhook-id']!, (counts.get(r.headers['webhook-id']!) ?? 0) + 1);
  return counts;
};

async function withWorkers<T>(count: number, body: () => Promise<T>): Promise<T> {
  const since = Date.now();
  const workers = Array.from({ length: count }, () => startWorker(env));
  try {
    await workerReady(env, since);
    return await body();
  } catch (error) {
    // What the workers said is the first thing to read when an alert went missing.
    throw new Error(`${(error as Error).message}\nworker logs:\n${workers.map((w) => w.logTail()).join('\n---\n')}`);
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map(stopped));
  }
}

describe('alerts under faults', () => {
  it('deleting every BullMQ key of the prefix while jobs are pending loses no alert', async () => {
    await withWorkers(1, async () => {
      await register('/flushed');
      await api.post('/disputes', disputeBody('flushed'));
      const d = await deadline('flushed', 9, ['PT6S', 'PT3S']);
      const redis = new Redis(env.redisUrl);
      try {
        await eventually(async () => (await redis.keys(`${env.queuePrefix}:alerts:deadline-${d.id}*`)).length > 0, 'the alert jobs to be scheduled');
        const keys = await redis.keys(`${env.queuePrefix}*`);
        expect(keys.length).toBeGreaterThan(0);
        await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
      await eventually(() => arrivals('/flushed', d.id).size === 3, 'all three alerts', 30_000).catch(async (error: Error) => {
        const r = new Redis(env.redisUrl);
        const keys = (await r.keys(`${env.queuePrefix}*`)).sort();
        const fired = await env.db.selectFrom('alert_firings' as never).selectAll().execute();
        const deliveries = await env.db.selectFrom('alert_deliveries' as never).selectAll().execute();
        r.disconnect();
        throw new Error(`${error.message}\nredis keys: ${keys.join(' ')}\nfirings: ${JSON.stringify(fired)}\ndeliveries: ${JSON.stringify(deliveries).slice(0, 3000)}\nreceived: ${receiver.received.length}`);
      });
      expect([...arrivals('/flushed', d.id).values()]).toEqual([1, 1, 1]);
    });
  }, 60_000);

  it('two workers at once send each alert once', async () => {
    await withWorkers(2, async () => {
      await register('/pair');
      await api.post('/disputes', disputeBody('pair'));
      const deadlines = await Promise.all([deadline('pair', 4, ['PT2S']), deadline('pair', 5, ['PT3S', 'PT1S'])]);
      for (const d of deadlines) await eventually(() => arrivals('/pair', d.id).size === d.id.length % 1 + (d === deadlines[0] ? 2 : 3), `alerts of ${d.id}`, 15_000);
      for (const d of deadlines) expect([...arrivals('/pair', d.id).values()].every((n) => n === 1)).toBe(true);
      // Let a possible duplicate arrive before concluding there is none.
      const last = Math.max(...deadlines.map((d) => d.dueAt));
      await eventually(() => Date.now() > last + 1500, 'a moment after the last alert');
      for (const d of deadlines) expect([...arrivals('/pair', d.id).values()].every((n) => n === 1)).toBe(true);
    });
  }, 60_000);

  it('a worker killed mid-delivery loses nothing; the retry carries the same webhook-id', async () => {
    const slowId = await register('/slow');
    // The first attempt of each message hangs, so the worker can be killed while it is in flight.
    receiver.answer('/slow', (_request, nth) => (nth === 1 ? { status: 200, delayMs: 5_000 } : { status: 200 }));
    await api.post('/disputes', disputeBody('slow'));
    const since = Date.now();
    const first = startWorker(env);
    await workerReady(env, since);
    const d = await deadline('slow', 2, ['PT1S']);
    await eventually(() => receiver.for('/slow', d.id).length >= 1, 'the first delivery to be in flight', 10_000);
    first.kill('SIGKILL');
    await stopped(first);
    await withWorkers(1, async () => {
      await eventually(
        async () => {
          const alerts = (await api.get('/alerts?limit=100')).body.filter((a: any) => a.deadlineId === d.id && a.webhookId === slowId);
          return alerts.length === 2 && alerts.every((a: any) => a.status === 'sent');
        },
        'both alerts delivered',
        45_000,
      );
    });
    const got = receiver.for('/slow', d.id);
    const ids = got.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(2);
    // The one cut off was sent again, under the same id, so the receiver can tell it is the same alert.
    const interrupted = got[0]!.headers['webhook-id'];
    expect(ids.filter((id) => id === interrupted).length).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('a receiver answering 500 then 200 gets it on retry; one answering 410 is disabled', async () => {
    await withWorkers(1, async () => {
      const flakyId = await register('/flaky');
      const goneId = await register('/gone');
      receiver.answer('/flaky', (_r, nth) => ({ status: nth === 1 ? 500 : 200 }));
      receiver.answer('/gone', () => ({ status: 410 }));
      await api.post('/disputes', disputeBody('retries'));
      const d = await deadline('retries', 2, ['PT1S']);
      await eventually(() => receiver.for('/flaky', d.id).length >= 4, 'two alerts, each failed once then delivered', 20_000);
      const flaky = receiver.for('/flaky', d.id);
      for (const id of new Set(flaky.map((r) => r.headers['webhook-id']))) expect(flaky.filter((r) => r.headers['webhook-id'] === id)).toHaveLength(2);
      const deliveriesOf = async (webhookId: string) =>
        (await api.get('/alerts?limit=100')).body.filter((a: any) => a.deadlineId === d.id && a.webhookId === webhookId);
      await eventually(async () => (await deliveriesOf(flakyId)).every((a: any) => a.status === 'sent'), 'the retries to be recorded');
      expect((await deliveriesOf(flakyId)).map((a: any) => [a.status, a.attempts])).toEqual([
        ['sent', 2],
        ['sent', 2],
      ]);
      const alerts = await deliveriesOf(goneId);
      // 410: each delivery tried once, never retried, and the webhook disabled.
      await eventually(async () => (await api.request('GET', '/webhooks', admin)).body.find((h: any) => h.id === goneId)?.disabledAt, 'the 410 webhook to be disabled');
      const gone = alerts;
      expect(gone.length).toBeGreaterThan(0);
      expect(gone.every((a: any) => a.status === 'gone' && a.attempts === 1)).toBe(true);
      // Later alerts do not go to it at all.
      const later = await deadline('retries', 2, ['PT1S']);
      await eventually(() => receiver.for('/flaky', later.id).length >= 4, 'the later alerts');
      expect(receiver.for('/gone', later.id)).toHaveLength(0);
    });
  }, 60_000);

  it('refuses webhook URLs on private addresses unless allowed, and other bad input', async () => {
    const strict = await api.request('POST', '/webhooks', { body: { url: 'ftp://example.org/x' }, ...admin });
    expect(strict.body).toMatchObject({ status: 400, errors: [{ field: 'url' }] });
    expect((await api.request('POST', '/webhooks', { body: { url: receiver.url('/x') }, token: TOKENS.analyst })).status).toBe(403);
    expect((await api.request('DELETE', '/webhooks/not-a-uuid', admin)).status).toBe(404);
  });
});
