import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { createKysely, createPool } from '@app/database';
import { listGenerations } from '@app/projections';
import type { BenchContext, BenchResults, BenchSuite } from './bench.types.js';
import { httpSeconds, ms, runHttpLoad, type HttpLoad, type HttpLoadOutcome } from './http-load.runner.js';
import { ApiCaller, seedDisputes, writeBodies } from './http-seed.fixture.js';
import { loadAverage } from './bench.settings.js';
import { cpuMeter } from './process-cpu.probe.js';
import { ProgressWatcher } from './progress.watcher.js';
import { launchRawHttp, type RawHttpServer } from './raw-http.launcher.js';
import { launchServices, type RunningServices } from './service-processes.launcher.js';
import { WriteLagTracker } from './write-lag.tracker.js';

/** Appends to one dispute serialise on its stream version: the writes are spread over this many. */
const WRITE_DISPUTES = 64;
const READ_DISPUTES = 64;
const WRITE_CONNECTIONS = 32;
const READ_CONNECTIONS = 64;
const GOALS = { write: { rate: 2_000, p99: 25 }, read: { rate: 8_000, p99: 10 } };

/**
 * The api as a client sees it: the built api and worker as processes of their own (production
 * mode, rate limit off so that one token may send this many requests), autocannon in this
 * process, PostgreSQL and Redis on the same machine. Reads first (on seeded disputes, the worker
 * idle), then writes, with the lag until the read models show each write.
 */
export const httpSuite: BenchSuite = {
  name: 'http',
  async run(ctx) {
    const load = loadAverage();
    const seconds = httpSeconds(ctx);
    const loads = httpLoads();
    const profileDir = process.env.BENCH_HTTP_PROFILE ? path.resolve(process.env.BENCH_HTTP_PROFILE) : undefined;
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const pool = createPool(ctx.databaseUrl, { max: 2, applicationName: 'dispute-tracker-bench' });
    const db = createKysely(pool);
    const watchers: ProgressWatcher[] = [];
    let services: RunningServices | undefined;
    let raw: RawHttpServer | undefined;
    try {
      services = await launchServices({
        databaseUrl: ctx.databaseUrl,
        redisUrl: ctx.redisUrl,
        env: { RATE_LIMIT_PER_MINUTE: '0' },
        ...(profileDir ? { cpuProfileDir: profileDir } : {}),
      });
      ctx.log(`api at ${services.url} (pid ${services.apiPid}), worker pid ${services.workerPid}`);
      const analyst = new ApiCaller(services.url, services.tokens.analyst);
      const seeded = await seedDisputes(analyst, 'read', READ_DISPUTES);
      const writeTargets = Array.from({ length: WRITE_DISPUTES }, (_, i) => `write-${i}`);
      for (const id of writeTargets) await analyst.send('POST', '/disputes', { id, title: `Write target ${id}`, parties: ['JP', 'KR'] });
      // Reads start once the read models hold every seeded development.
      await new ApiCaller(services.url, services.tokens.viewer).send('GET', `/disputes/${seeded.disputeIds[0]}?minPosition=${seeded.lastPosition}`);
      ctx.log(`seeded ${READ_DISPUTES} disputes to read (10 developments and an agreement each) and ${WRITE_DISPUTES} to write to`);
      raw = await launchRawHttp(ctx.databaseUrl, await answersOf(new ApiCaller(services.url, services.tokens.viewer), seeded.disputeIds, seeded.agreementIds));
      ctx.log(`raw HTTP baseline at ${raw.url} (pid ${raw.pid})`);

      const run = (name: string, httpLoad: HttpLoad) => measured(ctx, name, { api: [services!.apiPid], worker: [services!.workerPid] }, pool, httpLoad, services!.cpuProfile);
      const runRaw = (name: string, httpLoad: HttpLoad) => measured(ctx, name, { raw: [raw!.pid] }, pool, httpLoad);
      const common = `api and worker from dist/ (NODE_ENV=production, LOG_LEVEL=info to a file, RATE_LIMIT_PER_MINUTE=0: the limit is off for the bench), autocannon 9 in the bench process, PostgreSQL and Redis on the same machine${profileDir ? ' (the api under the CPU profiler: BENCH_HTTP_PROFILE)' : ''}; ${seconds} s after ${ctx.warmupSeconds} s warm-up; load average ${load} before the suite began`;
      const results: BenchResults = {};

      if (loads.includes('read')) {
        const reads = await run('read', readLoad(services, seeded.disputeIds, seeded.agreementIds, seconds));
        const note =
          `GET /api/v1/disputes/{id} and GET /api/v1/agreements/{id} in turn over ${READ_DISPUTES} seeded disputes and their agreements, ${READ_CONNECTIONS} connections ` +
          `(reads of the present: once cached, answered from the api's view cache before Nest's pipeline, by apps/api/src/http/cached-reads.hook.ts; fresh for 1 s, then refreshed in the background); ${describe(reads)}; goal ≥ ${GOALS.read.rate} req/s with p99 ≤ ${GOALS.read.p99} ms; ${common}`;
        const rawReads = await runRaw('raw read', rawReadLoad(raw, READ_DISPUTES * 2, seconds));
        const rawNote =
          `the baseline of http.read: a bare Fastify 5 process (bench/src/raw-http.server.ts) answering the same ${READ_DISPUTES * 2} answers of the api, held in memory as text, ` +
          `with the same ${READ_CONNECTIONS} connections; no auth, validation, logging, metrics or security headers; ${describe(rawReads)}; ${seconds} s after ${ctx.warmupSeconds} s warm-up`;
        Object.assign(results, figures('http.read', reads, note, rawReads), figures('http.raw.read', rawReads, rawNote));
      }

      if (loads.includes('write')) {
        const projections = await listGenerations(db, ['active']);
        for (const g of projections) watchers.push(new ProgressWatcher(ctx.databaseUrl, g.name, g.generation));
        await Promise.all(watchers.map((w) => w.start()));
        const tracker = new WriteLagTracker(watchers);
        const writes = await run('write', writeLoad(services.url, { authorization: `Bearer ${services.tokens.analyst}` }, (id) => `/api/v1/disputes/${id}/developments`, writeTargets, seconds, tracker));
        const lags = await tracker.lags(pool);
        ctx.log(`write lag: p50 ${ms(lags, 50)} ms, p99 ${ms(lags, 99)} ms, max ${lags[lags.length - 1]?.toFixed(1)} ms (${lags.length} writes)`);
        const note =
          `POST /api/v1/disputes/{id}/developments (protest, statement, export_control_tightened, other in turn, ~330 B of JSON; one append each, no agreement rule) ` +
          `over ${WRITE_DISPUTES} disputes in turn, ${WRITE_CONNECTIONS} connections; ${describe(writes)}; goal ≥ ${GOALS.write.rate} req/s with p99 ≤ ${GOALS.write.p99} ms; ${common}`;
        const lagNote =
          `from the client receiving a write's 201 to the last of the read models (${projections.map((g) => g.name).join(', ')}) announcing a checkpoint at or past it ` +
          `(what GET …?minPosition=<globalPosition> waits for), over the ${lags.length} writes of http.write; the worker projecting in its own process`;
        const rawWrites = await runRaw('raw write', writeLoad(raw.url, {}, (id) => `/raw/write/${id}`, writeTargets, seconds));
        const rawNote =
          `the baseline of http.write: a bare Fastify 5 process (bench/src/raw-http.server.ts) taking the same bodies with the same ${WRITE_CONNECTIONS} connections and ` +
          `INSERTing each as one row of a table built like events (one prepared statement, RETURNING its position; no stream version, no idempotency, no read model ` +
          `behind it: the worker idle); ${describe(rawWrites)}; ${seconds} s after ${ctx.warmupSeconds} s warm-up`;
        Object.assign(results, figures('http.write', writes, note, rawWrites), figures('http.raw.write', rawWrites, rawNote), {
          'http.write.lag.p50': { value: ms(lags, 50), unit: 'ms', note: lagNote },
          'http.write.lag.p99': { value: ms(lags, 99), unit: 'ms', note: lagNote },
        });
      }
      return results;
    } catch (error) {
      if (services && !ctx.signal.aborted) ctx.log(`last lines of the api and worker logs:\n${services.logTail()}`);
      throw error;
    } finally {
      await Promise.all(watchers.map((w) => w.stop()));
      await raw?.stop();
      await services?.stop();
      await db.destroy();
    }
  },
};

