import { setTimeout as delay } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { sql, type Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { ALERTS_QUEUE, createWebhook, DELIVERIES_QUEUE, newWebhookSecret } from '@app/alerts';
import { OpenDisputeCommand, RecordDevelopmentsCommand, type WriteContext } from '@app/commands';
import { loadConfig } from '@app/config';
import { developmentBatchSchema, openDisputeSchema } from '@app/contracts';
import { createKysely, createPool } from '@app/database';
import type { DevelopmentInput } from '@app/domain';
import { checkpointName, createProjections, listGenerations } from '@app/projections';
import type { BenchContext, BenchResults, BenchSuite } from './bench.types.js';
import { percentile } from './closed-loop.runner.js';
import { openCommandBus } from './command-bus.writer.js';
import { SignedWebhookReceiver, type Arrival } from './signed-webhook.receiver.js';
import { WorkerProcess } from './worker.process.js';
import { loadAverage, wholeNumber } from './bench.settings.js';

/** Developments per RecordDevelopmentsCommand (what POST …/developments:batch sends). */
const WRITE_BATCH = 100;
/** After the last expected arrival: a duplicate in flight still lands and is counted. */
const QUIET_MS = 3_000;
const POLL_MS = 100;

interface Plan {
  alerts: number;
  spreadMs: number;
  leadMs: number;
  graceMs: number;
}

/**
 * Deadline alerts end to end on the real worker process: deadlines recorded through the command
 * bus, projected, scheduled as BullMQ timers, fired and POSTed to a loopback receiver that checks
 * the signatures. Lateness is the receiver's arrival time against the alert's time as its payload
 * states it (deadline.dueAt - leadTime); both processes read the same wall clock.
 */
export const alertsSuite: BenchSuite = {
  name: 'alerts',
  async run(ctx) {
    const loadBefore = loadAverage();
    const plan: Plan = {
      alerts: wholeNumber('BENCH_ALERTS', 1_000, 2),
      spreadMs: wholeNumber('BENCH_ALERTS_SPREAD_SECONDS', 60, 1) * 1000,
      leadMs: wholeNumber('BENCH_ALERTS_LEAD_SECONDS', 20, 1) * 1000,
      graceMs: wholeNumber('BENCH_ALERTS_GRACE_SECONDS', 90, 1) * 1000,
    };
    if (plan.alerts % 2) throw new Error(`Invalid configuration: BENCH_ALERTS must be even (one approaching and one reached alert per deadline; got ${plan.alerts})`);
    const run = `${Date.now()}`;
    const queuePrefix = `dt-bench-${run}`;
    const pool = createPool(ctx.databaseUrl, { max: 2, applicationName: 'dispute-tracker-bench' });
    const db = createKysely(pool);
    const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: null });
    const queues = [ALERTS_QUEUE, DELIVERIES_QUEUE].map((name) => new Queue(name, { connection: redis, prefix: queuePrefix }));
    const receiver = new SignedWebhookReceiver();
    let worker: WorkerProcess | undefined;
    try {
      // A webhook as POST /webhooks stores one (the api checks the address first; the worker allows loopback here).
      const secret = newWebhookSecret();
      receiver.trust(secret);
      await createWebhook(db, await receiver.listen(), secret);

      worker = new WorkerProcess({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, queuePrefix });
      const started = performance.now();
      await worker.ready(ctx.signal);
      // Earlier suites leave a log behind: the worker works through it before we time anything.
      await projectionsCaughtUp(ctx, db, worker);
      ctx.log(`alerts: worker ready and caught up in ${((performance.now() - started) / 1000).toFixed(1)} s`);

      const expected = await recordDeadlines(ctx, plan, run);
      const firstDue = Math.min(...expected.values());
      const lastDue = Math.max(...expected.values());
      const scheduling = await waitForTimers(ctx, queues[0]!, plan.alerts, firstDue, worker);
      ctx.log(`alerts: ${plan.alerts} timers set ${((firstDue - Date.now()) / 1000).toFixed(1)} s before the first is due (scheduling took ${(scheduling / 1000).toFixed(1)} s)`);

      await waitUntil(ctx, firstDue);
      const cpuBefore = worker.cpuSeconds();
      const windowStart = Date.now();
      const received = await collect(ctx, receiver, expected, lastDue + plan.graceMs, queues[1]!, worker);
      const windowMs = Date.now() - windowStart;
      const cpuAfter = worker.cpuSeconds();
      const loadAfter = loadAverage();
      const service = await serviceRecord(db);
      const outcome = tally(receiver.arrivals, expected);
      const workerCpu = cpuBefore !== undefined && cpuAfter !== undefined ? `worker CPU ${Math.round(((cpuAfter - cpuBefore) / (windowMs / 1000)) * 100)}% of one core` : 'worker CPU unknown';
      ctx.log(
        `alerts: lateness p50 ${percentile(outcome.lateness, 50)} ms, p99 ${percentile(outcome.lateness, 99)} ms, max ${outcome.lateness.at(-1)} ms ` +
          `(fire part p99 ${percentile(outcome.firing, 99)} ms, delivery part p99 ${percentile(outcome.delivery, 99)} ms); ` +
          `lost ${outcome.lost}, duplicated ${outcome.duplicated}, unexpected ${outcome.unexpected}, bad signatures ${receiver.rejected}; ${workerCpu}; ` +
          `${received} received in ${(windowMs / 1000).toFixed(1)} s`,
      );
      const note =
        `${plan.alerts} alerts (${plan.alerts / 2} custom deadlines recorded through the CommandBus in batches of ${WRITE_BATCH}, each with one ${isoSeconds(plan.spreadMs / 2)} lead time), ` +
        `due one every ${(plan.spreadMs / plan.alerts).toFixed(0)} ms over ${plan.spreadMs / 1000} s from ${plan.leadMs / 1000} s after recording; ` +
        `the built worker process (projections, scheduler, deliveries; QUEUE_PREFIX of its own) POSTing to one webhook on a loopback receiver that verifies each signature; ` +
        `lateness = arrival at the receiver (body read) - (payload deadline.dueAt - leadTime): min ${outcome.lateness[0]} ms, max ${outcome.lateness.at(-1)} ms; ` +
        `of it, firing (payload firedAt - due) p50 ${percentile(outcome.firing, 50)} / p99 ${percentile(outcome.firing, 99)} ms, ` +
        `delivery (arrival - firedAt) p50 ${percentile(outcome.delivery, 50)} / p99 ${percentile(outcome.delivery, 99)} ms; ` +
        `lost: expected but not received ${plan.graceMs / 1000} s after the last was due; duplicated: arrivals beyond the first per webhook-id; ` +
        `unexpected ${outcome.unexpected}, bad signatures ${receiver.rejected}; service recorded ${service}; ${workerCpu}; ` +
        `load average ${loadBefore} before the suite, ${loadAfter} after the last alert`;
      return {
        'alerts.lateness.p50': { value: percentile(outcome.lateness, 50), unit: 'ms', note },
        'alerts.lateness.p99': { value: percentile(outcome.lateness, 99), unit: 'ms', note },
        'alerts.lost': { value: outcome.lost, unit: 'count', note },
        'alerts.duplicated': { value: outcome.duplicated, unit: 'count', note },
      } satisfies BenchResults;
    } finally {
      await worker?.stop();
      await receiver.close();
      await Promise.all(queues.map((q) => q.close()));
      await deleteKeys(redis, `${queuePrefix}:*`);
      redis.disconnect();
      await db.destroy();
    }
  },
};

