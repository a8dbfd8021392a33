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
 * then writes: a transaction gets its id at its first write, and while it is open no gap-safe reader
 * of the cluster (the timeline's included) can read past it, so the derivations must not run then.
 */
export class DeadlinesProjector implements Projection {
  readonly name = 'deadlines';
  readonly version = 1;

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
    const changes: ReadModelChange[] = [];
    for (const { source, deadlines } of derived) changes.push(...(await replaceSource(trx, schema, source, deadlines)));
    return changes;
  }

  /** Agreement deadlines as of `now` (also called as time passes, for windows of new terms). */
  async recomputeAgreement(db: Kysely<any>, schema: string, agreementId: string, now: Date): Promise<ReadModelChange[]> {
    const [derived] = await this.deriveAgreements(db, [agreementId], now);
    return derived ? replaceSource(db, schema, derived.source, derived.deadlines) : [];
  }

  async recomputeDispute(db: Kysely<any>, schema: string, disputeId: string, now: Date): Promise<ReadModelChange[]> {
    const [derived] = await this.deriveDisputes(db, [disputeId], now);
    return replaceSource(db, schema, derived!.source, derived!.deadlines);
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
    return agreementIds.flatMap((agreementId) => {
      const registration = registrations.get(agreementStreamId(agreementId));
      if (!registration) return [];
      const deadlines = agreementDeadlines(
        {
          terms: agreementTerms(registration.data),
          registeredAt: registration.recorded_at,
          developments: developments.get(agreementId) ?? [],
          defaultLeadTimes: [...this.options.defaultLeadTimes],
        },
        now,
      );
      return [{ source: `agreement:${agreementId}`, deadlines }];
    });
  }

  private async deriveDisputes(db: Kysely<any>, disputeIds: readonly string[], now: Date): Promise<Derived[]> {
    if (disputeIds.length === 0) return [];
    const developments = await developmentsOf(
      db,
      sql`${sql.raw(prepared('dt_deadlines_dispute_developments'))}`,
      sql`e.stream_id = any(${disputeIds.map((id) => `dispute-${id}`)}::text[]) and e.type = any(${DISPUTE_DEADLINE_TYPES}::text[])`,
      (row) => disputeOf(row.stream_id)!,
    );
    return disputeIds.map((disputeId) => ({
      source: `dispute:${disputeId}`,
      deadlines: disputeDeadlines({ disputeId, developments: developments.get(disputeId) ?? [], defaultLeadTimes: [...this.options.defaultLeadTimes] }, now),
    }));
  }
}

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

/** Replaces the deadlines derived from one source; reports those whose row changed. */
async function replaceSource(db: Kysely<any>, schema: string, source: string, deadlines: readonly Deadline[]): Promise<ReadModelChange[]> {
  const s = sql.id(schema);
  const rows: Array<Omit<DeadlineRow, 'due_at' | 'known_at' | 'cancelled_at'> & { due_at: string; known_at: string; cancelled_at: string | null }> = deadlines.map((d) => ({
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
  }));
  const removed = await sql<{ id: string }>`${sql.raw(prepared('dt_deadlines_remove'))}
    delete from ${s}.deadlines where source = ${source} and not (id = any(${rows.map((r) => r.id)}::text[])) returning id`.execute(db);
  const upserted = await sql<{ id: string }>`${sql.raw(prepared('dt_deadlines_upsert'))}
    insert into ${s}.deadlines (id, source, kind, title, dispute_id, subject_type, subject_id, due_at, known_at, cancelled_at, lead_times, source_event_id, revision)
    select id, source, kind, title, dispute_id, subject_type, subject_id, due_at, known_at, cancelled_at, lead_times, source_event_id, revision
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(id text, source text, kind text, title text, dispute_id text, subject_type text, subject_id text, due_at timestamptz,
           known_at timestamptz, cancelled_at timestamptz, lead_times text[], source_event_id uuid, revision text)
    on conflict (id) do update set
      source = excluded.source, kind = excluded.kind, title = excluded.title, dispute_id = excluded.dispute_id,
      subject_type = excluded.subject_type, subject_id = excluded.subject_id, due_at = excluded.due_at, known_at = excluded.known_at,
      cancelled_at = excluded.cancelled_at, lead_times = excluded.lead_times, source_event_id = excluded.source_event_id, revision = excluded.revision
    where (${s}.deadlines.*) is distinct from (excluded.*)
    returning id`.execute(db);
  return [...removed.rows, ...upserted.rows].map((r) => ({ readModel: 'deadlines', id: r.id }));
}
