import { describe, expect, it } from '@jest/globals';
import { ViewCache } from './view-cache.js';

const dispute = (version = 26) => ({ id: 'jp-kr-2019', version, measures: [{ id: 'm1', items: ['photoresist'] }] });

/** A cache on a clock the test moves, and a computation whose answers the test releases. */
function setup() {
  let now = 0;
  const cache = new ViewCache(1_000, 5_000, () => now);
  let calls = 0;
  const pending: Array<(value: ReturnType<typeof dispute>) => void> = [];
  const compute = () => {
    calls++;
    return new Promise<ReturnType<typeof dispute>>((resolve) => pending.push(resolve));
  };
  const read = () => cache.get('dispute:jp-kr-2019', ['disputes:jp-kr-2019'], compute);
  return {
    cache,
    compute,
    read,
    calls: () => calls,
    release: async (version: number) => {
      pending.shift()!(dispute(version));
      await new Promise((r) => setImmediate(r));
    },
    at: (ms: number) => void (now = ms),
  };
}

describe('ViewCache', () => {
  it('hands out frozen views, the same one while fresh', async () => {
    const cache = new ViewCache();
    const view = await cache.get('dispute:jp-kr-2019', ['disputes:jp-kr-2019'], async () => dispute());
    expect(Object.isFrozen(view)).toBe(true);
    expect(Object.isFrozen(view.measures[0])).toBe(true);
    expect(await cache.get('dispute:jp-kr-2019', [], async () => dispute(0))).toBe(view);
  });

  it('given an entry past its freshness, then readers get the old answer while one refresh runs, and the new one after', async () => {
    const c = setup();
    const first = c.read();
    await c.release(1);
    c.at(1_200);
    expect((await Promise.all([c.read(), c.read(), c.read()])).map((v) => v.version)).toEqual([1, 1, 1]);
    expect(c.calls()).toBe(2);
    await c.release(2);
    expect((await c.read()).version).toBe(2);
    expect(c.calls()).toBe(2);
    expect(await first).toMatchObject({ version: 1 });
  });

  it('kept: answers what get would without computing: nothing on a miss or past the stale window, one refresh when stale', async () => {
    const c = setup();
    const kept = () => c.cache.kept('dispute:jp-kr-2019', c.compute);
    expect(kept()).toBeUndefined();
    expect(c.calls()).toBe(0);
    const first = c.read();
    expect(kept()).toBe(first); // still computing: the same promise
    await c.release(1);
    expect(await kept()).toMatchObject({ version: 1 });
    c.at(1_500);
    expect(await kept()).toMatchObject({ version: 1 });
    expect(c.calls()).toBe(2); // the refresh
    await c.release(2);
    expect(await kept()).toMatchObject({ version: 2 });
    c.at(10_000);
    expect(kept()).toBeUndefined();
    expect(c.calls()).toBe(2);
    c.cache.invalidate('disputes:jp-kr-2019');
    expect(kept()).toBeUndefined();
  });

  it('given tags read off the answer, then until it is computed the broad ones drop it, after that only its own, through refreshes too', async () => {
    let now = 0;
    const cache = new ViewCache(1_000, 5_000, () => now);
    let calls = 0;
    const pending: Array<() => void> = [];
    const compute = () => (calls++, new Promise<{ agreementIds: string[] }>((resolve) => pending.push(() => resolve({ agreementIds: ['a1'] }))));
    const tags = { whileComputing: ['disputes:d', 'agreements'], of: (line: { agreementIds: string[] }) => ['disputes:d', ...line.agreementIds.map((a) => `agreements:${a}`)] };
    const read = () => cache.get('line:d', tags, compute);
    const settle = async () => {
      pending.shift()!();
      await new Promise((r) => setImmediate(r));
    };

    const first = read();
    cache.invalidate('agreements'); // a change while it is computed
    await settle();
    await first;
    read();
    expect(calls).toBe(2);
    await settle();
    cache.invalidate('agreements');
    cache.invalidate('agreements:a2');
    read();
    expect(calls).toBe(2); // not its agreements: kept
    now = 1_500;
    read(); // stale: refreshed
    expect(calls).toBe(3);
    await settle();
    cache.invalidate('agreements');
    read();
    expect(calls).toBe(3);
    cache.invalidate('agreements:a1');
    read();
    expect(calls).toBe(4);
  });

  it('given a freshness read off the answer, then each answer stays fresh as long as it says', async () => {
    let now = 0;
    const cache = new ViewCache(1_000, 5_000, () => now);
    let calls = 0;
    // Each answer holds until 10 s after the one before: the first until 10,000, the second until 20,000.
    const compute = async () => ({ calls: ++calls, steadyUntil: calls * 10_000 });
    const read = () => cache.get('dispute-summary:jp-kr-2019', [], compute, (value, at) => value.steadyUntil - at);
    expect(await read()).toMatchObject({ calls: 1 });
    now = 9_999;
    expect(await read()).toMatchObject({ calls: 1 });
    now = 10_000;
    // Past it: the old answer once more while the refresh runs, then the new one, until its own end.
    expect(await read()).toMatchObject({ calls: 1 });
    await new Promise((r) => setImmediate(r));
    now = 19_999;
    expect(await read()).toMatchObject({ calls: 2 });
    expect(calls).toBe(2);
  });

  it('given an entry nobody read for two lifetimes, then the reader waits for a fresh answer', async () => {
    const c = setup();
    c.read();
    await c.release(1);
    c.at(2_500);
    const read = c.read();
    expect(c.calls()).toBe(2);
    await c.release(2);
    expect((await read).version).toBe(2);
  });

  it('given a change reported while a refresh runs, then the refresh does not bring the old answer back', async () => {
    const c = setup();
    c.read();
    await c.release(1);
    c.at(1_200);
    await c.read(); // starts a refresh that read before the change
    c.cache.invalidate('disputes:jp-kr-2019');
    const afterChange = c.read(); // computed afresh
    await c.release(2); // the old refresh lands
    await c.release(3);
    expect((await afterChange).version).toBe(3);
    expect((await c.read()).version).toBe(3);
    expect(c.calls()).toBe(3);
  });

  it('given a failed refresh, then the old answer stays until the next reader tries again', async () => {
    let now = 0;
    const cache = new ViewCache(1_000, 5_000, () => now);
    let fail = false;
    let version = 0;
    const read = () => cache.get('k', [], async () => (fail ? Promise.reject(new Error('database away')) : dispute(++version)));
    expect((await read()).version).toBe(1);
    now = 1_100;
    fail = true;
    expect((await read()).version).toBe(1);
    await new Promise((r) => setImmediate(r));
    fail = false;
    expect((await read()).version).toBe(1); // this read starts the next refresh
    await new Promise((r) => setImmediate(r));
    expect((await read()).version).toBe(2);
  });
});

