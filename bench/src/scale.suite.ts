import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { loadConfig, type AppConfig } from '@app/config';
import { createKysely, createPool } from '@app/database';
import { disputeStreamId } from '@app/domain';
import { EventStore, type LogCheckpoint } from '@app/event-store';
import { longDisputes } from '@app/projections';
import type { BenchContext, BenchResults, BenchSuite } from './bench.types.js';
import { percentile } from './closed-loop.runner.js';
import { dashboardReads, type DashboardReads } from './dashboard.reads.js';
import { developments } from './development.fixture.js';
import { liveDevelopments, seeded, type DisputeLogPlan } from './dispute-log.fixture.js';
import { sampleLatency } from './latency.sampler.js';
import { fillLog, settleLog } from './log.filler.js';
import { describePlans, planOf, type StatementPlan } from './query-plan.probe.js';
import { catchUpReadModels } from './read-models.catch-up.js';
import { loadAverage, wholeNumber } from './bench.settings.js';

const DEFAULT_SIZES = [10_000, 1_000_000, 10_000_000];
const DEFAULT_BIG_DISPUTE = 100_000;
/** As in the projection suite: disputes of ~1,000 developments, one agreement per 50 disputes. */
const EVENTS_PER_DISPUTE = 1_000;
const DISPUTES_PER_AGREEMENT = 50;
const EVENTS_PER_APPEND = 500;
const CATCH_UP_BATCH = 5_000;
/** The api's pool size (libs/database DatabaseModule). */
const API_POOL = 20;
/** The gap-safe reader starts this many events or fewer before the end and reads one page. */
const FOLLOWER_BEHIND = 2_000;
const FOLLOWER_PAGE = 100;
const STREAM_PAGE = 100;
const DAY = 86_400_000;
const LOG_START = Date.UTC(2019, 0, 1);
/** The fixture's disputes develop every 12 hours: 1,000 developments end in May 2020. */
const DISPUTE_SPAN_DAYS = 500;
/** The big dispute's developments spread over five years (some 55 a day). */
const BIG_SPAN_DAYS = 1_826;
const AGREEMENT_STEPS = 50;

/** One measured operation; `db` is the measuring one, or the plan probe's recording one. */
interface Operation {
  name: string;
  what: string;
  minSamples: number;
  run(db: Kysely<any>): Promise<unknown>;
}

interface Measured {
  label: string;
  events: number;
  latencies: Map<string, number[]>;
  plans: Map<string, StatementPlan[]>;
  /** Operations that failed, with how: the others are still measured. */
  failures: Map<string, string>;
  load: string;
}

/**
 * Latency as the store grows: the log is grown in steps (BENCH_SCALE_SIZES events), and at each size
 * single-event appends, log reads and the dashboard's reads are timed one at a time, and every
 * statement they send is EXPLAINed. Then the asOf escalation of one dispute with a long history.
 */
