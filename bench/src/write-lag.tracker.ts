import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';
import type { ProgressWatcher } from './progress.watcher.js';

/**
 * How long after a write's 201 reached the client every read model announced it: what a reader
 * passing the write's `globalPosition` as `minPosition` waits for. The writes' positions are only
 * noted during the load; their transaction ids (the announcements are ordered by (transaction id,
 * position)) are looked up in one query afterwards, so the lookups do not load the run measured.
 */
export class WriteLagTracker {
  private readonly written: Array<{ position: number; at: number }> = [];

  constructor(private readonly watchers: readonly ProgressWatcher[]) {}

  /** `at`: performance.now() when the answer arrived. */
  written201(position: number, at: number): void {
    this.written.push({ position, at });
  }

  get count(): number {
    return this.written.length;
  }

  /** Sorted lags in ms; throws when some write is not announced `timeoutMs` after the load. */
  async lags(pool: pg.Pool, timeoutMs = 30_000): Promise<number[]> {
    if (this.written.length === 0) return [];
    const { rows } = await pool.query<{ global_position: string; transaction_id: string }>(
      'select global_position, transaction_id from events where global_position = any($1::bigint[])',
      [this.written.map((w) => w.position)],
    );
    const transactions = new Map(rows.map((r) => [Number(r.global_position), r.transaction_id]));
    const lags = Promise.all(
      this.written.map(async ({ position, at }) => {
        const target = { transactionId: transactions.get(position)!, globalPosition: position };
        const each = await Promise.all(this.watchers.map((w) => w.lagOf(target, at)));
        return Math.max(...each);
      }),
    );
    const settled = await Promise.race([lags, delay(timeoutMs).then(() => undefined)]);
    if (!settled) throw new Error(`${Math.max(...this.watchers.map((w) => w.outstanding))} writes were not announced by the read models ${timeoutMs / 1000} s after the load stopped`);
    return settled.sort((a, b) => a - b);
  }
}
