import { sql, type Kysely } from 'kysely';
import {
  agreementDeadlines,
  alertSchedule,
  byDueAt,
  deadlineStatus,
  disputeDeadlines,
  type Deadline,
  type DeadlineAlert,
  type DeadlineStatus,
} from '@app/domain';
import { toTerms, type PointOfView, type TimelineReader } from '../timeline/timeline.reader.js';
import type { DeadlineRow } from './deadlines.tables.js';

export interface DeadlineView {
  id: string;
  kind: Deadline['kind'];
  title: string;
  disputeId: string | null;
  subject: { type: string; id: string } | null;
  dueAt: string;
  status: DeadlineStatus;
  alerts: Array<{ leadTime: string; kind: DeadlineAlert['kind']; fireAt: string; status: DeadlineAlert['status'] }>;
}

export interface DeadlineFilter {
  status?: DeadlineStatus;
  disputeId?: string;
  from?: Date;
  to?: Date;
}

export const rowToDeadline = (r: DeadlineRow): Deadline => ({
  id: r.id,
  kind: r.kind as Deadline['kind'],
  title: r.title,
  disputeId: r.dispute_id,
  subject: r.subject_type && r.subject_id ? { type: r.subject_type, id: r.subject_id } : null,
  dueAt: r.due_at,
  knownAt: r.known_at,
  cancelledAt: r.cancelled_at,
  leadTimes: r.lead_times,
  sourceEventId: r.source_event_id,
});

export function deadlineView(d: Deadline, now: Date, sent: ReadonlySet<string>): DeadlineView {
  return {
    id: d.id,
    kind: d.kind,
    title: d.title,
    disputeId: d.disputeId,
    subject: d.subject,
    dueAt: d.dueAt.toISOString(),
    status: deadlineStatus(d, now),
    alerts: alertSchedule(d, now, sent).map((a) => ({ leadTime: a.leadTime, kind: a.kind, fireAt: a.fireAt.toISOString(), status: a.status })),
  };
}

const matches = (d: Deadline, filter: DeadlineFilter, now: Date): boolean =>
  (!filter.disputeId || d.disputeId === filter.disputeId) &&
  (!filter.from || d.dueAt >= filter.from) &&
  (!filter.to || d.dueAt <= filter.to) &&
  (!filter.status || deadlineStatus(d, now) === filter.status);

/** Of the deadlines the projection holds (by due time), those that match `filter` at `now` (a status moves with time). */
export const deadlinesNow = (deadlines: readonly Deadline[], filter: DeadlineFilter, now: Date): Deadline[] => deadlines.filter((d) => matches(d, filter, now));

/** The deadlines the projection holds in the filter's dispute and dates, whatever their status. */
export async function recordedDeadlines(db: Kysely<any>, schema: string, filter: Omit<DeadlineFilter, 'status'>): Promise<Deadline[]> {
  const { rows } = await sql<DeadlineRow>`
    select * from ${sql.id(schema)}.deadlines
    where (${filter.disputeId ?? null}::text is null or dispute_id = ${filter.disputeId ?? null})
      and (${filter.from ?? null}::timestamptz is null or due_at >= ${filter.from ?? null})
      and (${filter.to ?? null}::timestamptz is null or due_at <= ${filter.to ?? null})
    order by due_at, id`.execute(db);
  return rows.map(rowToDeadline);
}

/**
 * The deadline queue as it stood at `asOf`, as known at `knownAt`: derived from the timeline's
 * developments with the same pure functions the projection uses.
 */
export async function deadlinesAt(reader: TimelineReader, filter: DeadlineFilter, view: PointOfView, now: Date, defaultLeadTimes: readonly string[]): Promise<Deadline[]> {
  const at = view.asOf ?? now;
  const disputes = filter.disputeId ? [filter.disputeId] : (await reader.disputes(view)).map((d) => d.id);
  const result: Deadline[] = [];
  for (const disputeId of disputes) {
    const developments = await reader.developments(disputeId, view);
    result.push(...disputeDeadlines({ disputeId, developments, defaultLeadTimes }, at));
  }
  const agreements = await reader.agreements(filter.disputeId ? { disputeId: filter.disputeId } : {}, view);
  const events = await reader.agreementDevelopments(agreements.map((a) => a.id), view);
  for (const row of agreements) {
    result.push(...agreementDeadlines({ terms: toTerms(row), registeredAt: row.recorded_at, developments: events.get(row.id) ?? [], defaultLeadTimes }, at));
  }
  const unique = [...new Map(result.map((d) => [d.id, d])).values()];
  return unique.filter((d) => matches(d, filter, at)).sort(byDueAt);
}