export const scaleSuite: BenchSuite = {
  name: 'scale',
  async run(ctx) {
    const sizes = sizesFrom(process.env.BENCH_SCALE_SIZES);
    const bigDispute = wholeNumber('BENCH_SCALE_DEVELOPMENTS', DEFAULT_BIG_DISPUTE, 0);
    const config = loadConfig({ ...process.env, DATABASE_URL: ctx.databaseUrl, REDIS_URL: ctx.redisUrl });
    // The measured side has the api's pool (20 connections, 30 s query timeout, 5 s to get a
    // connection); filling, vacuuming and counting have one without a timeout (VACUUM takes minutes).
    const pool = createPool(ctx.databaseUrl, { max: API_POOL, applicationName: 'dispute-tracker-bench' });
    const db = createKysely(pool);
    const admin = createPool(ctx.databaseUrl, { max: 6, applicationName: 'dispute-tracker-bench-fill', queryTimeoutMs: 0 });
    const adminDb = createKysely(admin);
    const began = performance.now();
    try {
      const store = new EventStore(adminDb);
      await admin.query('truncate events, streams');
      const results: BenchResults = {};
      const measured: Measured[] = [];
      const failed = new Map<string, string>();
      let disputes = 0;
      let agreements = 0;
      let schemas: Record<string, string> = {};
      for (const size of sizes) {
        const label = sizeLabel(size);
        const stepBegan = performance.now();
        const current = await countEvents(admin);
        let fill = 0;
        if (size > current) {
          const events = size - current;
          const newDisputes = Math.max(1, Math.round(events / EVENTS_PER_DISPUTE));
          const plan: DisputeLogPlan = {
            events,
            disputes: newDisputes,
            agreements: Math.max(1, Math.round(newDisputes / DISPUTES_PER_AGREEMENT)),
            eventsPerAppend: EVENTS_PER_APPEND,
            firstDispute: disputes,
            firstAgreement: agreements,
          };
          fill = (await fillLog(ctx, store, plan, `grow to ${label}`)).seconds;
          disputes += plan.disputes;
          agreements += plan.agreements;
        }
        const caughtUp = await catchUpReadModels(ctx, admin, adminDb, CATCH_UP_BATCH, `${label} read models`);
        schemas = caughtUp.schemas;
        const settled = await settleLog(ctx, admin);
        const events = await countEvents(admin);
        const footprint = await tableSizes(admin, schemas);
        const prepared = (performance.now() - stepBegan) / 1000;
        ctx.log(`${label}: ${events} events (${footprint}) ready in ${prepared.toFixed(0)} s; measuring`);
        results[`scale.fill.${label}`] = {
          value: Math.round(prepared),
          unit: 's',
          note:
            `growing the store to ${events} events (${disputes} disputes of ~${EVENTS_PER_DISPUTE} developments, ${agreements} agreements): ` +
            `EventStore.append of ${EVENTS_PER_APPEND}-event batches by 4 writers ${fill.toFixed(0)} s, the projection runtime catching up ` +
            `(batches of ${CATCH_UP_BATCH}) ${caughtUp.seconds.toFixed(0)} s, VACUUM ANALYZE + CHECKPOINT ${settled.toFixed(0)} s; ${footprint}`,
        };
        // What failed at a smaller size is not tried again: it would only take longer to fail.
        const operations = operationsAt(config, schemas, { disputes, agreements }, await followerCheckpoints(admin), label).filter((o) => !failed.has(o.name));
        for (const [name, at] of failed) results[`scale.${name}.failed.${label}`] = { value: 1, unit: 'failures', note: `not tried: it failed at ${at}` };
        measured.push(await measure(ctx, pool, db, label, events, operations));
        for (const [name] of measured.at(-1)!.failures) failed.set(name, label);
        Object.assign(results, sizeResults(ctx, measured.at(-1)!, operations, disputes));
      }
      if (measured.length > 1) Object.assign(results, growthResults(measured[0]!, measured.at(-1)!));
      if (bigDispute > 0) {
        Object.assign(results, await escalationOfLongDispute(ctx, { pool, db, admin, adminDb }, store, config, bigDispute, { disputes, agreements }));
      }
      const minutes = (performance.now() - began) / 60_000;
      ctx.log(`scale: done in ${minutes.toFixed(1)} min`);
      results['scale.duration'] = { value: Math.round(minutes * 10) / 10, unit: 'min', note: `the whole suite, sizes ${sizes.join(', ')} and a dispute of ${bigDispute} developments` };
      return results;
    } finally {
      await db.destroy();
      await adminDb.destroy();
    }
  },
};

