import { sql, type Kysely } from 'kysely';

// API keys created with `npm run cli -- api-key create`: only a SHA-256 of the token is kept.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table api_keys (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      role text not null check (role in ('admin', 'analyst', 'viewer')),
      token_hash bytea not null unique,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists api_keys`.execute(db);
}
