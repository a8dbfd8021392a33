import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPool } from '@app/database';
import type { BenchContext, BenchResults, BenchSuite } from './bench.types.js';
import { httpSeconds, ms, runHttpLoad, type HttpLoadOutcome } from './http-load.runner.js';
import { loadAverage } from './bench.settings.js';
import { cpuMeter } from './process-cpu.probe.js';
import { freePort } from './service-processes.launcher.js';

const APP = fileURLToPath(new URL('./adapter-app.main.js', import.meta.url));
const VARIANTS = ['fastify', 'express', 'fastify-bare'] as const;
type Variant = (typeof VARIANTS)[number];
const CONNECTIONS = 64;
const AGREEMENTS = 64;
/** The variants take turns, so a change in what else the machine does falls on each alike. */
const ROUNDS = 3;
const TOKEN = 'bench-adapter-token-0123456789';

interface Tally {
  answers: number;
  non2xx: number;
  seconds: number;
  latenciesMs: number[];
  cpuSeconds: number;
}

/**
 * Express against Fastify under Nest: the api depends on Fastify plugins (helmet, rate limit,
 * static files, bull-board) and hooks, so the comparison is a minimal app that is the same Nest
 * module (global guard, controller, the read's prepared pg statement, an agreement-sized answer)
 * on each adapter, plus the route on bare Fastify for what Nest itself costs.
 */
export const httpAdapterSuite: BenchSuite = {
  name: 'http-adapter',
  async run(ctx) {
    const load = loadAverage();
    const seconds = httpSeconds(ctx);
    const pool = createPool(ctx.databaseUrl, { max: 1, applicationName: 'dispute-tracker-bench' });
    const apps = new Map<Variant, { child: ChildProcess; url: string }>();
    try {
      await pool.query(`insert into streams (stream_id, version) select 'agreement-adapter-' || i, 1 from generate_series(0, ${AGREEMENTS - 1}) i on conflict do nothing`);
      for (const variant of VARIANTS) apps.set(variant, await startApp(ctx, variant));
      const tallies = new Map<Variant, Tally>(VARIANTS.map((v) => [v, { answers: 0, non2xx: 0, seconds: 0, latenciesMs: [], cpuSeconds: 0 }]));
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
        for (const variant of order) {
          const app = apps.get(variant)!;
          const meter = cpuMeter({ app: [app.child.pid!] });
          const outcome = await once(ctx, app.url, seconds / ROUNDS, round === 0 ? ctx.warmupSeconds : 0);
          add(tallies.get(variant)!, outcome, meter.stop().app!);
        }
      }
      const rate = (v: Variant) => tallies.get(v)!.answers / tallies.get(v)!.seconds;
      const results: BenchResults = {};
      for (const variant of VARIANTS) {
        const t = tallies.get(variant)!;
        const latencies = t.latenciesMs.sort((a, b) => a - b);
        const cpuMs = (t.cpuSeconds / (t.answers + t.non2xx)) * 1000;
        ctx.log(`adapter ${variant}: ${Math.round(rate(variant))} req/s, p50 ${ms(latencies, 50)} ms, p99 ${ms(latencies, 99)} ms, ${cpuMs.toFixed(3)} ms CPU per answer`);
        const fastify = rate('fastify');
        results[`http.adapter.${variant}`] = {
          value: Math.round(rate(variant)),
          unit: 'req/s',
          ...(variant === 'fastify' ? {} : { baseline: Math.round(fastify), ratio: Math.round((rate(variant) / fastify) * 1000) / 1000 }),
          note:
            `${describeVariant(variant)}: GET /api/v1/agreements/{id} (bearer guard, one prepared pg query by primary key over ${AGREEMENTS} ids, ~770 B JSON answer), ` +
            `${CONNECTIONS} connections, ${Math.round(t.seconds)} s in ${ROUNDS} turns taken alternately with the other variants after ${ctx.warmupSeconds} s warm-up; ` +
            `p50 ${ms(latencies, 50)} ms, p99 ${ms(latencies, 99)} ms, ${t.non2xx} non-2xx; the app's process ${cpuMs.toFixed(3)} ms CPU per answer ` +
            `(${(t.cpuSeconds / t.seconds).toFixed(2)} cores)${variant === 'fastify' ? '' : '; baseline: the Nest app on Fastify'}; load average ${load} before the suite began`,
        };
      }
      return results;
    } finally {
      await Promise.all([...apps.values()].map(({ child }) => stop(child)));
      await pool.end();
    }
  },
};

function describeVariant(variant: Variant): string {
  if (variant === 'fastify-bare') return 'the same route on bare Fastify 5 (no Nest)';
  return `the minimal Nest 12 app on @nestjs/platform-${variant}`;
}

function once(ctx: BenchContext, url: string, seconds: number, warmupSeconds: number): Promise<HttpLoadOutcome> {
  let next = 0;
  return runHttpLoad(
    { ...ctx, warmupSeconds },
    {
      url,
      connections: CONNECTIONS,
      seconds,
      headers: { authorization: `Bearer ${TOKEN}` },
      requests: [{ method: 'GET', setupRequest: (request) => Object.assign(request, { path: `/api/v1/agreements/adapter-${next++ % AGREEMENTS}` }) }],
    },
  );
}

function add(tally: Tally, outcome: HttpLoadOutcome, cores: number): void {
  tally.answers += outcome.perSecond * outcome.seconds;
  tally.non2xx += outcome.non2xx;
  tally.seconds += outcome.seconds;
  tally.cpuSeconds += cores * outcome.seconds;
  for (const l of outcome.latenciesMs) tally.latenciesMs.push(l);
}

async function startApp(ctx: BenchContext, variant: Variant): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [APP, variant], {
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', DATABASE_URL: ctx.databaseUrl, PORT: String(port), BENCH_TOKEN: TOKEN },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the ${variant} app exited (${code}) before it listened`)));
  });
  child.removeAllListeners('exit');
  return { child, url: `http://127.0.0.1:${port}` };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
