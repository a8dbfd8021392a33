import { agreementAt, type AgreementEvent, type AgreementState } from '@app/domain';
import { counting, toTerms, type KnownDevelopment, type PointOfView, type TimelineReader } from '../timeline/timeline.reader.js';
import type { AgreementRow } from '../timeline/timeline.tables.js';

export interface AgreementView {
  id: string;
  name: string;
  parties: string[];
  disputeId: string | null;
  signedOn: string;
  autoRenews: boolean;
  termMonths: number | null;
  noticeDays: number;
  status: AgreementState['status'];
  expiresOn: string;
  notice: { actor: string; givenOn: string; expiresOn: string; suspended: boolean } | null;
  history: Array<{ eventId: string; occurredAt: string; status: AgreementState['status'] }>;
}

export function agreementView(row: AgreementRow, developments: readonly KnownDevelopment[], at: Date): AgreementView {
  const state = agreementAt(toTerms(row), counting(developments) as unknown as AgreementEvent[], at);
  return {
    id: row.id,
    name: row.name,
    parties: row.parties,
    disputeId: row.dispute_id,
    signedOn: row.signed_on.toISOString(),
    autoRenews: row.auto_renews,
    termMonths: row.term_months,
    noticeDays: row.notice_days,
    status: state.status,
    expiresOn: state.expiresOn.toISOString(),
    notice: state.notice
      ? { actor: state.notice.actor, givenOn: state.notice.givenOn.toISOString(), expiresOn: state.notice.expiresOn.toISOString(), suspended: state.notice.suspended }
      : null,
    history: state.history.map((h) => ({ eventId: h.eventId, occurredAt: h.occurredAt.toISOString(), status: h.status })),
  };
}

/** Agreements as they stood at `asOf` (default: now), as known at `knownAt`. */
export async function agreementViews(reader: TimelineReader, filter: { ids?: string[]; disputeId?: string }, view: PointOfView, now: Date): Promise<AgreementView[]> {
  const rows = await reader.agreements(filter, view);
  const developments = await reader.agreementDevelopments(
    rows.map((r) => r.id),
    view,
  );
  return agreementViewsOf(rows, developments, view, now);
}

/** The same, from rows and developments already read (in `TimelineReader.agreements` order). */
export function agreementViewsOf(rows: readonly AgreementRow[], developments: ReadonlyMap<string, readonly KnownDevelopment[]>, view: PointOfView, now: Date): AgreementView[] {
  const at = view.asOf ?? now;
  return rows.filter((r) => r.signed_on <= at || !view.asOf).map((row) => agreementView(row, developments.get(row.id) ?? [], at));
}
