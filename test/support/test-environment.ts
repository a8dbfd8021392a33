import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from '@jest/globals';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { Redis } from 'ioredis';
import { loadConfig, type AppConfig } from '@app/config';
import { createKysely, createPool, type Database } from '@app/database';

export interface TestEnvironment {
  /** This file's own database, cloned from the migrated template. */
  readonly databaseUrl: string;
  readonly pool: pg.Pool;
  readonly db: Kysely<Database>;
  readonly redisUrl: string;
  /** This file's own BullMQ / Redis key prefix. */
  readonly queuePrefix: string;
  /** The configuration the apps would load with this file's database and Redis. */
  config(overrides?: NodeJS.ProcessEnv): AppConfig;
  /** Environment variables for a child process (api, worker, cli) bound to this file's services. */
  childEnv(overrides?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Runs before the database is dropped (last registered, first run): stop what uses it here. */
  onTeardown(stop: () => Promise<void> | void): void;
}

/**
 * Gives the calling test file its own database and Redis prefix for its whole run, and drops both
 * afterwards. Call at the top level of a spec file.
 */
export function useTestEnvironment(): TestEnvironment {
  const server = required('DT_TEST_SERVER_URL');
  const template = required('DT_TEST_TEMPLATE');
  const redisUrl = required('DT_TEST_REDIS_URL');
  const suffix = randomBytes(4).toString('hex');
  const name = `dt_test_${required('DT_TEST_RUN_ID')}_${suffix}`;
  const databaseUrl = withDatabase(server, name);
  const queuePrefix = `dt-test-${suffix}`;
  let pool: pg.Pool | undefined;
  let db: Kysely<Database> | undefined;
  const teardowns: Array<() => Promise<void> | void> = [];

  beforeAll(async () => {
    await adminQuery(server, `create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(template)}`);
    pool = createPool(databaseUrl, { max: 20, applicationName: 'dispute-tracker-test' });
    db = createKysely(pool);
  });

  afterAll(async () => {
    for (const stop of teardowns.reverse()) await stop();
    await db?.destroy();
    await adminQuery(server, `drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    await deleteKeys(redisUrl, `${queuePrefix}*`);
  });

  const env = (overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'error',
    ...overrides,
  });

  return {
    databaseUrl,
    redisUrl,
    queuePrefix,
    get pool() {
      if (!pool) throw new Error('the test database is ready only inside tests and hooks');
      return pool;
    },
    get db() {
      if (!db) throw new Error('the test database is ready only inside tests and hooks');
      return db;
    },
    config: (overrides) => loadConfig(env(overrides)),
    childEnv: (overrides) => ({ ...process.env, NODE_OPTIONS: '', ...env(overrides) }),
    onTeardown: (stop) => void teardowns.push(stop),
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is unset: run the tests with npm test (jest's globalSetup sets it)`);
  return value;
}

async function adminQuery(server: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function deleteKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
