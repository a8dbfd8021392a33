import { sql, type Kysely } from 'kysely';

// The command side checks rules against an agreement's developments (in whatever dispute they were
// recorded) and whether a development was retracted; these lookups must not scan the log.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index events_agreement_id_idx on events ((data->>'agreementId'), global_position)
      where data ? 'agreementId';
    create index events_retracted_development_idx on events ((data->>'developmentId'))
      where type = 'development_retracted';

    -- Idempotency-Key: the first answer to a request, replayed for a retry with the same body.
    create table idempotency_keys (
      scope text not null,
      key text not null,
      request_hash text not null,
      status integer not null,
      response jsonb not null,
      created_at timestamptz not null default now(),
      primary key (scope, key)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists idempotency_keys;
    drop index if exists events_retracted_development_idx;
    drop index if exists events_agreement_id_idx;
  `.execute(db);
}
