import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';
import { loadConfig } from '@app/config';
import { createKysely, createPool } from '@app/database';
import { EventStore, type LogCheckpoint } from '@app/event-store';
import { checkpointName, createProjections, listGenerations, type ProjectionGeneration } from '@app/projections';
import type { BenchContext, BenchResults, BenchSuite } from './bench.types.js';
import { percentile } from './closed-loop.runner.js';
import { liveDevelopments, type DisputeLogPlan, type PlannedAppend } from './dispute-log.fixture.js';
import { fillLog, LOG_WRITERS, settleLog } from './log.filler.js';
import { ProgressWatcher } from './progress.watcher.js';
import { SupervisorThread } from './supervisor.thread.js';
import { loadAverage, wholeNumber } from './bench.settings.js';

const EVENTS_PER_APPEND = 500;
const EVENTS_PER_DISPUTE = 1_000;
const DISPUTES_PER_AGREEMENT = 50;
const POLL_MS = 100;
/** A rebuild whose checkpoints stop moving this long is broken, not slow. */
const STALL_MS = 60_000;
const LAG_WRITERS = 8;
const LAG_RATE = 500;

/**
 * The read side: how fast the projections build from a realistic log (every projection from the
 * start, as after a deploy that bumps their versions), and how soon after an append commits the
 * timeline announces it (what read-your-writes with minPosition waits for).
 */
export const projectionSuite: BenchSuite = {
  name: 'projection',
  async run(ctx) {
    // Before any of our own work: what else the machine was busy with.
    const load = loadAverage();
    const events = wholeNumber('BENCH_REBUILD_EVENTS', 1_000_000, 10);
    const batchSize = wholeNumber('BENCH_PROJECTION_BATCH', 1_000, 1);
    const disputes = Math.max(1, Math.round(events / EVENTS_PER_DISPUTE));
    const plan: DisputeLogPlan = { events, disputes, agreements: Math.max(1, Math.round(disputes / DISPUTES_PER_AGREEMENT)), eventsPerAppend: EVENTS_PER_APPEND };
    const config = loadConfig({ ...process.env, DATABASE_URL: ctx.databaseUrl, REDIS_URL: ctx.redisUrl });
    const only = (process.env.BENCH_PROJECTIONS ?? '').split(',').map((n) => n.trim()).filter(Boolean);
    const projections = createProjections(config).filter((p) => only.length === 0 || only.includes(p.name));
    if (projections.length === 0) throw new Error(`BENCH_PROJECTIONS names no projection (got "${process.env.BENCH_PROJECTIONS}")`);

    // The writers' side (the api) has its pool; the worker's side runs on a thread of its own.
    const pool = createPool(ctx.databaseUrl, { max: LAG_WRITERS + 4, applicationName: 'dispute-tracker-bench' });
    const db = createKysely(pool);
    const errors: string[] = [];
    const supervisor = new SupervisorThread({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, batchSize, only }, (message) => {
      if (errors.push(message) <= 3) ctx.log(message);
    });
    try {
      const store = new EventStore(db);
      // The database is this run's: what earlier suites appended goes, so the log is the one planned.
      await pool.query('truncate events, streams');
      const written = await fillLog(ctx, store, plan, 'log');
      ctx.log(`log vacuumed, analyzed and checkpointed in ${(await settleLog(ctx, pool)).toFixed(1)} s`);

      const end = await logEnd(pool);
      await supervisor.ready();
      const began = performance.now();
      await supervisor.start();
      const generations = (await listGenerations(db)).filter((g) => projections.some((p) => p.name === g.name));
      const reached = await waitForCheckpoints(ctx, pool, generations, end, errors);
      const batches = await supervisor.stats();
      const seconds = (Math.max(...reached.values()) - began) / 1000;
      const rate = Math.round(events / seconds);
      const each = [...reached].map(([name, at]) => {
        const b = batches[name];
        const applyShare = b ? ` (apply ${Math.round((b.ms / ((at - began) || 1)) * 100)}% of it, ${b.batches} batches)` : '';
        return `${name} ${((at - began) / 1000).toFixed(1)} s${applyShare}`;
      });
      ctx.log(`rebuild: ${events} events in ${seconds.toFixed(1)} s = ${rate} events/s; ${each.join(', ')}`);
      // A subset's figures are named after it, so they never pass for the full runtime's.
      const names = projections.map((p) => p.name).join('+');
      const subset = only.length ? `.${names}` : '';
      const results: BenchResults = {
        [`projection.rebuild${subset}`]: {
          value: rate,
          unit: 'events/s',
          note:
            `${names} built from the start of a log of ${events} events (${disputes} disputes of ~${EVENTS_PER_DISPUTE} mixed developments, ` +
            `${plan.agreements} agreements with notice cycles), batch size ${batchSize}, until every checkpoint reached the log's end; ` +
            `per projection: ${each.join(', ')}; the log was written in ${written.seconds.toFixed(1)} s ` +
            `(${Math.round(events / written.seconds)} events/s: ${LOG_WRITERS} writers, EventStore.append of ${EVENTS_PER_APPEND} developments), then VACUUM ANALYZE and CHECKPOINT; ` +
            `load average ${load} before the suite began`,
        },
      };
      if (!projections.some((p) => p.name === 'timeline')) return results;

      const timeline = generations.find((g) => g.name === 'timeline' && g.status === 'active')!;
      const watcher = new ProgressWatcher(ctx.databaseUrl, 'timeline', timeline.generation);
      await watcher.start();
      try {
        const paced = await lagUnderLoad(ctx, store, pool, watcher, liveDevelopments(disputes, 1), LAG_RATE);
        const max = await lagUnderLoad(ctx, store, pool, watcher, liveDevelopments(disputes, 2), undefined);
        Object.assign(results, lagResults(ctx, `projection.lag${subset}`, paced, { names, logEvents: events, load }), lagResults(ctx, `projection.lag.max${subset}`, max, { names, logEvents: events, load }));
      } finally {
        await watcher.stop();
      }
      return results;
    } finally {
      await supervisor.stop();
      await db.destroy();
    }
  },
};


