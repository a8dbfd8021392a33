import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { runCli } from '../support/run-cli.js';
import { useTestEnvironment } from '../support/test-environment.js';

const env = useTestEnvironment();
const fresh = `${new URL(env.databaseUrl).pathname.slice(1)}_fresh`;
const freshUrl = (() => {
  const u = new URL(env.databaseUrl);
  u.pathname = `/${fresh}`;
  return u.toString();
})();

async function admin<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const u = new URL(env.databaseUrl);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await admin(`drop database if exists ${pg.escapeIdentifier(fresh)} with (force)`);
});

const logLines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { applied?: string[]; created?: boolean });

describe('npm run migrate', () => {
  it('creates a missing database; two processes at once apply each migration once; a second run is a no-op', async () => {
    const childEnv = env.childEnv({ DATABASE_URL: freshUrl, LOG_LEVEL: 'info' });
    const [a, b] = await Promise.all([runCli(['migrate'], childEnv), runCli(['migrate'], childEnv)]);
    expect([a.code, b.code, a.stderr + b.stderr]).toEqual([0, 0, '']);

    const applied = [...logLines(a.stdout), ...logLines(b.stdout)].flatMap((l) => l.applied ?? []);
    const client = new pg.Client({ connectionString: freshUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>('select name from kysely_migration order by name');
      expect(rows.length).toBeGreaterThan(0);
      expect(applied.sort()).toEqual(rows.map((r) => r.name).sort());
      const tables = await client.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public' and table_name in ('events', 'streams', 'projection_checkpoints')`);
      expect(tables.rowCount).toBe(3);
    } finally {
      await client.end();
    }

    const again = await runCli(['migrate'], childEnv);
    expect(again.code).toBe(0);
    expect(logLines(again.stdout).flatMap((l) => l.applied ?? [])).toEqual([]);
  });

  it('stops with one line naming a bad variable', async () => {
    const result = await runCli(['migrate'], env.childEnv({ DATABASE_URL: 'not a url' }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^Invalid configuration: DATABASE_URL /);
  });
});
