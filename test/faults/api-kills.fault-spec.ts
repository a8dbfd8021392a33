import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { agreementBody, developmentBody, disputeBody } from '../support/fixtures.js';
import { startApiProcess, type ApiProcess } from './support/api-process.js';
import { seededRandom } from '../support/seeded-random.js';
import { faultSeed, timedRequest, type Outcome } from './support/load.js';
import { usePrivateServices } from './support/private-services.js';

const env = usePrivateServices();

const ROUNDS = 4;
const DISPUTES = ['batch-a', 'batch-b', 'batch-c'];
/** Developments per batch: plain ones go in one statement; agreement ones are judged one by one. */
const PLAIN = 600;
const PACT = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Batch {
  key: string;
  size: number;
  dispute: string;
  body: { developments: Array<Record<string, unknown>> };
  first?: Outcome;
}

/**
 * A batch of plain developments (one append statement), or one whose developments give notice on
 * an agreement and withdraw it in turn (judged and appended in one transaction, under a lock).
 */
function batchBody(key: string, size: number, agreementId?: string): Batch['body'] {
  const day = (i: number) => new Date(Date.UTC(2019, 0, 1) + i * 3_600_000).toISOString();
  return {
    developments: Array.from({ length: size }, (_, i) =>
      agreementId
        ? developmentBody(i % 2 ? 'agreement_non_renewal_withdrawn' : 'agreement_non_renewal', { occurredAt: day(i), summary: `${key} #${i}` }, agreementId)
        : developmentBody(['protest', 'statement', 'deadline_set', 'export_control_tightened'][i % 4]!, { occurredAt: day(i), summary: `${key} #${i}` }),
    ),
  };
}

