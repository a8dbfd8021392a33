import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
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
      const { rows } = await sql<{ type: string; stream_id: string; agreement_id: string | null }>`
        select type, stream_id, data->>'agreementId' as agreement_id from events where event_id = any(${retracted}::uuid[])`.execute(trx);
      for (const row of rows) {
        if (row.agreement_id) agreements.add(row.agreement_id);
        if (DISPUTE_DEADLINE_TYPES.includes(row.type)) disputes.add(disputeOf(row.stream_id) ?? '');
      }
    }
    disputes.delete('');
    const now = this.options.now?.() ?? new Date();
    const changes: ReadModelChange[] = [];
    for (const id of agreements) changes.push(...(await this.recomputeAgreement(trx, schema, id, now)));
    for (const id of disputes) changes.push(...(await this.recomputeDispute(trx, schema, id, now)));
    return changes;
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
    const { rows: registered } = await sql<{ data: AgreementRegisteredData; recorded_at: Date }>`
      select data, recorded_at from events where stream_id = ${agreementStreamId(agreementId)} and stream_version = 1`.execute(db);
    const registration = registered[0];
    if (!registration) return [];
    const developments = await developmentsWhere(db, sql`e.data->>'agreementId' = ${agreementId} and e.data ? 'agreementId'`);
    const deadlines = agreementDeadlines(
      { terms: agreementTerms(registration.data), registeredAt: registration.recorded_at, developments, defaultLeadTimes: [...this.options.defaultLeadTimes] },
      now,
    );
    return replaceSource(db, schema, `agreement:${agreementId}`, deadlines);
  }

  async recomputeDispute(db: Kysely<any>, schema: string, disputeId: string, now: Date): Promise<ReadModelChange[]> {
    const developments = await developmentsWhere(db, sql`e.stream_id = ${`dispute-${disputeId}`} and e.type = any(${DISPUTE_DEADLINE_TYPES})`);
    const deadlines = disputeDeadlines({ disputeId, developments, defaultLeadTimes: [...this.options.defaultLeadTimes] }, now);
    return replaceSource(db, schema, `dispute:${disputeId}`, deadlines);
  }
}

async function developmentsWhere(db: Kysely<any>, where: ReturnType<typeof sql>): Promise<DevelopmentWithRetraction[]> {
  const { rows } = await sql<{ event_id: string; type: string; occurred_at: Date; recorded_at: Date; data: any; retracted_at: Date | null }>`
    select e.event_id, e.type, e.occurred_at, e.recorded_at, e.data,
           (select min(r.recorded_at) from events r where r.type = 'development_retracted' and r.data->>'developmentId' = e.event_id::text) as retracted_at
    from events e where ${where}
    order by e.occurred_at, e.recorded_at, e.global_position`.execute(db);
  return rows.map((r) => ({ eventId: r.event_id, type: r.type, occurredAt: r.occurred_at, recordedAt: r.recorded_at, data: r.data, retractedAt: r.retracted_at }) as DevelopmentWithRetraction);
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
  const removed = await sql<{ id: string }>`
    delete from ${s}.deadlines where source = ${source} and not (id = any(${rows.map((r) => r.id)}::text[])) returning id`.execute(db);
  const upserted = await sql<{ id: string }>`
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
