import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { listGenerations } from '@app/projections';
import { useApi, TOKENS } from '../support/api-server.js';
import { eventually } from '../support/eventually.js';
import { agreementBody, developmentBody, disputeBody } from '../support/fixtures.js';
import { caughtUp, settled, snapshotReadModels } from '../support/read-model-snapshot.js';
import { startWorker, stopped, type WorkerProcess } from '../support/worker.js';
import { seededRandom } from '../support/seeded-random.js';
import { faultSeed } from './support/load.js';
import { usePrivateServices } from './support/private-services.js';

const env = usePrivateServices();
const api = useApi(env, { RATE_LIMIT_PER_MINUTE: '0' });
/** Small batches: many projection transactions for a kill to land in. */
const WORKER = { PROJECTION_BATCH_SIZE: '50' };
const KILLS = 20;
const TYPES = ['protest', 'statement', 'export_control_tightened', 'deadline_set', 'protest', 'export_list_removal', 'export_license_issued', 'statement'];
/** Batches per dispute before the writer opens the next one (the deadlines projector re-derives a dispute's whole set). */
const PER_DISPUTE = 10;
const BATCH = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the worker SIGKILLed at random moments while writes keep coming', () => {
  it(`${KILLS} kills, then a restart: read models equal a full rebuild`, async () => {
    const seed = faultSeed();
    const random = seededRandom(seed);
    const kills: number[] = [];
    const write = async (path: string, body: unknown) => {
      const response = await api.post(path, body);
      if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };

    // Writers: batches of every kind, agreements given notice and suspended, retractions, new
    // disputes now and then, a tenth of a second between batches.
    let writing = true;
    let batches = 0;
    const writer = async (w: number) => {
      for (let n = 0; writing; n++) {
        const dispute = `kill-${w}-${Math.floor(n / PER_DISPUTE)}`;
        if (n % PER_DISPUTE === 0) {
          await write('/disputes', disputeBody(dispute));
          await write('/agreements', agreementBody(`${dispute}-pact`, dispute));
        }
        const developments = Array.from({ length: BATCH }, (_, i) =>
          developmentBody(TYPES[(n + i) % TYPES.length]!, { occurredAt: `2019-0${1 + ((n + i) % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`, summary: `${dispute} ${n}/${i}` }),
        );
        const { events } = await write(`/disputes/${dispute}/developments:batch`, { developments });
        batches += 1;
        if (n % PER_DISPUTE === 2) await write(`/disputes/${dispute}/developments/${events[n % BATCH].eventId}/retraction`, { reason: 'misdated' });
        if (n % PER_DISPUTE === 4) await write(`/disputes/${dispute}/developments`, developmentBody('agreement_non_renewal', { occurredAt: '2019-08-22' }, `${dispute}-pact`));
        if (n % PER_DISPUTE === 7) await write(`/disputes/${dispute}/developments`, developmentBody('agreement_non_renewal_suspended', { occurredAt: '2019-09-22' }, `${dispute}-pact`));
        await sleep(100);
      }
    };
    const writers = [writer(0), writer(1)];
    /** Events applied so far, summed over the projections' checkpoints. */
    const appliedEvents = async () => {
      const { rows } = await sql<{ n: string | null }>`select sum(global_position) as n from projection_checkpoints`.execute(env.db);
      return Number(rows[0]?.n ?? 0);
    };
    const settle = () => settled(env.db);
    let worker: WorkerProcess | undefined;
    try {
      // Kills at random moments of the worker's life (this is about time: the moment is the point).
      // Every other one anywhere in its first 2.5 s (while it boots, takes its locks, starts to catch
      // up); the others once it has applied a batch, up to a second later, mid-stream.
      let killedWhileProjecting = 0;
      for (let k = 0; k < KILLS; k++) {
        const before = await appliedEvents();
        const since = Date.now();
        worker = startWorker(env, WORKER);
        if (k % 2 === 1) await eventually(async () => (await appliedEvents()) > before, 'the worker to apply a batch', 30_000);
        await sleep(Math.round(k % 2 === 0 ? 50 + random() * 2_450 : random() * 1_000));
        kills.push(Date.now() - since);
        worker.kill('SIGKILL');
        await stopped(worker);
        if ((await appliedEvents()) > before) killedWhileProjecting += 1;
      }
      expect(batches).toBeGreaterThan(KILLS);
      expect(killedWhileProjecting).toBeGreaterThanOrEqual(KILLS / 2);

      worker = startWorker(env, WORKER);
      writing = false;
      await Promise.all(writers);
      await settle();
      const afterKills = await snapshotReadModels(env.db);
      // Every development of the log is in the timeline, including the service's own.
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from events where stream_id like 'dispute-%' and type not in ('dispute_opened', 'development_retracted')`.execute(env.db);
      expect((afterKills['timeline.developments'] as unknown[]).length).toBe(Number(rows[0]!.n));
      expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(batches * BATCH);

      // A full rebuild from the start of the log gives the very same rows.
      const before = await listGenerations(env.db, ['active']);
      for (const name of ['timeline', 'deadlines']) expect((await api.request('POST', `/admin/projections/${name}/rebuild`, { token: TOKENS.admin })).status).toBe(202);
      await eventually(
        async () => (await listGenerations(env.db, ['active'])).every((g) => g.generation > before.find((b) => b.name === g.name)!.generation),
        'the rebuilt generations to become active',
        90_000,
      );
      await caughtUp(env.db, 90_000);
      expect(await snapshotReadModels(env.db)).toEqual(afterKills);
    } catch (error) {
      const progress = await sql`
        select (select count(*) from events) as events, (select max(global_position) from events) as last,
          (select json_agg(json_build_object('name', name, 'at', global_position)) from projection_checkpoints) as checkpoints`
        .execute(env.db)
        .then((r) => JSON.stringify(r.rows[0]))
        .catch((e: Error) => e.message);
      throw new Error(
        `${(error as Error).message}\nFAULT_SEED=${seed} (set it to replay these moments); kills after (ms from spawn): ${kills.join(', ')}\nlog and checkpoints: ${progress}\nworker log:\n${worker?.logTail()}`,
      );
    } finally {
      writing = false;
      await Promise.allSettled(writers);
      worker?.kill('SIGTERM');
      if (worker) await stopped(worker);
    }
  }, 240_000);
});
