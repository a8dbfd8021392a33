import { setTimeout as delay } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { LogCheckpoint } from '@app/event-store';
import { checkpointName, listGenerations } from '@app/projections';
import type { BenchContext } from './bench.types.js';
import { SupervisorThread } from './supervisor.thread.js';

/** A catch-up whose checkpoints stop moving this long is broken, not slow. */
const STALL_MS = 120_000;

export interface CaughtUp {
  seconds: number;
  /** Schema of each projection's active generation: where the api's reads go. */
  schemas: Record<string, string>;
}

/**
 * Runs the worker's projection runtime (every projection, on a thread of its own) until each active
 * generation's checkpoint is at the log's end, then stops it, so the measurements that follow run
 * on a quiet machine. Stopping and starting again resumes from the checkpoints, as a redeploy does.
 */
export async function catchUpReadModels(ctx: BenchContext, pool: pg.Pool, db: Kysely<any>, batchSize: number, label: string): Promise<CaughtUp> {
  const end = await logEnd(pool);
  const errors: string[] = [];
  const supervisor = new SupervisorThread({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, batchSize, only: [] }, (message) => {
    if (errors.push(message) <= 3) ctx.log(message);
  });
  const began = performance.now();
  try {
    await supervisor.ready();
    await supervisor.start();
    const generations = (await listGenerations(db)).filter((g) => g.status === 'active');
    const names = generations.map((g) => checkpointName(g.name, g.generation));
    let positions = '';
    let movedAt = performance.now();
    let reportedAt = movedAt;
    for (;;) {
      ctx.signal.throwIfAborted();
      const { rows } = await pool.query<{ name: string; global_position: string; done: boolean }>(
        `select name, global_position, (transaction_id, global_position) >= ($2::xid8, $3::bigint) as done
         from projection_checkpoints where name = any($1::text[])`,
        [names, end.transactionId, end.globalPosition],
      );
      if (rows.length === names.length && rows.every((r) => r.done)) break;
      const now = performance.now();
      const current = rows.map((r) => r.global_position).join(',');
      if (current !== positions) [positions, movedAt] = [current, now];
      else if (now - movedAt > STALL_MS) throw new Error(`the projections stopped short of the log's end${errors.length ? `: ${errors.at(-1)}` : ''}`);
      if (now - reportedAt > 30_000) {
        reportedAt = now;
        ctx.log(`${label}: ${rows.map((r) => `${r.name} ${Math.round((Number(r.global_position) / end.globalPosition) * 100)}%`).join(', ')}`);
      }
      await delay(250);
    }
    const seconds = (performance.now() - began) / 1000;
    ctx.log(`${label}: read models caught up in ${seconds.toFixed(1)} s`);
    return { seconds, schemas: Object.fromEntries(generations.map((g) => [g.name, g.schema])) };
  } finally {
    await supervisor.stop();
  }
}

/** The last event of the gap-safe order. */
export async function logEnd(pool: pg.Pool): Promise<LogCheckpoint> {
  const { rows } = await pool.query<{ transaction_id: string; global_position: string }>(
    'select transaction_id, global_position from events order by transaction_id desc, global_position desc limit 1',
  );
  return { transactionId: rows[0]!.transaction_id, globalPosition: Number(rows[0]!.global_position) };
}
