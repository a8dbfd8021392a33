import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { compareCheckpoints, EventsNotifier, EventStore, LOG_START, LogSubscription, readCheckpoint, resetCheckpoint, type RecordedEvent } from '@app/event-store';
import { eventually } from '../support/eventually.js';
import { useTestEnvironment } from '../support/test-environment.js';

const env = useTestEnvironment();
let notifier: EventsNotifier;

beforeAll(async () => {
  await sql`create table applied (event_id uuid primary key, subscriber text not null)`.execute(env.db);
  notifier = new EventsNotifier(env.databaseUrl);
  await notifier.start();
});
afterAll(async () => {
  await notifier.stop();
});

const appliedCount = async (): Promise<number> =>
  Number((await sql<{ n: string }>`select count(*) as n from applied`.execute(env.db)).rows[0]!.n);

describe('LogSubscription', () => {
  it('wakes on NOTIFY: an append is applied without waiting for the poll interval', async () => {
    const store = new EventStore(env.db);
    const sub = new LogSubscription({
      name: 'notify-test',
      db: env.db,
      store,
      notifier,
      pollIntervalMs: 60_000,
      handle: async (events, trx) => {
        for (const e of events) await sql`insert into applied values (${e.id}, 'notify')`.execute(trx);
      },
    });
    sub.start();
    try {
      const before = await appliedCount();
      await store.append(`n-${randomUUID()}`, [{ type: 'x', data: {} }]);
      await eventually(async () => (await appliedCount()) === before + 1, 'the notified event', 20_000);
    } finally {
      await sub.stop();
    }
  });

  it('resumes from its checkpoint after being killed mid-batch: every event applied exactly once', async () => {
    const store = new EventStore(env.db);
    await sql`truncate applied`.execute(env.db);
    const name = `resume-${randomUUID()}`;
    // Start after whatever earlier tests appended.
    let end = LOG_START;
    for (let batch = await store.readAll(end); batch.events.length; batch = await store.readAll(end)) end = batch.checkpoint;
    await resetCheckpoint(env.db, name, end);
    const start = await readCheckpoint(env.db, name);
    for (let i = 0; i < 30; i++) await store.append(`r-${i % 3}`, [{ type: 'r', data: { i } }]);

    let batches = 0;
    let stuck!: () => void;
    const isStuck = new Promise<void>((resolve) => (stuck = resolve));
    let backendPid = 0;
    let kill!: () => void;
    const killed = new Promise<void>((resolve) => (kill = resolve));
    const errors: unknown[] = [];
    const first = new LogSubscription({
      name,
      db: env.db,
      store,
      batchSize: 7,
      pollIntervalMs: 50,
      handle: async (events: RecordedEvent[], trx) => {
        batches += 1;
        for (const e of events) await sql`insert into applied values (${e.id}, 'first')`.execute(trx);
        if (batches === 3) {
          backendPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
          stuck();
          await killed;
          await sql`select 1`.execute(trx); // its connection is gone: the batch dies here
        }
      },
      onError: (e) => errors.push(e),
    });
    first.start();
    await isStuck;
    // Kill it: its connection goes, its open transaction (batch 3 and its checkpoint move) rolls back.
    await sql`select pg_terminate_backend(${backendPid})`.execute(env.db);
    kill();
    await eventually(async () => errors.length > 0, 'the first subscriber to fail');
    await first.stop();

    // The two committed batches are applied, the killed one is not: the checkpoint says exactly that.
    const afterKill = await readCheckpoint(env.db, name);
    expect(afterKill).not.toEqual(start);
    let covered = 0;
    for (let from = start; ; ) {
      const batch = await store.readAll(from, 1000);
      const upTo = batch.events.filter((e) => compareCheckpoints(e, afterKill) <= 0);
      covered += upTo.length;
      if (upTo.length < batch.events.length || batch.events.length === 0) break;
      from = batch.checkpoint;
    }
    expect(await appliedCount()).toBe(covered);
    expect(covered).toBeGreaterThan(0);
    expect(covered).toBeLessThan(30);

    const second = new LogSubscription({
      name,
      db: env.db,
      store,
      batchSize: 7,
      pollIntervalMs: 50,
      handle: async (events, trx) => {
        for (const e of events) await sql`insert into applied values (${e.id}, 'second')`.execute(trx);
      },
    });
    second.start();
    try {
      await eventually(async () => (await appliedCount()) === 30, 'all 30 events');
    } finally {
      await second.stop();
    }
    const rows = (await sql<{ subscriber: string; n: string }>`select subscriber, count(*) as n from applied group by subscriber order by subscriber`.execute(env.db)).rows;
    expect(rows).toEqual([
      { subscriber: 'first', n: String(covered) },
      { subscriber: 'second', n: String(30 - covered) },
    ]);
  });
});
