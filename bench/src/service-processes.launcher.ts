import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

// From dist/bench/src: the built apps, as `npm run start:api` / `start:worker` run them.
const DIST = fileURLToPath(new URL('../../', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const PROFILER = fileURLToPath(new URL('./cpu-profile.preload.js', import.meta.url));

export interface LaunchOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Added to both processes' environment (after the bench's own settings). */
  env?: NodeJS.ProcessEnv;
  /** A folder for CPU profiles of the api, taken on demand (RunningServices.cpuProfile). */
  cpuProfileDir?: string;
}

export interface RunningServices {
  /** http://127.0.0.1:<port> of the api. */
  readonly url: string;
  readonly tokens: { admin: string; analyst: string; viewer: string };
  readonly queuePrefix: string;
  /** The api's process id, to read its CPU time. */
  readonly apiPid: number;
  readonly workerPid: number;
  /** With LaunchOptions.cpuProfileDir: starts the api's CPU profiler, and stops it writing `<name>.cpuprofile`. */
  readonly cpuProfile?: { start(): Promise<void>; stop(name: string): Promise<string> };
  /** The last lines the processes logged: for the error message when something goes wrong. */
  logTail(lines?: number): string;
  /** SIGTERM (as a deployment would), SIGKILL after 10 s; then the Redis keys of our prefix go. */
  stop(): Promise<void>;
}

/**
 * The real api and worker from dist/, each a process of its own on this machine, bound to the
 * bench's database and a Redis key prefix of their own. Their logs go to a file (the bench process
 * does not pay for reading them); it is removed when they stop.
 */
export async function launchServices(options: LaunchOptions): Promise<RunningServices> {
  const port = await freePort();
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const queuePrefix = `dt-bench-${suffix}`;
  const tokens = { admin: `bench-admin-${suffix}`, analyst: `bench-analyst-${suffix}`, viewer: `bench-viewer-${suffix}` };
  const logFile = path.join(os.tmpdir(), `dt-bench-services-${suffix}.log`);
  const logFd = openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    // What a deployment runs: production mode, its own keys.
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    PORT: String(port),
    QUEUE_PREFIX: queuePrefix,
    API_KEYS: Object.entries(tokens).map(([role, token]) => `${role}:${token}`).join(','),
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const start = (app: 'api' | 'worker', profiled = false): ChildProcess =>
    spawn(process.execPath, [...(profiled ? ['--import', PROFILER] : []), path.join(DIST, `apps/${app}/src/main.js`)], {
      env: profiled ? { ...env, DT_CPU_PROFILE_DIR: options.cpuProfileDir } : env,
      cwd: path.join(DIST, '..'),
      stdio: ['ignore', logFd, logFd, ...(profiled ? ['ipc' as const] : [])],
    });

  const worker = start('worker');
  const api = start('api', options.cpuProfileDir !== undefined);
  closeSync(logFd);
  const logTail = (lines = 20) => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const services: RunningServices = {
    url,
    tokens,
    queuePrefix,
    apiPid: api.pid!,
    workerPid: worker.pid!,
    ...(options.cpuProfileDir ? { cpuProfile: profiler(api) } : {}),
    logTail,
    async stop() {
      await Promise.all([terminate(api), terminate(worker)]);
      await deleteKeys(options.redisUrl, `${queuePrefix}*`).catch(() => {});
      rmSync(logFile, { force: true });
    },
  };
  try {
    await ready(url, [api, worker], logTail);
  } catch (error) {
    await services.stop();
    throw error;
  }
  return services;
}

/** /health/ready answers 200 once PostgreSQL and Redis answer and the worker's projections are active and caught up. */
async function ready(url: string, children: ChildProcess[], logTail: () => string): Promise<void> {
  const until = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < until) {
    const exited = children.find((c) => c.exitCode !== null || c.signalCode !== null);
    if (exited) throw new Error(`a service exited before it was ready (${exited.exitCode ?? exited.signalCode}):\n${logTail()}`);
    try {
      const response = await fetch(`${url}/health/ready`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await delay(250);
  }
  throw new Error(`the api was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${logTail()}`);
}

/** Talks to cpu-profile.preload.ts in the api over its IPC channel. */
function profiler(api: ChildProcess): NonNullable<RunningServices['cpuProfile']> {
  const ask = (message: { type: string; name?: string }) =>
    new Promise<string>((resolve, reject) => {
      const onMessage = (reply: { type?: string; file?: string; error?: string }) => {
        if (reply.type !== 'cpu-profile:done') return;
        api.off('message', onMessage);
        if (reply.error) reject(new Error(`cpu profile: ${reply.error}`));
        else resolve(reply.file ?? '');
      };
      api.on('message', onMessage);
      api.send(message);
    });
  return {
    start: async () => void (await ask({ type: 'cpu-profile:start' })),
    stop: (name) => ask({ type: 'cpu-profile:stop', name }),
  };
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
export async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function deleteKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
