import { sql, type Kysely } from 'kysely';
import { CheckpointConflictError } from './event-store.errors.js';
import { LOG_START, type LogCheckpoint } from './event-store.types.js';

/** The follower's saved position; a missing one is created at the start of the log. */
export async function readCheckpoint(db: Kysely<any>, name: string): Promise<LogCheckpoint> {
  await sql`insert into projection_checkpoints (name) values (${name}) on conflict (name) do nothing`.execute(db);
  const { rows } = await sql<{ transaction_id: string; global_position: string }>`
    select transaction_id, global_position from projection_checkpoints where name = ${name}`.execute(db);
  const row = rows[0];
  return row ? { transactionId: row.transaction_id, globalPosition: Number(row.global_position) } : LOG_START;
}

/**
 * Moves the checkpoint from `from` to `to`, compare-and-set, inside the caller's transaction (the
 * one that wrote the read model): a crash loses both or neither, and a second writer is refused.
 */
export async function moveCheckpoint(trx: Kysely<any>, name: string, from: LogCheckpoint, to: LogCheckpoint): Promise<void> {
  const result = await sql`
    update projection_checkpoints
    set transaction_id = ${to.transactionId}::xid8, global_position = ${to.globalPosition}, updated_at = now()
    where name = ${name} and transaction_id = ${from.transactionId}::xid8 and global_position = ${from.globalPosition}`.execute(trx);
  if (result.numAffectedRows !== 1n) throw new CheckpointConflictError(name);
}

/** Sets a checkpoint outright (rebuilds start a new copy from the beginning). */
export async function resetCheckpoint(db: Kysely<any>, name: string, to: LogCheckpoint = LOG_START): Promise<void> {
  await sql`
    insert into projection_checkpoints (name, transaction_id, global_position) values (${name}, ${to.transactionId}::xid8, ${to.globalPosition})
    on conflict (name) do update set transaction_id = excluded.transaction_id, global_position = excluded.global_position, updated_at = now()`.execute(db);
}

/** Orders two log positions as the gap-safe reader does: by transaction id, then global position. */
export function compareCheckpoints(a: LogCheckpoint, b: LogCheckpoint): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.globalPosition - b.globalPosition;
}
