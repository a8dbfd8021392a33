// Jest's globalSetup runs outside the ESM test sandbox (no TypeScript, no module mapping), so it is
// plain JavaScript. It finds PostgreSQL and Redis (the environment, the local defaults, or
// containers where a Docker engine runs), migrates one template database for the whole run with
// the real `migrate` command, and hands both to the test files through the environment.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const STALE_AFTER_SECONDS = 2 * 3600;

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function redisAnswers(url) {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export default async function globalSetup() {
  let databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  let redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const [pgOk, redisOk] = await Promise.all([postgresAnswers(databaseUrl), redisAnswers(redisUrl)]);
  if (!pgOk || !redisOk) {
    const started = await startContainers(!pgOk, !redisOk);
    databaseUrl = started.databaseUrl ?? databaseUrl;
    redisUrl = started.redisUrl ?? redisUrl;
  }

  const runId = `${Math.floor(Date.now() / 1000)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    await dropStaleDatabases(admin);
  } finally {
    await admin.end();
  }
  const template = `dt_test_${runId}_tpl`;
  const migrate = spawnSync(process.execPath, [path.join(ROOT, 'dist/apps/cli/src/main.js'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: withDatabase(databaseUrl, template), LOG_LEVEL: 'warn', NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`migrating the template database failed:\n${migrate.stderr}${migrate.stdout}`);
  process.env.DT_TEST_SERVER_URL = databaseUrl;
  process.env.DT_TEST_TEMPLATE = template;
  process.env.DT_TEST_REDIS_URL = redisUrl;
  process.env.DT_TEST_RUN_ID = runId;
}

/** Databases left by runs that crashed (their name carries their start time). */
async function dropStaleDatabases(admin) {
  const { rows } = await admin.query(`select datname from pg_database where datname like 'dt\\_test\\_%'`);
  const now = Date.now() / 1000;
  for (const { datname } of rows) {
    const started = Number(datname.split('_')[2]);
    if (Number.isFinite(started) && now - started > STALE_AFTER_SECONDS) {
      await admin.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
    }
  }
}

async function startContainers(needPostgres, needRedis) {
  const missing = [needPostgres && 'PostgreSQL', needRedis && 'Redis'].filter(Boolean).join(' and ');
  const advice =
    'Start them locally (README, "Running the tests"), set DATABASE_URL and REDIS_URL, or run a Docker engine for testcontainers.';
  // Imported lazily: testcontainers is only needed (and only works) where a Docker engine runs.
  let tc;
  try {
    tc = await import('testcontainers');
  } catch (error) {
    throw new Error(`${missing} did not answer and testcontainers could not load (${error.message}). ${advice}`);
  }
  const containers = [];
  globalThis.__dtContainers = containers;
  try {
    const result = {};
    if (needPostgres) {
      const c = await new tc.GenericContainer('postgres:17-alpine')
        .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
        .withExposedPorts(5432)
        .withWaitStrategy(tc.Wait.forLogMessage(/database system is ready to accept connections/, 2))
        .start();
      containers.push(c);
      result.databaseUrl = `postgres://postgres@${c.getHost()}:${c.getMappedPort(5432)}/postgres`;
    }
    if (needRedis) {
      const c = await new tc.GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
      containers.push(c);
      result.redisUrl = `redis://${c.getHost()}:${c.getMappedPort(6379)}`;
    }
    return result;
  } catch (error) {
    throw new Error(`${missing} did not answer at DATABASE_URL/REDIS_URL (or the 127.0.0.1 defaults), and no container could start (${String(error.message).split('\n')[0]}). ${advice}`);
  }
}
