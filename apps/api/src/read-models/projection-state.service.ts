import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { sql } from 'kysely';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DATABASE, type Db } from '@app/database';
import { compareCheckpoints, readCheckpoint, type LogCheckpoint } from '@app/event-store';
import { CHANNELS, checkpointName, listGenerations, ofThePresent, type ProjectionGeneration, type ReadModelChange } from '@app/projections';
import { ProblemException } from '../problems/problem.js';

export interface ProgressNotice {
  projection: string;
  generation: number;
  checkpoint: LogCheckpoint;
  recordedAt: Date;
  /** Null: too many to list; anything may have changed. */
  changes: ReadModelChange[] | null;
}

const WAIT_LIMIT_MS = 5_000;
const REFRESH_MS = 2_000;

/**
 * What the api knows of the read models: which generation of each projection is active (so reads
 * go to its schema) and how far each has applied the log. Kept fresh by NOTIFY from the worker,
 * and re-read every two seconds in case a notification was lost.
 */
@Injectable()
export class ProjectionStateService implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('ProjectionState');
  private readonly events = new EventEmitter();
  private active = new Map<string, ProjectionGeneration>();
  private readonly checkpoints = new Map<string, LogCheckpoint>();
  /** Each projection's checkpoint as the previous re-read found it in the database. */
  private readonly polled = new Map<string, LogCheckpoint>();
  private listener: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Db,
  ) {
    this.events.setMaxListeners(0);
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    await this.listen().catch((error: unknown) => this.logger.warn(`LISTEN failed (${(error as Error).message}); polling only`));
    this.timer = setInterval(() => void this.refresh().catch(() => {}), REFRESH_MS);
    this.timer.unref();
  }

  /** Open streams end when the api stops, or they would hold the shutdown forever. */
  onShutdown(listener: () => void): () => void {
    this.events.on('shutdown', listener);
    return () => this.events.off('shutdown', listener);
  }

  beforeApplicationShutdown(): void {
    this.events.emit('shutdown');
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.reconnectTimer);
    await this.listener?.end().catch(() => {});
  }

  /** The schema of the active generation: reads keep using the old one until a rebuild switches. */
  schema(projection: string): string {
    const generation = this.active.get(projection);
    if (!generation) {
      throw new ProblemException({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: `the ${projection} read model is not built yet` }, { 'retry-after': '1' });
    }
    return generation.schema;
  }

  generations(): ProjectionGeneration[] {
    return [...this.active.values()];
  }

  checkpoint(projection: string): LogCheckpoint | undefined {
    return this.checkpoints.get(projection);
  }

  onChange(listener: (notice: ProgressNotice) => void): () => void {
    this.events.on('progress', listener);
    return () => this.events.off('progress', listener);
  }

  /**
   * Resolves once the read models a read uses (by default every one) include the event at
   * `position`; 503 after 5 s. A read waits only for what it reads: the deadline queue is
   * applied at a slower pace than the timeline (see DeadlinesProjector).
   */
  async waitFor(position: number, projections?: readonly string[]): Promise<void> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    let target: LogCheckpoint | undefined;
    while (Date.now() < deadline) {
      target ??= await this.positionOf(position);
      if (target && this.includes(target, projections)) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(250, Math.max(0, deadline - Date.now())));
        const off = this.onChange(done);
        function done(): void {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    }
    throw new ProblemException(
      { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: `the read models have not reached position ${position} yet; retry shortly` },
      { 'retry-after': '1' },
    );
  }

  private includes(target: LogCheckpoint, projections: readonly string[] = [...this.active.keys()]): boolean {
    if (this.active.size === 0 || projections.length === 0) return false;
    return projections.every((name) => {
      const checkpoint = this.checkpoints.get(name);
      return checkpoint !== undefined && compareCheckpoints(checkpoint, target) >= 0;
    });
  }

  private async positionOf(position: number): Promise<LogCheckpoint | undefined> {
    const { rows } = await sql<{ transaction_id: string }>`select transaction_id from events where global_position = ${position}`.execute(this.db);
    return rows[0] ? { transactionId: rows[0].transaction_id, globalPosition: position } : undefined;
  }

  private async refresh(): Promise<void> {
    const live = (await listGenerations(this.db, ['active'])).filter((g) => g.status === 'active');
    const next = new Map(live.map((g) => [g.name, g]));
    const switched = [...next.values()].some((g) => this.active.get(g.name)?.generation !== g.generation);
    this.active = next;
    for (const g of live) {
      const checkpoint = await readCheckpoint(this.db, checkpointName(g.name, g.generation));
      const known = this.checkpoints.get(g.name);
      const previous = this.polled.get(g.name);
      this.polled.set(g.name, checkpoint);
      // Notices say what changed; one still short of what the previous re-read found (2 s ago), or
      // any progress while LISTEN is down, means a notice was missed. What changed is then unknown,
      // so the caches forget everything, in the same tick, before a read waiting for this
      // checkpoint can see it. A notice merely in flight is left to arrive.
      const missed =
        known !== undefined &&
        !switched &&
        compareCheckpoints(checkpoint, known) > 0 &&
        (!this.listener || (previous !== undefined && compareCheckpoints(known, previous) < 0));
      if (!known || switched || missed) this.checkpoints.set(g.name, checkpoint);
      if (missed) this.forgetAll(g.name, g.generation, checkpoint);
    }
    if (switched) this.forgetAll('*', 0, { transactionId: '0', globalPosition: 0 });
  }

  /** A notice without its changes: every cached answer is dropped, and followers of /stream told. */
  private forgetAll(projection: string, generation: number, checkpoint: LogCheckpoint): void {
    this.events.emit('progress', { projection, generation, checkpoint, recordedAt: new Date(), changes: null } satisfies ProgressNotice);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'dispute-tracker-api-listen' });
    client.on('error', () => {});
    client.on('notification', (message) => {
      if (message.channel === CHANNELS.generations) void this.refresh().catch(() => {});
      else if (message.payload) this.onProgress(message.payload);
    });
    client.on('end', () => {
      if (this.listener === client) this.listener = undefined;
      // Reconnects a second later, unless the api stopped meanwhile (a LISTEN connection opened after
      // shutdown would hold the process open).
      if (!this.stopped) this.reconnectTimer = setTimeout(() => void (this.stopped ? undefined : this.listen().catch(() => {})), 1_000);
    });
    await client.connect();
    if (this.stopped) return void (await client.end().catch(() => {}));
    await client.query(`listen ${CHANNELS.generations}; listen ${CHANNELS.progress}`);
    this.listener = client;
  }

  private onProgress(payload: string): void {
    const p = JSON.parse(payload) as { p: string; g: number; tx: string; pos: number; at: string; changes: ReadModelChange[] | null };
    if (this.active.get(p.p)?.generation !== p.g) return; // a building copy: nobody reads it yet
    const checkpoint = { transactionId: p.tx, globalPosition: p.pos };
    const known = this.checkpoints.get(p.p);
    if (!known || compareCheckpoints(checkpoint, known) > 0) this.checkpoints.set(p.p, checkpoint);
    this.events.emit('progress', { projection: p.p, generation: p.g, checkpoint, recordedAt: new Date(p.at), changes: p.changes } satisfies ProgressNotice);
  }
}

/** Answers about the present read the deadline queue's own table; `asOf`/`knownAt` ones fold the timeline. */
export const readsCurrentDeadlines = ofThePresent;