interface Measured {
  outcome: HttpLoadOutcome;
  /** Cores busy during the measured run, per process (group). */
  cpu: Record<string, number>;
}

/**
 * One load, with the CPU each process used while it was measured (`processes`: the server's
 * first; PostgreSQL's backends and this process are added), and the server's CPU profile when asked.
 */
async function measured(
  ctx: BenchContext,
  name: string,
  processes: Record<string, number[]>,
  pool: pg.Pool,
  load: HttpLoad,
  cpuProfile?: RunningServices['cpuProfile'],
): Promise<Measured> {
  let meter: ReturnType<typeof cpuMeter> | undefined;
  const outcome = await runHttpLoad(ctx, {
    ...load,
    beforeMeasuredRun: async () => {
      await load.beforeMeasuredRun?.();
      const { rows } = await pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      meter = cpuMeter({ ...processes, postgres: rows.map((r) => r.pid), bench: [process.pid] });
      await cpuProfile?.start();
    },
  });
  const cpu = meter!.stop();
  const profile = await cpuProfile?.stop(`http-${name}.api`);
  const p = (n: number) => ms(outcome.latenciesMs, n).toFixed(2);
  ctx.log(
    `${name}: ${Math.round(outcome.perSecond)} req/s, p50 ${p(50)} ms, p99 ${p(99)} ms, max ${p(100)} ms; ${describe({ outcome, cpu })}` +
      (profile ? `; api CPU profile: ${profile}` : ''),
  );
  return { outcome, cpu };
}

