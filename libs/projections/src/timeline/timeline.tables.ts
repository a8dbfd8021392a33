import { sql, type Kysely } from 'kysely';

/**
 * The timeline projection: disputes, every development (with its sources and whether and when it
 * was retracted) and agreements' terms. The state read models (agreements, measures, escalation)
 * are folds of these rows at the asked time, so `asOf` and `knownAt` are plain filters here.
 */
export async function createTimelineTables(db: Kysely<any>, schema: string): Promise<void> {
  const s = sql.id(schema);
  await sql`
    create table ${s}.disputes (
      id text primary key,
      title text not null,
      parties text[] not null,
      description text,
      version integer not null,
      opened_at timestamptz not null,
      recorded_at timestamptz not null,
      global_position bigint not null
    );
    create table ${s}.developments (
      event_id uuid primary key,
      dispute_id text not null,
      stream_version integer not null,
      global_position bigint not null,
      type text not null,
      occurred_at timestamptz not null,
      recorded_at timestamptz not null,
      recorded_by text,
      summary text not null,
      actor text,
      target text,
      agreement_id text,
      cameo_code text,
      sources jsonb not null,
      data jsonb not null,
      retracted_at timestamptz,
      retraction_event_id uuid,
      retraction_reason text
    );
    create index developments_timeline_idx on ${s}.developments (dispute_id, occurred_at, recorded_at, event_id);
    create index developments_agreement_idx on ${s}.developments (agreement_id, occurred_at) where agreement_id is not null;
    create table ${s}.agreements (
      id text primary key,
      name text not null,
      parties text[] not null,
      dispute_id text,
      signed_on timestamptz not null,
      expires_on timestamptz not null,
      auto_renews boolean not null,
      term_months integer,
      notice_days integer not null,
      recorded_at timestamptz not null,
      global_position bigint not null
    );
  `.execute(db);
}

export interface DisputeRow {
  id: string;
  title: string;
  parties: string[];
  description: string | null;
  version: number;
  opened_at: Date;
  recorded_at: Date;
  global_position: string;
}

export interface DevelopmentRow {
  event_id: string;
  dispute_id: string;
  stream_version: number;
  global_position: string;
  type: string;
  occurred_at: Date;
  recorded_at: Date;
  recorded_by: string | null;
  summary: string;
  actor: string | null;
  target: string | null;
  agreement_id: string | null;
  cameo_code: string | null;
  sources: unknown[];
  data: Record<string, unknown>;
  retracted_at: Date | null;
  retraction_event_id: string | null;
  retraction_reason: string | null;
}

export interface AgreementRow {
  id: string;
  name: string;
  parties: string[];
  dispute_id: string | null;
  signed_on: Date;
  expires_on: Date;
  auto_renews: boolean;
  term_months: number | null;
  notice_days: number;
  recorded_at: Date;
  global_position: string;
}