/** What a dashboard and the command side do, at one size of the store. */
function operationsAt(
  config: AppConfig,
  schemas: Record<string, string>,
  { disputes, agreements }: { disputes: number; agreements: number },
  checkpoints: LogCheckpoint[],
  label: string,
): Operation[] {
  const random = seeded(disputes);
  const anyDispute = () => `d${String(Math.floor(random() * disputes)).padStart(5, '0')}`;
  const anyAgreement = () => `a${String(Math.floor(random() * agreements)).padStart(3, '0')}`;
  const live = liveDevelopments(disputes, disputes + 1);
  const day = (from: number, days: number) => new Date(from + Math.floor(random() * days) * DAY + DAY - 1);
  const reads = (db: Kysely<any>) => dashboardReads(db, config, schemas);
  // One api's reads per connection, kept across samples: the list after a change reads its cache.
  const warmReads = new WeakMap<Kysely<any>, DashboardReads>();
  const warm = (db: Kysely<any>) => {
    let kept = warmReads.get(db);
    if (!kept) warmReads.set(db, (kept = reads(db)));
    return kept;
  };
  // Reads first: the appends measured after them add to the store (at 10k, more than it held).
  return [
    {
      name: 'read.stream',
      what: `EventStore.readStream of ${STREAM_PAGE} events of a random dispute from a random version`,
      minSamples: 20,
      run: (db) => new EventStore(db).readStream(disputeStreamId(anyDispute()), { fromVersion: 1 + Math.floor(random() * (EVENTS_PER_DISPUTE - STREAM_PAGE)), maxCount: STREAM_PAGE }),
    },
    {
      name: 'read.all',
      what: `EventStore.readAll (gap-safe) of ${FOLLOWER_PAGE} events from a checkpoint among the last ${FOLLOWER_BEHIND}`,
      minSamples: 20,
      run: (db) => new EventStore(db).readAll(checkpoints[Math.floor(random() * checkpoints.length)]!, FOLLOWER_PAGE),
    },
    { name: 'read.disputes', what: 'GET /disputes (the list view: every dispute with its escalation now), with nothing cached', minSamples: 3, run: (db) => reads(db).disputes() },
    {
      name: 'read.disputes.changed',
      what: "GET /disputes on an api that answered it before, right after a development in a random dispute (that dispute's line recomputed, the others cached)",
      minSamples: 20,
      run: (db) => warm(db).disputesAfterChange(anyDispute()),
    },
    {
      name: 'read.disputes.agreement',
      what: 'GET /disputes on an api that answered it before, right after a change notice on a random agreement (the lines of the disputes that cite or own it recomputed, the others cached)',
      minSamples: 20,
      run: (db) => warm(db).disputesAfterAgreementChange(anyAgreement()),
    },
    { name: 'read.dispute', what: 'GET /disputes/{id} of a random dispute (escalation, agreements, measures, next deadlines)', minSamples: 20, run: (db) => reads(db).dispute(anyDispute()) },
    { name: 'read.timeline', what: 'GET /disputes/{id}/timeline?limit=200 (first page) of a random dispute', minSamples: 20, run: (db) => reads(db).timeline(anyDispute()) },
    {
      name: 'read.history',
      what: 'GET /disputes/{id}/escalation/history over the 731 days of its developments (the chart) of a random dispute',
      minSamples: 20,
      run: (db) => reads(db).history(anyDispute(), new Date(LOG_START), new Date(LOG_START + 730 * DAY)),
    },
    {
      name: 'read.escalation',
      what: 'GET /disputes/{id}/escalation?asOf=<a day of its developments> of a random dispute',
      minSamples: 20,
      run: (db) => reads(db).escalationAt(anyDispute(), day(LOG_START, DISPUTE_SPAN_DAYS)),
    },
    {
      name: 'append',
      what: "EventStore.append of one development to an existing dispute (a random one, expected 'stream_exists')",
      minSamples: 20,
      run: (db) => {
        const { streamId, events, expected } = live();
        return new EventStore(db).append(streamId, events, expected);
      },
    },
    {
      // Not a dispute: thousands of empty disputes would weigh on the next size's list read.
      name: 'append.new',
      what: "EventStore.append of one event (the append suite's development row) to a new stream of no projection (expected 'no_stream')",
      minSamples: 20,
      run: (db) => new EventStore(db).append(`bench-${label}-${randomUUID()}`, developments(1, 0), 'no_stream'),
    },
  ];
}

async function measure(ctx: BenchContext, pool: pg.Pool, db: Kysely<any>, label: string, events: number, operations: Operation[]): Promise<Measured> {
  const load = loadAverage();
  const latencies = new Map<string, number[]>();
  const plans = new Map<string, StatementPlan[]>();
  const failures = new Map<string, string>();
  for (const operation of operations) {
    const began = performance.now();
    let sorted: number[];
    try {
      sorted = await sampleLatency(
        { warmupMs: ctx.warmupSeconds * 1000, measureMs: ctx.measureSeconds * 1000, minSamples: operation.minSamples, signal: ctx.signal },
        () => operation.run(db),
      );
    } catch (error) {
      ctx.signal.throwIfAborted();
      const how = `${(error as Error).message} (${((performance.now() - began) / 1000).toFixed(1)} s into its measurement)`;
      ctx.log(`${label} ${operation.name} failed: ${how}`);
      failures.set(operation.name, how);
      continue;
    }
    latencies.set(operation.name, sorted);
    const plan = await planOf(pool, (recording) => operation.run(recording));
    plans.set(operation.name, plan);
    ctx.log(
      `${label} ${operation.name}: p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms (${sorted.length} samples); ` +
        `plan ${describePlans(plan)}`,
    );
  }
  return { label, events, latencies, plans, failures, load };
}

