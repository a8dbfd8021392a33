import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { prepared } from '@app/database';
import {
  agreementDeadlines,
  agreementStreamId,
  agreementTerms,
  disputeDeadlines,
  type AgreementRegisteredData,
  type Deadline,
  type DevelopmentWithRetraction,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection, ReadModelChange } from '../runtime/projection.types.js';
import { createDeadlinesTables, type DeadlineRow } from './deadlines.tables.js';

/** Dispute developments that create or cancel deadlines of the dispute's own. */
const DISPUTE_DEADLINE_TYPES = ['deadline_set', 'export_list_removal', 'export_list_reinstatement'];
const disputeOf = (streamId: string): string | null => (streamId.startsWith('dispute-') ? streamId.slice('dispute-'.length) : null);

export interface DeadlinesOptions {
  defaultLeadTimes: readonly string[];
  /** The clock: auto-renewing agreements have a notice window per term, up to the first one ahead. */
  now?: () => Date;
}

/**
 * Recomputes, for each agreement and each dispute a batch touches, the whole set of deadlines it
 * implies (a pure derivation, libs/domain/deadlines) and replaces that set. Derivations read the log
 * itself, so the result depends only on the log (and the clock for future notice windows).
 *
 * A batch first reads (one statement per kind, for every source it touches) and derives, and only
 * then writes, and only the rows that changed: a transaction gets its id at its first write, and
 * while it is open no gap-safe reader of the cluster (the timeline's included) can read past it, so
 * the derivations must not run then, and the writes must be few.
 */
export class DeadlinesProjector implements Projection {
  readonly name = 'deadlines';
  readonly version = 1;
  /** Derivations read the log themselves: a batch only says which agreements and disputes it touched. */
  readonly reads = { wholeDataOf: [], keysOfOthers: ['agreementId', 'developmentId'] };
  /**
   * Deadlines are days away, not milliseconds: under a steady write load, one transaction per
   * 100 ms rather than one per append. Each holds back every gap-safe reader while it writes, the
   * timeline (what read-your-writes waits for) included.
   */
  readonly minBatchIntervalMs = 100;

  constructor(private readonly options: DeadlinesOptions) {}

  createTables = createDeadlinesTables;

  async apply(events: readonly RecordedEvent[], trx: Transaction<any>, schema: string): Promise<ReadModelChange[]> {
    const agreements = new Set<string>();
    const disputes = new Set<string>();
    const retracted: string[] = [];
    for (const e of events) {
      const data = e.data as Record<string, unknown>;
      if (e.type === 'agreement_registered') agreements.add((data as unknown as AgreementRegisteredData).agreementId);
      if (typeof data.agreementId === 'string') agreements.add(data.agreementId);
      if (DISPUTE_DEADLINE_TYPES.includes(e.type)) disputes.add(disputeOf(e.streamId) ?? '');
      if (e.type === 'development_retracted') retracted.push(String(data.developmentId));
    }
    if (retracted.length) {
      const { rows } = await sql<{ type: string; stream_id: string; agreement_id: string | null }>`${sql.raw(prepared('dt_deadlines_retracted'))}
        select type, stream_id, data->>'agreementId' as agreement_id from events where event_id = any(${retracted}::uuid[])`.execute(trx);
      for (const row of rows) {
        if (row.agreement_id) agreements.add(row.agreement_id);
        if (DISPUTE_DEADLINE_TYPES.includes(row.type)) disputes.add(disputeOf(row.stream_id) ?? '');
      }
    }
    disputes.delete('');
    const now = this.options.now?.() ?? new Date();
    const derived = [...(await this.deriveAgreements(trx, [...agreements], now)), ...(await this.deriveDisputes(trx, [...disputes], now))];
    return replaceSources(trx, schema, derived);
  }

  /**
   * As time passes, an auto-renewing agreement enters a new term with a notice window of its own:
   * agreements whose deadlines all lie in the past are derived again.
   */
  async tick(trx: Transaction<any>, schema: string, now: Date): Promise<ReadModelChange[]> {
    const { rows } = await sql<{ source: string }>`
      select source from ${sql.id(schema)}.deadlines where source like 'agreement:%'
      group by source having max(due_at) <= ${now}`.execute(trx);
    const changes: ReadModelChange[] = [];
    for (const { source } of rows) changes.push(...(await this.recomputeAgreement(trx, schema, source.slice('agreement:'.length), now)));
    return changes;
  }

  /** Agreement deadlines as of `now` (also called as time passes, for windows of new terms). */
  async recomputeAgreement(db: Kysely<any>, schema: string, agreementId: string, now: Date): Promise<ReadModelChange[]> {
    const [derived] = await this.deriveAgreements(db, [agreementId], now);
    return derived ? replaceSources(db, schema, [derived]) : [];
  }

