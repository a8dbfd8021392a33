import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { Redis } from 'ioredis';
import { loadConfig } from '@app/config';
import { createKysely, createPool, type Database } from '@app/database';
import { eventually } from '../../support/eventually.js';
import { runCli } from '../../support/run-cli.js';
import type { TestEnvironment } from '../../support/test-environment.js';

/**
 * PostgreSQL and Redis of the fault suite's own, on free ports, under /tmp/dt-faults: the faults
 * (restarts, kill -9, an evicting Redis) must never touch the shared services on 5432 and 6379 that
 * other tests and developers use. Each spec file gets its own pair, started in beforeAll and removed
 * in afterAll; a run that died before its afterAll is swept up by the next one (its owner pid is gone).
 */

const BASE = '/tmp/dt-faults';
const DATABASE = 'dispute_tracker';

// ---------------------------------------------------------------------------------------------
// Helpers: free ports, the PostgreSQL binaries, running them as a non-root user.
// ---------------------------------------------------------------------------------------------

/** A port nobody listens on now (from the ephemeral range, so never 5432 or 6379). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (Debian), else `pg_config --bindir`. */
function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(path.join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(debian, versions[0], 'bin');
  }
  const config = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bindir = config.status === 0 ? config.stdout.trim() : '';
  if (bindir && existsSync(path.join(bindir, 'initdb'))) return bindir;
  throw new Error('the fault suite needs the PostgreSQL server binaries (initdb, pg_ctl): set PG_BIN, or install postgresql');
}

function onPath(command: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  return dirs.some((dir) => dir && existsSync(path.join(dir, command)));
}

