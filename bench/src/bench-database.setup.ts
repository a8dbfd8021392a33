import pg from 'pg';
import { migrateToLatest } from '@app/database';

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Creates and migrates a database of this run only, on the server of `serverUrl`: figures never
 * depend on what an earlier run or the development database left behind.
 */
export async function createBenchDatabase(serverUrl: string, migrationsFolder: string): Promise<BenchDatabase> {
  const name = `dt_bench_${Date.now()}`;
  const url = withDatabase(serverUrl, name);
  const drop = () => adminQuery(serverUrl, `drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  let created = false;
  try {
    ({ created } = await migrateToLatest(url, migrationsFolder));
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  // Not ours, so never dropped: a clash means another run started in the same millisecond.
  if (!created) throw new Error(`database ${name} already exists`);
  return { name, url, drop };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres'), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
