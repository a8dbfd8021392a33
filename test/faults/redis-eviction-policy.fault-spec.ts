import { describe, expect, it } from '@jest/globals';
import { eventually } from '../support/eventually.js';
import { startWorker, stopped, workerReady } from '../support/worker.js';
import { usePrivateServices, type PrivateEnvironment, type PrivateRedis } from './support/private-services.js';

// This file's Redis evicts keys under memory pressure: the wrong setting for BullMQ's timers.
const env = usePrivateServices({ redisArgs: ['--maxmemory-policy', 'allkeys-lru'] });

/** The worker's pino lines (JSON on stdout) that are warnings (level 40). */
function warnings(log: string): Array<{ level: number; msg: string }> {
  return log
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { level: number; msg: string }];
      } catch {
        return [];
      }
    })
    .filter((entry) => entry.level === 40);
}

async function workerLog(environment: PrivateEnvironment, redis?: PrivateRedis): Promise<string> {
  const since = Date.now();
  const worker = startWorker(environment, { LOG_LEVEL: 'info', ...(redis ? { REDIS_URL: redis.url } : {}) });
  try {
    await workerReady(redis ? { ...environment, redisUrl: redis.url, db: environment.db } : environment, since);
    // The warning comes before the alerts start, so once ready it has been written.
    await eventually(() => worker.logTail().includes('alerts started'), 'the worker to log that its alerts started');
    return worker.logTail();
  } catch (error) {
    throw new Error(`${(error as Error).message}\nworker log:\n${worker.logTail()}`);
  } finally {
    worker.kill('SIGTERM');
    await stopped(worker);
  }
}

describe('Redis configured to evict keys', () => {
  it('maxmemory-policy allkeys-lru: the worker says so loudly at start-up (and still starts)', async () => {
    const log = await workerLog(env);
    const loud = warnings(log).filter((w) => w.msg.startsWith('WARNING:') && w.msg.includes('maxmemory-policy'));
    expect(loud).toHaveLength(1);
    expect(loud[0]!.msg).toContain('"allkeys-lru"');
    expect(loud[0]!.msg).toContain('noeviction');
  });

  it('maxmemory-policy noeviction: no such warning', async () => {
    const quiet = await env.startRedis(['--maxmemory-policy', 'noeviction']);
    const log = await workerLog(env, quiet);
    expect(warnings(log).filter((w) => w.msg.includes('maxmemory-policy'))).toEqual([]);
    expect(log).toContain('alerts started');
  });
});
