import type pg from 'pg';
import type { BenchEvent } from './development.fixture.js';

const COLUMNS = ['event_id', 'stream_id', 'stream_version', 'type', 'schema_version', 'data', 'metadata', 'occurred_at'];

/**
 * The baseline's table: built LIKE events, so it keeps the same columns, defaults (xid8, now()),
 * checks and indexes even when a migration changes them. LIKE copies no triggers, and the position
 * gets a sequence of its own so the two tables never contend on one.
 */
export async function createRawEventsTable(pool: pg.Pool): Promise<void> {
  await pool.query(`
    create table raw_events (like events including all);
    create sequence raw_events_global_position_seq owned by raw_events.global_position;
    alter table raw_events alter column global_position set default nextval('raw_events_global_position_seq');
  `);
}

/**
 * What a hand-written writer would do with plain pg: one parameterized INSERT per call (one row,
 * or one multi-row VALUES list), versions counted on the client, no RETURNING.
 */
export function rawInserter(pool: pg.Pool, streamId: string): (events: readonly BenchEvent[]) => Promise<void> {
  let version = 0;
  const statements = new Map<number, string>();
  return async (events) => {
    let text = statements.get(events.length);
    if (!text) {
      const rows = events.map((_, r) => `(${COLUMNS.map((__, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`);
      text = `insert into raw_events (${COLUMNS.join(', ')}) values ${rows.join(', ')}`;
      statements.set(events.length, text);
    }
    const values = events.flatMap((e) => [e.id, streamId, ++version, e.type, 1, e.data, e.metadata, e.occurredAt]);
    await pool.query(text, values);
  };
}
