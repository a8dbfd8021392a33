import type { ColumnType, Generated } from 'kysely';

/** The event log: the only truth. Positions are int8 and come back from pg as strings. */
export interface EventsTable {
  global_position: ColumnType<string, never, never>;
  transaction_id: ColumnType<string, never, never>;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  occurred_at: Date;
  recorded_at: ColumnType<Date, never, never>;
}

export interface StreamsTable {
  stream_id: string;
  version: number;
}

export interface ProjectionCheckpointsTable {
  name: string;
  transaction_id: string;
  global_position: string;
  updated_at: Generated<Date>;
}

export interface Database {
  events: EventsTable;
  streams: StreamsTable;
  projection_checkpoints: ProjectionCheckpointsTable;
}