const ms = (sorted: number[], p: number) => Math.round(percentile(sorted, p) * 100) / 100;

function sizeResults(ctx: BenchContext, m: Measured, operations: Operation[], disputes: number): BenchResults {
  const results: BenchResults = {};
  for (const operation of operations) {
    const failure = m.failures.get(operation.name);
    if (failure) {
      results[`scale.${operation.name}.failed.${m.label}`] = { value: 1, unit: 'failures', note: `${operation.what}; store of ${m.events} events (${disputes} disputes): ${failure}` };
      continue;
    }
    const sorted = m.latencies.get(operation.name)!;
    const note =
      `${operation.what}; one at a time, ${sorted.length} samples in ${ctx.measureSeconds} s after ${ctx.warmupSeconds} s warm-up, ` +
      `store of ${m.events} events (${disputes} disputes); load average ${m.load} before measuring; plan: ${describePlans(m.plans.get(operation.name)!)}`;
    results[`scale.${operation.name}.p50.${m.label}`] = { value: ms(sorted, 50), unit: 'ms', note };
    results[`scale.${operation.name}.p99.${m.label}`] = { value: ms(sorted, 99), unit: 'ms', note };
  }
  return results;
}

/** Largest size against smallest, p50 and p99, with the buffers each statement touched at both. */
function growthResults(first: Measured, last: Measured): BenchResults {
  const results: BenchResults = {};
  const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
  for (const [name, sorted] of last.latencies) {
    const before = first.latencies.get(name);
    if (!before) continue;
    const earlier = new Map(first.plans.get(name)!.map((p) => [p.text, p]));
    const buffers = last.plans.get(name)!.map((p) => `${p.scans.join(', ') || 'no scan'}: ${earlier.get(p.text)?.buffers ?? 'not sent'} → ${p.buffers} buffers`);
    const note = `${last.label} / ${first.label}: p50 ${ms(sorted, 50)} / ${ms(before, 50)} ms, p99 ${ms(sorted, 99)} / ${ms(before, 99)} ms; statements: ${buffers.join('; ')}`;
    results[`scale.${name}.growth`] = { value: ratio(percentile(sorted, 50), percentile(before, 50)), unit: 'x', baseline: 1, ratio: ratio(percentile(sorted, 50), percentile(before, 50)), note: `p50 ${note}` };
    results[`scale.${name}.growth.p99`] = { value: ratio(percentile(sorted, 99), percentile(before, 99)), unit: 'x', note: `p99 ${note}` };
  }
  return results;
}

interface Pools {
  /** The api-sized one, measured. */
  pool: pg.Pool;
  db: Kysely<any>;
  /** Filling, vacuuming, counting: no query timeout. */
  admin: pg.Pool;
  adminDb: Kysely<any>;
}

/**
 * One dispute with `count` developments (five years of them, with an agreement's notice
 * cycle), appended and projected like the rest, then read at days of its last 90 as the chart does:
 * one after the other (the api keeps a long dispute's developments between reads), and cold (each
 * read after the api's memory of it was dropped, as after a write to the dispute).
 */
