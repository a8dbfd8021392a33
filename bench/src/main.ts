import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from '@app/config';
import { createBenchDatabase } from './bench-database.setup.js';
import { writeBenchmarksDoc } from './benchmarks.report.js';
import type { BenchContext, BenchResults } from './bench.types.js';
import { probeMachine, type MachineInfo } from './machine.probe.js';
import { formatTable, mergeResults } from './results.store.js';
import { SUITES } from './suite.registry.js';

// From dist/bench/src: the compiled migrations and the committed results file.
const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));
const RESULTS = fileURLToPath(new URL('../../../bench/results/latest.json', import.meta.url));
const DOC = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));

const USAGE = `usage: npm run bench [-- <suite>…]   (suites: ${SUITES.map((s) => s.name).join(', ')}; all when none is named)
  BENCH_SECONDS (10) measured seconds per run, BENCH_WARMUP_SECONDS (2) warm-up before each
  projection: BENCH_REBUILD_EVENTS (1000000) events in the rebuilt log, BENCH_PROJECTION_BATCH (1000) events per batch,
  BENCH_PROJECTIONS (all) comma list of projections to run (a subset's figures are named projection.rebuild.<names>, …)
  alerts: BENCH_ALERTS (1000, even) alerts due, BENCH_ALERTS_SPREAD_SECONDS (60) evenly over this long,
  BENCH_ALERTS_LEAD_SECONDS (20) the first this long after the deadlines are recorded, BENCH_ALERTS_GRACE_SECONDS (90) after the last
  before a missing one counts as lost
  http: BENCH_HTTP_SECONDS (3 × BENCH_SECONDS) seconds per load, BENCH_HTTP_LOADS (read,write) the loads to run
    (each also against a bare Fastify baseline, http.raw.*), BENCH_HTTP_PROFILE (unset) a folder for the api's CPU profile of each load
  scale: BENCH_SCALE_SIZES (10000,1000000,10000000) the store's sizes in events, increasing (figures named scale.<op>.p99.10k, …),
  BENCH_SCALE_DEVELOPMENTS (100000) developments of the dispute whose asOf escalation is read (0: skip)`;

const names = process.argv.slice(2);
if (names.some((n) => n === '--help' || n === '-h' || n === 'help')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
if (unknown.length > 0) {
  process.stderr.write(`unknown suite(s): ${unknown.join(', ')}\n${USAGE}\n`);
  process.exit(2);
}
const suites = names.length ? SUITES.filter((s) => names.includes(s.name)) : SUITES;
const config = loadConfigOrExit();
const measureSeconds = seconds('BENCH_SECONDS', 10);
const warmupSeconds = seconds('BENCH_WARMUP_SECONDS', 2);

// Ctrl-C stops the suites rather than the process, so the benchmark database is still dropped.
const abort = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort.abort(new Error(`${signal} received`)));
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

const database = await createBenchDatabase(config.databaseUrl, MIGRATIONS);
log(`database ${database.name} created and migrated`);
const results: BenchResults = {};
let failed = false;
let machine: MachineInfo;
try {
  machine = await probeMachine(database.url, config.redisUrl);
  const ctx: BenchContext = { databaseUrl: database.url, redisUrl: config.redisUrl, measureSeconds, warmupSeconds, signal: abort.signal, log };
  for (const suite of suites) {
    if (abort.signal.aborted) break;
    log(`suite ${suite.name}…`);
    try {
      Object.assign(results, await suite.run(ctx));
    } catch (error) {
      // The other suites still run and their figures are kept: one broken suite loses only its own.
      failed = true;
      log(abort.signal.aborted ? `suite ${suite.name} interrupted` : `suite ${suite.name} failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
} finally {
  await database.drop();
  log(`database ${database.name} dropped`);
}

if (Object.keys(results).length > 0) {
  const merged = await mergeResults(RESULTS, machine, results);
  const documented = await writeBenchmarksDoc(DOC, merged);
  process.stdout.write(`${formatTable(results)}\n\nwritten to ${RESULTS}${documented ? ` and ${DOC}` : ''}\n`);
}
process.exitCode = failed || abort.signal.aborted ? 1 : 0;

function seconds(variable: string, fallback: number): number {
  const text = process.env[variable];
  const value = text === undefined || text === '' ? fallback : Number(text);
  if (!Number.isFinite(value) || value < 0 || (variable === 'BENCH_SECONDS' && value === 0)) {
    process.stderr.write(`Invalid configuration: ${variable} must be a number of seconds (got "${text}")\n`);
    process.exit(1);
  }
  return value;
}
