import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.types.js';

// int8 positions stay strings in rows (they can pass 2^53); numeric and dates keep pg's defaults.
export interface DatabaseOptions {
  /** Pool size; the default suits one process on a small machine. */
  max?: number;
  applicationName?: string;
  /** Told of connections lost outside a query (a server restart, a terminated backend). */
  onConnectionError?: (error: Error) => void;
}

export function createPool(connectionString: string, options: DatabaseOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'dispute-tracker',
    // A dead server must surface as an error, not a hang.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An 'error' with no listener would crash the process. A lost connection fails the query in
  // flight (if any) and the pool drops it on release; the server may be back for the next one.
  const onError = options.onConnectionError ?? (() => {});
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

export function createKysely<DB = Database>(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
