import { describe, expect, it } from '@jest/globals';
import { ConcurrencyLimit } from './concurrency-limit.js';

describe('ConcurrencyLimit', () => {
  it('runs at most `limit` tasks at once, the others in the order they came, failures included', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (n: number) => async () => {
      started.push(n);
      most = Math.max(most, ++running);
      await new Promise((r) => setImmediate(r));
      running--;
      if (n === 3) throw new Error('task 3 fails');
      return n;
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((n) => limit.run(task(n))));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([1, 2, 'failed', 4, 5, 6]);
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
    // The slots came back: two more run at once.
    most = 0;
    await Promise.all([7, 8].map((n) => limit.run(task(n))));
    expect(most).toBe(2);
  });
});
