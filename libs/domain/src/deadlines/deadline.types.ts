import type { DeadlineSubject, Development } from '../developments/development.types.js';

export const DEADLINE_KINDS = ['agreement_expiry', 'notice_window_closes', 'measure_effective', 'custom'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_STATUSES = ['pending', 'reached', 'cancelled'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/**
 * One row of the deadline read model. Derived (never decided): the same developments give the
 * same deadlines, whatever order they were recorded in.
 */
export interface Deadline {
  /** Deterministic, and free of colons (it is part of BullMQ job ids). */
  id: string;
  kind: DeadlineKind;
  title: string;
  disputeId: string | null;
  subject: DeadlineSubject | null;
  dueAt: Date;
  /** When the service learned of it: the `recordedAt` of what created it (never before the agreement was registered). */
  knownAt: Date;
  /** The `recordedAt` of what cancelled it (or of the retraction that took it away); null if it stands. */
  cancelledAt: Date | null;
  /** ISO 8601 durations before `dueAt` to alert at: the creating development's `alertLeadTimes`, else the defaults. */
  leadTimes: string[];
  /** The development that created it; null for what follows from an agreement's own terms. */
  sourceEventId: string | null;
}

/** A development as the deadline derivations take it: with the `recordedAt` of its retraction, if any. */
export type DevelopmentWithRetraction = Development & { retractedAt: Date | null };

export const DEADLINE_ALERT_KINDS = ['approaching', 'reached'] as const;
export type DeadlineAlertKind = (typeof DEADLINE_ALERT_KINDS)[number];

export const DEADLINE_ALERT_STATUSES = ['scheduled', 'sent', 'skipped', 'cancelled'] as const;
export type DeadlineAlertStatus = (typeof DEADLINE_ALERT_STATUSES)[number];

export interface DeadlineAlert {
  /** The lead time (canonical ISO 8601 duration), or `PT0S` for the alert at `dueAt`. */
  leadTime: string;
  kind: DeadlineAlertKind;
  fireAt: Date;
  status: DeadlineAlertStatus;
}