describe('the api SIGKILLed while batches are in flight', () => {
  it('leaves each batch wholly in the log or not at all; retries with the Idempotency-Key append each exactly once', async () => {
    const seed = faultSeed();
    const random = seededRandom(seed);
    let api: ApiProcess | undefined;
    env.onTeardown(() => api?.kill());
    const post = (path: string, body: unknown, key?: string) =>
      timedRequest(`${api!.url}/api/v1${path}`, { body, headers: key ? { 'idempotency-key': key } : {} }, 30_000);
    /** How many developments of the batch the log holds (all carry its key in their summary). */
    const inLog = async (key: string) => {
      const { rows } = await sql<{ n: string }>`select count(*) as n from events where data->>'summary' like ${`${key} #%`}`.execute(env.db);
      return Number(rows[0]!.n);
    };

    const batches: Batch[] = [];
    const kills: number[] = [];
    try {
      api = await startApiProcess(env);
      for (const id of DISPUTES) expect((await post('/disputes', disputeBody(id))).status).toBe(201);

      for (let round = 0; round < ROUNDS; round++) {
        if (!api || api.child.exitCode !== null || api.child.signalCode !== null) api = await startApiProcess(env);
        // Agreements for this round's transactional batches, recorded before the fault.
        const agreements = DISPUTES.map((d) => `${d}-r${round}-pact`);
        for (const [i, id] of agreements.entries()) expect((await post('/agreements', agreementBody(id, DISPUTES[i]))).status).toBe(201);
        const round_: Batch[] = DISPUTES.flatMap((dispute, i) => [
          { key: `r${round}-${dispute}-plain`, size: PLAIN, dispute, body: batchBody(`r${round}-${dispute}-plain`, PLAIN) },
          { key: `r${round}-${dispute}-pact`, size: PACT, dispute, body: batchBody(`r${round}-${dispute}-pact`, PACT, agreements[i]) },
        ]);
        batches.push(...round_);
        let answered = 0;
        let allButOneAnswered!: () => void;
        const lastInFlight = new Promise<void>((resolve) => (allButOneAnswered = resolve));
        const sentAt = Date.now();
        const inFlight = round_.map(async (b) => {
          b.first = { writer: 0, ...(await post(`/disputes/${b.dispute}/developments:batch`, b.body, b.key)) };
          if (++answered === round_.length - 1) allButOneAnswered();
        });
        // A random moment while they are being parsed, judged, appended or answered; at the latest
        // while the last one still is.
        await Promise.race([sleep(Math.round(20 + random() * 900)), lastInFlight]);
        await api.kill('SIGKILL');
        kills.push(Date.now() - sentAt);
        await Promise.all(inFlight);
      }

      // Every request ended: answered 201 before the kill, or cut off with the connection. None hung.
      for (const b of batches) {
        expect([b.key, b.first!.error ?? b.first!.status]).toEqual([b.key, expect.anything()]);
        if (b.first!.error === undefined) expect([b.key, b.first!.status]).toEqual([b.key, 201]);
        expect(b.first!.error).not.toBe('HANG');
      }
      const cut = batches.filter((b) => b.first!.status !== 201);
      expect(cut.length).toBeGreaterThan(0);

      // All or nothing: each batch is in the log whole, or not at all; every acknowledged one whole.
      const counts = new Map<string, number>();
      for (const b of batches) counts.set(b.key, await inLog(b.key));
      for (const b of batches) {
        const n = counts.get(b.key)!;
        expect([b.key, n === 0 || n === b.size]).toEqual([b.key, true]);
        if (b.first!.status === 201) expect([b.key, n]).toEqual([b.key, b.size]);
      }

      // After a restart, the cut-off requests are sent again with their keys: each is appended once
      // (those that had committed before the kill are recognised, not appended twice).
      api = await startApiProcess(env);
      await Promise.all(
        cut.map(async (b) => {
          const retry = await post(`/disputes/${b.dispute}/developments:batch`, b.body, b.key);
          expect([b.key, retry.status, retry.body?.events?.length]).toEqual([b.key, 201, b.size]);
          b.first = { writer: 0, ...retry };
        }),
      );
      // And sent once more, every one of them: the first answer again, nothing appended.
      for (const b of batches) {
        const again = await post(`/disputes/${b.dispute}/developments:batch`, b.body, b.key);
        expect([b.key, again.status, again.body]).toEqual([b.key, 201, b.first!.body]);
      }
      for (const b of batches) expect([b.key, await inLog(b.key)]).toEqual([b.key, b.size]);
      // Each answer names exactly the events the log holds for it.
      for (const b of batches) {
        const { rows } = await sql<{ event_id: string; stream_version: number; global_position: string }>`
          select event_id, stream_version, global_position from events where data->>'summary' like ${`${b.key} #%`} order by stream_version`.execute(env.db);
        expect(rows.map((r) => [r.event_id, r.stream_version, Number(r.global_position)])).toEqual(
          b.first!.body.events.map((e: { eventId: string; version: number; globalPosition: number }) => [e.eventId, e.version, e.globalPosition]),
        );
      }

      // The streams are whole: versions 1..n, no gap, no repeat, and the stream row agrees.
      const { rows: streams } = await sql<{ stream_id: string; n: string; low: number; high: number; distinct_versions: string; version: number }>`
        select e.stream_id, count(*) as n, min(e.stream_version) as low, max(e.stream_version) as high,
               count(distinct e.stream_version) as distinct_versions, s.version
        from events e join streams s using (stream_id) group by e.stream_id, s.version`.execute(env.db);
      expect(streams.length).toBeGreaterThanOrEqual(DISPUTES.length * (ROUNDS + 1));
      for (const s of streams) {
        expect([s.stream_id, s.low, Number(s.distinct_versions), s.version]).toEqual([s.stream_id, 1, Number(s.n), s.high]);
        expect(s.high).toBe(Number(s.n));
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\nFAULT_SEED=${seed} (set it to replay these moments); kills after (ms from sending): ${kills.join(', ')}\napi log:\n${api?.logTail()}`);
    } finally {
      await api?.kill('SIGTERM');
    }
  }, 180_000);
});
