import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { beforeAll } from '@jest/globals';
import { EventsNotifier } from '@app/event-store';
import { createProjections, ProjectionSupervisor } from '@app/projections';
import type { TestEnvironment } from './test-environment.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The projection runtime of the worker, in this process, for this file's database. */
export function useProjections(env: TestEnvironment): { supervisor(): ProjectionSupervisor } {
  let notifier: EventsNotifier | undefined;
  let supervisor: ProjectionSupervisor | undefined;
  beforeAll(async () => {
    notifier = new EventsNotifier(env.databaseUrl);
    await notifier.start();
    supervisor = new ProjectionSupervisor({ databaseUrl: env.databaseUrl, db: env.db, notifier, projections: createProjections(env.config()), pollIntervalMs: 200 });
    await supervisor.start();
  });
  env.onTeardown(async () => {
    await supervisor?.stop();
    await notifier?.stop();
  });
  return {
    supervisor: () => supervisor!,
  };
}

/** The real worker (the built one) as a child process, to be killed and restarted. */
export type WorkerProcess = ChildProcess & { logTail(): string };

export function startWorker(env: TestEnvironment, overrides: NodeJS.ProcessEnv = {}): WorkerProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/worker/src/main.js')], {
    env: env.childEnv({ LOG_LEVEL: 'warn', ...overrides }),
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as WorkerProcess;
  // Its log, kept for the failure message when a test goes wrong (DT_TEST_WORKER_LOG=1 prints it).
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      if (process.env.DT_TEST_WORKER_LOG) process.stderr.write(chunk);
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      if (lines.length > 200) lines.splice(0, lines.length - 200);
    });
  }
  child.logTail = () => lines.join('\n');
  return child;
}

export function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/**
 * Resolves once a worker started after `since` has started its alerts (each start writes the time
 * into a sentinel key) and the projections exist.
 */
export async function workerReady(env: TestEnvironment, since = Date.now() - 1_000): Promise<void> {
  const { Redis } = await import('ioredis');
  const { eventually } = await import('./eventually.js');
  const { listGenerations } = await import('@app/projections');
  const redis = new Redis(env.redisUrl);
  try {
    await eventually(
      async () => {
        const started = await redis.get(`${env.queuePrefix}:dt-alerts-sentinel`);
        return started !== null && Date.parse(started) >= since && (await listGenerations(env.db, ['active'])).length === 2;
      },
      'the worker to start',
      20_000,
    );
  } finally {
    redis.disconnect();
  }
}