  async recomputeDispute(db: Kysely<any>, schema: string, disputeId: string, now: Date): Promise<ReadModelChange[]> {
    const [derived] = await this.deriveDisputes(db, [disputeId], now);
    return replaceSources(db, schema, [derived!]);
  }

  /** The deadlines of each registered agreement among `agreementIds` (unregistered ones have none to replace). */
  private async deriveAgreements(db: Kysely<any>, agreementIds: readonly string[], now: Date): Promise<Derived[]> {
    if (agreementIds.length === 0) return [];
    const { rows: registered } = await sql<{ stream_id: string; data: AgreementRegisteredData; recorded_at: Date }>`${sql.raw(prepared('dt_deadlines_registrations'))}
      select stream_id, data, recorded_at from events where stream_id = any(${agreementIds.map(agreementStreamId)}::text[]) and stream_version = 1`.execute(db);
    const registrations = new Map(registered.map((r) => [r.stream_id, r]));
    const developments = await developmentsOf(
      db,
      sql`${sql.raw(prepared('dt_deadlines_agreement_developments'))}`,
      sql`e.data->>'agreementId' = any(${agreementIds}::text[]) and e.data ? 'agreementId'`,
      (row) => row.data.agreementId,
    );
    const derived: Derived[] = [];
    for (const agreementId of agreementIds) {
      const registration = registrations.get(agreementStreamId(agreementId));
      if (!registration) continue;
      await breathe();
      const deadlines = agreementDeadlines(
        {
          terms: agreementTerms(registration.data),
          registeredAt: registration.recorded_at,
          developments: developments.get(agreementId) ?? [],
          defaultLeadTimes: [...this.options.defaultLeadTimes],
        },
        now,
      );
      derived.push({ source: `agreement:${agreementId}`, deadlines });
    }
    return derived;
  }

  private async deriveDisputes(db: Kysely<any>, disputeIds: readonly string[], now: Date): Promise<Derived[]> {
    if (disputeIds.length === 0) return [];
    const developments = await developmentsOf(
      db,
      sql`${sql.raw(prepared('dt_deadlines_dispute_developments'))}`,
      sql`e.stream_id = any(${disputeIds.map((id) => `dispute-${id}`)}::text[]) and e.type = any(${DISPUTE_DEADLINE_TYPES}::text[])`,
      (row) => disputeOf(row.stream_id)!,
    );
    const derived: Derived[] = [];
    for (const disputeId of disputeIds) {
      await breathe();
      const deadlines = disputeDeadlines({ disputeId, developments: developments.get(disputeId) ?? [], defaultLeadTimes: [...this.options.defaultLeadTimes] }, now);
      derived.push({ source: `dispute:${disputeId}`, deadlines });
    }
    return derived;
  }
}

/**
 * Each derivation is synchronous work (a whole dispute's deadlines, milliseconds or more): between
 * two, the process's other work (the other projections' queries, the LISTEN connection) gets a turn.
 */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Derived {
  source: string;
  deadlines: Deadline[];
}

interface DevelopmentRow {
  event_id: string;
  stream_id: string;
  type: string;
  occurred_at: Date;
  recorded_at: Date;
  data: any;
  retracted_at: Date | null;
}

/** The developments `where` selects (retracted ones with their retraction's time), in fold order, grouped by `key`. */
async function developmentsOf(
  db: Kysely<any>,
  marker: ReturnType<typeof sql>,
  where: ReturnType<typeof sql>,
  key: (row: DevelopmentRow) => string,
): Promise<Map<string, DevelopmentWithRetraction[]>> {
  const { rows } = await sql<DevelopmentRow>`${marker}
    select e.event_id, e.stream_id, e.type, e.occurred_at, e.recorded_at, e.data,
           (select min(r.recorded_at) from events r where r.type = 'development_retracted' and r.data->>'developmentId' = e.event_id::text) as retracted_at
    from events e where ${where}
    order by e.occurred_at, e.recorded_at, e.global_position`.execute(db);
  const grouped = new Map<string, DevelopmentWithRetraction[]>();
  for (const r of rows) {
    const development = { eventId: r.event_id, type: r.type, occurredAt: r.occurred_at, recordedAt: r.recorded_at, data: r.data, retractedAt: r.retracted_at } as DevelopmentWithRetraction;
    const k = key(r);
    const list = grouped.get(k);
    if (list) list.push(development);
    else grouped.set(k, [development]);
  }
  return grouped;
}

export const revisionOf = (d: Pick<Deadline, 'dueAt' | 'leadTimes'>): string =>
  createHash('sha256').update(`${d.dueAt.toISOString()}|${d.leadTimes.join(',')}`).digest('hex').slice(0, 8);

type WrittenRow = Omit<DeadlineRow, 'due_at' | 'known_at' | 'cancelled_at'> & { due_at: string; known_at: string; cancelled_at: string | null };

