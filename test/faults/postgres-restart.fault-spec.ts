import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { useApi } from '../support/api-server.js';
import { eventually } from '../support/eventually.js';
import { developmentBody, disputeBody } from '../support/fixtures.js';
import { startWorker, stopped, workerReady } from '../support/worker.js';
import { leaksNothing, timedRequest, type Outcome } from './support/load.js';
import { usePrivateServices } from './support/private-services.js';

const env = usePrivateServices();
const api = useApi(env, { RATE_LIMIT_PER_MINUTE: '0' });

const WRITERS = 8;
const DISPUTES = ['pg-a', 'pg-b', 'pg-c', 'pg-d'];
/** No request may take longer: the pool gives up on a connection after 5 s. */
const BOUND_MS = 15_000;

describe('PostgreSQL restarted under write load', () => {
  it('loses no acknowledged write, answers errors (not hangs) while it is away, and recovers without a restart', async () => {
    for (const id of DISPUTES) expect((await api.post('/disputes', disputeBody(id))).status).toBe(201);
    const since = Date.now();
    const worker = startWorker(env);
    try {
      await workerReady(env, since);

      const outcomes: Outcome[] = [];
      let running = true;
      const writers = Array.from({ length: WRITERS }, async (_, writer) => {
        for (let n = 0; running; n++) {
          const dispute = DISPUTES[writer % DISPUTES.length]!;
          const body = developmentBody(n % 2 ? 'protest' : 'statement', { occurredAt: '2019-08-22', summary: `writer ${writer} #${n}` });
          const outcome = await timedRequest(`${api.url}/api/v1/disputes/${dispute}/developments`, { body }, BOUND_MS);
          outcomes.push({ writer, ...outcome });
          // A client backs off a little after an error rather than spinning.
          if (outcome.status !== 201) await new Promise((resolve) => setTimeout(resolve, 25));
        }
      });
      const acknowledged = () => outcomes.filter((o) => o.status === 201);

      await eventually(() => acknowledged().length >= 100, '100 acknowledged writes before the restart', 30_000);
      const restartedAt = Date.now();
      await env.postgres.restart('fast');
      const backAt = Date.now();
      // Recovery without restarting anything of ours: every writer gets through again.
      await eventually(
        () => Array.from({ length: WRITERS }, (_, w) => w).every((w) => acknowledged().filter((o) => o.writer === w && o.startedAt > backAt).length >= 5),
        'every writer to be acknowledged again after the restart',
        30_000,
      );
      running = false;
      await Promise.all(writers);

      // No hang: every request ended, and well within the bound.
      const hangs = outcomes.filter((o) => o.error === 'HANG' || o.ms >= BOUND_MS);
      expect(hangs).toEqual([]);
      // The fault was felt: requests in flight or sent while it was away failed ...
      const failed = outcomes.filter((o) => o.status !== 201);
      expect(failed.length).toBeGreaterThan(0);
      // ... each with 503 problem details and Retry-After (PostgreSQL unavailable: retry), never a
      // 500 or a stack trace. (A refused connection to the api would be an error, not an answer.)
      const wrong = failed.filter(
        (o) =>
          o.error === undefined &&
          !(
            o.status === 503 &&
            o.contentType?.startsWith('application/problem+json') &&
            /^\d+$/.test(o.retryAfter ?? '') &&
            o.body?.status === 503 &&
            typeof o.body?.title === 'string' &&
            typeof o.body?.detail === 'string' &&
            leaksNothing(o.body)
          ),
      );
      expect(wrong).toEqual([]);
      // Failures happened around the restart, not before or long after it.
      for (const o of failed) expect(o.startedAt).toBeGreaterThanOrEqual(restartedAt - BOUND_MS);

      // Every acknowledged write is in the log, where its answer said.
      const acked = acknowledged();
      expect(acked.length).toBeGreaterThan(100 + WRITERS * 5);
      const { rows } = await sql<{ event_id: string; stream_id: string; stream_version: number; global_position: string }>`
        select event_id, stream_id, stream_version, global_position from events
        where event_id = any(${acked.map((o) => o.body.eventId)}::uuid[])`.execute(env.db);
      const logged = new Map(rows.map((r) => [r.event_id, r]));
      const missing = acked.filter((o) => !logged.has(o.body.eventId));
      expect(missing).toEqual([]);
      for (const o of acked) {
        const row = logged.get(o.body.eventId)!;
        expect([row.stream_id, row.stream_version, Number(row.global_position)]).toEqual([o.body.streamId, o.body.version, o.body.globalPosition]);
      }
      // And the streams stayed whole: versions 1..n with no gap or repeat.
      const versions = await sql<{ stream_id: string; n: string; top: number; distinct_versions: string }>`
        select stream_id, count(*) as n, max(stream_version) as top, count(distinct stream_version) as distinct_versions
        from events where stream_id = any(${DISPUTES.map((d) => `dispute-${d}`)}) group by stream_id`.execute(env.db);
      for (const v of versions.rows) expect([v.stream_id, Number(v.n), Number(v.distinct_versions)]).toEqual([v.stream_id, v.top, v.top]);

      // The whole service is back: a write is acknowledged, the worker follows, reads answer it.
      const after = await api.post('/disputes/pg-a/developments', developmentBody('protest', { summary: 'after the restart' }));
      expect(after.status).toBe(201);
      const timeline = await api.get(`/disputes/pg-a/timeline?limit=5&minPosition=${after.body.globalPosition}`);
      expect(timeline.status).toBe(200);
      await eventually(async () => (await fetch(`${api.url}/health/ready`)).status === 200, 'the api to report ready', 15_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nworker log:\n${worker.logTail()}\npostgres log:\n${env.postgres.logTail()}`);
    } finally {
      worker.kill('SIGTERM');
      await stopped(worker);
    }
  }, 120_000);
});
