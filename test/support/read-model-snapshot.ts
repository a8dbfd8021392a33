import { sql, type Kysely } from 'kysely';
import { compareCheckpoints, type LogCheckpoint } from '@app/event-store';
import { checkpointName, listGenerations } from '@app/projections';
import { eventually } from './eventually.js';

const TABLES: Record<string, Array<[string, string]>> = {
  timeline: [
    ['disputes', 'id'],
    ['developments', 'event_id'],
    ['agreements', 'id'],
  ],
  deadlines: [['deadlines', 'id']],
};

/** Every row of every read-model table of the active generations, in a stable order. */
export async function snapshotReadModels(db: Kysely<any>): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const g of await listGenerations(db, ['active'])) {
    for (const [table, key] of TABLES[g.name] ?? []) {
      const { rows } = await sql`select * from ${sql.id(g.schema, table)} order by ${sql.ref(key)}`.execute(db);
      snapshot[`${g.name}.${table}`] = rows;
    }
  }
  return snapshot;
}

/** The last event of the log in the gap-safe order. */
async function logEnd(db: Kysely<any>): Promise<LogCheckpoint | undefined> {
  const { rows } = await sql<{ transaction_id: string; global_position: string }>`
    select transaction_id, global_position from events order by transaction_id desc, global_position desc limit 1`.execute(db);
  return rows[0] ? { transactionId: rows[0].transaction_id, globalPosition: Number(rows[0].global_position) } : undefined;
}

/** Waits until every active (and, if asked, every building) generation has applied the whole log. */
export async function caughtUp(db: Kysely<any>, timeoutMs = 60_000): Promise<void> {
  await eventually(
    async () => {
      const end = await logEnd(db);
      const generations = await listGenerations(db, ['active', 'building']);
      if (!end || generations.length === 0 || generations.some((g) => g.status === 'building')) return false;
      for (const g of generations) {
        const { rows } = await sql<{ transaction_id: string; global_position: string }>`
          select transaction_id, global_position from projection_checkpoints where name = ${checkpointName(g.name, g.generation)}`.execute(db);
        const at = rows[0] && { transactionId: rows[0].transaction_id, globalPosition: Number(rows[0].global_position) };
        if (!at || compareCheckpoints(at, end) < 0) return false;
      }
      return true;
    },
    'the read models to catch up with the log',
    timeoutMs,
  );
}

/**
 * Caught up, and nothing more for the worker to record itself: the agreement expiries that have
 * passed under a running notice are recorded as reached (else one landing between two snapshots
 * would tell them apart).
 */
export async function settled(db: Kysely<any>, timeoutMs = 90_000): Promise<void> {
  await caughtUp(db, timeoutMs);
  const schema = (await listGenerations(db, ['active'])).find((g) => g.name === 'deadlines')!.schema;
  await eventually(async () => {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from ${sql.id(schema)}.deadlines d
      where d.kind = 'agreement_expiry' and d.cancelled_at is null and d.dispute_id is not null and d.due_at <= now()
        and not exists (select 1 from events e where e.type = 'deadline_reached' and e.data->>'deadlineId' = d.id)`.execute(db);
    return Number(rows[0]!.n) === 0;
  }, 'the worker to record the expiries reached', timeoutMs);
  await caughtUp(db, timeoutMs);
}
