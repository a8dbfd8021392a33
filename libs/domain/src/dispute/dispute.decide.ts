import { defaultCameoCode, isCameoCode } from '../cameo/cameo.js';
import type { DevelopmentRetractedData, DisputeOpenedData } from '../developments/domain-events.js';
import { DEVELOPMENT_TYPES, type DevelopmentData, type DevelopmentFieldsByType, type DevelopmentInput, type DevelopmentType } from '../developments/development.types.js';
import { DomainError, notFound, ruleBroken } from '../shared/domain-error.js';

export interface OpenDisputeInput {
  id: string;
  title: string;
  parties: string[];
  description?: string;
}

export function decideOpenDispute(input: OpenDisputeInput): DisputeOpenedData {
  return { disputeId: input.id, title: input.title, parties: [...new Set(input.parties)], description: input.description ?? null };
}

/**
 * The event data of a development recorded in a dispute. `fields` are the type's own fields,
 * already checked and resolved (for agreement developments, by decideAgreementDevelopment).
 */
export function decideDevelopment<T extends DevelopmentType>(
  disputeId: string,
  input: Extract<DevelopmentInput, { type: T }>,
  fields: DevelopmentFieldsByType[T],
): DevelopmentData<T> {
  if (input.cameoCode !== undefined && !isCameoCode(input.cameoCode)) {
    throw new DomainError('unknown-cameo-code', 422, 'Unknown CAMEO code', `${input.cameoCode} is not a CAMEO 1.1b3 event code`, 'cameoCode');
  }
  const cameoCode = input.cameoCode ?? defaultCameoCode(input.type as T, fields);
  if (input.type === 'other' && cameoCode === null) {
    throw new DomainError('cameo-code-required', 422, 'CAMEO code required', 'a development of type other needs a cameoCode', 'cameoCode');
  }
  return {
    disputeId,
    summary: input.summary,
    sources: input.sources,
    cameoCode,
    ...(input.alertLeadTimes ? { alertLeadTimes: input.alertLeadTimes } : {}),
    ...fields,
  } as DevelopmentData<T>;
}

/** The type's own fields of an input, for types the domain accepts as given (no rule to check). */
export function plainFields<T extends DevelopmentType>(input: Extract<DevelopmentInput, { type: T }>): DevelopmentFieldsByType[T] {
  const { type: _type, occurredAt: _occurredAt, summary: _summary, sources: _sources, cameoCode: _cameo, alertLeadTimes: _leads, ...fields } = input;
  return fields as unknown as DevelopmentFieldsByType[T];
}

/** What the log holds of the development to retract, and of earlier retractions of it. */
export interface RetractionTarget {
  eventId: string;
  type: string;
  disputeId: string | null;
  alreadyRetracted: boolean;
}

/** Developments (and retractions of them) can be retracted; a dispute or an agreement cannot. */
const isDevelopmentEvent = (type: string): boolean => (DEVELOPMENT_TYPES as readonly string[]).includes(type) || type === 'development_retracted';

export function decideRetraction(disputeId: string, developmentId: string, reason: string, target: RetractionTarget | undefined): DevelopmentRetractedData {
  if (!target || target.disputeId !== disputeId || !isDevelopmentEvent(target.type)) {
    throw notFound('development-not-found', 'Development not found', `dispute ${disputeId} has no development ${developmentId}`);
  }
  if (target.type === 'development_retracted') {
    throw ruleBroken('retraction-of-retraction', 'A retraction cannot be retracted', `${developmentId} is itself a retraction; record the development again instead`);
  }
  if (target.alreadyRetracted) {
    throw ruleBroken('already-retracted', 'Already retracted', `development ${developmentId} is already retracted`);
  }
  return { disputeId, developmentId, reason };
}