/** The last event of the gap-safe order: a projection is done when its checkpoint is there. */
async function logEnd(pool: pg.Pool): Promise<LogCheckpoint> {
  const { rows } = await pool.query<{ transaction_id: string; global_position: string }>(
    'select transaction_id, global_position from events order by transaction_id desc, global_position desc limit 1',
  );
  return { transactionId: rows[0]!.transaction_id, globalPosition: Number(rows[0]!.global_position) };
}

/** Polls the checkpoints until each generation's is at `end`; when each got there (performance.now()). */
async function waitForCheckpoints(ctx: BenchContext, pool: pg.Pool, generations: readonly ProjectionGeneration[], end: LogCheckpoint, errors: readonly string[]): Promise<Map<string, number>> {
  const names = new Map(generations.map((g) => [checkpointName(g.name, g.generation), g.name]));
  const reached = new Map<string, number>();
  let positions = '';
  let movedAt = performance.now();
  let reportedAt = movedAt;
  while (reached.size < names.size) {
    ctx.signal.throwIfAborted();
    await delay(POLL_MS);
    const { rows } = await pool.query<{ name: string; global_position: string; done: boolean }>(
      `select name, global_position, (transaction_id, global_position) >= ($2::xid8, $3::bigint) as done
       from projection_checkpoints where name = any($1::text[])`,
      [[...names.keys()], end.transactionId, end.globalPosition],
    );
    const now = performance.now();
    for (const row of rows) if (row.done && !reached.has(names.get(row.name)!)) reached.set(names.get(row.name)!, now);
    const current = rows.map((r) => r.global_position).join(',');
    if (current !== positions) {
      positions = current;
      movedAt = now;
    } else if (now - movedAt > STALL_MS) {
      throw new Error(`the projections stopped moving short of the log's end${errors.length ? `: ${errors[errors.length - 1]}` : ''}`);
    }
    if (now - reportedAt > 10_000) {
      reportedAt = now;
      ctx.log(`rebuild: ${rows.map((r) => `${names.get(r.name)} ${Math.round((Number(r.global_position) / end.globalPosition) * 100)}%`).join(', ')}`);
    }
  }
  return reached;
}

interface LagOutcome {
  writers: number;
  /** Asked for; undefined: as fast as the writers go. */
  ratePerSecond: number | undefined;
  appendsPerSecond: number;
  /** Sorted commit-to-visible lags of the appends that returned inside the measured window. */
  lagsMs: number[];
  eventLoopP99Ms: number;
}

