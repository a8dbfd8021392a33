import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { EventStore, LOG_START, type LogCheckpoint, type RecordedEvent } from '@app/event-store';
import { eventually } from '../support/eventually.js';
import { useTestEnvironment } from '../support/test-environment.js';

const env = useTestEnvironment();

/** Follows the log to the end as a projector would, collecting what it sees. */
async function readToEnd(store: EventStore, from: LogCheckpoint, seen: RecordedEvent[]): Promise<LogCheckpoint> {
  let checkpoint = from;
  for (;;) {
    const batch = await store.readAll(checkpoint, 37);
    if (batch.events.length === 0) return checkpoint;
    seen.push(...batch.events);
    checkpoint = batch.checkpoint;
  }
}

describe('EventStore.readAll (gap-safe global order)', () => {
  it('never skips a transaction that commits after later ones: 8 writers, one held open', async () => {
    const store = new EventStore(env.db);
    const seen: RecordedEvent[] = [];
    let checkpoint = LOG_START;

    // A transaction appends and stays open while the other writers commit after it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let heldAppended!: () => void;
    const heldHasAppended = new Promise<void>((resolve) => (heldAppended = resolve));
    const held = env.db.transaction().execute(async (trx) => {
      await new EventStore(trx).append(`held-${randomUUID()}`, [{ type: 'held', data: { held: true } }]);
      heldAppended();
      await released;
    });
    await heldHasAppended;

    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 25; i++) {
        await store.append(`writer-${w}`, [{ type: 'written', data: { w, i } }, { type: 'written', data: { w, i, second: true } }]);
      }
    });
    // Read while they write: the held transaction's position is lower than theirs.
    const reading = (async () => {
      for (let round = 0; round < 20; round++) checkpoint = await readToEnd(store, checkpoint, seen);
    })();
    await Promise.all([...writers, reading]);
    checkpoint = await readToEnd(store, checkpoint, seen);
    // Nothing past the open transaction was handed out, so nothing can be skipped when it commits.
    expect(seen.some((e) => e.type === 'held')).toBe(false);
    expect(seen).toHaveLength(0);

    release();
    await held;
    // Other test files share the cluster, and their open transactions hold reads back for a moment.
    await eventually(async () => {
      checkpoint = await readToEnd(store, checkpoint, seen);
      return seen.length >= 1 + 8 * 25 * 2;
    }, 'every event');

    expect(seen).toHaveLength(1 + 8 * 25 * 2);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen[0]!.type).toBe('held');
    const total = await env.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(seen).toHaveLength(Number(total.n));
    // Within one stream the log order is the stream order.
    for (let w = 0; w < 8; w++) {
      const versions = seen.filter((e) => e.streamId === `writer-${w}`).map((e) => e.streamVersion);
      expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    }
  });

  it('reads from a checkpoint onwards and reports the last event as the next checkpoint', async () => {
    const store = new EventStore(env.db);
    const start = await readToEnd(store, LOG_START, []);
    await store.append(`s-${randomUUID()}`, [{ type: 'a', data: 1 }, { type: 'b', data: 2 }, { type: 'c', data: 3 }]);
    await eventually(async () => (await store.readAll(start, 10)).events.length === 3, 'the three events');
    const first = await store.readAll(start, 2);
    expect(first.events.map((e) => e.type)).toEqual(['a', 'b']);
    expect(first.checkpoint).toEqual({ transactionId: first.events[1]!.transactionId, globalPosition: first.events[1]!.globalPosition });
    const second = await store.readAll(first.checkpoint, 2);
    expect(second.events.map((e) => e.type)).toEqual(['c']);
    const empty = await store.readAll(second.checkpoint, 2);
    expect(empty).toEqual({ events: [], checkpoint: second.checkpoint });
  });

  it('sends only the data a follower selects: whole for its types, the named keys of the others', async () => {
    const store = new EventStore(env.db);
    const start = await readToEnd(store, LOG_START, []);
    const metadata = { recordedBy: 'analyst:test', correlationId: randomUUID() };
    await store.append(`s-${randomUUID()}`, [
      { type: 'whole', data: { agreementId: 'a-1', note: 'kept' }, metadata },
      { type: 'slim', data: { agreementId: 'a-2', note: 'dropped', nested: { agreementId: 'x' } }, metadata },
      { type: 'slim', data: { note: 'no key at all' }, metadata },
    ]);
    await eventually(async () => (await store.readAll(start, 10)).events.length === 3, 'the three events');
    const full = await store.readAll(start, 10);
    const slim = await store.readAll(start, 10, { wholeDataOf: ['whole'], keysOfOthers: ['agreementId', 'developmentId'] });
    expect(slim.checkpoint).toEqual(full.checkpoint);
    expect(slim.events.map((e) => e.data)).toEqual([{ agreementId: 'a-1', note: 'kept' }, { agreementId: 'a-2' }, {}]);
    expect(slim.events.map((e) => e.metadata)).toEqual([full.events[0]!.metadata, {}, {}]);
    // Everything but data and metadata is as the full read gives it.
    const rest = (events: RecordedEvent[]) => events.map(({ data, metadata, ...others }) => others);
    expect(rest(slim.events)).toEqual(rest(full.events));
  });
});
