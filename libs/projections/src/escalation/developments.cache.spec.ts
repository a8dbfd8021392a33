import { describe, expect, it } from '@jest/globals';
import type { KnownDevelopment } from '../timeline/timeline.reader.js';
import { DevelopmentsCache } from './developments.cache.js';

const list = (n: number, tag = 'd') => Array.from({ length: n }, (_, i) => ({ eventId: `${tag}-${i}` }) as unknown as KnownDevelopment);

describe('DevelopmentsCache', () => {
  it('given a key read twice at one version, then it fetches once', async () => {
    const cache = new DevelopmentsCache(100);
    let fetches = 0;
    const fetch = async () => (fetches++, list(3));
    const first = await cache.load('s/a', 7, fetch);
    expect(await cache.load('s/a', 7, fetch)).toBe(first);
    expect(fetches).toBe(1);
  });

  it('given a new version, then it fetches again and keeps only the new one', async () => {
    const cache = new DevelopmentsCache(100);
    await cache.load('s/a', 7, async () => list(3, 'v7'));
    expect((await cache.load('s/a', 8, async () => list(4, 'v8')))[0]!.eventId).toBe('v8-0');
    expect((await cache.load('s/a', 8, async () => list(1, 'again')))[0]!.eventId).toBe('v8-0');
  });

  it('given concurrent reads of a version not held, then they share one fetch', async () => {
    const cache = new DevelopmentsCache(100);
    let fetches = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetch = async () => {
      fetches++;
      await gate;
      return list(2);
    };
    const reads = [cache.load('s/a', 1, fetch), cache.load('s/a', 1, fetch), cache.load('s/a', 1, fetch)];
    release();
    const [a, b, c] = await Promise.all(reads);
    expect(fetches).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('given a fetch that fails, then the next read fetches again', async () => {
    const cache = new DevelopmentsCache(100);
    await expect(cache.load('s/a', 1, async () => Promise.reject(new Error('server gone')))).rejects.toThrow('server gone');
    expect(await cache.load('s/a', 1, async () => list(2))).toHaveLength(2);
  });

  it('given more developments than it may hold, then the least recently read dispute goes first', async () => {
    const cache = new DevelopmentsCache(10);
    let fetches = 0;
    const fetch = (n: number) => async () => (fetches++, list(n));
    await cache.load('s/a', 1, fetch(4));
    await cache.load('s/b', 1, fetch(4));
    await cache.load('s/a', 1, fetch(4)); // a is now the most recent
    await cache.load('s/c', 1, fetch(4)); // 12 > 10: b goes
    expect(fetches).toBe(3);
    await cache.load('s/a', 1, fetch(4));
    await cache.load('s/c', 1, fetch(4));
    expect(fetches).toBe(3);
    await cache.load('s/b', 1, fetch(4));
    expect(fetches).toBe(4);
  });

  it('given one dispute larger than it may hold, then it is answered but not kept', async () => {
    const cache = new DevelopmentsCache(10);
    let fetches = 0;
    const fetch = async () => (fetches++, list(11));
    expect(await cache.load('s/a', 1, fetch)).toHaveLength(11);
    await cache.load('s/a', 1, fetch);
    expect(fetches).toBe(2);
  });

  it('given an older version read after a newer one was kept, then the newer one stays', async () => {
    const cache = new DevelopmentsCache(100);
    await cache.load('s/a', 9, async () => list(1, 'v9'));
    await cache.load('s/a', 8, async () => list(1, 'v8'));
    expect((await cache.load('s/a', 9, async () => list(1, 'refetched')))[0]!.eventId).toBe('v9-0');
  });
});
