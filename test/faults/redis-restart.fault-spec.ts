import { describe, expect, it } from '@jest/globals';
import { useApi, TOKENS } from '../support/api-server.js';
import { eventually } from '../support/eventually.js';
import { developmentBody, disputeBody } from '../support/fixtures.js';
import { useWebhookReceiver } from '../support/webhook-receiver.js';
import { startWorker, stopped, workerReady } from '../support/worker.js';
import { usePrivateServices } from './support/private-services.js';

const env = usePrivateServices();
const api = useApi(env, { RATE_LIMIT_PER_MINUTE: '0' });
const receiver = useWebhookReceiver(env);

/** Alerts count as late when they fire more than this after their time (LATE_AFTER_MS). */
const LATE_AFTER_MS = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Recorded {
  id: string;
  dueAt: number;
  leads: string[];
}

/** `PT2S` → 2000 (the lead times used here are whole seconds). */
const seconds = (lead: string) => Number(/^PT(\d+)S$/.exec(lead)![1]) * 1000;

describe('Redis killed (kill -9) and started again empty, no persistence, while deadlines keep coming', () => {
  it('loses no alert: each arrives at least once (a repeat under the same webhook-id), late ones flagged late', async () => {
    const response = await api.request('POST', '/webhooks', { body: { url: receiver.url('/alerts') }, token: TOKENS.admin });
    expect(response.status).toBe(201);
    expect((await api.post('/disputes', disputeBody('redis-restart'))).status).toBe(201);
    const since = Date.now();
    const worker = startWorker(env);
    try {
      await workerReady(env, since);

      // Deadlines a few seconds ahead with short lead times, recorded every quarter of a second
      // before, during and after the outage, so alerts fall due in each of the three.
      const recorded: Recorded[] = [];
      let recording = true;
      const recorder = (async () => {
        for (let n = 0; recording; n++) {
          const leads = n % 3 === 0 ? ['PT3S', 'PT1S'] : ['PT2S'];
          const dueAt = Date.now() + 4_500 + (n % 7) * 250;
          const written = await api.post(
            '/disputes/redis-restart/developments',
            developmentBody('deadline_set', { title: `due #${n}`, dueAt: new Date(dueAt).toISOString(), alertLeadTimes: leads }),
          );
          expect(written.status).toBe(201);
          recorded.push({ id: `custom-${written.body.eventId}`, dueAt, leads });
          await sleep(250);
        }
      })();

      // Some alerts delivered the ordinary way first.
      await eventually(() => receiver.for('/alerts').length >= 3, 'the first alerts', 15_000);
      const killedAt = Date.now();
      await env.redis.kill('SIGKILL');
      // Redis stays away for three seconds: alerts fall due meanwhile (this is about time).
      await sleep(3_000);
      await env.redis.start();
      const restartedAt = Date.now();
      await sleep(3_000);
      recording = false;
      await recorder;

      // Every alert of every deadline recorded: its lead times and its `reached` (PT0S).
      const expected = recorded.flatMap((d) => [...d.leads, 'PT0S'].map((lead) => ({ deadlineId: d.id, lead, fireAt: d.dueAt - (lead === 'PT0S' ? 0 : seconds(lead)) })));
      const arrived = (deadlineId: string, lead: string) => receiver.for('/alerts', deadlineId).filter((r) => r.json?.leadTime === lead);
      const missing = () => expected.filter((a) => arrived(a.deadlineId, a.lead).length === 0);
      await eventually(() => missing().length === 0, `every alert to arrive (${expected.length})`, 45_000).catch((error: Error) => {
        throw new Error(`${error.message}; missing ${missing().length}: ${JSON.stringify(missing().slice(0, 5))}`);
      });

      const late: string[] = [];
      for (const a of expected) {
        const got = arrived(a.deadlineId, a.lead);
        // A repeat (a delivery retried across the outage) is the same message: one webhook-id.
        expect([a.deadlineId, a.lead, new Set(got.map((r) => r.headers['webhook-id'])).size]).toEqual([a.deadlineId, a.lead, 1]);
        for (const r of got) {
          // `late` says whether it fired more than a second after its time ...
          const lateBy = Date.parse(r.json.firedAt) - a.fireAt;
          expect([a.deadlineId, a.lead, r.json.late]).toEqual([a.deadlineId, a.lead, lateBy > LATE_AFTER_MS]);
          expect(r.json.type).toBe(a.lead === 'PT0S' ? 'deadline.reached' : 'deadline.approaching');
        }
        // ... and every alert due while Redis was away (with a margin either side) fired late.
        if (a.fireAt > killedAt + 200 && a.fireAt < restartedAt - LATE_AFTER_MS - 200) {
          expect([a.deadlineId, a.lead, got.every((r) => r.json.late === true)]).toEqual([a.deadlineId, a.lead, true]);
          late.push(`${a.deadlineId}-${a.lead}`);
        }
      }
      // The outage did fall on alerts: some were due while Redis was away.
      expect(late.length).toBeGreaterThan(0);

      // The service's own record agrees: every firing delivered, none failed.
      const deliveries = (await api.get('/alerts?limit=1000')).body as Array<{ deadlineId: string; leadTime: string; status: string }>;
      const ours = new Set(recorded.map((d) => d.id));
      const recordedDeliveries = deliveries.filter((d) => ours.has(d.deadlineId));
      expect(recordedDeliveries).toHaveLength(expected.length);
      await eventually(
        async () => ((await api.get('/alerts?limit=1000')).body as typeof deliveries).filter((d) => ours.has(d.deadlineId)).every((d) => d.status === 'sent'),
        'every delivery to be recorded as sent',
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\nworker log:\n${worker.logTail()}\nredis log:\n${env.redis.logTail()}`);
    } finally {
      worker.kill('SIGTERM');
      await stopped(worker);
    }
  }, 120_000);
});
