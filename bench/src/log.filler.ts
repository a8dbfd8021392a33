import type pg from 'pg';
import type { EventStore } from '@app/event-store';
import type { BenchContext } from './bench.types.js';
import { disputeLog, type DisputeLogPlan } from './dispute-log.fixture.js';

export const LOG_WRITERS = 4;

/**
 * Appends the planned log through EventStore.append itself (a few writers, large appends): the
 * store's invariants (versions, the streams table, unique ids, transaction ids) hold by
 * construction, and the rows are what the API would write.
 */
export async function fillLog(ctx: BenchContext, store: EventStore, plan: DisputeLogPlan, label: string): Promise<{ seconds: number }> {
  const appends = disputeLog(plan);
  const began = performance.now();
  let written = 0;
  let reported = began;
  const writer = async () => {
    for (let next = appends.next(); !next.done; next = appends.next()) {
      ctx.signal.throwIfAborted();
      const { streamId, events, expected } = next.value;
      await store.append(streamId, events, expected);
      written += events.length;
      if (performance.now() - reported > 30_000) {
        reported = performance.now();
        ctx.log(`${label}: ${written} of ${plan.events} events appended (${Math.round(written / ((reported - began) / 1000))}/s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: LOG_WRITERS }, writer));
  const seconds = (performance.now() - began) / 1000;
  ctx.log(`${label}: ${written} events (${plan.disputes} disputes, ${plan.agreements} agreements) appended in ${seconds.toFixed(1)} s`);
  return { seconds };
}

/**
 * What autovacuum would have done to a freshly filled log (it may be off on the server), and a
 * fresh checkpoint: the measurements then pay for neither. Returns the seconds it took.
 */
export async function settleLog(ctx: BenchContext, pool: pg.Pool): Promise<number> {
  const began = performance.now();
  await pool.query('vacuum (analyze)');
  try {
    await pool.query('checkpoint');
  } catch (error) {
    ctx.log(`checkpoint refused (${(error as Error).message}); measuring without it`);
  }
  return (performance.now() - began) / 1000;
}
