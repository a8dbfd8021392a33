import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { DATABASE, type Db } from '@app/database';

export interface StoredAnswer {
  requestHash: string;
  status: number;
  response: unknown;
}

/** Idempotency keys and the first answer given to each, in PostgreSQL. */
@Injectable()
export class IdempotencyStore {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  async find(scope: string, key: string): Promise<StoredAnswer | undefined> {
    const { rows } = await sql<{ request_hash: string; status: number; response: unknown }>`
      select request_hash, status, response from idempotency_keys where scope = ${scope} and key = ${key}`.execute(this.db);
    const row = rows[0];
    return row ? { requestHash: row.request_hash, status: row.status, response: row.response } : undefined;
  }

  /** The first answer stays: a concurrent duplicate stored the same one (its events were replays). */
  async save(scope: string, key: string, answer: StoredAnswer): Promise<void> {
    await sql`
      insert into idempotency_keys (scope, key, request_hash, status, response)
      values (${scope}, ${key}, ${answer.requestHash}, ${answer.status}, ${JSON.stringify(answer.response)}::jsonb)
      on conflict (scope, key) do nothing`.execute(this.db);
  }
}
