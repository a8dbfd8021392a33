import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { listGenerations } from '@app/projections';
import { useApi, TOKENS } from '../support/api-server.js';
import { eventually } from '../support/eventually.js';
import { agreementBody, developmentBody, disputeBody } from '../support/fixtures.js';
import { caughtUp, settled, snapshotReadModels } from '../support/read-model-snapshot.js';
import { useTestEnvironment } from '../support/test-environment.js';
import { startWorker, stopped } from '../support/worker.js';

const env = useTestEnvironment();
const api = useApi(env, { RATE_LIMIT_PER_MINUTE: '0' });
const WORKER = { PROJECTION_BATCH_SIZE: '200' };

/** Enough developments that applying them takes many batches: 8 disputes × 600, with agreements and retractions. */
async function recordLoad(prefix: string): Promise<void> {
  for (let d = 0; d < 8; d++) {
    const dispute = `${prefix}-${d}`;
    await api.post('/disputes', disputeBody(dispute));
    await api.post('/agreements', agreementBody(`${dispute}-pact`, dispute));
    for (let b = 0; b < 3; b++) {
      const developments = Array.from({ length: 200 }, (_, i) =>
        developmentBody(['protest', 'statement', 'export_control_tightened', 'deadline_set', 'export_list_removal'][i % 5]!, {
          occurredAt: `2019-0${1 + ((i + b) % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`,
          summary: `${dispute} ${b}/${i}`,
        }),
      );
      const response = await api.post(`/disputes/${dispute}/developments:batch`, { developments });
      expect(response.status).toBe(201);
      if (b === 0) {
        await api.post(`/disputes/${dispute}/developments/${response.body.events[3].eventId}/retraction`, { reason: 'misdated' });
        await api.post(`/disputes/${dispute}/developments`, developmentBody('agreement_non_renewal', { occurredAt: '2019-08-22' }, `${dispute}-pact`));
      }
    }
  }
}

describe('the worker', () => {
  it('SIGKILLed mid-batch again and again, then restarted: read models equal a full rebuild', async () => {
    await recordLoad('crash');
    for (const delay of [150, 400, 250, 700, 90]) {
      const worker = startWorker(env, WORKER);
      await new Promise((resolve) => setTimeout(resolve, delay));
      worker.kill('SIGKILL');
      await stopped(worker);
    }
    const worker = startWorker(env, WORKER);
    try {
      await settled(env.db);
      const afterCrashes = await snapshotReadModels(env.db);
      // Every development of the log, including the service's own (expiries reached since 2019).
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from events where stream_id like 'dispute-%' and type not in ('dispute_opened', 'development_retracted')`.execute(env.db);
      expect((afterCrashes['timeline.developments'] as unknown[]).length).toBe(Number(rows[0]!.n));
      expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(8 * 601);

      // A blue/green rebuild from the start of the log, while reads go on: none fails.
      const before = await listGenerations(env.db, ['active']);
      let reads = 0;
      let rebuilding = true;
      const reading = (async () => {
        while (rebuilding) {
          for (const path of ['/disputes/crash-1', '/disputes/crash-2/timeline?limit=50', '/deadlines?disputeId=crash-3', '/agreements/crash-4-pact', '/measures?disputeId=crash-5']) {
            const response = await api.request('GET', path, { token: TOKENS.viewer });
            expect([path, response.status]).toEqual([path, 200]);
            reads += 1;
          }
        }
      })();
      for (const name of ['timeline', 'deadlines']) expect((await api.request('POST', `/admin/projections/${name}/rebuild`, { token: TOKENS.admin })).status).toBe(202);
      await eventually(
        async () => {
          const active = await listGenerations(env.db, ['active']);
          return active.every((g) => g.generation > before.find((b) => b.name === g.name)!.generation);
        },
        'the rebuilt generations to become active',
        60_000,
      );
      await settled(env.db);
      rebuilding = false;
      await reading;
      expect(reads).toBeGreaterThan(0);
      expect(await snapshotReadModels(env.db)).toEqual(afterCrashes);
    } finally {
      worker.kill('SIGTERM');
      await stopped(worker);
    }
  }, 180_000);

  it('two workers at once: each generation is applied by one of them, nothing twice; the survivor takes over', async () => {
    const a = startWorker(env, WORKER);
    const b = startWorker(env, WORKER);
    try {
      await recordLoad('pair');
      await caughtUp(env.db);
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`.execute(env.db);
      expect(Number(rows[0]!.n)).toBe((await listGenerations(env.db, ['active'])).length);
      a.kill('SIGKILL');
      await stopped(a);
      await api.post('/disputes', disputeBody('after-failover'));
      await caughtUp(env.db, 30_000);
      const snapshot = await snapshotReadModels(env.db);
      expect((snapshot['timeline.disputes'] as Array<{ id: string }>).map((d) => d.id)).toContain('after-failover');
    } finally {
      for (const w of [a, b]) w.kill('SIGTERM');
      await Promise.all([stopped(a), stopped(b)]);
    }
  }, 180_000);
});
