import { sql, type Kysely } from 'kysely';

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table streams (
      stream_id text primary key,
      version integer not null check (version >= 0)
    );

    create table events (
      global_position bigserial primary key,
      -- Gap-safe global order: readers only take transactions older than every running one.
      transaction_id xid8 not null default pg_current_xact_id(),
      event_id uuid not null,
      stream_id text not null,
      stream_version integer not null check (stream_version >= 1),
      type text not null,
      schema_version integer not null default 1,
      data jsonb not null,
      metadata jsonb not null default '{}',
      occurred_at timestamptz not null,
      recorded_at timestamptz not null default now(),
      constraint events_event_id_key unique (event_id),
      constraint events_stream_version_key unique (stream_id, stream_version)
    );

    create index events_transaction_order_idx on events (transaction_id, global_position);

    create table projection_checkpoints (
      name text primary key,
      transaction_id xid8 not null default '0',
      global_position bigint not null default 0,
      updated_at timestamptz not null default now()
    );

    -- Followers of the log LISTEN on this channel; one notification per appending statement.
    create function notify_events_appended() returns trigger language plpgsql as $$
    begin
      perform pg_notify('events_appended', '');
      return null;
    end $$;

    create trigger events_appended
      after insert on events
      for each statement execute function notify_events_appended();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists projection_checkpoints;
    drop table if exists events;
    drop table if exists streams;
    drop function if exists notify_events_appended();
  `.execute(db);
}
