import { describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import type { Clock } from '@app/config';
import { ensureJob } from './alert-scheduler.js';

/** A clock that only moves when told, and a queue whose lookups take `lookupMs` of it (a reconcile pass under way). */
function setup(existingState?: string, lookupMs = 0) {
  let now = Date.parse('2030-01-01T00:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const added: Array<{ name: string; options: Record<string, unknown> }> = [];
  const removed: string[] = [];
  const queue = {
    getJob: async (id: string) => {
      now += lookupMs;
      return existingState ? { getState: async () => existingState, remove: async () => void removed.push(id) } : undefined;
    },
    add: async (name: string, _data: object, options: Record<string, unknown>) => void added.push({ name, options }),
  } as unknown as Queue;
  return { queue, clock, added, removed, at: (ms: number) => new Date(Date.parse('2030-01-01T00:00:00Z') + ms) };
}

describe('ensureJob', () => {
  it("measures a timer's delay at its own add, not at the start of the pass", async () => {
    const { queue, clock, added, at } = setup(undefined, 1_500);
    await ensureJob(queue, 'fire', {}, { jobId: 'a' }, { at: at(10_000), clock });
    await ensureJob(queue, 'fire', {}, { jobId: 'b' }, { at: at(10_000), clock });
    expect(added.map((a) => a.options.delay)).toEqual([8_500, 7_000]);
  });

  it('fires an overdue timer at once', async () => {
    const { queue, clock, added, at } = setup(undefined, 1_500);
    await ensureJob(queue, 'fire', {}, { jobId: 'a' }, { at: at(1_000), clock });
    expect(added[0]!.options.delay).toBe(0);
  });

  it('adds a job without a timer as it is', async () => {
    const { queue, added } = setup();
    await ensureJob(queue, 'deliver', {}, { jobId: 'd', attempts: 12 });
    expect(added).toEqual([{ name: 'deliver', options: { jobId: 'd', attempts: 12 } }]);
  });

  it('leaves a job that is still pending, and replaces one that failed', async () => {
    const pending = setup('delayed');
    await ensureJob(pending.queue, 'fire', {}, { jobId: 'a' }, { at: pending.at(5_000), clock: pending.clock });
    expect(pending.added).toEqual([]);
    const failed = setup('failed');
    await ensureJob(failed.queue, 'fire', {}, { jobId: 'a' }, { at: failed.at(5_000), clock: failed.clock });
    expect(failed.removed).toEqual(['a']);
    expect(failed.added).toHaveLength(1);
  });
});
