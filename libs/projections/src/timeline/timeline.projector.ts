import { sql, type Transaction } from 'kysely';
import { prepared } from '@app/database';
import { DEVELOPMENT_TYPES, type AgreementRegisteredData, type DevelopmentRetractedData, type DisputeOpenedData } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection, ReadModelChange } from '../runtime/projection.types.js';
import { createTimelineTables } from './timeline.tables.js';

const DEVELOPMENT = new Set<string>(DEVELOPMENT_TYPES);
const DISPUTE_PREFIX = 'dispute-';
const disputeOf = (streamId: string): string | null => (streamId.startsWith(DISPUTE_PREFIX) ? streamId.slice(DISPUTE_PREFIX.length) : null);

/**
 * Applies a batch with a handful of set-based statements (rows travel as one JSON parameter each;
 * developments, the bulk of the log, are copied from the events table by position), so a rebuild
 * runs at the speed of bulk inserts rather than one round trip per event. Inserts do not ignore
 * conflicts: applying an event twice would be a bug of the runtime, and must fail loudly.
 */
export class TimelineProjector implements Projection {
  readonly name = 'timeline';
  readonly version = 1;
  /** Developments are copied server-side: of those, only the agreement they concern travels. */
  readonly reads = { wholeDataOf: ['dispute_opened', 'agreement_registered', 'development_retracted'], keysOfOthers: ['agreementId'] };
  /**
   * Under a steady write load, a batch every 10 ms rather than one per few appends: each batch costs
   * seven round trips whatever its size, and at 1,600 writes/s those were half of PostgreSQL's
   * statements and most of the worker's CPU. Read-your-writes waits at most this much longer.
   */
  readonly minBatchIntervalMs = 10;

  createTables = createTimelineTables;

  async apply(events: readonly RecordedEvent[], trx: Transaction<any>, schema: string): Promise<ReadModelChange[]> {
    const s = sql.id(schema);
    const disputes: object[] = [];
    const agreements: object[] = [];
    /** Global positions: their rows are copied from the log by the server, not sent back from here. */
    const developments: number[] = [];
    const retractions: object[] = [];
    const versions = new Map<string, { id: string; version: number; position: number }>();
    const changes: ReadModelChange[] = [];

    for (const e of events) {
      const disputeId = disputeOf(e.streamId);
      if (disputeId) {
        versions.set(disputeId, { id: disputeId, version: e.streamVersion, position: e.globalPosition });
        changes.push({ readModel: 'disputes', id: disputeId });
      }
      if (e.type === 'dispute_opened') {
        const d = e.data as DisputeOpenedData;
        disputes.push({ id: d.disputeId, title: d.title, parties: d.parties, description: d.description, version: e.streamVersion, opened_at: e.occurredAt, recorded_at: e.recordedAt, global_position: e.globalPosition });
      } else if (e.type === 'agreement_registered') {
        const a = e.data as AgreementRegisteredData;
        agreements.push({ ...a, recorded_at: e.recordedAt, global_position: e.globalPosition });
        changes.push({ readModel: 'agreements', id: a.agreementId });
        // The dispute's views list it (and its escalation will fold it): they changed too.
        if (a.disputeId) changes.push({ readModel: 'disputes', id: a.disputeId });
      } else if (e.type === 'development_retracted') {
        const r = e.data as DevelopmentRetractedData;
        retractions.push({ development_id: r.developmentId, event_id: e.id, reason: r.reason, recorded_at: e.recordedAt });
      } else if (DEVELOPMENT.has(e.type) && disputeId) {
        developments.push(e.globalPosition);
        const agreementId = (e.data as Record<string, unknown>).agreementId;
        if (typeof agreementId === 'string') changes.push({ readModel: 'agreements', id: agreementId });
      }
    }

    if (disputes.length) {
      await sql`
        insert into ${s}.disputes (id, title, parties, description, version, opened_at, recorded_at, global_position)
        select id, title, parties, description, version, opened_at, recorded_at, global_position
        from jsonb_to_recordset(${JSON.stringify(disputes)}::jsonb)
          as r(id text, title text, parties text[], description text, version int, opened_at timestamptz, recorded_at timestamptz, global_position bigint)`.execute(trx);
    }
    if (agreements.length) {
      await sql`
        insert into ${s}.agreements (id, name, parties, dispute_id, signed_on, expires_on, auto_renews, term_months, notice_days, recorded_at, global_position)
        select "agreementId", name, parties, "disputeId", "signedOn", "expiresOn", "autoRenews", "termMonths", "noticeDays", recorded_at, global_position
        from jsonb_to_recordset(${JSON.stringify(agreements)}::jsonb)
          as r("agreementId" text, name text, parties text[], "disputeId" text, "signedOn" timestamptz, "expiresOn" timestamptz,
               "autoRenews" boolean, "termMonths" int, "noticeDays" int, recorded_at timestamptz, global_position bigint)`.execute(trx);
    }
    if (developments.length) {
      // The same row the event's JSON would give (instants to the millisecond, as the driver reads
      // them), without the round trip: the data stays in the server.
      await sql`${sql.raw(prepared('dt_timeline_developments'))}
        insert into ${s}.developments (event_id, dispute_id, stream_version, global_position, type, occurred_at, recorded_at,
          recorded_by, summary, actor, target, agreement_id, cameo_code, sources, data)
        select e.event_id, substr(e.stream_id, ${DISPUTE_PREFIX.length + 1}::int), e.stream_version, e.global_position, e.type,
          date_trunc('milliseconds', e.occurred_at), date_trunc('milliseconds', e.recorded_at),
          e.metadata->>'recordedBy', coalesce(e.data->>'summary', ''), e.data->>'actor', e.data->>'target', e.data->>'agreementId',
          e.data->>'cameoCode', coalesce(nullif(e.data->'sources', 'null'::jsonb), '[]'::jsonb), e.data
        from events e
        where e.global_position = any(${developments}::bigint[])`.execute(trx);
    }
    if (retractions.length) {
      const { rows } = await sql<{ dispute_id: string; agreement_id: string | null }>`
        update ${s}.developments d
        set retracted_at = r.recorded_at, retraction_event_id = r.event_id, retraction_reason = r.reason
        from jsonb_to_recordset(${JSON.stringify(retractions)}::jsonb)
          as r(development_id uuid, event_id uuid, reason text, recorded_at timestamptz)
        where d.event_id = r.development_id and d.retracted_at is null
        returning d.dispute_id, d.agreement_id`.execute(trx);
      for (const row of rows) if (row.agreement_id) changes.push({ readModel: 'agreements', id: row.agreement_id });
    }
    if (versions.size) {
      await sql`${sql.raw(prepared('dt_timeline_versions'))}
        update ${s}.disputes d set version = v.version, global_position = v.position
        from jsonb_to_recordset(${JSON.stringify([...versions.values()])}::jsonb) as v(id text, version int, position bigint)
        where d.id = v.id and d.version < v.version`.execute(trx);
    }
    return changes;
  }
}
