import { sql, type Kysely } from 'kysely';

// Read models live in one PostgreSQL schema per generation (`timeline_g1`, `timeline_g2`…), so a
// rebuild fills a new copy while reads keep using the active one, then switches (blue/green).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table projection_generations (
      name text not null,
      generation integer not null,
      version integer not null,
      schema_name text not null,
      status text not null check (status in ('building', 'active', 'retired')),
      created_at timestamptz not null default now(),
      activated_at timestamptz,
      retired_at timestamptz,
      dropped_at timestamptz,
      primary key (name, generation)
    );
    create unique index projection_generations_one_active on projection_generations (name) where status = 'active';
    create unique index projection_generations_one_building on projection_generations (name) where status = 'building';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists projection_generations`.execute(db);
}
