import { sql, type Kysely } from 'kysely';
import { LOG_START, resetCheckpoint } from '@app/event-store';
import { CHANNELS, checkpointName, type Projection, type ProjectionGeneration } from './projection.types.js';

interface GenerationRow {
  name: string;
  generation: number;
  version: number;
  schema_name: string;
  status: ProjectionGeneration['status'];
  created_at: Date;
  activated_at: Date | null;
}

const toGeneration = (r: GenerationRow): ProjectionGeneration => ({
  name: r.name,
  generation: r.generation,
  version: r.version,
  schema: r.schema_name,
  status: r.status,
  createdAt: r.created_at,
  activatedAt: r.activated_at,
});

export async function listGenerations(db: Kysely<any>, statuses: ProjectionGeneration['status'][] = ['building', 'active']): Promise<ProjectionGeneration[]> {
  const { rows } = await sql<GenerationRow>`
    select * from projection_generations where status = any(${statuses}) order by name, generation`.execute(db);
  return rows.map(toGeneration);
}

/** Serialises generation changes of one projection across processes (inside the caller's transaction). */
const lockGenerations = (trx: Kysely<any>, name: string) => sql`select pg_advisory_xact_lock(hashtextextended(${`generations:${name}`}, 0))`.execute(trx);

/**
 * The projection's active generation, creating the first one when there is none. A generation
 * built by an older version of the projector is rebuilt blue/green: it keeps serving meanwhile.
 */
export async function ensureGenerations(db: Kysely<any>, projection: Projection): Promise<ProjectionGeneration[]> {
  const changed = await db.transaction().execute(async (trx) => {
    await lockGenerations(trx, projection.name);
    const current = (await listGenerations(trx)).filter((g) => g.name === projection.name);
    const active = current.find((g) => g.status === 'active');
    const building = current.find((g) => g.status === 'building');
    if (!active) {
      if (building) return false;
      await createGeneration(trx, projection, 'active');
      return true;
    }
    if (active.version < projection.version && !building) {
      await createGeneration(trx, projection, 'building');
      return true;
    }
    return false;
  });
  if (changed) await notifyGenerations(db);
  return (await listGenerations(db)).filter((g) => g.name === projection.name);
}

/** A rebuild: a new generation fills from the start of the log; the active one serves until it has caught up. */
export async function startRebuild(db: Kysely<any>, projection: Projection): Promise<ProjectionGeneration> {
  const generation = await db.transaction().execute(async (trx) => {
    await lockGenerations(trx, projection.name);
    const building = (await listGenerations(trx, ['building'])).find((g) => g.name === projection.name);
    return building ?? createGeneration(trx, projection, 'building');
  });
  await notifyGenerations(db);
  return generation;
}

async function createGeneration(trx: Kysely<any>, projection: Projection, status: 'active' | 'building'): Promise<ProjectionGeneration> {
  const { rows } = await sql<{ next: number }>`
    select coalesce(max(generation), 0) + 1 as next from projection_generations where name = ${projection.name}`.execute(trx);
  const generation = rows[0]!.next;
  const schema = `${projection.name}_g${generation}`;
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(trx);
  await sql`create schema ${sql.id(schema)}`.execute(trx);
  await projection.createTables(trx, schema);
  await resetCheckpoint(trx, checkpointName(projection.name, generation), LOG_START);
  const inserted = await sql<GenerationRow>`
    insert into projection_generations (name, generation, version, schema_name, status, activated_at)
    values (${projection.name}, ${generation}, ${projection.version}, ${schema}, ${status}, ${status === 'active' ? sql`now()` : null})
    returning *`.execute(trx);
  return toGeneration(inserted.rows[0]!);
}

/** The caught-up building generation becomes the active one; the old one is retired (dropped later). */
export async function activate(db: Kysely<any>, name: string, generation: number): Promise<boolean> {
  const switched = await db.transaction().execute(async (trx) => {
    await lockGenerations(trx, name);
    const target = await sql`select 1 from projection_generations where name = ${name} and generation = ${generation} and status = 'building'`.execute(trx);
    if (target.rows.length === 0) return false;
    await sql`update projection_generations set status = 'retired', retired_at = now() where name = ${name} and status = 'active'`.execute(trx);
    await sql`update projection_generations set status = 'active', activated_at = now() where name = ${name} and generation = ${generation}`.execute(trx);
    return true;
  });
  if (switched) await notifyGenerations(db);
  return switched;
}

/** Drops the tables of generations retired long enough ago that no read still uses them. */
export async function dropRetired(db: Kysely<any>, olderThanSeconds = 60): Promise<string[]> {
  const { rows } = await sql<{ name: string; generation: number; schema_name: string }>`
    select name, generation, schema_name from projection_generations
    where status = 'retired' and dropped_at is null and retired_at < now() - make_interval(secs => ${olderThanSeconds})`.execute(db);
  for (const row of rows) {
    await sql`drop schema if exists ${sql.id(row.schema_name)} cascade`.execute(db);
    await sql`update projection_generations set dropped_at = now() where name = ${row.name} and generation = ${row.generation}`.execute(db);
    await sql`delete from projection_checkpoints where name = ${checkpointName(row.name, row.generation)}`.execute(db);
  }
  return rows.map((r) => r.schema_name);
}

export const notifyGenerations = (db: Kysely<any>) => sql`select pg_notify(${CHANNELS.generations}, '')`.execute(db);

/** The schema reads of a projection should use now; undefined until its first generation exists. */
export async function activeSchema(db: Kysely<any>, name: string): Promise<string | undefined> {
  const { rows } = await sql<{ schema_name: string }>`
    select schema_name from projection_generations where name = ${name} and status = 'active'`.execute(db);
  return rows[0]?.schema_name;
}
