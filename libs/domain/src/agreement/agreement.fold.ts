import type { Development } from '../developments/development.types.js';
import { addMonths } from '../shared/time.js';
import { expiryDeadlineId } from './agreement-deadlines.js';
import type { AgreementState, AgreementStatus, AgreementTerms } from './agreement.types.js';

/** Agreement developments plus the service's `deadline_reached`: what moves an agreement. */
export type AgreementEvent = Extract<
  Development,
  { type: 'agreement_non_renewal' | 'agreement_non_renewal_suspended' | 'agreement_non_renewal_withdrawn' | 'agreement_renewed' | 'deadline_reached' }
>;

/** Occurred order, then recorded order: the order every state read model folds in. */
export function byOccurrence<E extends { occurredAt: Date; recordedAt: Date }>(a: E, b: E): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || a.recordedAt.getTime() - b.recordedAt.getTime();
}

export function initialAgreementState(terms: AgreementTerms): AgreementState {
  return { terms, status: 'in_force', expiresOn: terms.expiresOn, notice: null, history: [], renewal: { anchor: terms.expiresOn, terms: 0 } };
}

/**
 * The agreement as it stood at `at`, from its terms and its developments (unretracted, in occurred
 * order; later ones are ignored). Time passing is part of the fold: an auto-renewing agreement with
 * no running notice renews at each expiry it reaches. Ending takes a `deadline_reached` the service
 * records at the expiry; one that no longer matches (a notice suspended before it) changes nothing.
 */
export function agreementAt(terms: AgreementTerms, events: readonly AgreementEvent[], at: Date): AgreementState {
  let state = initialAgreementState(terms);
  for (const event of events) {
    if (event.occurredAt > at) break;
    state = applyAgreementEvent(advanceTo(state, event.occurredAt), event);
  }
  return advanceTo(state, at);
}

/** Renewals that happen by themselves between the last development and `at`. */
export function advanceTo(state: AgreementState, at: Date): AgreementState {
  const { terms } = state;
  const renewing = terms.autoRenews && terms.termMonths && (state.status === 'in_force' || state.status === 'notice_suspended');
  if (!renewing || state.expiresOn > at) return state;
  return { ...state, ...renewUntilAfter(state, at) };
}

/** The first expiry after `at` in the agreement's renewal sequence (whole terms from the anchor). */
export function renewUntilAfter(state: AgreementState, at: Date): Pick<AgreementState, 'expiresOn' | 'renewal'> {
  const termMonths = state.terms.termMonths!;
  let { anchor, terms } = state.renewal;
  let expiresOn = state.expiresOn;
  while (expiresOn <= at) {
    terms += 1;
    expiresOn = addMonths(anchor, terms * termMonths);
  }
  return { expiresOn, renewal: { anchor, terms } };
}

export function applyAgreementEvent(state: AgreementState, event: AgreementEvent): AgreementState {
  const moved = (status: AgreementStatus, changes: Partial<AgreementState>): AgreementState => ({
    ...state,
    ...changes,
    status,
    history: [...state.history, { eventId: event.eventId, occurredAt: event.occurredAt, status }],
  });
  switch (event.type) {
    case 'agreement_non_renewal': {
      // As the rules would have judged it in order: no notice on an ended agreement, nor a second
      // one while a notice runs (a backdated notice can leave such a later one in the log).
      if (state.status === 'terminated' || state.status === 'termination_notified') return state;
      const expiresOn = new Date(event.data.expiresOn);
      return moved('termination_notified', {
        expiresOn,
        renewal: { anchor: expiresOn, terms: 0 },
        notice: {
          eventId: event.eventId,
          actor: event.data.actor,
          givenOn: event.occurredAt,
          expiresOn,
          suspended: false,
          before: { expiresOn: state.expiresOn, renewal: state.renewal },
        },
      });
    }
    // Suspending or withdrawing the notice puts the expiry back where it was without it (a fixed
    // term ends at its own expiry again; a renewing one renews from its last expiry).
    case 'agreement_non_renewal_suspended':
      if (!state.notice || state.status !== 'termination_notified') return state;
      return moved('notice_suspended', { ...state.notice.before, notice: { ...state.notice, suspended: true } });
    case 'agreement_non_renewal_withdrawn':
      // A terminated agreement keeps its notice, but a withdrawal does not revive it.
      if (!state.notice || (state.status !== 'termination_notified' && state.status !== 'notice_suspended')) return state;
      return moved('in_force', { ...state.notice.before, notice: null });
    case 'agreement_renewed':
      if (state.status === 'terminated') return state;
      return moved('in_force', { expiresOn: new Date(event.data.expiresOn), renewal: { anchor: new Date(event.data.expiresOn), terms: 0 }, notice: null });
    case 'deadline_reached':
      return endsAgreement(state, event.data.deadlineId) ? moved('terminated', {}) : state;
  }
}

/** A reached expiry ends the agreement only if it is still the expiry pending in this state. */
function endsAgreement(state: AgreementState, deadlineId: string): boolean {
  const { terms, status, notice } = state;
  if (status === 'termination_notified' && notice) return deadlineId === expiryDeadlineId(terms.id, notice.expiresOn);
  if (!terms.autoRenews && (status === 'in_force' || status === 'notice_suspended')) return deadlineId === expiryDeadlineId(terms.id, state.expiresOn);
  return false;
}
