import type { AgreementRegisteredData } from '../developments/domain-events.js';
import type { AgreementDevelopmentType, DevelopmentFieldsByType, DevelopmentInput } from '../developments/development.types.js';
import { DomainError, ruleBroken } from '../shared/domain-error.js';
import { toInstant } from '../shared/time.js';
import { noticeWindowCloses } from './agreement-deadlines.js';
import { agreementAt, renewUntilAfter, type AgreementEvent } from './agreement.fold.js';
import type { AgreementState, AgreementTerms } from './agreement.types.js';

export interface RegisterAgreementInput {
  id: string;
  name: string;
  parties: string[];
  disputeId?: string;
  signedOn: Date;
  expiresOn: Date;
  autoRenews: boolean;
  termMonths?: number;
  noticeDays: number;
}

export function decideRegisterAgreement(input: RegisterAgreementInput): AgreementRegisteredData {
  if (input.autoRenews && !input.termMonths) {
    throw new DomainError('invalid-term', 422, 'Term required', 'termMonths is required when autoRenews is true', 'termMonths');
  }
  if (input.expiresOn <= input.signedOn) {
    throw new DomainError('invalid-term', 422, 'Expiry before signature', 'expiresOn must be after signedOn', 'expiresOn');
  }
  return {
    agreementId: input.id,
    name: input.name,
    parties: [...new Set(input.parties)],
    disputeId: input.disputeId ?? null,
    signedOn: toInstant(input.signedOn),
    expiresOn: toInstant(input.expiresOn),
    autoRenews: input.autoRenews,
    termMonths: input.autoRenews ? input.termMonths! : (input.termMonths ?? null),
    noticeDays: input.noticeDays,
  };
}

type AgreementInput = Extract<DevelopmentInput, { type: AgreementDevelopmentType }>;

/**
 * Checks a development on an agreement against the agreement as it stood at the development's
 * date (so a backdated development is judged by the state at its date), and resolves its fields
 * (a notice's expiry defaults to the first expiry it can still stop). Throws the rule it breaks.
 */
export function decideAgreementDevelopment<T extends AgreementInput>(
  terms: AgreementTerms,
  history: readonly AgreementEvent[],
  input: T,
): DevelopmentFieldsByType[T['type']] {
  const at = input.occurredAt;
  if ('actor' in input && !terms.parties.includes(input.actor)) {
    throw ruleBroken('actor-not-party', 'Actor is not a party', `${input.actor} is not a party to ${terms.id} (parties: ${terms.parties.join(', ')})`);
  }
  if (at < terms.signedOn) {
    throw ruleBroken('agreement-not-in-force', 'Agreement not in force', `${terms.id} was not yet signed on ${toInstant(at)} (signed ${toInstant(terms.signedOn)})`);
  }
  const state = agreementAt(terms, history, at);
  switch (input.type) {
    case 'agreement_non_renewal': {
      if (state.status === 'terminated') throw notInForce(state, at);
      if (state.status === 'termination_notified') {
        throw ruleBroken('notice-already-given', 'Notice already given', `${terms.id} already has a notice running to ${toInstant(state.notice!.expiresOn)}`);
      }
      const expiresOn = input.expiresOn ?? firstStoppableExpiry(state, at);
      if (new Date(expiresOn) <= at) {
        throw new DomainError('invalid-expiry', 422, 'Expiry not after the notice', 'expiresOn must be after occurredAt', 'expiresOn');
      }
      return { agreementId: terms.id, actor: input.actor, expiresOn: toInstant(new Date(expiresOn)) } as DevelopmentFieldsByType[T['type']];
    }
    case 'agreement_non_renewal_suspended':
      if (state.status !== 'termination_notified') throw noActiveNotice(state, at);
      return { agreementId: terms.id, actor: input.actor, conditional: input.conditional } as DevelopmentFieldsByType[T['type']];
    case 'agreement_non_renewal_withdrawn':
      if (state.status !== 'termination_notified' && state.status !== 'notice_suspended') throw noActiveNotice(state, at);
      return { agreementId: terms.id, actor: input.actor } as DevelopmentFieldsByType[T['type']];
    case 'agreement_renewed':
      if (state.status === 'terminated') throw notInForce(state, at);
      if (new Date(input.expiresOn) <= at) {
        throw new DomainError('invalid-expiry', 422, 'Expiry not after the renewal', 'expiresOn must be after occurredAt', 'expiresOn');
      }
      return { agreementId: terms.id, expiresOn: toInstant(new Date(input.expiresOn)) } as DevelopmentFieldsByType[T['type']];
  }
  throw new Error('unreachable');
}

/**
 * Notice must come `noticeDays` before an expiry to stop it; given later, it stops the next one.
 * An agreement that does not renew itself simply ends at its expiry.
 */
function firstStoppableExpiry(state: AgreementState, at: Date): Date {
  const { terms } = state;
  if (!terms.autoRenews || !terms.termMonths) return state.expiresOn;
  let next = state;
  while (noticeWindowCloses(next.expiresOn, terms.noticeDays) < at) next = { ...next, ...renewUntilAfter(next, next.expiresOn) };
  return next.expiresOn;
}

const notInForce = (state: AgreementState, at: Date): DomainError =>
  ruleBroken('agreement-not-in-force', 'Agreement not in force', `${state.terms.id} was ${state.status} on ${toInstant(at)}`);

const noActiveNotice = (state: AgreementState, at: Date): DomainError =>
  ruleBroken('no-active-notice', 'No active notice', `${state.terms.id} had no active non-renewal notice on ${toInstant(at)} (status ${state.status})`);