interface RunAs {
  /** The command line prefix that runs a program as the cluster's owner. */
  prefix: string[];
  uid?: number;
  gid?: number;
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` OS user. */
function clusterOwner(): RunAs {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root, the fault suite needs a `postgres` OS user to own its PostgreSQL cluster');
  if (onPath('runuser')) return { prefix: ['runuser', '-u', 'postgres', '--'], uid, gid };
  if (onPath('setpriv')) return { prefix: ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--init-groups', '--'], uid, gid };
  throw new Error('running as root, the fault suite needs runuser or setpriv to start PostgreSQL as the postgres user');
}

function run(owner: RunAs, argv: string[], what: string): string {
  const [command, ...args] = [...owner.prefix, ...argv];
  const result = spawnSync(command!, args, { encoding: 'utf8', timeout: 90_000 });
  if (result.status !== 0) {
    throw new Error(`${what} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

/** The same, without blocking the event loop: the api under test may run in this very process. */
function runAsync(owner: RunAs, argv: string[], what: string): Promise<string> {
  const [command, ...args] = [...owner.prefix, ...argv];
  return new Promise((resolve, reject) => {
    const child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => reject(new Error(`${what} failed: ${error.message}`)));
    child.once('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${what} failed (exit ${code}):\n${output}`))));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What an earlier run left behind when it died before its clean-up: stop it and remove it. */
function sweepStale(): void {
  if (!existsSync(BASE)) return;
  for (const entry of readdirSync(BASE)) {
    const dir = path.join(BASE, entry);
    let owner = 0;
    try {
      owner = Number(readFileSync(path.join(dir, 'owner.pid'), 'utf8'));
    } catch {
      // no owner file: a run that died while creating it
    }
    if (owner && alive(owner)) continue;
    removeServices(dir);
  }
}

/**
 * Processes of ours (api, worker, cli) still bound to the private PostgreSQL on `port`, found by
 * their environment: after a test process was killed outright they would retry forever.
 */
function orphansOf(port: number): number[] {
  if (!existsSync('/proc')) return [];
  const marker = `DATABASE_URL=postgres://postgres@127.0.0.1:${port}/`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').some((v) => v.startsWith(marker));
      } catch {
        return false; // gone, or not ours to read
      }
    })
    .map(Number);
}

/** Stops whatever runs from `dir` (its PostgreSQL, its Redis servers, orphans using them) and deletes it. Synchronous. */
function removeServices(dir: string): void {
  const port = existsSync(path.join(dir, 'postgres.port')) ? Number(readFileSync(path.join(dir, 'postgres.port'), 'utf8')) : 0;
  if (port) {
    for (const pid of orphansOf(port)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  const data = path.join(dir, 'data');
  if (existsSync(path.join(data, 'postmaster.pid'))) {
    try {
      const [command, ...args] = [...clusterOwner().prefix, path.join(postgresBin(), 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'];
      spawnSync(command!, args, { stdio: 'ignore', timeout: 30_000 });
    } catch {
      // fall through: the postmaster's pid, killed outright
    }
    try {
      const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const file of existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('redis-') && f.endsWith('.pid')) : []) {
    try {
      const pid = Number(readFileSync(path.join(dir, file), 'utf8'));
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

// Clean-up even when the test process exits without its afterAll (an uncaught error, a bail).
const live = new Set<string>();
let exitHookInstalled = false;
function track(dir: string): void {
  live.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const d of live) removeServices(d);
  });
}

function servicesDir(): string {
  mkdirSync(BASE, { recursive: true, mode: 0o755 });
  sweepStale();
  const dir = mkdtempSync(path.join(BASE, `${process.pid}-`));
  writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  track(dir);
  return dir;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

export interface PrivatePostgres {
  readonly port: number;
  /** A URL to `database` on this server (the migrated one by default). */
  url(database?: string): string;
  /** `pg_ctl restart -m <mode>`: resolves once the server accepts connections again. */
  restart(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  stop(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** The server's log, for failure messages. */
  logTail(lines?: number): string;
}

/** initdb, start on a free port with a Unix socket in its own directory, and migrate `dispute_tracker`. */
export async function startPostgres(dir: string): Promise<PrivatePostgres> {
  const bin = postgresBin();
  const owner = clusterOwner();
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'postgres.log');
  if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid!);
  const port = await freePort();
  writeFileSync(path.join(dir, 'postgres.port'), String(port));
  run(owner, [path.join(bin, 'initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], 'initdb');
  const options = ['-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', dir, '-c', 'max_connections=200', '-c', 'fsync=on'].join(' ');
  const pgCtl = (...args: string[]) => runAsync(owner, [path.join(bin, 'pg_ctl'), '-D', data, '-l', log, '-t', '60', ...args], `pg_ctl ${args.join(' ')}`);
  const url = (database = DATABASE) => `postgres://postgres@127.0.0.1:${port}/${database}`;

  const server: PrivatePostgres = {
    port,
    url,
    restart: async (mode = 'fast') => {
      await pgCtl('-m', mode, '-w', '-o', options, 'restart');
    },
    stop: async (mode = 'fast') => {
      await pgCtl('-m', mode, '-w', 'stop');
    },
    start: async () => {
      await pgCtl('-w', '-o', options, 'start');
    },
    logTail: (lines = 40) => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-lines).join('\n') : ''),
  };
  await server.start();
  const migrated = await runCli(['migrate'], { ...process.env, NODE_OPTIONS: '', DATABASE_URL: url(), LOG_LEVEL: 'warn' });
  if (migrated.code !== 0) throw new Error(`migrating the private database failed:\n${migrated.stderr}${migrated.stdout}`);
  return server;
}

// ---------------------------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------------------------

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  readonly pid: number | undefined;
  /** kill -<signal> the server and wait for it to be gone (SIGKILL: it loses everything, no persistence). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (empty: no RDB, no AOF) and waits for PING. */
  start(): Promise<void>;
  logTail(lines?: number): string;
}

/** `redis-server --port <free> --save '' --appendonly no --daemonize no` plus `extraArgs`, as a child process. */
export async function startRedis(dir: string, extraArgs: string[] = []): Promise<PrivateRedis> {
  if (!onPath('redis-server')) throw new Error('the fault suite needs redis-server on the PATH');
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const pidFile = path.join(dir, `redis-${port}.pid`);
  const log: string[] = [];
  let child: ChildProcess | undefined;

  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, ...extraArgs];
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    for (const stream of [started.stdout, started.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        log.push(...chunk.toString().split('\n').filter(Boolean));
        if (log.length > 200) log.splice(0, log.length - 200);
      });
    }
    let exited = false;
    started.once('exit', () => (exited = true));
    writeFileSync(pidFile, String(started.pid));
    await eventually(
      async () => {
        if (exited) throw new Error(`redis-server exited at start:\n${log.join('\n')}`);
        return ping(url);
      },
      `the private Redis on port ${port}`,
      15_000,
    );
  };

  const server: PrivateRedis = {
    port,
    url,
    get pid() {
      return child?.pid;
    },
    kill: async (signal = 'SIGKILL') => {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.kill(signal);
      await gone;
    },
    start,
    logTail: (lines = 40) => log.slice(-lines).join('\n'),
  };
  await start();
  return server;
}

async function ping(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// The test environment on top of them
// ---------------------------------------------------------------------------------------------

export interface PrivateEnvironment extends TestEnvironment {
  readonly postgres: PrivatePostgres;
  readonly redis: PrivateRedis;
  /** Another Redis of this file's (other settings), stopped with the rest. */
  startRedis(extraArgs?: string[]): Promise<PrivateRedis>;
}

export interface PrivateServicesOptions {
  /** More redis-server arguments, e.g. ['--maxmemory-policy', 'allkeys-lru']. */
  redisArgs?: string[];
}

/**
 * This spec file's own PostgreSQL (migrated `dispute_tracker`) and Redis, shaped like
 * useTestEnvironment() so the shared helpers (useApi, startWorker, workerReady, the webhook
 * receiver) work with them. Call at the top level of a spec file, before the other helpers.
 */
export function usePrivateServices(options: PrivateServicesOptions = {}): PrivateEnvironment {
  let dir = '';
  let postgres: PrivatePostgres | undefined;
  let redis: PrivateRedis | undefined;
  const others: PrivateRedis[] = [];
  let pool: pg.Pool | undefined;
  let db: Kysely<Database> | undefined;
  const queuePrefix = `dt-faults-${randomBytes(3).toString('hex')}`;
  const teardowns: Array<() => Promise<void> | void> = [];

  beforeAll(async () => {
    dir = servicesDir();
    [postgres, redis] = await Promise.all([startPostgres(dir), startRedis(dir, options.redisArgs)]);
    pool = createPool(postgres.url(), { max: 10, applicationName: 'dispute-tracker-fault-test' });
    db = createKysely(pool);
  }, 120_000);

  afterAll(async () => {
    try {
      for (const stop of teardowns.reverse()) await stop();
      await db?.destroy();
    } finally {
      for (const r of [redis, ...others]) await r?.kill('SIGKILL');
      if (dir) {
        removeServices(dir);
        live.delete(dir);
      }
    }
  }, 60_000);

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the private ${what} is ready only inside tests and hooks`);
    return value;
  };
  const env = (overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    NODE_ENV: 'test',
    DATABASE_URL: ready(postgres, 'PostgreSQL').url(),
    REDIS_URL: ready(redis, 'Redis').url,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'error',
    ...overrides,
  });

  return {
    get databaseUrl() {
      return ready(postgres, 'PostgreSQL').url();
    },
    get redisUrl() {
      return ready(redis, 'Redis').url;
    },
    queuePrefix,
    get pool() {
      return ready(pool, 'database pool');
    },
    get db() {
      return ready(db, 'database');
    },
    get postgres() {
      return ready(postgres, 'PostgreSQL');
    },
    get redis() {
      return ready(redis, 'Redis');
    },
    startRedis: async (extraArgs = []) => {
      const other = await startRedis(ready(dir || undefined, 'services directory'), extraArgs);
      others.push(other);
      return other;
    },
    config: (overrides) => loadConfig(env(overrides)),
    childEnv: (overrides) => ({ ...process.env, NODE_OPTIONS: '', ...env(overrides) }),
    onTeardown: (stop) => void teardowns.push(stop),
  };
}