/**
 * One dispute, alerts/2 custom deadlines, each alerted `spread/2` ahead and at its time: the
 * approaching alerts cover the first half of the spread, the reached ones the second, evenly.
 * Returns each alert's time by `<title> <leadTime>`, the key the payload carries.
 */
async function recordDeadlines(ctx: BenchContext, plan: Plan, run: string): Promise<Map<string, number>> {
  const config = loadConfig({ ...process.env, DATABASE_URL: ctx.databaseUrl, REDIS_URL: ctx.redisUrl });
  const writer = await openCommandBus(config);
  try {
    const context: WriteContext = { recordedBy: 'bench' };
    const disputeId = `bench-alerts-${run}`;
    await writer.commands.execute(new OpenDisputeCommand(openDisputeSchema.parse({ id: disputeId, title: 'Alerts benchmark', parties: ['JP', 'KR'] }), context));
    const deadlines = plan.alerts / 2;
    const lead = isoSeconds(plan.spreadMs / 2);
    const step = plan.spreadMs / plan.alerts;
    const start = Date.now() + plan.leadMs;
    const expected = new Map<string, number>();
    const bodies = Array.from({ length: deadlines }, (_, i) => {
      const approaching = Math.round(start + i * step);
      const due = approaching + plan.spreadMs / 2;
      const title = `bench alert ${i}`;
      expected.set(`${title} ${lead}`, approaching);
      expected.set(`${title} PT0S`, due);
      return {
        type: 'deadline_set',
        occurredAt: new Date().toISOString(),
        summary: `Benchmark deadline ${i}`,
        sources: [{ publisher: 'bench' }],
        title,
        dueAt: new Date(due).toISOString(),
        alertLeadTimes: [lead],
      };
    });
    const began = performance.now();
    for (let i = 0; i < bodies.length; i += WRITE_BATCH) {
      const { developments } = developmentBatchSchema.parse({ developments: bodies.slice(i, i + WRITE_BATCH) });
      await writer.commands.execute(new RecordDevelopmentsCommand(disputeId, developments as DevelopmentInput[], context));
    }
    ctx.log(`alerts: ${deadlines} deadlines recorded in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    return expected;
  } finally {
    await writer.close();
  }
}

/** Every projection the worker runs has an active generation, none is rebuilding, and each checkpoint is at the log's end. */
async function projectionsCaughtUp(ctx: BenchContext, db: Kysely<any>, worker: WorkerProcess): Promise<void> {
  const names = createProjections(loadConfig({ ...process.env, DATABASE_URL: ctx.databaseUrl })).map((p) => p.name);
  const { rows: ends } = await sql<{ tx: string; pos: string }>`
    select transaction_id as tx, global_position as pos from events order by transaction_id desc, global_position desc limit 1`.execute(db);
  const until = Date.now() + 10 * 60_000;
  for (;;) {
    ctx.signal.throwIfAborted();
    if (worker.exited) throw new Error(`the worker exited:\n${worker.logTail()}`);
    const generations = await listGenerations(db);
    const active = generations.filter((g) => g.status === 'active');
    if (generations.length === active.length && names.every((n) => active.some((g) => g.name === n))) {
      if (ends.length === 0) return;
      const { rows } = await sql<{ behind: number }>`
        select count(*)::int as behind from unnest(${active.map((g) => checkpointName(g.name, g.generation))}::text[]) as n(name)
        left join projection_checkpoints c using (name)
        where c.name is null or (c.transaction_id, c.global_position) < (${ends[0]!.tx}::xid8, ${ends[0]!.pos}::bigint)`.execute(db);
      if (rows[0]!.behind === 0) return;
    }
    if (Date.now() > until) throw new Error('the worker did not catch up with the log within 10 minutes');
    await delay(500);
  }
}

/** Until Redis holds a timer for every alert; how long that took. Too late to measure once the first is due. */
async function waitForTimers(ctx: BenchContext, alerts: Queue, count: number, firstDue: number, worker: WorkerProcess): Promise<number> {
  const began = performance.now();
  for (;;) {
    ctx.signal.throwIfAborted();
    if (worker.exited) throw new Error(`the worker exited:\n${worker.logTail()}`);
    const timers = (await alerts.getRanges(['delayed'], 0, -1)).filter((id) => id.startsWith('deadline-')).length;
    if (timers >= count) return performance.now() - began;
    if (Date.now() >= firstDue) {
      throw new Error(`only ${timers} of ${count} alert timers were set when the first alert came due: raise BENCH_ALERTS_LEAD_SECONDS`);
    }
    await delay(POLL_MS);
  }
}

async function waitUntil(ctx: BenchContext, at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await delay(wait, undefined, { signal: ctx.signal });
}

/**
 * Lets the alerts arrive: until every expected one has and the deliveries queue is empty (nothing
 * more is on its way), or the grace runs out; then a quiet spell for duplicates. Only the
 * receiver's memory is looked at meanwhile, so the bench adds no load while the alerts fire.
 */
async function collect(ctx: BenchContext, receiver: SignedWebhookReceiver, expected: Map<string, number>, until: number, deliveries: Queue, worker: WorkerProcess): Promise<number> {
  const seen = new Set<string>();
  let counted = 0;
  while (Date.now() < until) {
    ctx.signal.throwIfAborted();
    if (worker.exited) throw new Error(`the worker exited:\n${worker.logTail()}`);
    for (; counted < receiver.arrivals.length; counted += 1) {
      const key = keyOf(receiver.arrivals[counted]!);
      if (expected.has(key)) seen.add(key);
    }
    if (seen.size === expected.size) {
      const counts = await deliveries.getJobCounts('wait', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) break;
    }
    await delay(POLL_MS);
  }
  await delay(QUIET_MS, undefined, { signal: ctx.signal });
  return receiver.arrivals.length;
}

interface Tally {
  /** Sorted, ms, one per expected alert received (its first arrival). */
  lateness: number[];
  firing: number[];
  delivery: number[];
  lost: number;
  duplicated: number;
  unexpected: number;
}

function tally(arrivals: readonly Arrival[], expected: Map<string, number>): Tally {
  const first = new Map<string, Arrival>();
  const perMessage = new Map<string, number>();
  let unexpected = 0;
  for (const arrival of arrivals) {
    perMessage.set(arrival.messageId, (perMessage.get(arrival.messageId) ?? 0) + 1);
    const key = keyOf(arrival);
    if (!expected.has(key)) unexpected += 1;
    else if (!first.has(key)) first.set(key, arrival);
  }
  const lateness: number[] = [];
  const firing: number[] = [];
  const delivery: number[] = [];
  for (const arrival of first.values()) {
    const due = dueOf(arrival.body);
    const firedAt = Date.parse(arrival.body.firedAt);
    lateness.push(arrival.at - due);
    firing.push(firedAt - due);
    delivery.push(arrival.at - firedAt);
  }
  const byValue = (a: number, b: number) => a - b;
  return {
    lateness: lateness.sort(byValue),
    firing: firing.sort(byValue),
    delivery: delivery.sort(byValue),
    lost: expected.size - first.size,
    duplicated: [...perMessage.values()].reduce((sum, n) => sum + n - 1, 0),
    unexpected,
  };
}

const keyOf = (arrival: Arrival): string => `${arrival.body?.deadline?.title} ${arrival.body?.leadTime}`;

/** The alert's time as its payload states it: the deadline's dueAt less the lead time. */
function dueOf(body: { deadline: { dueAt: string }; leadTime: string }): number {
  const dueAt = Temporal.Instant.from(body.deadline.dueAt).toZonedDateTimeISO('UTC');
  return dueAt.subtract(Temporal.Duration.from(body.leadTime)).epochMilliseconds;
}

/** What PostgreSQL says happened: firings (flagged late), deliveries and their attempts. */
async function serviceRecord(db: Kysely<any>): Promise<string> {
  const { rows: firings } = await sql<{ n: number; late: number }>`
    select count(*)::int as n, (count(*) filter (where late))::int as late from alert_firings`.execute(db);
  const { rows: deliveries } = await sql<{ status: string; n: number; attempts: number }>`
    select status, count(*)::int as n, sum(attempts)::int as attempts from alert_deliveries group by status order by status`.execute(db);
  const d = deliveries.map((r) => `${r.n} ${r.status} (${r.attempts} attempts)`).join(', ') || 'no deliveries';
  return `${firings[0]!.n} firings (${firings[0]!.late} flagged late), ${d}`;
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** `PT30S`: whole or fractional seconds as an ISO 8601 duration. */
function isoSeconds(ms: number): string {
  return Temporal.Duration.from({ milliseconds: ms }).round({ largestUnit: 'seconds' }).toString();
}