/**
 * Single-event appends by `LAG_WRITERS` writers (paced to `rate` in all, or unpaced), each one's
 * lag taken from its return (the commit) to the timeline's announcement of a checkpoint past it.
 * The event's transaction id is looked up beside the writer, so the lookup does not slow it.
 */
async function lagUnderLoad(
  ctx: BenchContext,
  store: EventStore,
  pool: pg.Pool,
  watcher: ProgressWatcher,
  next: () => PlannedAppend,
  rate: number | undefined,
): Promise<LagOutcome> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const start = performance.now();
  const from = start + ctx.warmupSeconds * 1000;
  const to = from + ctx.measureSeconds * 1000;
  const lags: Promise<number>[] = [];
  let failure: unknown;
  const writer = async (index: number) => {
    const interval = rate ? (LAG_WRITERS * 1000) / rate : 0;
    let due = start + (rate ? (index * 1000) / rate : 0);
    while (failure === undefined && !ctx.signal.aborted && performance.now() < to) {
      if (interval) {
        const wait = due - performance.now();
        due += interval;
        if (wait > 0) await delay(wait);
      }
      const { streamId, events, expected } = next();
      let position: number;
      try {
        ({ globalPosition: position } = await store.append(streamId, events, expected));
      } catch (error) {
        failure ??= error;
        return;
      }
      const committedAt = performance.now();
      if (committedAt < from || committedAt > to) continue;
      if (lags.length === 0) loop.enable();
      lags.push(
        pool
          .query<{ transaction_id: string }>('select transaction_id from events where global_position = $1', [position])
          .then(({ rows }) => watcher.lagOf({ transactionId: rows[0]!.transaction_id, globalPosition: position }, committedAt)),
      );
    }
  };
  await Promise.all(Array.from({ length: LAG_WRITERS }, (_, i) => writer(i)));
  loop.disable();
  if (failure !== undefined) throw failure;
  ctx.signal.throwIfAborted();
  const settled = await Promise.race([Promise.all(lags), delay(30_000).then(() => undefined)]);
  if (!settled) throw new Error(`${watcher.outstanding} appends were not announced by the timeline 30 s after the load stopped`);
  const outcome: LagOutcome = {
    writers: LAG_WRITERS,
    ratePerSecond: rate,
    appendsPerSecond: lags.length / ctx.measureSeconds,
    lagsMs: settled.sort((a, b) => a - b),
    eventLoopP99Ms: loop.percentile(99) / 1e6,
  };
  ctx.log(
    `lag ${rate ? `at ${rate}/s` : 'at the writers\' max'}: ${Math.round(outcome.appendsPerSecond)} appends/s, ` +
      `p50 ${percentile(outcome.lagsMs, 50).toFixed(2)} ms, p99 ${percentile(outcome.lagsMs, 99).toFixed(2)} ms, max ${outcome.lagsMs[outcome.lagsMs.length - 1]?.toFixed(2)} ms ` +
      `(${outcome.lagsMs.length} appends; event-loop delay p99 ${outcome.eventLoopP99Ms.toFixed(1)} ms)`,
  );
  return outcome;
}

function lagResults(ctx: BenchContext, name: string, outcome: LagOutcome, run: { names: string; logEvents: number; load: string }): BenchResults {
  const ms = (p: number) => Math.round(percentile(outcome.lagsMs, p) * 100) / 100;
  const pace = outcome.ratePerSecond ? `paced to ${outcome.ratePerSecond}/s in all` : 'unpaced (as fast as they go)';
  const note =
    `commit (EventStore.append returned) to the timeline's projection_progress notification at or past the event's (transaction id, position); ` +
    `${outcome.writers} writers of single-event appends ${pace}: ${Math.round(outcome.appendsPerSecond)} appends/s, ${outcome.lagsMs.length} appends ` +
    `in ${ctx.measureSeconds} s after ${ctx.warmupSeconds} s warm-up; supervisor (${run.names}, with the LISTEN notifier) on a thread of its own, ` +
    `on the ${run.logEvents}-event log it just rebuilt; event-loop delay p99 ${outcome.eventLoopP99Ms.toFixed(1)} ms; load average ${run.load} before the suite began`;
  return {
    [`${name}.p50`]: { value: ms(50), unit: 'ms', note },
    [`${name}.p99`]: { value: ms(99), unit: 'ms', note },
  };
}


