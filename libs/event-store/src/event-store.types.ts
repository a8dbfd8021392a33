/** What the caller knows of the stream it appends to. A number is the exact current version. */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  /** Who recorded it: a user or token name, or "system" for the service's own events. */
  recordedBy?: string;
  [key: string]: unknown;
}

export interface NewEvent<Data = unknown> {
  /** Client-chosen id makes the append idempotent; a random one is drawn when absent. */
  id?: string;
  type: string;
  data: Data;
  schemaVersion?: number;
  metadata?: EventMetadata;
  /** When it happened in the world; defaults to the time of the append. */
  occurredAt?: Date;
}

export interface RecordedEvent<Data = unknown> {
  id: string;
  streamId: string;
  streamVersion: number;
  /** The event's place in the global log (assigned at insert; may commit out of order). */
  globalPosition: number;
  transactionId: string;
  type: string;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  occurredAt: Date;
  recordedAt: Date;
}

export interface AppendedEvent {
  id: string;
  streamVersion: number;
  globalPosition: number;
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append: pass it as the next expected version. */
  version: number;
  /** Global position of the last appended event. */
  globalPosition: number;
  events: AppendedEvent[];
  /** True when every event id was already in the log with the same content: nothing was appended. */
  idempotentReplay: boolean;
}

/** A position in the gap-safe global order: (transaction id, global position). */
export interface LogCheckpoint {
  transactionId: string;
  globalPosition: number;
}

export const LOG_START: LogCheckpoint = Object.freeze({ transactionId: '0', globalPosition: 0 });

/**
 * What of each event's data a follower needs: the whole data (and metadata) of the types it reads
 * in full, only the named top-level keys of the others (and no metadata). Most followers look at a
 * few fields of most events; sending and parsing every event's JSON is then most of a rebuild.
 */
export interface EventDataSelection {
  wholeDataOf: readonly string[];
  keysOfOthers: readonly string[];
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /** Where the next read resumes: the last event's checkpoint, or the one passed in when empty. */
  checkpoint: LogCheckpoint;
}
