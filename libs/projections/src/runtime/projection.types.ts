import type { Kysely, Transaction } from 'kysely';
import type { EventDataSelection, RecordedEvent } from '@app/event-store';

/** What changed in a batch, for caches and the /stream of changes: a read model and an id in it. */
export interface ReadModelChange {
  readModel: 'disputes' | 'agreements' | 'deadlines';
  id: string;
}

/**
 * A read model built from the log into tables of its own schema. `version` names the shape of its
 * tables: raising it makes the worker rebuild the projection blue/green at its next start.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /** What of each event's data `apply` looks at (default: all of it); the rest is never sent. */
  readonly reads?: EventDataSelection;
  /** Once caught up, the least time between two batches (see LogSubscription); default 0. */
  readonly minBatchIntervalMs?: number;
  createTables(db: Kysely<any>, schema: string): Promise<void>;
  /** Applies a batch inside the transaction that also moves the checkpoint. */
  apply(events: readonly RecordedEvent[], trx: Transaction<any>, schema: string): Promise<ReadModelChange[]>;
  /** For read models that change with time alone (a new term's notice window): run every minute by the leader. */
  tick?(trx: Transaction<any>, schema: string, now: Date): Promise<ReadModelChange[]>;
}

export interface ProjectionGeneration {
  name: string;
  generation: number;
  version: number;
  schema: string;
  status: 'building' | 'active' | 'retired';
  createdAt: Date;
  activatedAt: Date | null;
}

export const checkpointName = (name: string, generation: number): string => `${name}@g${generation}`;

/** Channels the worker notifies on and the api listens to. */
export const CHANNELS = {
  /** Generations started, activated or retired. */
  generations: 'projection_generations',
  /** A batch was applied: `{ p, g, tx, pos, at, changes }`. */
  progress: 'projection_progress',
} as const;