async function escalationOfLongDispute(
  ctx: BenchContext,
  { pool, db, admin, adminDb }: Pools,
  store: EventStore,
  config: AppConfig,
  count: number,
  so: { disputes: number; agreements: number },
): Promise<BenchResults> {
  const began = performance.now();
  const plan: DisputeLogPlan = {
    events: count + 2,
    disputes: 1,
    agreements: 1,
    eventsPerAppend: 1_000,
    firstDispute: so.disputes,
    firstAgreement: so.agreements,
    spacingMs: Math.floor((BIG_SPAN_DAYS * DAY) / count),
    // Some fifty notices, suspensions and withdrawals: an agreement's life, not one a day.
    agreementStepEvery: Math.max(20, Math.floor(count / AGREEMENT_STEPS)),
  };
  const id = `d${String(so.disputes).padStart(5, '0')}`;
  await fillLog(ctx, store, plan, `dispute ${id}`);
  const { schemas } = await catchUpReadModels(ctx, admin, adminDb, CATCH_UP_BATCH, `dispute ${id} read models`);
  await settleLog(ctx, admin);
  const prepared = (performance.now() - began) / 1000;
  const random = seeded(count);
  const lastDay = LOG_START + Math.floor(((count - 1) * plan.spacingMs!) / DAY) * DAY;
  const read = (on: Kysely<any>) => dashboardReads(on, config, schemas).escalationAt(id, new Date(lastDay - Math.floor(random() * 90) * DAY + DAY - 1));
  const sample = (minSamples: number, operation: () => Promise<unknown>) =>
    sampleLatency({ warmupMs: ctx.warmupSeconds * 1000, measureMs: ctx.measureSeconds * 1000, minSamples, signal: ctx.signal }, operation);
  const load = loadAverage();
  const warm = await sample(10, () => read(db));
  const cold = await sample(5, () => {
    longDisputes.clear();
    return read(db);
  });
  longDisputes.clear();
  const plans = await planOf(pool, read);
  const events = await countEvents(admin);
  ctx.log(
    `escalation asOf on ${id}: p50 ${percentile(warm, 50).toFixed(1)} ms, p99 ${percentile(warm, 99).toFixed(1)} ms (${warm.length} samples); ` +
      `cold p50 ${percentile(cold, 50).toFixed(1)} ms, p99 ${percentile(cold, 99).toFixed(1)} ms (${cold.length}); plan ${describePlans(plans)}`,
  );
  const note = (how: string, sorted: number[]) =>
    `GET /disputes/${id}/escalation?asOf=<end of a random day of its last 90> (ReadModelsService.escalation) ${how}, on a dispute of ` +
    `${count} developments over ${BIG_SPAN_DAYS} days with an agreement's notice cycle, in a store of ${events} events; ` +
    `one at a time, ${sorted.length} samples in ${ctx.measureSeconds} s after ${ctx.warmupSeconds} s warm-up; appended and projected in ${prepared.toFixed(0)} s; ` +
    `load average ${load} before measuring; plan: ${describePlans(plans)}`;
  const warmNote = note('read after read (the api keeps the developments of a long dispute, per version, between reads)', warm);
  const coldNote = note("each read after the api's memory of the dispute was dropped (as after a write to it): the developments fetched and folded", cold);
  return {
    'scale.escalation.asof.p50': { value: ms(warm, 50), unit: 'ms', note: warmNote },
    'scale.escalation.asof.p99': { value: ms(warm, 99), unit: 'ms', note: warmNote },
    'scale.escalation.asof.cold.p50': { value: ms(cold, 50), unit: 'ms', note: coldNote },
    'scale.escalation.asof.cold.p99': { value: ms(cold, 99), unit: 'ms', note: coldNote },
  };
}


async function countEvents(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('select count(*) as n from events');
  return Number(rows[0]!.n);
}

async function tableSizes(pool: pg.Pool, schemas: Record<string, string>): Promise<string> {
  const { rows } = await pool.query<{ events: string; timeline: string }>(
    `select pg_size_pretty(pg_total_relation_size('events')) as events,
            pg_size_pretty(pg_total_relation_size(format('%I.developments', $1::text)::regclass)) as timeline`,
    [schemas.timeline],
  );
  return `events ${rows[0]!.events} with indexes, timeline developments ${rows[0]!.timeline}`;
}

/** Checkpoints of the last events in the gap-safe order: where a follower a little behind would be. */
async function followerCheckpoints(pool: pg.Pool): Promise<LogCheckpoint[]> {
  const { rows } = await pool.query<{ transaction_id: string; global_position: string }>(
    `select transaction_id, global_position from events order by transaction_id desc, global_position desc limit $1`,
    [FOLLOWER_BEHIND],
  );
  return rows.map((r) => ({ transactionId: r.transaction_id, globalPosition: Number(r.global_position) }));
}

/** "10k", "1m", "10m": the names of the figures. */
export function sizeLabel(size: number): string {
  if (size >= 1_000_000 && size % 1_000_000 === 0) return `${size / 1_000_000}m`;
  if (size >= 1_000 && size % 1_000 === 0) return `${size / 1_000}k`;
  return String(size);
}

function sizesFrom(text: string | undefined): number[] {
  if (text === undefined || text.trim() === '') return DEFAULT_SIZES;
  const sizes = text.split(',').map((s) => Number(s.trim()));
  if (sizes.some((s) => !Number.isSafeInteger(s) || s < 1_000) || sizes.some((s, i) => i > 0 && s <= sizes[i - 1]!)) {
    throw new Error(`Invalid configuration: BENCH_SCALE_SIZES must be increasing whole numbers of at least 1000 (got "${text}")`);
  }
  return sizes;
}


