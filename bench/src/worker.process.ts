import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

// From dist/bench/src: the built worker, as `npm run start:worker` runs it.
const WORKER_MAIN = fileURLToPath(new URL('../../apps/worker/src/main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The real worker (projections, alert scheduler, deliveries) as a process of its own, on the
 * bench's database and its own BullMQ prefix.
 */
export class WorkerProcess {
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];

  constructor(
    readonly env: { databaseUrl: string; redisUrl: string; queuePrefix: string },
    overrides: NodeJS.ProcessEnv = {},
  ) {
    this.child = spawn(process.execPath, [WORKER_MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        DATABASE_URL: env.databaseUrl,
        REDIS_URL: env.redisUrl,
        QUEUE_PREFIX: env.queuePrefix,
        WEBHOOK_ALLOW_PRIVATE: 'true',
        LOG_LEVEL: 'warn',
        ...overrides,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Kept for the error message when it fails.
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        this.lines.push(...chunk.toString().split('\n').filter(Boolean));
        if (this.lines.length > 50) this.lines.splice(0, this.lines.length - 50);
      });
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  logTail(): string {
    return this.lines.join('\n');
  }

  /** Until its alerts have started: each start writes the time into a sentinel key under its prefix. */
  async ready(signal: AbortSignal, timeoutMs = 60_000): Promise<void> {
    const redis = new Redis(this.env.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      const until = Date.now() + timeoutMs;
      while ((await redis.get(`${this.env.queuePrefix}:dt-alerts-sentinel`)) === null) {
        signal.throwIfAborted();
        if (this.exited) throw new Error(`the worker exited before it was ready:\n${this.logTail()}`);
        if (Date.now() > until) throw new Error(`the worker was not ready within ${timeoutMs / 1000} s:\n${this.logTail()}`);
        await delay(100);
      }
    } finally {
      redis.disconnect();
    }
  }

  /** CPU seconds it has used so far (user + system), from /proc; undefined where there is none. */
  cpuSeconds(): number | undefined {
    try {
      const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // utime and stime (fields 14 and 15 of stat, 12 and 13 after the command name), in ticks of 1/100 s.
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return undefined;
    }
  }

  /** SIGTERM (a graceful close: jobs in flight finish), SIGKILL if it hangs. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exit = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    if (await Promise.race([exit.then(() => true), delay(15_000).then(() => false)])) return;
    this.child.kill('SIGKILL');
    await exit;
  }
}
