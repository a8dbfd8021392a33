import type { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/** BullMQ's workers block on Redis and must retry forever: `maxRetriesPerRequest: null`. */
export function createBullConnection(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  redis.on('error', () => {}); // reconnects by itself; PostgreSQL holds what must not be lost
  return redis;
}

/**
 * BullMQ needs keys never evicted, and in production AOF so timers survive a restart (they can be
 * rebuilt from PostgreSQL, but late). Says so loudly at start-up when Redis is set otherwise.
 */
export async function checkRedisSettings(redis: Redis, logger: Logger, production: boolean): Promise<string[]> {
  const warnings: string[] = [];
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy !== 'noeviction') {
      warnings.push(`Redis maxmemory-policy is "${policy}": BullMQ needs "noeviction", or Redis may drop scheduled alerts (they are rebuilt from PostgreSQL, late)`);
    }
    const [, aof] = (await redis.config('GET', 'appendonly')) as [string, string];
    if (production && aof !== 'yes') warnings.push('Redis runs without AOF (appendonly no): a Redis restart loses every timer; they are rebuilt from PostgreSQL, late');
  } catch (error) {
    warnings.push(`could not read the Redis configuration (${(error as Error).message}); make sure maxmemory-policy is noeviction`);
  }
  for (const warning of warnings) logger.warn(`WARNING: ${warning}`);
  return warnings;
}
