import { sql, type Kysely } from 'kysely';
import {
  agreementStreamId,
  agreementTerms,
  byOccurrence,
  type AgreementEvent,
  type AgreementRegisteredData,
  type AgreementTerms,
} from '@app/domain';
import { EventStore, IdempotencyConflictError } from '@app/event-store';
import type { RecordedEventRef } from './write-result.js';

/** The domain questions the command side asks of the log. */
export class LogQueries {
  constructor(private readonly db: Kysely<any>) {}

  async agreementTerms(agreementId: string): Promise<AgreementTerms | undefined> {
    const [registered] = await new EventStore(this.db).readStream(agreementStreamId(agreementId), { maxCount: 1 });
    return registered?.type === 'agreement_registered' ? agreementTerms(registered.data as AgreementRegisteredData) : undefined;
  }

  /** An agreement's developments from every dispute, unretracted, in occurred order. */
  async agreementHistory(agreementId: string): Promise<AgreementEvent[]> {
    const { rows } = await sql<EventRow>`
      select e.event_id, e.type, e.data, e.occurred_at, e.recorded_at from events e
      where e.data->>'agreementId' = ${agreementId} and e.data ? 'agreementId'
        and not exists (
          select 1 from events r
          where r.type = 'development_retracted' and r.data->>'developmentId' = e.event_id::text)
      order by e.global_position`.execute(this.db);
    return rows.map(toDevelopment).filter(isAgreementEvent).sort(byOccurrence);
  }

  /** What a retraction needs to know of its target. */
  async development(eventId: string): Promise<
    { eventId: string; type: string; streamId: string; disputeId: string | null; agreementId: string | null; alreadyRetracted: boolean } | undefined
  > {
    const { rows } = await sql<{ event_id: string; type: string; stream_id: string; data: Record<string, unknown>; retracted: boolean }>`
      select e.event_id, e.type, e.stream_id, e.data,
             exists (select 1 from events r where r.type = 'development_retracted' and r.data->>'developmentId' = e.event_id::text) as retracted
      from events e where e.event_id = ${eventId}::uuid`.execute(this.db);
    const row = rows[0];
    if (!row) return undefined;
    return {
      eventId: row.event_id,
      type: row.type,
      streamId: row.stream_id,
      disputeId: typeof row.data.disputeId === 'string' ? row.data.disputeId : null,
      agreementId: typeof row.data.agreementId === 'string' ? row.data.agreementId : null,
      alreadyRetracted: row.retracted,
    };
  }

  /**
   * A retry of a write whose event ids are already in the log (an Idempotency-Key, the seed): its
   * first answer, found before any rule is judged again (the rule would now see the write itself).
   * Ids recorded elsewhere or as other types are a conflict; none found means a first attempt.
   */
  async replay(streamId: string, ids: readonly string[], types: readonly string[]): Promise<RecordedEventRef[] | undefined> {
    const { rows } = await sql<{ event_id: string; stream_id: string; stream_version: number; global_position: string; type: string }>`
      select event_id, stream_id, stream_version, global_position, type from events
      where event_id = any(${ids}::uuid[])`.execute(this.db);
    if (rows.length === 0) return undefined;
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const same = ids.every((id, i) => byId.get(id)?.stream_id === streamId && byId.get(id)?.type === types[i]);
    if (!same || rows.length !== ids.length) throw new IdempotencyConflictError([...byId.keys()], 'this request reuses ids already recorded with other content');
    return ids.map((id) => {
      const r = byId.get(id)!;
      return { eventId: r.event_id, streamId: r.stream_id, version: r.stream_version, globalPosition: Number(r.global_position), replayed: true };
    });
  }

  /**
   * Serialises rule-checked decisions on these keys until the caller's transaction ends (keys
   * sorted, so two writers never wait on each other in a cycle).
   */
  async lock(keys: readonly string[]): Promise<void> {
    for (const key of [...new Set(keys)].sort()) {
      await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(this.db);
    }
  }
}

interface EventRow {
  event_id: string;
  type: string;
  data: unknown;
  occurred_at: Date;
  recorded_at: Date;
}

const AGREEMENT_EVENT_TYPES = new Set([
  'agreement_non_renewal',
  'agreement_non_renewal_suspended',
  'agreement_non_renewal_withdrawn',
  'agreement_renewed',
  'deadline_reached',
]);

function toDevelopment(row: EventRow): { eventId: string; type: string; occurredAt: Date; recordedAt: Date; data: unknown } {
  return { eventId: row.event_id, type: row.type, occurredAt: row.occurred_at, recordedAt: row.recorded_at, data: row.data };
}

const isAgreementEvent = (e: { type: string }): e is AgreementEvent => AGREEMENT_EVENT_TYPES.has(e.type);
