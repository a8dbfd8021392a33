import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { ConcurrencyError, EventStore, IdempotencyConflictError, type NewEvent } from '@app/event-store';
import { useTestEnvironment } from '../support/test-environment.js';

const env = useTestEnvironment();
const store = () => new EventStore(env.db);
const event = (n: number, extra: Partial<NewEvent> = {}): NewEvent => ({ type: 'thing_happened', data: { n }, ...extra });
const streamName = () => `test-${randomUUID()}`;

describe('EventStore.append', () => {
  it('appends a batch with contiguous versions and increasing global positions', async () => {
    const stream = streamName();
    const result = await store().append(stream, [event(1), event(2), event(3)], 'no_stream');
    expect(result.version).toBe(3);
    expect(result.events.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    const positions = result.events.map((e) => e.globalPosition);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(result.globalPosition).toBe(positions[2]);

    const read = await store().readStream(stream);
    expect(read.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(read[0]!.transactionId).toMatch(/^\d+$/);
  });

  it('stores id, type, schema version, metadata and both times', async () => {
    const stream = streamName();
    const id = randomUUID();
    const occurredAt = new Date('2019-08-22T00:00:00Z');
    await store().append(stream, [
      { id, type: 'agreement_non_renewal', schemaVersion: 2, data: { a: 1 }, occurredAt, metadata: { correlationId: 'c1', causationId: 'k1', recordedBy: 'analyst' } },
    ]);
    const [read] = await store().readStream(stream);
    expect(read).toMatchObject({
      id,
      streamId: stream,
      streamVersion: 1,
      type: 'agreement_non_renewal',
      schemaVersion: 2,
      data: { a: 1 },
      metadata: { correlationId: 'c1', causationId: 'k1', recordedBy: 'analyst' },
      occurredAt,
    });
    expect(Math.abs(read!.recordedAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  describe('expected version', () => {
    it('no_stream: accepted for a new stream, refused once it exists', async () => {
      const stream = streamName();
      await expect(store().append(stream, [event(1)], 'no_stream')).resolves.toMatchObject({ version: 1 });
      await expect(store().append(stream, [event(2)], 'no_stream')).rejects.toMatchObject({ name: 'ConcurrencyError', actualVersion: 1 });
    });

    it('stream_exists: refused for a new stream, accepted once it exists', async () => {
      const stream = streamName();
      await expect(store().append(stream, [event(1)], 'stream_exists')).rejects.toMatchObject({ actualVersion: 0 });
      await store().append(stream, [event(1)]);
      await expect(store().append(stream, [event(2)], 'stream_exists')).resolves.toMatchObject({ version: 2 });
    });

    it('exact: accepted at that version only; 0 means no stream', async () => {
      const stream = streamName();
      await expect(store().append(stream, [event(1)], 1)).rejects.toMatchObject({ actualVersion: 0 });
      await expect(store().append(stream, [event(1)], 0)).resolves.toMatchObject({ version: 1 });
      await expect(store().append(stream, [event(2), event(3)], 1)).resolves.toMatchObject({ version: 3 });
      const refused = await store().append(stream, [event(4)], 1).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConcurrencyError);
      expect(refused).toMatchObject({ streamId: stream, expected: 1, actualVersion: 3 });
    });

    it('any: accepted whatever the version', async () => {
      const stream = streamName();
      await store().append(stream, [event(1)], 'any');
      await expect(store().append(stream, [event(2)], 'any')).resolves.toMatchObject({ version: 2 });
    });

    it('a refused append draws no sequence number and writes nothing', async () => {
      const stream = streamName();
      await store().append(stream, [event(1)]);
      const lastValue = async () =>
        Number((await sql<{ last_value: string }>`select last_value from events_global_position_seq`.execute(env.db)).rows[0]!.last_value);
      const before = await lastValue();
      await expect(store().append(stream, [event(2), event(3)], 5)).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store().append(stream, [event(2)], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await lastValue()).toBe(before);
      expect(await store().readStream(stream)).toHaveLength(1);
    });
  });

  it('50 concurrent appends at the same expected version: one wins, 49 typed conflicts, nothing lost', async () => {
    const stream = streamName();
    await store().append(stream, [event(0)]);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => store().append(stream, [event(i + 1)], 1)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(ConcurrencyError);
      expect((r.reason as ConcurrencyError).actualVersion).toBe(2);
    }
    const events = await store().readStream(stream);
    expect(events.map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('50 concurrent appends with any: all land, versions contiguous', async () => {
    const stream = streamName();
    await Promise.all(Array.from({ length: 50 }, (_, i) => store().append(stream, [event(i), event(i + 1000)], 'any')));
    const events = await store().readStream(stream);
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => (e.data as { n: number }).n)).size).toBe(100);
    expect(await store().streamVersion(stream)).toBe(100);
  });

  describe('idempotency', () => {
    it('re-appending the same ids and content returns the first result and appends nothing', async () => {
      const stream = streamName();
      const batch = [event(1, { id: randomUUID() }), event(2, { id: randomUUID() })];
      const first = await store().append(stream, batch, 'no_stream');
      // Retried with a stale expected version and with "any": both answer as the first time.
      const again = await store().append(stream, batch, 'no_stream');
      const anyAgain = await store().append(stream, batch, 'any');
      for (const replay of [again, anyAgain]) {
        expect(replay.idempotentReplay).toBe(true);
        expect(replay.events).toEqual(first.events);
        expect(replay.version).toBe(first.version);
      }
      expect(await store().readStream(stream)).toHaveLength(2);
      expect(await store().streamVersion(stream)).toBe(2);
    });

    it('concurrent retries of one append store it once', async () => {
      const stream = streamName();
      const batch = [event(1, { id: randomUUID() })];
      const results = await Promise.all(Array.from({ length: 10 }, () => store().append(stream, batch, 'any')));
      expect(results.filter((r) => !r.idempotentReplay)).toHaveLength(1);
      expect(new Set(results.map((r) => r.globalPosition)).size).toBe(1);
      expect(await store().readStream(stream)).toHaveLength(1);
    });

    it('a used id with other content is an error and appends nothing', async () => {
      const stream = streamName();
      const id = randomUUID();
      await store().append(stream, [event(1, { id })]);
      await expect(store().append(stream, [event(2, { id })])).rejects.toBeInstanceOf(IdempotencyConflictError);
      await expect(store().append(streamName(), [event(1, { id })])).rejects.toBeInstanceOf(IdempotencyConflictError);
      await expect(store().append(stream, [event(3), event(1, { id })])).rejects.toBeInstanceOf(IdempotencyConflictError);
      expect(await store().readStream(stream)).toHaveLength(1);
    });
  });

  describe('group commit (appends to existing streams, outside a transaction)', () => {
    /** Streams that exist, at version 1. */
    const existing = async (count: number) => {
      const streams = Array.from({ length: count }, streamName);
      for (const stream of streams) await store().append(stream, [event(0)], 'no_stream');
      return streams;
    };

    it('given many appends at once, then they share statements, and each lands whole, in order per stream, against its own version', async () => {
      const streams = await existing(40);
      // Per stream, in this order: 3 events (stream_exists); 2 more at exact version 4; one at a wrong version.
      const appends = streams.flatMap((stream, s) => [
        { stream, run: () => store().append(stream, [event(s * 10 + 1), event(s * 10 + 2), event(s * 10 + 3)], 'stream_exists') },
        { stream, run: () => store().append(stream, [event(s * 10 + 4), event(s * 10 + 5)], 4) },
        { stream, run: () => store().append(stream, [event(s * 10 + 6)], 2) },
      ]);
      const results = await Promise.allSettled(appends.map((a) => a.run()));
      for (let i = 0; i < appends.length; i++) {
        const result = results[i]!;
        if (i % 3 === 2) {
          expect(result.status).toBe('rejected');
          expect((result as PromiseRejectedResult).reason).toMatchObject({ expected: 2, actualVersion: 6 });
        } else {
          expect(result.status).toBe('fulfilled');
        }
      }
      const versions = results.map((r) => (r.status === 'fulfilled' ? r.value.events.map((e) => e.streamVersion) : null));
      expect(versions.filter((_, i) => i % 3 === 0)).toEqual(streams.map(() => [2, 3, 4]));
      expect(versions.filter((_, i) => i % 3 === 1)).toEqual(streams.map(() => [5, 6]));
      const transactions = new Set<string>();
      for (const [s, stream] of streams.entries()) {
        const read = await store().readStream(stream);
        expect(read.map((e) => (e.data as { n: number }).n)).toEqual([0, s * 10 + 1, s * 10 + 2, s * 10 + 3, s * 10 + 4, s * 10 + 5]);
        for (const e of read.slice(1)) transactions.add(e.transactionId);
      }
      // 80 appends committed in far fewer transactions: they were grouped.
      expect(transactions.size).toBeLessThan(40);
    });

    it('given a group with an append whose event id is taken, then that append alone is refused (or replayed) and the others land', async () => {
      const streams = await existing(12);
      const taken = randomUUID();
      const replayed = randomUUID();
      await store().append(streams[0]!, [event(100, { id: taken })], 'stream_exists');
      const first = await store().append(streams[1]!, [event(101, { id: replayed })], 'stream_exists');
      // The two odd ones go last: the first appends fill the statements in flight, the rest wait and go together.
      const results = await Promise.allSettled([
        ...streams.slice(2).map((stream, i) => store().append(stream, [event(i)], 'stream_exists')),
        store().append(streams[0]!, [event(999, { id: taken })], 'stream_exists'),
        store().append(streams[1]!, [event(101, { id: replayed })], 'stream_exists'),
      ]);
      expect(results.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill('fulfilled'));
      expect((results[10] as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyConflictError);
      expect((results[11] as PromiseFulfilledResult<{ idempotentReplay: boolean }>).value).toMatchObject({ idempotentReplay: true, globalPosition: first.globalPosition });
      for (const stream of streams.slice(2)) expect(await store().streamVersion(stream)).toBe(2);
      expect(await store().streamVersion(streams[0]!)).toBe(2);
      expect(await store().streamVersion(streams[1]!)).toBe(2);
    });

    it('given appends inside a transaction, then they are not grouped: they commit or roll back with it', async () => {
      const [stream] = await existing(1);
      await expect(
        env.db.transaction().execute(async (trx) => {
          await new EventStore(trx).append(stream!, [event(1)], 'stream_exists');
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await store().streamVersion(stream!)).toBe(1);
    });
  });

  it('refuses an empty batch, a malformed id and an id twice in one batch before touching the database', async () => {
    const stream = streamName();
    const id = randomUUID();
    await expect(store().append(stream, [])).rejects.toBeInstanceOf(RangeError);
    await expect(store().append(stream, [event(1, { id: 'not-a-uuid' })])).rejects.toBeInstanceOf(RangeError);
    await expect(store().append(stream, [event(1, { id }), event(2, { id: id.toUpperCase() })])).rejects.toThrow('an event id appears twice in one append');
    expect(await store().streamVersion(stream)).toBe(0);
  });
});
