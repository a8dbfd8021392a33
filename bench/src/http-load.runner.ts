import autocannon, { type RequestStep, type Result } from 'autocannon';
import type { BenchContext } from './bench.types.js';
import { percentile } from './closed-loop.runner.js';

export interface HttpLoad {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  /** Each connection sends these in turn, over and over. */
  requests: RequestStep[];
  /** Runs after the warm-up, right before the measured run. */
  beforeMeasuredRun?: () => Promise<void>;
}

export interface HttpLoadOutcome {
  /** 2xx answers per second over the measured run. */
  perSecond: number;
  /** Sorted latencies of the 2xx answers, ms (autocannon's own histogram keeps whole ms only). */
  latenciesMs: number[];
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  statusCodes: Record<string, number>;
  seconds: number;
}

/**
 * A closed loop of `connections` keep-alive connections (autocannon, in this process), after a
 * warm-up run of the same requests that is thrown away. Stops early on Ctrl-C.
 */
export async function runHttpLoad(ctx: BenchContext, load: HttpLoad): Promise<HttpLoadOutcome> {
  if (ctx.warmupSeconds > 0) await fire(ctx, load, ctx.warmupSeconds, undefined);
  await load.beforeMeasuredRun?.();
  const latencies: number[] = [];
  const result = await fire(ctx, load, load.seconds, latencies);
  ctx.signal.throwIfAborted();
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]));
  return {
    perSecond: result['2xx'] / result.duration,
    latenciesMs: latencies.sort((a, b) => a - b),
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
    seconds: result.duration,
  };
}

async function fire(ctx: BenchContext, load: HttpLoad, seconds: number, latencies: number[] | undefined): Promise<Result> {
  const instance = autocannon({ url: load.url, connections: load.connections, duration: seconds, headers: load.headers, requests: load.requests, timeout: 10 });
  if (latencies) {
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  }
  const stop = () => instance.stop();
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    return await instance;
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
}

export const ms = (sorted: readonly number[], p: number): number => Math.round(percentile(sorted, p) * 100) / 100;

/** Seconds per measured load: BENCH_HTTP_SECONDS, else three times BENCH_SECONDS (30 s by default). */
export function httpSeconds(ctx: BenchContext): number {
  const text = process.env.BENCH_HTTP_SECONDS;
  if (text === undefined || text === '') return ctx.measureSeconds * 3;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Invalid configuration: BENCH_HTTP_SECONDS must be a number of seconds (got "${text}")`);
  return value;
}