/** The load's figures; against a baseline's, each with its ratio (for latencies: baseline / value, so that 1 is as good as raw either way). */
function figures(name: string, { outcome }: Measured, note: string, baseline?: Measured): BenchResults {
  const against = (value: number, base: number | undefined, inverse = false) =>
    base === undefined ? { value } : { value, baseline: base, ratio: Math.round((inverse ? base / value : value / base) * 1000) / 1000 };
  const rate = (o: HttpLoadOutcome) => Math.round(o.perSecond);
  const b = baseline?.outcome;
  return {
    [name]: { ...against(rate(outcome), b && rate(b)), unit: 'req/s', note },
    [`${name}.p50`]: { ...against(ms(outcome.latenciesMs, 50), b && ms(b.latenciesMs, 50), true), unit: 'ms', note: `see ${name}` },
    [`${name}.p99`]: { ...against(ms(outcome.latenciesMs, 99), b && ms(b.latenciesMs, 99), true), unit: 'ms', note: `see ${name}` },
    [`${name}.non2xx`]: { value: outcome.non2xx, unit: 'responses', note: `with ${outcome.errors} connection errors or timeouts; see ${name}` },
  };
}

/** Answers by status, and the cores each process kept busy (the server's, named first, also as CPU time per answer). */
function describe({ outcome, cpu }: Measured): string {
  const codes = Object.entries(outcome.statusCodes).map(([code, n]) => `${n} × ${code}`).join(', ');
  const cores = Object.entries(cpu).map(([name, c]) => `${name} ${c}`).join(', ');
  const [server, busy] = Object.entries(cpu)[0]!;
  const perAnswer = busy / (outcome.perSecond + outcome.non2xx / outcome.seconds);
  return `answers: ${codes || 'none'}, ${outcome.errors} connection errors or timeouts; cores busy: ${cores} (${server} ${(perAnswer * 1000).toFixed(2)} ms CPU per answer)`;
}

/** The api's own answers to the reads of http.read, as text: what the raw baseline serves. */
async function answersOf(viewer: ApiCaller, disputeIds: string[], agreementIds: string[]): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < disputeIds.length; i++) {
    answers.push(JSON.stringify(await viewer.send('GET', `/disputes/${disputeIds[i]}`)), JSON.stringify(await viewer.send('GET', `/agreements/${agreementIds[i]}`)));
  }
  return answers;
}

function rawReadLoad(raw: RawHttpServer, answers: number, seconds: number): HttpLoad {
  let next = 0;
  return {
    url: raw.url,
    connections: READ_CONNECTIONS,
    seconds,
    headers: {},
    requests: [{ method: 'GET', setupRequest: (request) => Object.assign(request, { path: `/raw/read/${next++ % answers}` }) }],
  };
}

function readLoad(services: RunningServices, disputeIds: string[], agreementIds: string[], seconds: number): HttpLoad {
  let next = 0;
  return {
    url: services.url,
    connections: READ_CONNECTIONS,
    seconds,
    headers: { authorization: `Bearer ${services.tokens.viewer}` },
    requests: [
      { method: 'GET', setupRequest: (request) => Object.assign(request, { path: `/api/v1/disputes/${disputeIds[next++ % disputeIds.length]}` }) },
      { method: 'GET', setupRequest: (request) => Object.assign(request, { path: `/api/v1/agreements/${agreementIds[next++ % agreementIds.length]}` }) },
    ],
  };
}

/**
 * The development bodies in turn, over `ids` in turn, to `url` + `pathOf(id)`; with a `tracker`,
 * each 201 of the measured run is handed to it (for the lag until the read models show it).
 */
function writeLoad(url: string, headers: Record<string, string>, pathOf: (id: string) => string, ids: string[], seconds: number, tracker?: WriteLagTracker): HttpLoad {
  const bodies = writeBodies();
  let next = 0;
  let recording = false;
  return {
    url,
    connections: WRITE_CONNECTIONS,
    seconds,
    headers: { ...headers, 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const n = next++;
          return Object.assign(request, { path: pathOf(ids[n % ids.length]!), body: bodies[n % bodies.length] });
        },
        ...(tracker
          ? {
              onResponse: (status: number, body: string) => {
                if (recording && status === 201) tracker.written201((JSON.parse(body) as { globalPosition: number }).globalPosition, performance.now());
              },
            }
          : {}),
      },
    ],
    beforeMeasuredRun: async () => {
      recording = true;
    },
  };
}

/** BENCH_HTTP_LOADS: which loads to run (both by default; one alone while profiling it). */
function httpLoads(): string[] {
  const text = process.env.BENCH_HTTP_LOADS ?? '';
  const loads = text.split(',').map((l) => l.trim()).filter(Boolean);
  if (loads.length === 0) return ['read', 'write'];
  if (loads.some((l) => l !== 'read' && l !== 'write')) throw new Error(`Invalid configuration: BENCH_HTTP_LOADS must list read and/or write (got "${text}")`);
  return loads;
}
