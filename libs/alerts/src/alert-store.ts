import { sql, type Kysely } from 'kysely';

export interface AlertFiring {
  alertKey: string;
  deadlineId: string;
  kind: 'approaching' | 'reached';
  leadTime: string;
  fireAt: Date;
  firedAt: Date;
  late: boolean;
}

export interface DeliveryRecord {
  id: string;
  alertKey: string;
  deadlineId: string;
  webhookId: string;
  url: string;
  secret: string;
  webhookDisabled: boolean;
  messageId: string;
  payload: unknown;
  status: 'pending' | 'sent' | 'failed' | 'gone';
  attempts: number;
}

/**
 * Records that an alert fired, once, with a pending delivery to every enabled webhook, in one
 * transaction. False when it had already fired (another worker, or a job re-added after Redis lost it).
 */
export async function recordFiring(db: Kysely<any>, firing: AlertFiring, payloadFor: (webhookId: string) => unknown): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inserted = await sql`
      insert into alert_firings (alert_key, deadline_id, kind, lead_time, fire_at, fired_at, late)
      values (${firing.alertKey}, ${firing.deadlineId}, ${firing.kind}, ${firing.leadTime}, ${firing.fireAt}, ${firing.firedAt}, ${firing.late})
      on conflict (alert_key) do nothing`.execute(trx);
    if (inserted.numAffectedRows !== 1n) return false;
    const { rows } = await sql<{ id: string }>`select id from webhooks where disabled_at is null`.execute(trx);
    for (const webhook of rows) {
      await sql`
        insert into alert_deliveries (alert_key, deadline_id, webhook_id, message_id, payload, status)
        values (${firing.alertKey}, ${firing.deadlineId}, ${webhook.id}::uuid, ${messageIdOf(firing.alertKey)}, ${JSON.stringify(payloadFor(webhook.id))}::jsonb, 'pending')`.execute(trx);
    }
    return true;
  });
}

/** The same id for every attempt, every webhook and every worker: receivers dedupe on it. */
export const messageIdOf = (alertKey: string): string => `msg_${alertKey}`;

export async function firedKeys(db: Kysely<any>, deadlineIds: readonly string[]): Promise<Set<string>> {
  if (deadlineIds.length === 0) return new Set();
  const { rows } = await sql<{ alert_key: string }>`select alert_key from alert_firings where deadline_id = any(${deadlineIds})`.execute(db);
  return new Set(rows.map((r) => r.alert_key));
}

export async function pendingDeliveries(db: Kysely<any>, alertKey?: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from alert_deliveries where status = 'pending' and (${alertKey ?? null}::text is null or alert_key = ${alertKey ?? null})
    order by created_at limit 10000`.execute(db);
  return rows.map((r) => r.id);
}

export async function loadDelivery(db: Kysely<any>, id: string): Promise<DeliveryRecord | undefined> {
  const { rows } = await sql<{
    id: string; alert_key: string; deadline_id: string; webhook_id: string; url: string; secret: string; disabled_at: Date | null;
    message_id: string; payload: unknown; status: DeliveryRecord['status']; attempts: number;
  }>`
    select d.id, d.alert_key, d.deadline_id, d.webhook_id, w.url, w.secret, w.disabled_at, d.message_id, d.payload, d.status, d.attempts
    from alert_deliveries d join webhooks w on w.id = d.webhook_id where d.id = ${id}::uuid`.execute(db);
  const r = rows[0];
  return r
    ? { id: r.id, alertKey: r.alert_key, deadlineId: r.deadline_id, webhookId: r.webhook_id, url: r.url, secret: r.secret, webhookDisabled: r.disabled_at !== null, messageId: r.message_id, payload: r.payload, status: r.status, attempts: r.attempts }
    : undefined;
}

/** Every attempt is kept, readable at GET /alerts (attempt counts) and in alert_attempts. */
export async function recordAttempt(
  db: Kysely<any>,
  deliveryId: string,
  outcome: { status: number | null; error: string | null; durationMs: number },
  next: 'pending' | 'sent' | 'failed' | 'gone',
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ attempts: number }>`
      update alert_deliveries set attempts = attempts + 1, last_status = ${outcome.status}, last_error = ${outcome.error}, status = ${next},
        sent_at = case when ${next} = 'sent' then now() else sent_at end
      where id = ${deliveryId}::uuid returning attempts`.execute(trx);
    await sql`
      insert into alert_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
      values (${deliveryId}::uuid, ${rows[0]!.attempts}, now(), ${outcome.status}, ${outcome.error}, ${outcome.durationMs})`.execute(trx);
  });
}

export interface AlertListItem {
  id: string;
  deadlineId: string;
  kind: string;
  leadTime: string;
  firedAt: string;
  late: boolean;
  webhookId: string;
  attempts: number;
  status: string;
  lastStatus: number | null;
  lastError: string | null;
}

export async function recentDeliveries(db: Kysely<any>, limit: number): Promise<AlertListItem[]> {
  const { rows } = await sql<{
    id: string; deadline_id: string; kind: string; lead_time: string; fired_at: Date; late: boolean; webhook_id: string;
    attempts: number; status: string; last_status: number | null; last_error: string | null;
  }>`
    select d.id, d.deadline_id, f.kind, f.lead_time, f.fired_at, f.late, d.webhook_id, d.attempts, d.status, d.last_status, d.last_error
    from alert_deliveries d join alert_firings f on f.alert_key = d.alert_key
    order by d.created_at desc, d.id limit ${limit}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    deadlineId: r.deadline_id,
    kind: r.kind,
    leadTime: r.lead_time,
    firedAt: r.fired_at.toISOString(),
    late: r.late,
    webhookId: r.webhook_id,
    attempts: r.attempts,
    status: r.status,
    lastStatus: r.last_status,
    lastError: r.last_error,
  }));
}
