import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { EventStore, LogSubscription, type EventsNotifier, type LogCheckpoint, type RecordedEvent } from '@app/event-store';
import { activate } from './generations.js';
import { CHANNELS, checkpointName, type Projection, type ProjectionGeneration, type ReadModelChange } from './projection.types.js';

export interface RunnerStatus {
  name: string;
  generation: number;
  status: ProjectionGeneration['status'];
  /** True while this process holds the generation's lock and applies its batches. */
  leading: boolean;
  checkpoint: LogCheckpoint | null;
  /** recordedAt of the last event applied: with the clock, how far behind the log this copy is. */
  lastRecordedAt: Date | null;
  appliedEvents: number;
}

export interface RunnerOptions {
  databaseUrl: string;
  db: Kysely<any>;
  notifier?: EventsNotifier;
  batchSize?: number;
  pollIntervalMs?: number;
  onError?(error: unknown): void;
  onBatch?(generation: ProjectionGeneration, events: readonly RecordedEvent[], ms: number): void;
}

const PAYLOAD_LIMIT = 7_000; // NOTIFY payloads stop at 8000 bytes
const TICK_MS = 60_000;

/**
 * Runs one generation of one projection in this process, if this process wins its lock: a
 * session-level advisory lock on a connection of its own (not a long transaction, which would hold
 * back xmin and stall every gap-safe reader). A building generation that catches up is activated.
 */
export class ProjectionRunner {
  private lockClient: pg.Client | undefined;
  private subscription: LogSubscription | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private readonly state: RunnerStatus;

  constructor(
    private readonly projection: Projection,
    private generation: ProjectionGeneration,
    private readonly options: RunnerOptions,
  ) {
    this.state = { name: generation.name, generation: generation.generation, status: generation.status, leading: false, checkpoint: null, lastRecordedAt: null, appliedEvents: 0 };
  }

  get status(): RunnerStatus {
    return { ...this.state, status: this.generation.status };
  }

  /** Told by the supervisor when the generation's status changes (building → active → retired). */
  setGeneration(generation: ProjectionGeneration): void {
    this.generation = generation;
  }

  start(): void {
    this.stopped = false;
    void this.tryLead();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.tickTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
    this.state.leading = false;
    const client = this.lockClient;
    this.lockClient = undefined;
    await client?.end().catch(() => {});
  }

  private async tryLead(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: `dispute-tracker-${this.generation.schema}` });
    client.on('error', () => {});
    try {
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [this.lockKey]);
      if (!rows[0]?.locked || this.stopped) {
        await client.end();
        return this.retryLater();
      }
      this.lockClient = client;
      // Losing the lock connection means another process may take over: stop applying at once.
      client.on('end', () => {
        if (this.lockClient === client) void this.loseLead();
      });
      this.lead();
    } catch (error) {
      this.options.onError?.(error);
      await client.end().catch(() => {});
      this.retryLater();
    }
  }

  private get lockKey(): string {
    return `projection:${this.generation.name}:g${this.generation.generation}`;
  }

  private retryLater(): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.tryLead(), 2_000);
  }

  private async loseLead(): Promise<void> {
    this.lockClient = undefined;
    clearInterval(this.tickTimer);
    this.state.leading = false;
    await this.subscription?.stop();
    this.subscription = undefined;
    this.retryLater();
  }

  private lead(): void {
    const { db, notifier, batchSize = 1_000, pollIntervalMs = 1_000 } = this.options;
    const { projection } = this;
    const name = checkpointName(this.generation.name, this.generation.generation);
    this.state.leading = true;
    this.subscription = new LogSubscription({
      name,
      db,
      store: new EventStore(db),
      notifier,
      batchSize,
      pollIntervalMs,
      selection: projection.reads,
      minBatchIntervalMs: projection.minBatchIntervalMs,
      handle: async (events, trx) => {
        const started = performance.now();
        const changes = await projection.apply(events, trx, this.generation.schema);
        const last = events[events.length - 1]!;
        // The batch commits without waiting for its WAL flush: a crash can only lose the last batches
        // and their checkpoint together (one transaction), and the log, flushed by every append,
        // replays them. Waiting for the disk per batch was a tenth of a rebuild.
        await sql`select pg_notify(${CHANNELS.progress}, ${progressPayload(this.generation, last, changes)}), set_config('synchronous_commit', 'off', true)`.execute(trx);
        this.state.lastRecordedAt = last.recordedAt;
        this.options.onBatch?.(this.generation, events, performance.now() - started);
      },
      onProgress: (checkpoint, applied) => {
        this.state.checkpoint = checkpoint;
        this.state.appliedEvents += applied;
        // While the batch's transaction was open, no gap-safe reader could read past it, and its
        // commit notifies nobody: the other projections of this process look again now rather
        // than at their next poll.
        notifier?.wakeFollowers();
      },
      onCaughtUp: (checkpoint) => {
        this.state.checkpoint = checkpoint;
        if (this.generation.status === 'building') void this.activateWhenCaughtUp();
      },
      onError: (error) => this.options.onError?.(error),
    });
    this.subscription.start();
    if (projection.tick) this.tickTimer = setInterval(() => void this.tick(), TICK_MS);
  }

  /** Time-driven changes, applied by the leader only, announced like a batch. */
  private async tick(): Promise<void> {
    const { projection } = this;
    const checkpoint = this.state.checkpoint;
    if (!projection.tick || !checkpoint || !this.state.leading) return;
    try {
      await this.options.db.transaction().execute(async (trx) => {
        const changes = await projection.tick!(trx, this.generation.schema, new Date());
        if (changes.length === 0) return;
        const payload = JSON.stringify({ p: this.generation.name, g: this.generation.generation, tx: checkpoint.transactionId, pos: checkpoint.globalPosition, at: new Date().toISOString(), changes });
        await sql`select pg_notify(${CHANNELS.progress}, ${payload.length <= PAYLOAD_LIMIT ? payload : JSON.stringify({ ...JSON.parse(payload), changes: null })})`.execute(trx);
      });
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private async activateWhenCaughtUp(): Promise<void> {
    try {
      if (await activate(this.options.db, this.generation.name, this.generation.generation)) {
        this.generation = { ...this.generation, status: 'active', activatedAt: new Date() };
      }
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}

/** `{ p, g, tx, pos, at, changes }`; the changes are left out (null: "anything") when too many. */
function progressPayload(generation: ProjectionGeneration, last: RecordedEvent, changes: ReadModelChange[]): string {
  const base = { p: generation.name, g: generation.generation, tx: last.transactionId, pos: last.globalPosition, at: last.recordedAt.toISOString() };
  const unique = [...new Map(changes.map((c) => [`${c.readModel}/${c.id}`, c])).values()];
  const full = JSON.stringify({ ...base, changes: unique });
  return full.length <= PAYLOAD_LIMIT ? full : JSON.stringify({ ...base, changes: null });
}
