import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { Database } from './database.types.js';

// int8 positions stay strings in rows (they can pass 2^53); numeric and dates keep pg's defaults.
export interface DatabaseOptions {
  /** Pool size; the default suits one process on a small machine. */
  max?: number;
  applicationName?: string;
  /** Told of connections lost outside a query (a server restart, a terminated backend). */
  onConnectionError?: (error: Error) => void;
  /** A query unanswered this long fails (a frozen or unreachable server must not hang a request); 0 = never. */
  queryTimeoutMs?: number;
}

export function createPool(connectionString: string, options: DatabaseOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'dispute-tracker',
    // A dead server must surface as an error, not a hang.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A server that stops answering (frozen, partitioned) is noticed, not waited on forever.
    keepAlive: true,
    ...(options.queryTimeoutMs === 0 ? {} : { query_timeout: options.queryTimeoutMs ?? 30_000 }),
  });
  // An 'error' with no listener would crash the process. A lost connection fails the query in
  // flight (if any) and the pool drops it on release; the server may be back for the next one.
  const onError = options.onConnectionError ?? (() => {});
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

export function createKysely<DB = Database>(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: new PreparingPool(pool) }) });
}

/** Marks a hot statement (its text never changes; every value is bound) to be prepared per connection. */
export const prepared = (name: string): string => `/* prepare:${name} */`;

const PREPARE = /^\/\* prepare:([a-z0-9_]+) \*\//;

/**
 * Kysely has no named statements, so hot statements carry a marker and are sent as named `pg`
 * statements: parsed and planned once per connection instead of on every call (measured: half the
 * server CPU of an append). Behind PgBouncer in transaction mode this needs PgBouncer 1.21+.
 */
class PreparingPool implements PostgresPool {
  private readonly names = new Map<string, string>();

  constructor(private readonly pool: pg.Pool) {}

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.pool.connect();
    const wrapped = {
      query: (text: string, values: unknown[]) => {
        const marker = PREPARE.exec(text);
        if (!marker) return client.query(text, values);
        let name = this.names.get(text);
        if (!name) {
          name = `${marker[1]}_${createHash('sha1').update(text).digest('hex').slice(0, 10)}`;
          this.names.set(text, name);
        }
        return client.query({ name, text, values });
      },
      release: (error?: Error | boolean) => client.release(error),
    };
    return wrapped as unknown as PostgresPoolClient;
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
