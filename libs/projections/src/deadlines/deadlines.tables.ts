import { sql, type Kysely } from 'kysely';

/**
 * The deadline queue: every deadline the log implies, with when it became known and whether it was
 * cancelled. Pending/reached is a matter of the clock and is decided when read. `source` names what
 * it was derived from (an agreement, or a dispute's own developments), which is recomputed whole.
 */
export async function createDeadlinesTables(db: Kysely<any>, schema: string): Promise<void> {
  const s = sql.id(schema);
  await sql`
    create table ${s}.deadlines (
      id text primary key,
      source text not null,
      kind text not null,
      title text not null,
      dispute_id text,
      subject_type text,
      subject_id text,
      due_at timestamptz not null,
      known_at timestamptz not null,
      cancelled_at timestamptz,
      lead_times text[] not null,
      source_event_id uuid,
      revision text not null
    );
    create index deadlines_due_idx on ${s}.deadlines (due_at);
    create index deadlines_dispute_idx on ${s}.deadlines (dispute_id, due_at);
    create index deadlines_source_idx on ${s}.deadlines (source);
  `.execute(db);
}

export interface DeadlineRow {
  id: string;
  source: string;
  kind: string;
  title: string;
  dispute_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  due_at: Date;
  known_at: Date;
  cancelled_at: Date | null;
  lead_times: string[];
  source_event_id: string | null;
  /** Changes when the deadline moves (due time or lead times): alert jobs are named after it. */
  revision: string;
}
