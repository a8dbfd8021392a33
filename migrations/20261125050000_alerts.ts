import { sql, type Kysely } from 'kysely';

// Alerts are data: that an alert fired (once, whatever happens to Redis), and each delivery to each
// webhook with every attempt. BullMQ only holds timers and retries that these tables can rebuild.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhooks (
      id uuid primary key default gen_random_uuid(),
      url text not null,
      secret text not null,
      created_at timestamptz not null default now(),
      disabled_at timestamptz,
      disabled_reason text
    );

    create table alert_firings (
      alert_key text primary key,
      deadline_id text not null,
      kind text not null,
      lead_time text not null,
      fire_at timestamptz not null,
      fired_at timestamptz not null,
      late boolean not null
    );
    create index alert_firings_deadline_idx on alert_firings (deadline_id);

    create table alert_deliveries (
      id uuid primary key default gen_random_uuid(),
      alert_key text not null references alert_firings (alert_key),
      deadline_id text not null,
      webhook_id uuid not null references webhooks (id) on delete cascade,
      message_id text not null,
      payload jsonb not null,
      status text not null check (status in ('pending', 'sent', 'failed', 'gone')),
      attempts integer not null default 0,
      last_status integer,
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      unique (alert_key, webhook_id)
    );
    create index alert_deliveries_pending_idx on alert_deliveries (created_at) where status = 'pending';
    create index alert_deliveries_recent_idx on alert_deliveries (created_at desc);

    create table alert_attempts (
      delivery_id uuid not null references alert_deliveries (id) on delete cascade,
      attempt integer not null,
      at timestamptz not null,
      status_code integer,
      error text,
      duration_ms integer not null,
      primary key (delivery_id, attempt)
    );

    -- Has the service already recorded that this deadline was reached?
    create index events_deadline_reached_idx on events ((data->>'deadlineId')) where type = 'deadline_reached';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists events_deadline_reached_idx;
    drop table if exists alert_attempts;
    drop table if exists alert_deliveries;
    drop table if exists alert_firings;
    drop table if exists webhooks;
  `.execute(db);
}
