import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { useApi, TOKENS } from '../support/api-server.js';
import { eventually } from '../support/eventually.js';
import { agreementBody, developmentBody, disputeBody } from '../support/fixtures.js';
import { useTestEnvironment } from '../support/test-environment.js';
import { useWebhookReceiver } from '../support/webhook-receiver.js';
import { startWorker, stopped, workerReady } from '../support/worker.js';

const env = useTestEnvironment();
const api = useApi(env, { RATE_LIMIT_PER_MINUTE: '0' });
const receiver = useWebhookReceiver(env);

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const admin = { token: TOKENS.admin };

async function register(path: string): Promise<string> {
  const response = await api.request('POST', '/webhooks', { body: { url: receiver.url(path) }, ...admin });
  expect(response.status).toBe(201);
  expect(response.body.secret).toMatch(/^whsec_/);
  return response.body.secret;
}

/** A custom deadline, its id, and when each alert is due. */
async function deadline(dispute: string, dueInSeconds: number, leads: string[]) {
  const dueAt = inSeconds(dueInSeconds);
  const written = await api.post(`/disputes/${dispute}/developments`, developmentBody('deadline_set', { title: `due ${dueAt}`, dueAt, alertLeadTimes: leads }));
  expect(written.status).toBe(201);
  return { id: `custom-${written.body.eventId}`, dueAt: Date.parse(dueAt) };
}

describe('deadline alerts', () => {
  it('every alert arrives once, within 1 s of its time, signed per Standard Webhooks', async () => {
    const since = Date.now();
    const worker = startWorker(env);
    try {
      await workerReady(env, since);
      const secret = await register('/timely');
      const hooks = (await api.request('GET', '/webhooks', admin)).body;
      const timelyId = hooks[hooks.length - 1].id;
      await api.post('/disputes', disputeBody('timely'));
      const d = await deadline('timely', 7, ['PT4S', 'PT2S']);
      await eventually(() => receiver.for('/timely', d.id).length >= 3, 'three alerts', 15_000);
      const got = receiver.for('/timely', d.id);
      expect(got.map((r) => r.json.leadTime)).toEqual(['PT4S', 'PT2S', 'PT0S']);
      expect(got.map((r) => r.json.type)).toEqual(['deadline.approaching', 'deadline.approaching', 'deadline.reached']);
      expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(3);
      for (const [i, offset] of [4000, 2000, 0].entries()) {
        const lateness = got[i]!.at - (d.dueAt - offset);
        expect(lateness).toBeGreaterThanOrEqual(-50);
        expect(lateness).toBeLessThan(1000);
        expect(got[i]!.json).toMatchObject({ deadline: { id: d.id, kind: 'custom', dueAt: new Date(d.dueAt).toISOString() }, late: false });
        expect(() => new Webhook(secret).verify(got[i]!.body, got[i]!.headers)).not.toThrow();
      }
      const delivered = async () => (await api.get('/alerts?limit=50')).body.filter((a: any) => a.deadlineId === d.id && a.webhookId === timelyId);
      await eventually(async () => (await delivered()).every((a: any) => a.status === 'sent'), 'the deliveries to be recorded');
      expect((await delivered()).map((a: any) => [a.status, a.attempts, a.late])).toEqual([
        ['sent', 1, false],
        ['sent', 1, false],
        ['sent', 1, false],
      ]);
      const [view] = (await api.get(`/deadlines?disputeId=timely`)).body;
      expect(view.alerts.map((a: any) => a.status)).toEqual(['sent', 'sent', 'sent']);
    } finally {
      worker.kill('SIGTERM');
      await stopped(worker);
    }
  }, 60_000);

  it('an agreement whose notice runs out is terminated by the service; a suspension before the expiry cancels the rest', async () => {
    const since = Date.now();
    const worker = startWorker(env);
    try {
      await workerReady(env, since);
      await register('/pacts');
      await api.post('/disputes', disputeBody('pacts'));
      const pact = (id: string) => agreementBody(id, 'pacts', { signedOn: '2020-01-01', expiresOn: '2040-01-01', autoRenews: false, termMonths: undefined });
      await api.post('/agreements', pact('ending'));
      await api.post('/agreements', pact('saved'));
      const expiresOn = inSeconds(6);
      const notice = (id: string) => developmentBody('agreement_non_renewal', { occurredAt: new Date().toISOString(), expiresOn, alertLeadTimes: ['PT3S'] }, id);
      expect((await api.post('/disputes/pacts/developments', notice('ending'))).status).toBe(201);
      expect((await api.post('/disputes/pacts/developments', notice('saved'))).status).toBe(201);
      const suspension = developmentBody('agreement_non_renewal_suspended', { occurredAt: new Date().toISOString() }, 'saved');
      expect((await api.post('/disputes/pacts/developments', suspension)).status).toBe(201);

      await eventually(async () => (await api.get('/agreements/ending')).body.status === 'terminated', 'the expired agreement to be terminated', 15_000);
      const reached = await sql<{ data: any; metadata: any; occurred_at: Date }>`
        select data, metadata, occurred_at from events where type = 'deadline_reached'`.execute(env.db);
      expect(reached.rows).toHaveLength(1);
      expect(reached.rows[0]).toMatchObject({ data: { agreementId: 'ending' }, metadata: { recordedBy: 'system' }, occurred_at: new Date(expiresOn) });
      // The suspended one: nothing more fires, it is never terminated.
      await eventually(() => Date.now() > Date.parse(expiresOn) + 1500, 'the expiry to pass', 15_000);
      const saved = (await api.get('/agreements/saved')).body;
      expect(saved.status).toBe('notice_suspended');
      const savedDeadline = (await api.get('/deadlines?disputeId=pacts')).body.find((d: any) => d.subject?.id === 'saved' && d.kind === 'agreement_expiry');
      expect(savedDeadline.status).toBe('cancelled');
      expect(receiver.for('/pacts', savedDeadline.id)).toHaveLength(0);
      const endingDeadline = (await api.get('/deadlines?disputeId=pacts')).body.find((d: any) => d.subject?.id === 'ending' && d.kind === 'agreement_expiry');
      expect(receiver.for('/pacts', endingDeadline.id).map((r) => r.json.leadTime)).toEqual(['PT3S', 'PT0S']);
    } finally {
      worker.kill('SIGTERM');
      await stopped(worker);
    }
  }, 60_000);

  it('a backfilled deadline alerts nobody and is reached at once', async () => {
    const since = Date.now();
    const worker = startWorker(env);
    try {
      await workerReady(env, since);
      await register('/backfill');
      await api.post('/disputes', disputeBody('backfill'));
      const written = await api.post('/disputes/backfill/developments', developmentBody('deadline_set', { dueAt: '2019-10-01', occurredAt: '2019-09-01' }));
      const [view] = (await api.get(`/deadlines?disputeId=backfill&minPosition=${written.body.globalPosition}`)).body;
      expect(view.status).toBe('reached');
      expect(view.alerts.every((a: any) => a.status === 'skipped')).toBe(true);
      const d = await deadline('backfill', 3, ['PT1S']);
      await eventually(() => receiver.for('/backfill', d.id).length === 2, 'the live deadline alerts', 10_000);
      expect(receiver.for('/backfill').filter((r) => r.json.deadline.id !== d.id)).toHaveLength(0);
    } finally {
      worker.kill('SIGTERM');
      await stopped(worker);
    }
  }, 60_000);
});
