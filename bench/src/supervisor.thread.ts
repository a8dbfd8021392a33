import { parentPort, Worker, workerData } from 'node:worker_threads';
import { loadConfig } from '@app/config';
import { createKysely, createPool } from '@app/database';
import { EventsNotifier } from '@app/event-store';
import { createProjections, ProjectionSupervisor } from '@app/projections';

export interface SupervisorThreadOptions {
  databaseUrl: string;
  redisUrl: string;
  batchSize: number;
  /** Projection names to run; all when empty. */
  only: string[];
}

/** Per projection, what its batches cost inside their transactions (apply and the progress NOTIFY). */
export type BatchStats = Record<string, { batches: number; events: number; ms: number }>;

type Command = 'ping' | 'start' | 'stats' | 'stop';
type FromThread = { type: 'reply'; id: number; stats?: BatchStats; error?: string } | { type: 'error'; message: string };

/**
 * The worker's projection runtime (a ProjectionSupervisor with its own pool and LISTEN notifier) on
 * a thread of its own: as in use, where the worker is a process apart, the projectors' CPU work
 * does not stall the writers or the listener that measure them.
 */
export class SupervisorThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(reply: FromThread & { type: 'reply' }): void; reject(error: Error): void }>();
  private nextId = 0;

  constructor(options: SupervisorThreadOptions, onError: (message: string) => void) {
    this.worker = new Worker(new URL(import.meta.url), { workerData: options });
    this.worker.on('message', (message: FromThread) => {
      if (message.type === 'error') return onError(message.message);
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message);
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`supervisor thread exited (${code})`)));
  }

  /** Resolves once the thread has loaded its modules: time `start()` from then on. */
  async ready(): Promise<void> {
    await this.request('ping');
  }

  async start(): Promise<void> {
    await this.request('start');
  }

  async stats(): Promise<BatchStats> {
    return (await this.request('stats')).stats ?? {};
  }

  async stop(): Promise<void> {
    await this.request('stop');
    await this.worker.terminate();
  }

  private request(command: Command): Promise<FromThread & { type: 'reply' }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, command });
    });
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

if (parentPort && workerData) await runThread(parentPort, workerData as SupervisorThreadOptions);

async function runThread(port: NonNullable<typeof parentPort>, options: SupervisorThreadOptions): Promise<void> {
  const send = (message: FromThread) => port.postMessage(message);
  const config = loadConfig({ ...process.env, DATABASE_URL: options.databaseUrl, REDIS_URL: options.redisUrl });
  const projections = createProjections(config).filter((p) => options.only.length === 0 || options.only.includes(p.name));
  const pool = createPool(options.databaseUrl, { applicationName: 'dispute-tracker-bench-worker' });
  const db = createKysely(pool);
  const notifier = new EventsNotifier(options.databaseUrl, (error) => send({ type: 'error', message: `LISTEN connection lost: ${error.message}` }));
  const stats: BatchStats = {};
  const supervisor = new ProjectionSupervisor({
    databaseUrl: options.databaseUrl,
    db,
    notifier,
    projections,
    batchSize: options.batchSize,
    onError: (error) => send({ type: 'error', message: `projection batch failed (the runtime retries): ${(error as Error).message}` }),
    onBatch: (generation, events, ms) => {
      const s = (stats[generation.name] ??= { batches: 0, events: 0, ms: 0 });
      s.batches += 1;
      s.events += events.length;
      s.ms += ms;
    },
  });
  port.on('message', ({ id, command }: { id: number; command: Command }) => {
    void (async () => {
      if (command === 'start') {
        await notifier.start();
        await supervisor.start();
      } else if (command === 'stop') {
        await supervisor.stop();
        await notifier.stop();
        await db.destroy();
      }
      send({ type: 'reply', id, ...(command === 'stats' ? { stats: structuredClone(stats) } : {}) });
      if (command === 'stop') port.close();
    })().catch((error: unknown) => send({ type: 'reply', id, error: (error as Error).stack ?? String(error) }));
  });
}
