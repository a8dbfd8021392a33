import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

export interface WebhookRecord {
  id: string;
  url: string;
  secret: string;
  createdAt: Date;
  disabledAt: Date | null;
  disabledReason: string | null;
}

interface Row {
  id: string;
  url: string;
  secret: string;
  created_at: Date;
  disabled_at: Date | null;
  disabled_reason: string | null;
}

const toRecord = (r: Row): WebhookRecord => ({ id: r.id, url: r.url, secret: r.secret, createdAt: r.created_at, disabledAt: r.disabled_at, disabledReason: r.disabled_reason });

/** A Standard Webhooks secret: `whsec_` and base64 of 32 random bytes. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export async function createWebhook(db: Kysely<any>, url: string, secret: string): Promise<WebhookRecord> {
  const { rows } = await sql<Row>`insert into webhooks (url, secret) values (${url}, ${secret}) returning *`.execute(db);
  return toRecord(rows[0]!);
}

export async function listWebhooks(db: Kysely<any>, options: { enabledOnly?: boolean } = {}): Promise<WebhookRecord[]> {
  const { rows } = await sql<Row>`
    select * from webhooks where not ${options.enabledOnly ?? false} or disabled_at is null order by created_at`.execute(db);
  return rows.map(toRecord);
}

export async function deleteWebhook(db: Kysely<any>, id: string): Promise<boolean> {
  const result = await sql`delete from webhooks where id = ${id}::uuid`.execute(db);
  return result.numAffectedRows === 1n;
}

/** A receiver that answers 410 Gone wants nothing more. */
export async function disableWebhook(db: Kysely<any>, id: string, reason: string): Promise<void> {
  await sql`update webhooks set disabled_at = now(), disabled_reason = ${reason} where id = ${id}::uuid and disabled_at is null`.execute(db);
}
