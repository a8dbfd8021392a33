import type { AgreementRegisteredData } from '../developments/domain-events.js';
import type { CountryCode } from '../developments/development.types.js';

export type AgreementStatus = 'in_force' | 'termination_notified' | 'notice_suspended' | 'terminated';

export interface AgreementTerms {
  id: string;
  name: string;
  parties: CountryCode[];
  disputeId: string | null;
  signedOn: Date;
  expiresOn: Date;
  autoRenews: boolean;
  termMonths: number | null;
  noticeDays: number;
}

export interface AgreementNotice {
  eventId: string;
  actor: CountryCode;
  givenOn: Date;
  /** The agreement ends then unless the notice is suspended or withdrawn. */
  expiresOn: Date;
  suspended: boolean;
  /** The expiry the agreement had before the notice: a suspension or withdrawal restores it. */
  before: { expiresOn: Date; renewal: { anchor: Date; terms: number } };
}

export interface AgreementHistoryEntry {
  eventId: string;
  occurredAt: Date;
  status: AgreementStatus;
}

export interface AgreementState {
  terms: AgreementTerms;
  status: AgreementStatus;
  /** The current expiry: moved on by automatic renewals, by a renewal, or set by a notice. */
  expiresOn: Date;
  notice: AgreementNotice | null;
  history: AgreementHistoryEntry[];
  /**
   * Renewals count whole terms from an anchor (the first expiry, or the last one set by a notice or
   * a renewal), so 31 January renews to 28 February and then 31 March, not 28 March.
   */
  renewal: { anchor: Date; terms: number };
}

export function agreementTerms(data: AgreementRegisteredData): AgreementTerms {
  return {
    id: data.agreementId,
    name: data.name,
    parties: data.parties,
    disputeId: data.disputeId,
    signedOn: new Date(data.signedOn),
    expiresOn: new Date(data.expiresOn),
    autoRenews: data.autoRenews,
    termMonths: data.termMonths,
    noticeDays: data.noticeDays,
  };
}