const COLUMNS = ['id', 'source', 'kind', 'title', 'dispute_id', 'subject_type', 'subject_id', 'due_at', 'known_at', 'cancelled_at', 'lead_times', 'source_event_id', 'revision'] as const;

const toRow = (source: string, d: Deadline): WrittenRow => ({
  id: d.id,
  source,
  kind: d.kind,
  title: d.title,
  dispute_id: d.disputeId,
  subject_type: d.subject?.type ?? null,
  subject_id: d.subject?.id ?? null,
  due_at: d.dueAt.toISOString(),
  known_at: d.knownAt.toISOString(),
  cancelled_at: d.cancelledAt?.toISOString() ?? null,
  lead_times: [...d.leadTimes],
  source_event_id: d.sourceEventId,
  revision: revisionOf(d),
});

/** A stored row in the shape it was written in (instants as ISO text: they are written with milliseconds). */
const storedRow = (r: DeadlineRow): WrittenRow => ({
  ...r,
  due_at: r.due_at.toISOString(),
  known_at: r.known_at.toISOString(),
  cancelled_at: r.cancelled_at?.toISOString() ?? null,
});

const sameRow = (a: WrittenRow, b: WrittenRow): boolean =>
  COLUMNS.every((c) => (c === 'lead_times' ? a.lead_times.length === b.lead_times.length && a.lead_times.every((t, i) => t === b.lead_times[i]) : a[c] === b[c]));

/**
 * Replaces the deadlines derived from each source, in order, as if source by source (delete its
 * rows it no longer derives, upsert the rest); reports those whose row changed. The rows are read
 * first and only what changed is written: re-deriving a dispute yields mostly the rows it already
 * has, and writing them anyway would lock every one of them.
 */
async function replaceSources(db: Kysely<any>, schema: string, derived: readonly Derived[]): Promise<ReadModelChange[]> {
  if (derived.length === 0) return [];
  const s = sql.id(schema);
  const wanted = derived.map(({ source, deadlines }) => ({ source, rows: deadlines.map((d) => toRow(source, d)) }));
  // A row of the same id under a source not read here is "new" below: the upsert then moves it, as before.
  const { rows: existing } = await sql<DeadlineRow>`${sql.raw(prepared('dt_deadlines_current'))}
    select ${sql.join(COLUMNS.map((c) => sql.id(c)))} from ${s}.deadlines where source = any(${wanted.map((w) => w.source)}::text[])`.execute(db);
  const before = new Map(existing.map((r) => [r.id, storedRow(r)]));
  const after = new Map<string, WrittenRow | undefined>(before);
  for (const { source, rows } of wanted) {
    const keep = new Set(rows.map((r) => r.id));
    for (const [id, row] of after) if (row?.source === source && !keep.has(id)) after.set(id, undefined);
    for (const row of rows) after.set(row.id, row);
  }
  const removed = [...after].filter(([id, row]) => row === undefined && before.has(id)).map(([id]) => id);
  const changed = [...after.values()].filter((row): row is WrittenRow => row !== undefined && !(before.has(row.id) && sameRow(before.get(row.id)!, row)));
  const changes: ReadModelChange[] = [];
  if (removed.length) {
    const { rows } = await sql<{ id: string }>`${sql.raw(prepared('dt_deadlines_remove'))}
      delete from ${s}.deadlines where id = any(${removed}::text[]) returning id`.execute(db);
    for (const r of rows) changes.push({ readModel: 'deadlines', id: r.id });
  }
  if (changed.length) {
    const { rows } = await sql<{ id: string }>`${sql.raw(prepared('dt_deadlines_upsert'))}
      insert into ${s}.deadlines (id, source, kind, title, dispute_id, subject_type, subject_id, due_at, known_at, cancelled_at, lead_times, source_event_id, revision)
      select id, source, kind, title, dispute_id, subject_type, subject_id, due_at, known_at, cancelled_at, lead_times, source_event_id, revision
      from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb)
        as r(id text, source text, kind text, title text, dispute_id text, subject_type text, subject_id text, due_at timestamptz,
             known_at timestamptz, cancelled_at timestamptz, lead_times text[], source_event_id uuid, revision text)
      on conflict (id) do update set
        source = excluded.source, kind = excluded.kind, title = excluded.title, dispute_id = excluded.dispute_id,
        subject_type = excluded.subject_type, subject_id = excluded.subject_id, due_at = excluded.due_at, known_at = excluded.known_at,
        cancelled_at = excluded.cancelled_at, lead_times = excluded.lead_times, source_event_id = excluded.source_event_id, revision = excluded.revision
      where (${s}.deadlines.*) is distinct from (excluded.*)
      returning id`.execute(db);
    for (const r of rows) changes.push({ readModel: 'deadlines', id: r.id });
  }
  return changes;
}
