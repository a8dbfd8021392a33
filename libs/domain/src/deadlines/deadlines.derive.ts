import { expiryDeadlineId, noticeWindowCloses, noticeWindowDeadlineId, pendingAgreementDeadlines, type AgreementDeadline } from '../agreement/agreement-deadlines.js';
import { advanceTo, applyAgreementEvent, byOccurrence, initialAgreementState, type AgreementEvent } from '../agreement/agreement.fold.js';
import type { AgreementState, AgreementTerms } from '../agreement/agreement.types.js';
import type { DeadlineSubject } from '../developments/development.types.js';
import { normalizeLeadTimes } from './alert-schedule.js';
import { byDueAt } from './deadline-status.js';
import type { Deadline, DevelopmentWithRetraction } from './deadline.types.js';

// ---- shared -----------------------------------------------------------------------------------

const later = (a: Date, b: Date): Date => new Date(Math.max(a.getTime(), b.getTime()));
const earlier = (a: Date | null, b: Date | null): Date | null => (a === null ? b : b === null ? a : a <= b ? a : b);

/** `2019-11-23` for a midnight (UTC), the full instant otherwise. */
export function deadlineDay(instant: Date): string {
  const iso = instant.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** Ids end up in BullMQ job ids, which may not contain colons. */
const safeIdPart = (text: string): string => text.replace(/:/g, '-');

const leadTimesOf = (development: { data: { alertLeadTimes?: string[] } } | null, defaults: readonly string[]): string[] =>
  normalizeLeadTimes(development?.data.alertLeadTimes ?? defaults);

/** Stable: developments with the same two times keep the order given (the log's order). */
const inFoldOrder = <D extends DevelopmentWithRetraction>(developments: readonly D[]): D[] => [...developments].sort(byOccurrence);

// ---- agreements -------------------------------------------------------------------------------

export interface AgreementDeadlinesInput {
  terms: AgreementTerms;
  /** When the agreement was recorded: terms that ended before it are history nobody watched. */
  registeredAt: Date;
  /** This agreement's developments (from any dispute), retracted ones included with their retraction's `recordedAt`. */
  developments: readonly DevelopmentWithRetraction[];
  defaultLeadTimes: readonly string[];
}

type AgreementDevelopment = AgreementEvent & { retractedAt: Date | null };

const AGREEMENT_EVENT_TYPES: ReadonlySet<string> = new Set<AgreementEvent['type']>([
  'agreement_non_renewal',
  'agreement_non_renewal_suspended',
  'agreement_non_renewal_withdrawn',
  'agreement_renewed',
  'deadline_reached',
]);

const isAgreementDevelopmentOf =
  (agreementId: string) =>
  (development: DevelopmentWithRetraction): development is AgreementDevelopment =>
    AGREEMENT_EVENT_TYPES.has(development.type) &&
    ((development.data as { agreementId?: string }).agreementId === undefined || (development.data as { agreementId?: string }).agreementId === agreementId);

/**
 * Whether something that happens at `at` still comes before the deadline falls due. The notice
 * window includes its closing instant (the rules take a notice given then as in time).
 */
const beforeDue = (deadline: { kind: Deadline['kind']; dueAt: Date }, at: Date): boolean =>
  at < deadline.dueAt || (deadline.kind === 'notice_window_closes' && at.getTime() === deadline.dueAt.getTime());

const renews = (state: AgreementState): boolean =>
  state.terms.autoRenews && !!state.terms.termMonths && (state.status === 'in_force' || state.status === 'notice_suspended');

/** At most this many terms are walked in one derivation (a monthly agreement over 800 years). */
const MAX_TERMS = 10_000;

/**
 * The deadlines of one agreement as they stood at `now`: the fold of its unretracted developments
 * (those that occurred up to `now`, in occurred order) with `agreementAt`'s own steps, watching what
 * `pendingAgreementDeadlines` waits for after each one.
 *
 * - A deadline appears when the agreement starts waiting for it; when it stops waiting for it
 *   because of a development that occurred before the deadline fell due, the deadline is cancelled
 *   (`cancelledAt` = that development's `recordedAt`); otherwise (time passed, or the development came
 *   at or after `dueAt`) it stays as it is, reached by time. A deadline waited for again before it
 *   falls due (a notice withdrawn before the window closes) is pending again.
 * - Auto-renewing: a `notice_window_closes` per term whose expiry is after `registeredAt`, up to and
 *   including the first one that closes at or after `now`. A window the agreement only comes back to
 *   after it closed (a notice suspended after the window of the expiry it named) is not created.
 * - A running notice: an `agreement_expiry` at the notice's `expiresOn` (its dispute, lead times,
 *   event, recorded time).
 * - Not auto-renewing: an `agreement_expiry` at each expiry it has had (its terms', each renewal's).
 * - Windows and the agreement's own expiries: `disputeId` of the terms, `knownAt` = the later of
 *   `registeredAt` and the `recordedAt` of the development that set the expiry they follow from
 *   (the last notice or renewal, as the renewal anchor), `sourceEventId` that development (null for
 *   the terms), lead times a renewal's own or the defaults.
 * - A retracted notice (or renewal) that occurred up to `now`: the deadline it would have created,
 *   if the fold has no deadline of that id, appears cancelled at the retraction, so the answer is the
 *   same whether the retraction was processed together with it or later.
 */
export function agreementDeadlines(input: AgreementDeadlinesInput, now: Date): Deadline[] {
  const { terms, registeredAt, defaultLeadTimes } = input;
  const mine = input.developments.filter(isAgreementDevelopmentOf(terms.id)).filter((development) => development.occurredAt <= now);
  const live = inFoldOrder(mine.filter((development) => development.retractedAt === null));
  const byId = new Map(live.map((development) => [development.eventId, development]));
  const subject: DeadlineSubject = { type: 'agreement', id: terms.id };

  const deadlines = new Map<string, Deadline>();
  const waitingFor = new Set<string>();
  /** The development that set the renewal anchor (the expiry the agreement's own deadlines follow from). */
  let anchorSetter: AgreementDevelopment | null = null;

  const ownFields = () => ({
    disputeId: terms.disputeId,
    knownAt: anchorSetter ? later(registeredAt, anchorSetter.recordedAt) : new Date(registeredAt),
    leadTimes: leadTimesOf(anchorSetter?.type === 'agreement_renewed' ? anchorSetter : null, defaultLeadTimes),
    sourceEventId: anchorSetter?.eventId ?? null,
  });

  const windowDeadline = (expiresOn: Date): Deadline => ({
    id: noticeWindowDeadlineId(terms.id, expiresOn),
    kind: 'notice_window_closes',
    title: `Last day to give notice before ${terms.name} renews on ${deadlineDay(expiresOn)}`,
    subject: { ...subject },
    dueAt: noticeWindowCloses(expiresOn, terms.noticeDays),
    cancelledAt: null,
    ...ownFields(),
  });

  const noticeExpiryDeadline = (notice: Extract<AgreementDevelopment, { type: 'agreement_non_renewal' }>, cancelledAt: Date | null): Deadline => {
    const expiresOn = new Date(notice.data.expiresOn);
    return {
      id: expiryDeadlineId(terms.id, expiresOn),
      kind: 'agreement_expiry',
      title: `${terms.name} ends on ${deadlineDay(expiresOn)} (${notice.data.actor} gave notice of non-renewal)`,
      disputeId: notice.data.disputeId,
      subject: { ...subject },
      dueAt: expiresOn,
      knownAt: later(registeredAt, notice.recordedAt),
      cancelledAt: cancelledAt && new Date(cancelledAt),
      leadTimes: leadTimesOf(notice, defaultLeadTimes),
      sourceEventId: notice.eventId,
    };
  };

  const ownExpiryDeadline = (expiresOn: Date): Deadline => ({
    id: expiryDeadlineId(terms.id, expiresOn),
    kind: 'agreement_expiry',
    title: `${terms.name} expires on ${deadlineDay(expiresOn)}`,
    subject: { ...subject },
    dueAt: new Date(expiresOn),
    cancelledAt: null,
    ...ownFields(),
  });

  /** What the agreement waits for in `state`, as a deadline of the read model (null: not one we keep). */
  const deadlineFor = (pending: AgreementDeadline, state: AgreementState, cause: AgreementDevelopment | null): Deadline | null => {
    if (pending.kind === 'notice_window_closes') {
      if (state.expiresOn <= registeredAt) return null;
      if (cause && !beforeDue(pending, cause.occurredAt)) return null; // the window had closed when the agreement came back to it
      return windowDeadline(state.expiresOn);
    }
    const notice = state.status === 'termination_notified' && state.notice ? byId.get(state.notice.eventId) : undefined;
    if (notice?.type === 'agreement_non_renewal' && pending.id === expiryDeadlineId(terms.id, new Date(notice.data.expiresOn))) {
      return noticeExpiryDeadline(notice, null);
    }
    return ownExpiryDeadline(pending.dueAt);
  };

  /** After each step (a development, or a term passing: `cause` null), compare what is waited for. */
  const observe = (state: AgreementState, cause: AgreementDevelopment | null): void => {
    const pending = pendingAgreementDeadlines(state);
    const pendingIds = new Set(pending.map((p) => p.id));
    for (const id of [...waitingFor]) {
      if (pendingIds.has(id)) continue;
      waitingFor.delete(id);
      const deadline = deadlines.get(id)!;
      if (cause && beforeDue(deadline, cause.occurredAt)) deadline.cancelledAt = new Date(cause.recordedAt);
    }
    for (const p of pending) {
      if (waitingFor.has(p.id)) continue;
      const existing = deadlines.get(p.id);
      if (existing) {
        // Waited for again: pending again if it has not fallen due meanwhile; else it stays as it ended.
        if (!cause || beforeDue(existing, cause.occurredAt)) {
          existing.cancelledAt = null;
          waitingFor.add(p.id);
        }
        continue;
      }
      const deadline = deadlineFor(p, state, cause);
      if (!deadline) continue;
      deadlines.set(deadline.id, deadline);
      waitingFor.add(deadline.id);
    }
  };

  /** `advanceTo`, one term at a time, so that every term's window is seen. */
  const advance = (state: AgreementState, to: Date): AgreementState => {
    for (let i = 0; i < MAX_TERMS && renews(state) && state.expiresOn <= to; i++) {
      state = advanceTo(state, state.expiresOn);
      observe(state, null);
    }
    return state;
  };

  let state = initialAgreementState(terms);
  observe(state, null);
  for (const development of live) {
    state = advance(state, development.occurredAt);
    const next = applyAgreementEvent(state, development);
    if (next !== state && (development.type === 'agreement_non_renewal' || development.type === 'agreement_renewed')) anchorSetter = development;
    state = next;
    observe(state, development);
  }
  state = advance(state, now);

  // The windows ahead, up to the first one that closes at or after `now`.
  for (let i = 0; i < MAX_TERMS && renews(state); i++) {
    const counts = state.expiresOn > registeredAt;
    const closes = noticeWindowCloses(state.expiresOn, terms.noticeDays);
    const id = noticeWindowDeadlineId(terms.id, state.expiresOn);
    if (counts && !deadlines.has(id) && closes >= now) deadlines.set(id, windowDeadline(state.expiresOn));
    if (counts && closes >= now) break;
    state = advanceTo(state, state.expiresOn);
  }

  // What retracted developments would have created, cancelled at their retraction.
  for (const development of inFoldOrder(mine.filter((d) => d.retractedAt !== null))) {
    const retractedAt = development.retractedAt!;
    let deadline: Deadline | null = null;
    if (development.type === 'agreement_non_renewal') deadline = noticeExpiryDeadline(development, retractedAt);
    if (development.type === 'agreement_renewed') {
      const expiresOn = new Date(development.data.expiresOn);
      const base = { disputeId: terms.disputeId, knownAt: later(registeredAt, development.recordedAt), sourceEventId: development.eventId };
      const leadTimes = leadTimesOf(development, defaultLeadTimes);
      if (!terms.autoRenews) deadline = { ...ownExpiryDeadline(expiresOn), ...base, leadTimes, cancelledAt: new Date(retractedAt) };
      else if (expiresOn > registeredAt) deadline = { ...windowDeadline(expiresOn), ...base, leadTimes, cancelledAt: new Date(retractedAt) };
    }
    if (deadline && !deadlines.has(deadline.id)) deadlines.set(deadline.id, deadline);
  }

  return [...deadlines.values()].sort(byDueAt);
}

// ---- disputes ---------------------------------------------------------------------------------

export interface DisputeDeadlinesInput {
  disputeId: string;
  /** The dispute's developments, retracted ones included with their retraction's `recordedAt`. */
  developments: readonly DevelopmentWithRetraction[];
  defaultLeadTimes: readonly string[];
}

type ListDevelopment = Extract<DevelopmentWithRetraction, { type: 'export_list_removal' | 'export_list_reinstatement' }>;

const sameCountry = (a: string, b: string): boolean => a.trim().toUpperCase() === b.trim().toUpperCase();
const sameList = (a: ListDevelopment, b: ListDevelopment): boolean =>
  sameCountry(a.data.actor, b.data.actor) && sameCountry(a.data.target, b.data.target) && a.data.list.trim().toLowerCase() === b.data.list.trim().toLowerCase();

export const customDeadlineId = (eventId: string): string => `custom-${safeIdPart(eventId)}`;
export const measureEffectiveDeadlineId = (eventId: string): string => `measure-${safeIdPart(eventId)}-effective`;

/**
 * The deadlines a dispute's own developments create, as they stood at `now` (developments that
 * occurred after it do not count yet):
 * - `deadline_set` → `custom` (`custom-<eventId>`), about its subject or else the dispute;
 * - `export_list_removal` → `measure_effective` (`measure-<eventId>-effective`) at `effectiveOn`,
 *   about the measure (id = its eventId), cancelled by an unretracted reinstatement of the same
 *   actor, target and list (case-insensitive) that came after it and occurred before `effectiveOn`
 *   with an `effectiveOn` no later than the removal's (the measure never took effect);
 * - `export_list_reinstatement` → `measure_effective` at its `effectiveOn`, about the last matching
 *   unretracted removal before it, else itself;
 * - a retracted development's deadline is cancelled at its retraction (the earlier of the two
 *   cancellations, when a removal is both reinstated and retracted).
 */
export function disputeDeadlines(input: DisputeDeadlinesInput, now: Date): Deadline[] {
  const { disputeId, defaultLeadTimes } = input;
  const ordered = inFoldOrder(input.developments.filter((development) => development.occurredAt <= now));
  const deadlines: Deadline[] = [];

  const common = (development: DevelopmentWithRetraction) => ({
    disputeId,
    knownAt: new Date(development.recordedAt),
    leadTimes: leadTimesOf(development, defaultLeadTimes),
    sourceEventId: development.eventId,
  });

  ordered.forEach((development, index) => {
    const retractedAt = development.retractedAt && new Date(development.retractedAt);
    switch (development.type) {
      case 'deadline_set': {
        const { title, dueAt, subject } = development.data;
        deadlines.push({
          id: customDeadlineId(development.eventId),
          kind: 'custom',
          title,
          subject: subject ? { ...subject } : { type: 'dispute', id: disputeId },
          dueAt: new Date(dueAt),
          cancelledAt: retractedAt,
          ...common(development),
        });
        break;
      }
      case 'export_list_removal': {
        const { actor, target, list } = development.data;
        const effectiveOn = new Date(development.data.effectiveOn);
        const reinstatement = ordered
          .slice(index + 1)
          .find(
            (other): other is ListDevelopment =>
              other.type === 'export_list_reinstatement' &&
              other.retractedAt === null &&
              sameList(other, development) &&
              other.occurredAt < effectiveOn &&
              new Date(other.data.effectiveOn) <= effectiveOn,
          );
        deadlines.push({
          id: measureEffectiveDeadlineId(development.eventId),
          kind: 'measure_effective',
          title: `${actor}'s removal of ${target} from ${list} takes effect`,
          subject: { type: 'measure', id: development.eventId },
          dueAt: effectiveOn,
          cancelledAt: earlier(retractedAt, reinstatement ? new Date(reinstatement.recordedAt) : null),
          ...common(development),
        });
        break;
      }
      case 'export_list_reinstatement': {
        const { actor, target, list } = development.data;
        const removal = ordered
          .slice(0, index)
          .reverse()
          .find((other): other is ListDevelopment => other.type === 'export_list_removal' && other.retractedAt === null && sameList(other, development));
        deadlines.push({
          id: measureEffectiveDeadlineId(development.eventId),
          kind: 'measure_effective',
          title: `${target} reinstated on ${actor}'s ${list}`,
          subject: { type: 'measure', id: removal?.eventId ?? development.eventId },
          dueAt: new Date(development.data.effectiveOn),
          cancelledAt: retractedAt,
          ...common(development),
        });
        break;
      }
      default:
        break;
    }
  });

  return deadlines.sort(byDueAt);
}
