/**
 * The constants of the escalation model (see escalation.ts for the formula). Only the three options
 * are meant to be tuned; the rest defines the model.
 */

export interface EscalationOptions {
  /** H: a development's flow halves every `halfLifeDays` days. */
  halfLifeDays: number;
  /** s: the share of a standing measure's or ended tie's |Goldstein| that counts for as long as it stands. */
  stockFactor: number;
  /** K: the raw score at which the level reaches 50 (level = 100 × X / (X + K)). */
  scale: number;
}

export const DEFAULT_ESCALATION_OPTIONS: Readonly<EscalationOptions> = Object.freeze({ halfLifeDays: 30, stockFactor: 0.5, scale: 20 });

/** The ladder, lowest first: index = rung. */
export const ESCALATION_RUNGS = ['friction', 'diplomatic protest', 'economic coercion', 'security-cooperation rupture', 'military confrontation'] as const;
export type EscalationRungName = (typeof ESCALATION_RUNGS)[number];

/** The lowest level each rung shows: a standing rung is never drowned by a quiet month. */
export const RUNG_FLOORS: readonly number[] = [0, 20, 40, 60, 80];

/** A rung's events (protests, threats, military acts) count for it for this many half-lives. */
export const RECENT_HALF_LIVES = 2;

/** CAMEO roots (first two digits) of verbal conflict for the diplomatic-protest rung: disapprove, reject, threaten. */
export const PROTEST_ROOTS: readonly string[] = ['11', '12', '13'];

/** CAMEO roots of military conflict between the parties: force posture, assault, fight, mass violence. */
export const MILITARY_ROOTS: readonly string[] = ['15', '17', '18', '19', '20'];

/** The code whose |Goldstein| an agreement's pending or completed termination stands for: 160, reduce relations. */
export const AGREEMENT_RUPTURE_CODE = '160';

/** The trend compares the level with the level this many days earlier … */
export const TREND_DAYS = 7;
/** … and calls a change of more than this many points rising or falling. */
export const TREND_THRESHOLD = 2;

/** escalationHistory refuses ranges of more days than this. */
export const MAX_HISTORY_DAYS = 3660;