describe('ViewCache, full', () => {
  it('makes room by dropping its oldest entry, not all of them', async () => {
    const cache = new ViewCache(1_000, 3);
    let computed = 0;
    const read = (key: string) => cache.get(key, [], async () => ({ key, n: ++computed }));
    for (const key of ['a', 'b', 'c', 'd']) await read(key);
    expect(computed).toBe(4);
    await read('c');
    await read('d');
    expect(computed).toBe(4);
    await read('a');
    expect(computed).toBe(5);
  });

  it('given entries weighed by their rows, then the oldest make room for a heavy one, and a refresh reweighs its entry', async () => {
    let now = 0;
    const cache = new ViewCache(1_000, 10, () => now, (rows) => (rows as unknown[]).length);
    let computed = 0;
    const read = (key: string, size: number) => cache.get(key, [], async () => (computed++, Array.from({ length: size }, (_, i) => i)));
    await read('a', 4);
    await read('b', 4);
    await read('c', 4); // 12 > 10: a goes
    expect(computed).toBe(3);
    await read('b', 4);
    await read('c', 4);
    expect(computed).toBe(3);
    await read('a', 4);
    expect(computed).toBe(4); // a was dropped; now b went for it
    now = 1_500; // c is stale: its refresh brings 9 rows, so a and c (13) leave room for nothing older
    await read('c', 9);
    await new Promise((r) => setImmediate(r));
    expect(await read('c', 9)).toHaveLength(9);
    await read('a', 4);
    expect(computed).toBe(6); // a was dropped to make room for c's 9 rows
  });

  it('given an answer heavier than the whole capacity, then it is handed out but not kept, and the others stay', async () => {
    const cache = new ViewCache(1_000, 10, Date.now, (rows) => (rows as unknown[]).length);
    let computed = 0;
    const read = (key: string, size: number) => cache.get(key, [], async () => (computed++, Array.from({ length: size }, (_, i) => i)));
    await read('a', 4);
    await read('b', 4);
    expect(await read('huge', 11)).toHaveLength(11);
    await read('a', 4);
    await read('b', 4);
    expect(computed).toBe(3);
    await read('huge', 11);
    expect(computed).toBe(4);
  });

  it('counts an answer fresh from when it was computed, not from when it was asked for', async () => {
    let now = 0;
    const cache = new ViewCache(1_000, 100, () => now);
    let release!: () => void;
    let started = 0;
    const compute = () => {
      started++;
      return new Promise<{ n: number }>((resolve) => (release = () => resolve({ n: started })));
    };
    const first = cache.get('slow', [], compute);
    now = 5_000; // it waited its turn this long
    release();
    await first;
    now = 5_900;
    await cache.get('slow', [], compute);
    expect(started).toBe(1);
  });
});

describe('ViewCache, invalidation', () => {
  it('drops exactly the entries that carry the tag, however they came and went', async () => {
    const cache = new ViewCache(1_000, 3);
    let computed = 0;
    const read = (key: string, tags: string[]) => cache.get(key, tags, async () => ({ key, n: ++computed }));
    await read('dispute:a', ['disputes:a', 'agreements']);
    await read('dispute:b', ['disputes:b', 'agreements']);
    await read('agreement:g', ['agreements:g']);
    await read('dispute:c', ['disputes:c']); // full: dispute:a makes room
    cache.invalidate('disputes:a'); // no longer there: nothing else goes
    await read('dispute:b', []);
    await read('agreement:g', []);
    expect(computed).toBe(4);
    cache.invalidate('agreements');
    await read('agreement:g', []);
    await read('dispute:c', []);
    expect(computed).toBe(4);
    await read('dispute:b', ['disputes:b']);
    expect(computed).toBe(5);
    cache.invalidate('disputes:c');
    await read('dispute:c', []);
    expect(computed).toBe(6);
  });
});
