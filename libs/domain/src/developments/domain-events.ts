import type { Instant } from '../shared/time.js';
import type { CountryCode, DevelopmentData, DevelopmentType } from './development.types.js';

export interface DisputeOpenedData {
  disputeId: string;
  title: string;
  parties: CountryCode[];
  description: string | null;
}

export interface AgreementRegisteredData {
  agreementId: string;
  name: string;
  parties: CountryCode[];
  disputeId: string | null;
  signedOn: Instant;
  expiresOn: Instant;
  autoRenews: boolean;
  termMonths: number | null;
  noticeDays: number;
}

export interface DevelopmentRetractedData {
  disputeId: string;
  developmentId: string;
  reason: string;
}

/** Every event type of the log, with its data. Development types are event types of their own. */
export type DomainEventDataByType = { [T in DevelopmentType]: DevelopmentData<T> } & {
  dispute_opened: DisputeOpenedData;
  agreement_registered: AgreementRegisteredData;
  development_retracted: DevelopmentRetractedData;
};
export type DomainEventType = keyof DomainEventDataByType;

export const disputeStreamId = (disputeId: string): string => `dispute-${disputeId}`;
export const agreementStreamId = (agreementId: string): string => `agreement-${agreementId}`;
