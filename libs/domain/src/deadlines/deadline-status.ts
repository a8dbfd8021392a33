import type { Deadline, DeadlineStatus } from './deadline.types.js';

/**
 * A deadline's status at `now` (the reader's instant, or `asOf`).
 *
 * Whether a cancellation counts is decided by the derivations, in occurred order, as every read
 * model is: a development that occurred before the deadline fell due cancels it, even one recorded
 * (learned) after `dueAt`; one that occurred at or after `dueAt` does not (the deadline stays reached,
 * and `cancelledAt` stays null). A retraction takes away what its development created, whenever it
 * comes. So `cancelledAt` (a recorded time) is not compared with `dueAt` or `now` here: doing so
 * would make the answer depend on when things were learned, not on when they happened.
 */
export function deadlineStatus(deadline: Pick<Deadline, 'dueAt' | 'cancelledAt'>, now: Date): DeadlineStatus {
  if (deadline.cancelledAt !== null) return 'cancelled';
  return deadline.dueAt <= now ? 'reached' : 'pending';
}

/** By `dueAt`, then by id: the order of `GET /deadlines`. */
export function byDueAt(a: Pick<Deadline, 'dueAt' | 'id'>, b: Pick<Deadline, 'dueAt' | 'id'>): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
