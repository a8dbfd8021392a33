import type { Instant } from '../shared/time.js';

/** ISO 3166-1 alpha-2, upper case. */
export type CountryCode = string;

export interface Source {
  publisher: string;
  title?: string;
  url?: string;
  publishedOn?: Instant;
  quote?: string;
}

export const PROTEST_FORMS = ['statement', 'formal_protest', 'ambassador_summoned'] as const;
export type ProtestForm = (typeof PROTEST_FORMS)[number];
export const STANCES = ['support', 'concern', 'condemn', 'neutral'] as const;
export type Stance = (typeof STANCES)[number];

export interface DeadlineSubject {
  type: string;
  id: string;
}

/** The type-specific fields of each development, as recorded in the event's data. */
export interface DevelopmentFieldsByType {
  export_control_tightened: { actor: CountryCode; target: CountryCode; items: string[] };
  export_control_eased: { actor: CountryCode; target: CountryCode; items: string[] };
  export_list_removal: { actor: CountryCode; target: CountryCode; list: string; effectiveOn: Instant };
  export_list_reinstatement: { actor: CountryCode; target: CountryCode; list: string; effectiveOn: Instant };
  export_license_issued: { actor: CountryCode; target: CountryCode; items: string[]; count?: number };
  /** `expiresOn` is resolved when recorded: the expiry the notice ends the agreement at. */
  agreement_non_renewal: { agreementId: string; actor: CountryCode; expiresOn: Instant };
  agreement_non_renewal_suspended: { agreementId: string; actor: CountryCode; conditional: boolean };
  agreement_non_renewal_withdrawn: { agreementId: string; actor: CountryCode };
  agreement_renewed: { agreementId: string; expiresOn: Instant };
  protest: { actor: CountryCode; target: CountryCode; form: ProtestForm };
  statement: { actor: CountryCode; about: CountryCode[]; stance: Stance };
  deadline_set: { title: string; dueAt: Instant; subject?: DeadlineSubject };
  other: { actor?: CountryCode; target?: CountryCode };
  /** Recorded by the service only. */
  deadline_reached: { deadlineId: string; agreementId?: string };
}

export type DevelopmentType = keyof DevelopmentFieldsByType;

export const DEVELOPMENT_TYPES = [
  'export_control_tightened',
  'export_control_eased',
  'export_list_removal',
  'export_list_reinstatement',
  'export_license_issued',
  'agreement_non_renewal',
  'agreement_non_renewal_suspended',
  'agreement_non_renewal_withdrawn',
  'agreement_renewed',
  'protest',
  'statement',
  'deadline_set',
  'other',
  'deadline_reached',
] as const satisfies readonly DevelopmentType[];

export const AGREEMENT_DEVELOPMENT_TYPES = [
  'agreement_non_renewal',
  'agreement_non_renewal_suspended',
  'agreement_non_renewal_withdrawn',
  'agreement_renewed',
] as const satisfies readonly DevelopmentType[];
export type AgreementDevelopmentType = (typeof AGREEMENT_DEVELOPMENT_TYPES)[number];

export const isAgreementDevelopmentType = (type: string): type is AgreementDevelopmentType =>
  (AGREEMENT_DEVELOPMENT_TYPES as readonly string[]).includes(type);

/** What every development carries besides its own fields. */
export interface DevelopmentCommon {
  disputeId: string;
  summary: string;
  sources: Source[];
  /** The CAMEO code it weighs by: the analyst's, or the type's default; null when it weighs nothing. */
  cameoCode: string | null;
  /** Lead times (ISO 8601 durations) for the deadlines it creates, overriding ALERT_LEAD_TIMES. */
  alertLeadTimes?: string[];
}

/** A development's event data. */
export type DevelopmentData<T extends DevelopmentType = DevelopmentType> = DevelopmentCommon & DevelopmentFieldsByType[T];

/** As submitted: a notice may leave its expiry to be resolved from the agreement. */
export type DevelopmentInputFieldsByType = Omit<DevelopmentFieldsByType, 'agreement_non_renewal'> & {
  agreement_non_renewal: { agreementId: string; actor: CountryCode; expiresOn?: Instant };
};

/** A development as an analyst (or the service) submits it: the type, when, and the fields. */
export type DevelopmentInput = {
  [T in DevelopmentType]: {
    type: T;
    occurredAt: Date;
    summary: string;
    sources: Source[];
    cameoCode?: string;
    alertLeadTimes?: string[];
  } & DevelopmentInputFieldsByType[T];
}[DevelopmentType];

/** A development as read back from the log: the type and both times beside the data. */
export type Development = {
  [T in DevelopmentType]: { eventId: string; type: T; occurredAt: Date; recordedAt: Date; data: DevelopmentData<T> };
}[DevelopmentType];
