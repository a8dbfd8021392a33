import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Migrator, type MigrationResult } from 'kysely';
import pg from 'pg';
import { createKysely, createPool } from './create-database.js';

export interface MigrateOutcome {
  created: boolean;
  applied: string[];
}

/** Creates the database named in the URL when it is missing; safe when several processes race. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`create database ${pg.escapeIdentifier(name)}`);
      return true;
    } catch (error) {
      // 42P04 duplicate_database / 23505: another process created it between our check and now.
      const code = (error as { code?: string }).code;
      if (code === '42P04' || code === '23505') return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations from `folder`. Kysely's Migrator takes its own lock, so two processes
 * migrating at once apply each migration once; a second run applies nothing.
 */
export async function migrateToLatest(databaseUrl: string, folder: string): Promise<MigrateOutcome> {
  const created = await ensureDatabaseExists(databaseUrl);
  const db = createKysely(createPool(databaseUrl, { max: 2, applicationName: 'dispute-tracker-migrate', queryTimeoutMs: 0 }));
  try {
    const migrator = new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder: folder }) });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return { created, applied: (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName) };
  } finally {
    await db.destroy();
  }
}
