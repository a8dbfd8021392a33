import { createKysely, createPool } from '@app/database';
import { EventStore } from '@app/event-store';
import type pg from 'pg';
import type { BenchContext, BenchResults, BenchSuite } from './bench.types.js';
import { percentile, runClosedLoop, type LoadOutcome } from './closed-loop.runner.js';
import { developments } from './development.fixture.js';
import { createRawEventsTable, rawInserter } from './raw-events.baseline.js';

interface Shape {
  name: string;
  writers: number;
  eventsPerAppend: number;
  raw: string;
}

const SHAPES: readonly Shape[] = [
  { name: 'append.single', writers: 16, eventsPerAppend: 1, raw: 'single-row INSERTs' },
  { name: 'append.batch', writers: 4, eventsPerAppend: 100, raw: '100-row INSERTs (one statement, bind parameters)' },
];

/**
 * EventStore.append against raw INSERTs of the same rows, in the same run and database, so the
 * ratio is free of machine-to-machine noise.
 */
export const appendSuite: BenchSuite = {
  name: 'append',
  async run(ctx) {
    // One connection per writer: a writer never waits for the pool, only for the server.
    const pool = createPool(ctx.databaseUrl, { max: Math.max(...SHAPES.map((s) => s.writers)), applicationName: 'dispute-tracker-bench' });
    const db = createKysely(pool);
    try {
      const store = new EventStore(db);
      await createRawEventsTable(pool);
      const results: BenchResults = {};
      for (const shape of SHAPES) {
        const raw = await measure(ctx, pool, shape, 'raw', (writer) => {
          const insert = rawInserter(pool, `raw-${shape.name}-${writer}`);
          let sequence = 0;
          return () => insert(developments(shape.eventsPerAppend, (sequence += shape.eventsPerAppend)));
        });
        const ours = await measure(ctx, pool, shape, 'EventStore', (writer) => {
          const streamId = `${shape.name}-${writer}`;
          let sequence = 0;
          return () => store.append(streamId, developments(shape.eventsPerAppend, (sequence += shape.eventsPerAppend)), 'any');
        });
        Object.assign(results, report(ctx, shape, ours, raw));
      }
      return results;
    } finally {
      await db.destroy();
    }
  },
};

async function measure(
  ctx: BenchContext,
  pool: pg.Pool,
  shape: Shape,
  label: string,
  operationFor: (writer: number) => () => Promise<unknown>,
): Promise<LoadOutcome> {
  await checkpoint(ctx, pool);
  const outcome = await runClosedLoop(
    { writers: shape.writers, warmupMs: ctx.warmupSeconds * 1000, measureMs: ctx.measureSeconds * 1000, signal: ctx.signal },
    operationFor,
  );
  ctx.log(
    `${shape.name} ${label}: ${Math.round(outcome.perSecond * shape.eventsPerAppend)} events/s, ` +
      `p50 ${percentile(outcome.latenciesMs, 50).toFixed(2)} ms, p99 ${percentile(outcome.latenciesMs, 99).toFixed(2)} ms`,
  );
  return outcome;
}

/** Starts each measurement on a fresh checkpoint: otherwise whichever runs when one falls due pays for it. */
async function checkpoint(ctx: BenchContext, pool: pg.Pool): Promise<void> {
  try {
    await pool.query('checkpoint');
  } catch (error) {
    ctx.log(`checkpoint refused (${(error as Error).message}); measuring without it`);
  }
}

function report(ctx: BenchContext, shape: Shape, ours: LoadOutcome, raw: LoadOutcome): BenchResults {
  const oursRate = Math.round(ours.perSecond * shape.eventsPerAppend);
  const rawRate = Math.round(raw.perSecond * shape.eventsPerAppend);
  const ms = (outcome: LoadOutcome, p: number) => Math.round(percentile(outcome.latenciesMs, p) * 100) / 100;
  const per = `per append of ${shape.eventsPerAppend} event${shape.eventsPerAppend === 1 ? '' : 's'}, ${shape.writers} writers`;
  return {
    [shape.name]: {
      value: oursRate,
      unit: 'events/s',
      baseline: rawRate,
      ratio: Math.round((oursRate / rawRate) * 1000) / 1000,
      note:
        `${shape.writers} writers on distinct streams, ${shape.eventsPerAppend} event(s) per EventStore.append (expected 'any'), ` +
        `${ctx.measureSeconds} s after ${ctx.warmupSeconds} s warm-up; baseline: plain pg ${shape.raw} at the same concurrency ` +
        `into raw_events (LIKE events: same columns, defaults, checks, indexes), without the streams upsert, ` +
        `RETURNING and the coalesced NOTIFY our appender sends after commit`,
    },
    [`${shape.name}.p50`]: { value: ms(ours, 50), unit: 'ms', baseline: ms(raw, 50), note: `${per}; baseline: raw INSERT` },
    [`${shape.name}.p99`]: { value: ms(ours, 99), unit: 'ms', baseline: ms(raw, 99), note: `${per}; baseline: raw INSERT` },
  };
}
