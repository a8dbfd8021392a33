import { addDays, compactInstant } from '../shared/time.js';
import type { AgreementState } from './agreement.types.js';

export type AgreementDeadlineKind = 'agreement_expiry' | 'notice_window_closes';

export interface AgreementDeadline {
  id: string;
  kind: AgreementDeadlineKind;
  agreementId: string;
  dueAt: Date;
}

/** Deterministic ids, so every fold (and every rebuild) names the same deadline the same way. */
export const expiryDeadlineId = (agreementId: string, expiresOn: Date): string => `agreement-${agreementId}-expiry-${compactInstant(expiresOn)}`;
export const noticeWindowDeadlineId = (agreementId: string, expiresOn: Date): string =>
  `agreement-${agreementId}-notice-window-${compactInstant(expiresOn)}`;

/** The last moment notice can be given to stop the renewal at `expiresOn`. */
export const noticeWindowCloses = (expiresOn: Date, noticeDays: number): Date => addDays(expiresOn, -noticeDays);

/**
 * What the agreement is waiting for in this state: its end (a notice runs, or it does not renew
 * itself), or the close of the window for giving notice before it renews.
 */
export function pendingAgreementDeadlines(state: AgreementState): AgreementDeadline[] {
  const { terms, status, notice, expiresOn } = state;
  if (status === 'terminated') return [];
  if (status === 'termination_notified' && notice) {
    return [{ id: expiryDeadlineId(terms.id, notice.expiresOn), kind: 'agreement_expiry', agreementId: terms.id, dueAt: notice.expiresOn }];
  }
  if (!terms.autoRenews) {
    return [{ id: expiryDeadlineId(terms.id, expiresOn), kind: 'agreement_expiry', agreementId: terms.id, dueAt: expiresOn }];
  }
  return [
    {
      id: noticeWindowDeadlineId(terms.id, expiresOn),
      kind: 'notice_window_closes',
      agreementId: terms.id,
      dueAt: noticeWindowCloses(expiresOn, terms.noticeDays),
    },
  ];
}
