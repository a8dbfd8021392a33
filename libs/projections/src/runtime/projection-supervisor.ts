import type { Kysely } from 'kysely';
import pg from 'pg';
import type { EventsNotifier, RecordedEvent } from '@app/event-store';
import { dropRetired, ensureGenerations, listGenerations } from './generations.js';
import { ProjectionRunner, type RunnerStatus } from './projection-runner.js';
import { CHANNELS, type Projection, type ProjectionGeneration } from './projection.types.js';

export interface SupervisorOptions {
  databaseUrl: string;
  db: Kysely<any>;
  notifier?: EventsNotifier;
  projections: readonly Projection[];
  batchSize?: number;
  pollIntervalMs?: number;
  onError?(error: unknown): void;
  onBatch?(generation: ProjectionGeneration, events: readonly RecordedEvent[], ms: number): void;
}

/**
 * Keeps one runner per live generation (active or building) of every projection in this process.
 * Several processes may run supervisors: each generation's lock lets one of them apply it. Reacts to
 * rebuild requests and switches through NOTIFY, and re-checks every few seconds in case one is lost.
 */
export class ProjectionSupervisor {
  private readonly runners = new Map<string, ProjectionRunner>();
  private listener: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: SupervisorOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    for (const projection of this.options.projections) await ensureGenerations(this.options.db, projection);
    await this.reconcile();
    await this.listen();
    this.timer = setInterval(() => void this.reconcile(), 5_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.end().catch(() => {});
    await this.reconciling;
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    this.runners.clear();
  }

  status(): RunnerStatus[] {
    return [...this.runners.values()].map((r) => r.status);
  }

  reconcile(): Promise<void> {
    this.reconciling = this.reconciling.then(() => this.doReconcile()).catch((error: unknown) => this.options.onError?.(error));
    return this.reconciling;
  }

  private async doReconcile(): Promise<void> {
    if (this.stopped) return;
    const live = await listGenerations(this.options.db);
    const byKey = new Map(live.map((g) => [`${g.name}:${g.generation}`, g]));
    for (const [key, runner] of this.runners) {
      const generation = byKey.get(key);
      if (generation) runner.setGeneration(generation);
      else {
        this.runners.delete(key);
        await runner.stop();
      }
    }
    for (const [key, generation] of byKey) {
      if (this.runners.has(key)) continue;
      const projection = this.options.projections.find((p) => p.name === generation.name);
      if (!projection) continue;
      const runner = new ProjectionRunner(projection, generation, { ...this.options });
      this.runners.set(key, runner);
      runner.start();
    }
    await dropRetired(this.options.db);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: 'dispute-tracker-supervisor' });
    client.on('error', () => {});
    client.on('notification', () => void this.reconcile());
    client.on('end', () => {
      if (!this.stopped) setTimeout(() => void this.listen().catch(() => {}), 1_000);
    });
    await client.connect();
    await client.query(`listen ${CHANNELS.generations}`);
    this.listener = client;
  }
}
