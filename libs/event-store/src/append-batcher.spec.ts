import { describe, expect, it } from '@jest/globals';
import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import pg from 'pg';
import { AppendBatcher, isServerRefusal, type AppendedRow, type GroupedAppend } from './append-batcher.js';

// What real PostgreSQL cannot be made to do on demand (a socket error, a driver throwing oddities,
// groups of hundreds of megabytes) is played by a stub driver; the rest is in
// test/event-store/append.int-spec.ts against the real server.

/** A Kysely whose every statement goes to `run` (the grouped statements: singles go to the batcher's SingleAppend). */
function stubDb(run: (query: CompiledQuery) => Promise<QueryResult<unknown>>): Kysely<any> {
  const connection: DatabaseConnection = {
    executeQuery: run as DatabaseConnection['executeQuery'],
    streamQuery: () => {
      throw new Error('not used');
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  return new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

const appendTo = (stream: string, payload = '[{}]'): GroupedAppend => ({ streamId: stream, count: 1, payload, expected: null });

/** The appends each grouped statement carried (its one parameter is the group as JSON). */
const appendsIn = (query: CompiledQuery): number => (JSON.parse(query.parameters[0] as string) as unknown[]).length;

/** Singles that answer on the next turn, counting themselves: two in flight, the rest wait and group. */
function countingSingle() {
  const calls: string[] = [];
  const single = async (append: GroupedAppend): Promise<AppendedRow[]> => {
    calls.push(append.streamId);
    await new Promise((resolve) => setImmediate(resolve));
    return [{ event_id: 'e', stream_id: append.streamId, stream_version: 2, global_position: '1' }];
  };
  return { calls, single };
}

/** A batcher whose grouped statements succeed (writing nothing) and record how many appends each carried. */
function recordingGroups() {
  const groups: number[] = [];
  const db = stubDb(async (query) => {
    groups.push(appendsIn(query));
    return { rows: [] };
  });
  return { batcher: new AppendBatcher(db, countingSingle().single), groups };
}

const databaseError = (code: string) => Object.assign(new pg.DatabaseError('refused', 0, 'error'), { code });

describe('isServerRefusal', () => {
  it('given an error the server sent, then a refusal, unless it is about the connection (08) or the server going away (57P)', () => {
    expect(isServerRefusal(databaseError('23505'))).toBe(true);
    expect(isServerRefusal(databaseError('40P01'))).toBe(true);
    expect(isServerRefusal(databaseError('08006'))).toBe(false);
    expect(isServerRefusal(databaseError('57P01'))).toBe(false);
  });

  it("given a socket's own error or anything else, then not a refusal", () => {
    for (const code of ['EPIPE', 'ECONNRESET', 'ETIMEDOUT']) expect(isServerRefusal(Object.assign(new Error(code), { code }))).toBe(false);
    expect(isServerRefusal(undefined)).toBe(false);
    expect(isServerRefusal('23505')).toBe(false);
  });
});

describe('AppendBatcher', () => {
  it('given a socket error on a grouped statement, then every append of the group gets it and none runs again alone', async () => {
    const { calls, single } = countingSingle();
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const batcher = new AppendBatcher(stubDb(() => Promise.reject(epipe)), single);
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((s) => batcher.append(appendTo(s))));
    // a and b went alone at once; c and d waited and went together.
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect(results.slice(2).map((r) => (r as PromiseRejectedResult).reason)).toEqual([epipe, epipe]);
    expect(calls).toEqual(['a', 'b']);
  });

  it('given a server refusal of a grouped statement, then each append of the group runs again alone', async () => {
    const { calls, single } = countingSingle();
    const batcher = new AppendBatcher(stubDb(() => Promise.reject(databaseError('40P01'))), single);
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((s) => batcher.append(appendTo(s))));
    expect(results.map((r) => r.status)).toEqual(Array(4).fill('fulfilled'));
    expect(calls).toEqual(['a', 'b', 'c', 'd']);
  });

  it('given a driver that fails with something odd (not even an Error), then no caller is left waiting', async () => {
    const { single } = countingSingle();
    const batcher = new AppendBatcher(stubDb(() => Promise.reject(undefined)), single);
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((s) => batcher.append(appendTo(s))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    // And the batcher goes on: the slots were given back.
    await expect(batcher.append(appendTo('e'))).resolves.toHaveLength(1);
  });

  it('given big appends, then a group carries at most 16M characters of events (a bigger one goes alone)', async () => {
    const { batcher, groups } = recordingGroups();
    const sixMegabytes = `[${JSON.stringify('x'.repeat(6 * 1024 * 1024))}]`;
    await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((s) => batcher.append(appendTo(s, sixMegabytes))));
    // a and b alone; then c–g in groups of two (12M), the last alone (through the single path).
    expect(groups).toEqual([2, 2]);
  });

  it('given small appends, then up to 64 share a statement', async () => {
    const { batcher, groups } = recordingGroups();
    await Promise.all(Array.from({ length: 2 + 64 + 10 }, (_, i) => batcher.append(appendTo(`s${i}`))));
    expect(groups).toEqual([64, 10]);
  });
});
