import { agreementAt, type AgreementEvent } from '../agreement/agreement.fold.js';
import type { AgreementTerms } from '../agreement/agreement.types.js';
import { cameoCode, magnitude } from '../cameo/cameo.js';
import { isAgreementDevelopmentType, type Development, type DevelopmentFieldsByType, type DevelopmentType } from '../developments/development.types.js';
import { isMeasureDevelopment, MeasuresFold } from '../measures/measures.fold.js';
import {
  AGREEMENT_RUPTURE_CODE,
  DEFAULT_ESCALATION_OPTIONS,
  ESCALATION_RUNGS,
  MAX_HISTORY_DAYS,
  MILITARY_ROOTS,
  PROTEST_ROOTS,
  RECENT_HALF_LIVES,
  RUNG_FLOORS,
  TREND_DAYS,
  TREND_THRESHOLD,
  type EscalationOptions,
  type EscalationRungName,
} from './escalation.config.js';

// Escalation: how tense a dispute is at an instant, explained by what made it so. The model (the
// formula, the rungs, the contributors) is documented on `escalationAt`; its constants are in
// escalation.config.ts.

export interface EscalationAgreement {
  terms: AgreementTerms;
  /** The agreement's developments (every dispute's), unretracted, sorted with `byOccurrence`. */
  events: readonly AgreementEvent[];
}

export interface EscalationInput {
  /** The dispute's developments: unretracted, already known, sorted with `byOccurrence`. */
  developments: readonly Development[];
  /** The dispute's agreements. */
  agreements: readonly EscalationAgreement[];
  /** The dispute's parties (ISO alpha-2): military acts count for the top rung only between them. */
  parties: readonly string[];
}

export interface EscalationRung {
  index: number;
  name: EscalationRungName;
}

export type EscalationTrend = 'rising' | 'falling' | 'steady';

export interface EscalationContributor {
  eventId: string;
  type: string;
  occurredAt: Date;
  /** w_i = −Goldstein × magnitude, rounded to 2 decimals. */
  weight: number;
  /** Its decayed flow at T plus its stock part, rounded to 2 decimals. */
  contribution: number;
}

export interface EscalationReading {
  level: number;
  rung: EscalationRung;
  trend: EscalationTrend;
  contributors: EscalationContributor[];
}

export interface EscalationHistoryEntry {
  /** The UTC day, `YYYY-MM-DD`; the reading is the one at the end of that day (23:59:59.999Z). */
  date: string;
  level: number;
  rung: EscalationRung;
}

const DAY_MS = 86_400_000;

/** What the model reads from a CAMEO code, looked up once per code. */
interface CodeInfo {
  goldstein: number;
  /** Root 11, 12 or 13: counts for the diplomatic-protest rung. */
  protest: boolean;
  /** Root 15, 17, 18, 19 or 20: counts for the military rung (between the parties). */
  military: boolean;
}
const codeInfos = new Map<string, CodeInfo | null>();

/** The code's Goldstein value and rung roots; null for no code or a code the table does not know. */
function codeInfo(code: unknown): CodeInfo | null {
  if (typeof code !== 'string') return null;
  let info = codeInfos.get(code);
  if (info === undefined) {
    const known = cameoCode(code);
    const root = code.slice(0, 2); // the CAMEO root: "1123" → "11", "0314" → "03"
    info = known ? { goldstein: known.goldstein, protest: PROTEST_ROOTS.includes(root), military: MILITARY_ROOTS.includes(root) } : null;
    codeInfos.set(code, info);
  }
  return info;
}

/** w = −G(code) × magnitude: conflict positive, cooperation negative; 0 without a (known) code. */
export function developmentWeight(development: Pick<Development, 'type' | 'data'>): number {
  const goldstein = codeInfo(development.data.cameoCode)?.goldstein;
  if (!goldstein) return 0;
  return -goldstein * magnitudeOf(development);
}

/** A measure's or a notice's standing weight before the stock factor: |G(code)| × magnitude. */
function standingWeight(development: Pick<Development, 'type' | 'data'>): number {
  const goldstein = codeInfo(development.data.cameoCode)?.goldstein;
  return goldstein ? Math.abs(goldstein) * magnitudeOf(development) : 0;
}

const magnitudeOf = (development: Pick<Development, 'type' | 'data'>): number =>
  magnitude(development.type as DevelopmentType, development.data as unknown as DevelopmentFieldsByType[DevelopmentType]);

/** Rung 1: a protest, a statement condemning, or a development coded disapprove / reject / threaten. */
const isProtest = (development: Development, info: CodeInfo | null): boolean =>
  development.type === 'protest' || (development.type === 'statement' && development.data.stance === 'condemn') || info?.protest === true;

/** Rung 4: a development coded as military conflict whose actor and target are both parties. */
function isMilitaryBetween(development: Development, info: CodeInfo | null, parties: ReadonlySet<string>): boolean {
  if (!info?.military) return false;
  const { actor, target } = development.data as { actor?: unknown; target?: unknown };
  return typeof actor === 'string' && typeof target === 'string' && parties.has(actor.trim().toUpperCase()) && parties.has(target.trim().toUpperCase());
}

function resolveOptions(options: Partial<EscalationOptions> | undefined): EscalationOptions {
  const resolved = { ...DEFAULT_ESCALATION_OPTIONS, ...options };
  const { halfLifeDays, stockFactor, scale } = resolved;
  if (!(Number.isFinite(halfLifeDays) && halfLifeDays > 0)) throw new RangeError(`halfLifeDays must be a positive number, not ${halfLifeDays}`);
  if (!(Number.isFinite(stockFactor) && stockFactor >= 0)) throw new RangeError(`stockFactor must be a number ≥ 0, not ${stockFactor}`);
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`scale must be a positive number, not ${scale}`);
  return resolved;
}

function assertInstant(date: Date, name: string): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError(`${name} must be a valid date`);
}

const rungOf = (index: number): EscalationRung => ({ index, name: ESCALATION_RUNGS[index]! });

function levelOf(raw: number, rung: number, { scale }: EscalationOptions): number {
  const x = Math.max(0, raw);
  // The rung sets the floor; the flow and stock move the level within [floor, 100), so it stays
  // informative while a measure holds it up.
  const floor = RUNG_FLOORS[rung]!;
  return Math.round(floor + ((100 - floor) * x) / (x + scale));
}

function rungIndex(flags: { military: boolean; rupture: boolean; coercion: boolean; protest: boolean }): number {
  if (flags.military) return 4;
  if (flags.rupture) return 3;
  if (flags.coercion) return 2;
  if (flags.protest) return 1;
  return 0;
}

const round2 = (value: number): number => {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? 0 : rounded; // no −0
};

// ---- what the input gives, prepared once ------------------------------------------------------

interface Prepared {
  developments: readonly Development[];
  /** Developments that move measures: measuresAt over these alone is the same, and cheaper. */
  measureDevelopments: readonly Development[];
  creators: ReadonlyMap<string, Development>;
  /** |G| × magnitude of each measure's creating development, by its eventId. */
  standing: ReadonlyMap<string, number>;
  /** Index in `developments` of those that can stand in the stock (measure and agreement developments). */
  indexOfStanding: ReadonlyMap<string, number>;
  agreements: readonly EscalationAgreement[];
  /** Per development, by index: occurredAt in ms, weight, and whether it counts for rung 1 / rung 4 (typed arrays: long logs are walked fast). */
  times: Float64Array;
  weights: Float64Array;
  protests: Uint8Array;
  military: Uint8Array;
}

function prepare(input: EscalationInput): Prepared {
  const { developments } = input;
  const parties = new Set(input.parties.map((p) => p.trim().toUpperCase()));
  const measureDevelopments: Development[] = [];
  const indexOfStanding = new Map<string, number>();
  const count = developments.length;
  const times = new Float64Array(count);
  const weights = new Float64Array(count);
  const protests = new Uint8Array(count);
  const military = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const development = developments[i]!;
    const info = codeInfo(development.data.cameoCode);
    times[i] = development.occurredAt.getTime();
    weights[i] = info?.goldstein ? -info.goldstein * magnitudeOf(development) : 0;
    protests[i] = isProtest(development, info) ? 1 : 0;
    military[i] = isMilitaryBetween(development, info, parties) ? 1 : 0;
    if (development.type === 'protest' || development.type === 'statement') continue; // the bulk of a long log
    const measure = isMeasureDevelopment(development);
    if (measure) measureDevelopments.push(development);
    if (measure || isAgreementDevelopmentType(development.type) || development.type === 'deadline_reached') indexOfStanding.set(development.eventId, i);
  }
  return {
    developments,
    measureDevelopments,
    creators: new Map(measureDevelopments.map((d) => [d.eventId, d])),
    standing: new Map(measureDevelopments.map((d) => [d.eventId, standingWeight(d)])),
    indexOfStanding,
    agreements: input.agreements,
    times,
    weights,
    protests,
    military,
  };
}

interface StockPart {
  eventId: string;
  type: string;
  occurredAt: Date;
  weight: number;
  amount: number;
}

interface Stock {
  total: number;
  parts: StockPart[];
  /** Measures: one stands (rung 2). Agreements: a notice runs or it is terminated (rung 3). */
  holds: boolean;
}

const eventOf = (development: Development) => ({
  eventId: development.eventId,
  type: development.type,
  occurredAt: development.occurredAt,
  weight: developmentWeight(development),
});

/** The measures in force at T (from a fold advanced to T), each standing for the development that created it. */
function measureStock(prepared: Prepared, fold: MeasuresFold, at: Date, { stockFactor }: EscalationOptions, withParts = true): Stock {
  const parts: StockPart[] = [];
  let total = 0;
  const inForce = fold.inForceAt(at);
  for (const id of inForce) {
    const amount = stockFactor * prepared.standing.get(id)!;
    total += amount;
    if (withParts) parts.push({ ...eventOf(prepared.creators.get(id)!), amount });
  }
  return { total, parts, holds: inForce.length > 0 };
}

/** The agreements whose notice runs, or that ended, at T, each standing for the notice (or the step that ended it). */
function agreementStock(prepared: Prepared, at: Date, { stockFactor }: EscalationOptions, withParts = true): Stock {
  const amount = stockFactor * Math.abs(cameoCode(AGREEMENT_RUPTURE_CODE)!.goldstein);
  const parts: StockPart[] = [];
  let total = 0;
  let holds = false;
  for (const { terms, events } of prepared.agreements) {
    const state = agreementAt(terms, events, at);
    if (state.status !== 'termination_notified' && state.status !== 'terminated') continue;
    holds = true;
    total += amount;
    if (!withParts) continue;
    // The notice that ruptured it; a fixed-term agreement that simply ended has only its last step.
    const eventId = state.notice?.eventId ?? state.history.at(-1)?.eventId;
    const event = events.find((e) => e.eventId === eventId);
    if (event) parts.push({ ...eventOf(event), amount });
  }
  return { total, parts, holds };
}

/** The measures fold, advanced through time by its caller: one walk serves readings at several instants in order. */
function measuresWalk(prepared: Prepared): (at: Date) => MeasuresFold {
  const fold = new MeasuresFold();
  let next = 0;
  return (at) => {
    const t = at.getTime();
    for (; next < prepared.measureDevelopments.length && prepared.measureDevelopments[next]!.occurredAt.getTime() <= t; next++) {
      fold.apply(prepared.measureDevelopments[next]!);
    }
    return fold;
  };
}

interface Evaluation {
  level: number;
  rung: number;
  /** F(T), S(T) and X(T) before the clamp at 0, as the level was computed from them. */
  flow: number;
  stock: number;
  raw: number;
  /** Σ |w_i × decay|: the size of the terms the flow sums (its rounding error grows with it). */
  flowMagnitude: number;
  /** Each development's decayed flow at T, by index in the input (only those that occurred by T); empty without parts. */
  flows: Float64Array;
  /** How many developments occurred by T (the prefix `flows` covers). */
  occurred: number;
  stockParts: StockPart[];
}

/** The reading at T from the measures folded to T; `withParts` false: level and rung only (the trend's earlier reading). */
function evaluate(prepared: Prepared, fold: MeasuresFold, at: Date, options: EscalationOptions, withParts: boolean): Evaluation {
  const { times, weights } = prepared;
  const t = at.getTime();
  const halfLifeMs = options.halfLifeDays * DAY_MS;
  const recentFrom = t - RECENT_HALF_LIVES * halfLifeMs;
  const flows = new Float64Array(withParts ? times.length : 0);
  let flow = 0;
  let flowMagnitude = 0;
  let protest = false;
  let military = false;
  let occurred = 0;
  for (; occurred < times.length; occurred++) {
    const ti = times[occurred]!;
    if (ti > t) break;
    const w = weights[occurred]!;
    if (w !== 0) {
      const part = w * 2 ** (-(t - ti) / halfLifeMs);
      if (withParts) flows[occurred] = part;
      flow += part;
      flowMagnitude += Math.abs(part);
    }
    if (ti >= recentFrom) {
      if (prepared.protests[occurred]) protest = true;
      if (prepared.military[occurred]) military = true;
    }
  }
  const measures = measureStock(prepared, fold, at, options, withParts);
  const agreements = agreementStock(prepared, at, options, withParts);
  const rung = rungIndex({ military, rupture: agreements.holds, coercion: measures.holds, protest });
  const raw = flow + measures.total + agreements.total;
  return {
    level: levelOf(raw, rung, options),
    rung,
    flow,
    stock: measures.total + agreements.total,
    raw,
    flowMagnitude,
    flows,
    occurred,
    stockParts: [...measures.parts, ...agreements.parts],
  };
}

// ---- the answers --------------------------------------------------------------------------------

/**
 * The escalation of a dispute at T = `at`: level 0–100, rung, 7-day trend, and the contributors
 * that explain the level. Developments that occurred after T are ignored; the input is the dispute's
 * developments (unretracted, already known, sorted with `byOccurrence`), its agreements with their
 * events, and its parties. Options: `halfLifeDays` (H), `stockFactor` (s), `scale` (K).
 *
 * Weights come from the published Goldstein scale (−10 most conflictual … +10 most cooperative) of
 * each development's CAMEO code (the analyst's, or the type's default), never from weights of our own
 * per type. The only scaling of our own is `magnitude` (a licence or a conditional suspension counts ½).
 *
 *   weight     w_i  = −G(c_i) × m_i
 *                     G(c): Goldstein value of CAMEO code c; a development without a code weighs 0.
 *                     m_i:  magnitude(type_i, data_i). Conflict weighs positive, cooperation negative.
 *
 *   flow       F(T) = Σ_{t_i ≤ T} w_i × 2^(−(T − t_i) / H)
 *                     t_i: occurredAt; T − t_i in days; H: half-life (`halfLifeDays`, default 30).
 *
 *   stock      S(T) = s × Σ_{measures m in force at T} |G(c_m)| × m_m
 *                   + s × |G(160)| × #{agreements termination_notified or terminated at T}
 *                     Measures from measuresAt(developments, T); in force: announced, active or
 *                     effective; c_m, m_m: code and magnitude of the development that created m.
 *                     Agreements from agreementAt(terms, events, T); |G(160)| = 4 ("reduce
 *                     relations"). s: `stockFactor`, default 0.5. The stock does not decay: it stands
 *                     while the measure or the rupture stands, and goes when it is lifted.
 *
 *   raw        X(T) = max(0, F(T) + S(T))
 *
 *   rung       the highest that holds at T:
 *                4 military confrontation: a development with a CAMEO root 15, 17, 18, 19 or 20 in
 *                  [T − 2H, T] whose actor and target are both parties of the dispute;
 *                3 security-cooperation rupture: an agreement termination_notified or terminated at T;
 *                2 economic coercion: a measure (export control or list removal) in force at T;
 *                1 diplomatic protest: in [T − 2H, T], a protest, a statement with stance condemn, or a
 *                  development with a CAMEO root 11 (disapprove), 12 (reject) or 13 (threaten);
 *                0 friction.
 *
 *   level      L(T) = round(floor[rung] + (100 − floor[rung]) × X / (X + K))
 *                     K: `scale`, default 20 (X = K is half-way up the band); floors 0, 20, 40, 60, 80 for
 *                     rungs 0–4: the rung sets the floor, X moves the level within [floor, 100).
 *
 *   trend      L(T) − L(T − 7 days): rising if > +2, falling if < −2, else steady.
 *
 * Contributors at T: every development with a non-zero contribution, that is its decayed flow
 * w_i × 2^(−(T − t_i)/H) plus, when it created a measure in force or gave a notice that runs (or
 * ended the agreement), that stock part; weight and contribution rounded to 2 decimals, zeros after
 * rounding left out; sorted by |contribution|, largest first (ties: earlier occurred first, then by
 * eventId, so when a development was recorded does not change the list). Their sum is F + S, up to
 * rounding and the faded ones left out. A notice recorded in another dispute's log (agreement
 * events come from every dispute) shows with its stock part only: its flow belongs to that dispute.
 */
export function escalationAt(input: EscalationInput, at: Date, options?: Partial<EscalationOptions>): EscalationReading {
  assertInstant(at, 'at');
  const resolved = resolveOptions(options);
  const prepared = prepare(input);
  // The earlier reading first, so that one walk of the measures serves both.
  const measuresAt = measuresWalk(prepared);
  const earlier = new Date(at.getTime() - TREND_DAYS * DAY_MS);
  const before = evaluate(prepared, measuresAt(earlier), earlier, resolved, false);
  const now = evaluate(prepared, measuresAt(at), at, resolved, true);
  const change = now.level - before.level;
  const trend: EscalationTrend = change > TREND_THRESHOLD ? 'rising' : change < -TREND_THRESHOLD ? 'falling' : 'steady';
  return { level: now.level, rung: rungOf(now.rung), trend, contributors: contributorsOf(prepared, now) };
}

export interface EscalationLevel {
  level: number;
  rung: EscalationRung;
  /**
   * Until when (exclusive) level and rung stay as they are if nothing more is recorded; null: for
   * ever. Never later than the first change; at times earlier (a margin against rounding).
   */
  steadyUntil: Date | null;
}

/**
 * Level and rung at T, as `escalationAt` gives them, without the trend and the contributors (what a
 * list of disputes shows), and until when they hold. One pass over the developments and no object
 * per development, where `escalationAt` also takes the reading of a week before and builds, sorts
 * and rounds a contributor for each (most of its work on a long log).
 *
 * Without new developments, level and rung move only:
 * - at an instant a development (the dispute's or an agreement's) is dated after T;
 * - when a protest or military act leaves the rung's window [T − 2H, T];
 * - on a reinstatement's effective day (it lifts removals: the stock and rung 2);
 * - when the flow's decay F(T + Δ) = F(T) × 2^(−Δ/H), with the stock and the rung as they are,
 *   takes the level across its next rounding boundary (the level moves monotonically toward the
 *   stock's level, so the first crossing is the one toward it).
 * An agreement's status moves only with its developments (an expiry is a recorded deadline_reached),
 * and a measure's standing only with developments and reinstatements: no other instant counts.
 */
export function escalationLevelAt(input: EscalationInput, at: Date, options?: Partial<EscalationOptions>): EscalationLevel {
  assertInstant(at, 'at');
  const resolved = resolveOptions(options);
  const prepared = prepare(input);
  const now = evaluate(prepared, measuresWalk(prepared)(at), at, resolved, false);
  const until = nextChange(prepared, at.getTime(), now, resolved);
  return { level: now.level, rung: rungOf(now.rung), steadyUntil: until <= MAX_DATE_MS ? new Date(until) : null };
}

/** The first instant after t (in ms) at which level or rung may move; Infinity: never. */
function nextChange(prepared: Prepared, t: number, evaluation: Evaluation, options: EscalationOptions): number {
  const { times } = prepared;
  let next = Infinity;
  const consider = (instant: number) => {
    if (instant > t && instant < next) next = instant;
  };
  if (evaluation.occurred < times.length) consider(times[evaluation.occurred]!);
  for (const { events } of prepared.agreements) {
    for (const event of events) consider(event.occurredAt.getTime());
  }
  // The same arithmetic as `evaluate`'s window, so that the two agree to the millisecond.
  const recentMs = RECENT_HALF_LIVES * (options.halfLifeDays * DAY_MS);
  for (let i = evaluation.occurred - 1; i >= 0 && times[i]! >= t - recentMs; i--) {
    if (prepared.protests[i] || prepared.military[i]) consider(leavesWindow(times[i]!, recentMs));
  }
  for (const development of prepared.measureDevelopments) {
    if (development.type === 'export_list_reinstatement') consider(new Date(development.data.effectiveOn).getTime());
  }
  consider(t + Math.max(1, decayStep(evaluation, times.length, options)));
  return next;
}

/** The latest instant a Date can hold: a change later than this is "never". */
const MAX_DATE_MS = 8.64e15;

/** The first whole millisecond T at which `evaluate` no longer counts t_i as recent (t_i ≥ T − 2H fails). */
function leavesWindow(ti: number, recentMs: number): number {
  // Past a Date's range (a half-life of millions of days): never, and no whole-millisecond search up there.
  if (!(ti + recentMs < MAX_DATE_MS)) return Infinity;
  let instant = Math.floor(ti + recentMs) + 1;
  while (ti >= instant - recentMs) instant++;
  while (ti < instant - 1 - recentMs) instant--;
  return instant;
}

/** Relative margin taken off a computed crossing time. */
const CROSSING_MARGIN = 1e-6;

/**
 * How long (ms) until the decaying flow may move the rounded level, stock and rung as they are: 0
 * when it may at once, Infinity when never. Worked in X, where the motion is simple:
 * X(T + Δ) = F × 2^(−Δ/H) + S goes monotonically from X(T) toward S, and the level keeps its value
 * while X stays between the raw values at which the exact level is half a point below and above.
 * Floating point blurs those edges (the flow is a sum of many terms; a stock of nice numbers can sit
 * exactly on an edge), so they are drawn in by a tolerance: near an edge nothing is promised.
 */
function decayStep(evaluation: Evaluation, developments: number, options: EscalationOptions): number {
  const { flow, stock, raw: from, level, rung, flowMagnitude } = evaluation;
  // No flow at all (not a flow that sums to 0 now: its rounding residue may not later).
  if (flowMagnitude === 0) return Infinity;
  const floor = RUNG_FLOORS[rung]!;
  const { scale } = options;
  // The raw value at which the exact level is b (levelOf inverted within the band).
  const rawAt = (b: number) => (scale * (b - floor)) / (100 - b);
  const low = level > floor ? rawAt(level - 0.5) : -Infinity; // at the floor, X at or below 0 keeps it
  const high = level < 100 ? rawAt(level + 0.5) : Infinity;
  const tolerance = 1e-12 * (developments + 16) * (flowMagnitude + Math.abs(stock) + scale + 1);
  const inside = (x: number) => x > low + tolerance && x < high - tolerance;
  if (!inside(from)) return 0;
  if (inside(stock)) return Infinity;
  // F × 2^(−Δ/H) + S = the edge it moves toward
  const ratio = ((stock > from ? high - tolerance : low + tolerance) - stock) / flow;
  if (!(ratio > 0 && ratio < 1)) return 0;
  const delta = -options.halfLifeDays * DAY_MS * Math.log2(ratio);
  return Math.max(0, Math.floor(delta * (1 - CROSSING_MARGIN)) - 1);
}

function contributorsOf(prepared: Prepared, evaluation: Evaluation): EscalationContributor[] {
  const stockById = new Map<string, StockPart>();
  for (const part of evaluation.stockParts) {
    const existing = stockById.get(part.eventId);
    if (existing) existing.amount += part.amount;
    else stockById.set(part.eventId, { ...part });
  }
  const contributors: EscalationContributor[] = [];
  const add = (eventId: string, type: string, occurredAt: Date, weight: number, amount: number) => {
    const contribution = round2(amount);
    if (contribution !== 0) contributors.push({ eventId, type, occurredAt: new Date(occurredAt), weight: round2(weight), contribution });
  };
  // What stands: its stock plus its own flow; a notice recorded in another dispute's log has no flow here.
  const withStock = new Set<number>();
  for (const part of stockById.values()) {
    const i = prepared.indexOfStanding.get(part.eventId);
    if (i === undefined || i >= evaluation.occurred) {
      add(part.eventId, part.type, part.occurredAt, part.weight, part.amount);
    } else {
      withStock.add(i);
      add(part.eventId, part.type, part.occurredAt, prepared.weights[i]!, evaluation.flows[i]! + part.amount);
    }
  }
  // The flow of everything else (the arrays first: most of a long past has faded to nothing).
  for (let i = 0; i < evaluation.occurred; i++) {
    const flow = evaluation.flows[i]!;
    if (round2(flow) === 0 || withStock.has(i)) continue;
    const development = prepared.developments[i]!;
    add(development.eventId, development.type, development.occurredAt, prepared.weights[i]!, flow);
  }
  return contributors.sort(
    (a, b) =>
      Math.abs(b.contribution) - Math.abs(a.contribution) ||
      a.occurredAt.getTime() - b.occurredAt.getTime() ||
      (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0),
  );
}

/**
 * One reading a day, for every UTC day from `from`'s to `to`'s (inclusive), each taken at the END of
 * its day (23:59:59.999Z): the day's entry counts everything that occurred that day. Each entry is
 * what `escalationAt(input, <day>T23:59:59.999Z)` gives for level and rung.
 *
 * Linear in developments plus days, not their product: the flow rolls from one day to the next,
 * F(d + 1) = F(d) × 2^(−1/H) + Σ_{T_d < t_i ≤ T_{d+1}} w_i × 2^(−(T_{d+1} − t_i)/H), the rung's recent
 * protests and military acts are tracked as the walk passes them, the measures are folded once
 * along the walk, and the stock is summed again only on days when it can change: a measure
 * development, a reinstatement's effective day, an agreement development.
 *
 * Throws a RangeError when `to` is before `from` or the range spans more than 3,660 days.
 */
export function escalationHistory(input: EscalationInput, from: Date, to: Date, options?: Partial<EscalationOptions>): EscalationHistoryEntry[] {
  assertInstant(from, 'from');
  assertInstant(to, 'to');
  const resolved = resolveOptions(options);
  const firstDay = Math.floor(from.getTime() / DAY_MS) * DAY_MS;
  const lastDay = Math.floor(to.getTime() / DAY_MS) * DAY_MS;
  if (lastDay < firstDay) throw new RangeError('to must not be before from');
  const days = (lastDay - firstDay) / DAY_MS + 1;
  if (days > MAX_HISTORY_DAYS) throw new RangeError(`a history spans at most ${MAX_HISTORY_DAYS} days, not ${days}`);

  const prepared = prepare(input);
  const { times, measureDevelopments, weights } = prepared;
  const halfLifeMs = resolved.halfLifeDays * DAY_MS;
  const recentMs = RECENT_HALF_LIVES * halfLifeMs;
  const dailyDecay = 2 ** (-DAY_MS / halfLifeMs);
  // Reinstatements lift removals at their effective day: a change of the stock with no development that day.
  const liftDays = measureDevelopments
    .flatMap((d) => (d.type === 'export_list_reinstatement' ? [new Date(d.data.effectiveOn).getTime()] : []))
    .filter((t) => !Number.isNaN(t))
    .sort((a, b) => a - b);
  // An agreement's status moves only with its developments (renewals by time keep the status).
  const agreementDays = prepared.agreements.flatMap(({ events }) => events.map((e) => e.occurredAt.getTime())).sort((a, b) => a - b);

  const fold = new MeasuresFold();
  const entries: EscalationHistoryEntry[] = [];
  let flow = 0;
  let next = 0; // the first development not yet in the flow
  let nextMeasure = 0; // the first measure development not yet folded
  let nextLift = 0;
  let nextAgreement = 0;
  let lastProtest = -Infinity;
  let lastMilitary = -Infinity;
  let measures: Stock | undefined;
  let agreements: Stock | undefined;
  for (let day = 0; day < days; day++) {
    const dayStart = firstDay + day * DAY_MS;
    const t = dayStart + DAY_MS - 1;
    const at = new Date(t);

    flow *= dailyDecay; // 0 on the first day: the whole past comes in below, decayed to t
    for (; next < times.length; next++) {
      const ti = times[next]!;
      if (ti > t) break;
      const w = weights[next]!;
      if (w !== 0) flow += w * 2 ** (-(t - ti) / halfLifeMs);
      if (prepared.protests[next]) lastProtest = ti;
      if (prepared.military[next]) lastMilitary = ti;
    }

    let measuresMoved = measures === undefined;
    for (; nextMeasure < measureDevelopments.length && measureDevelopments[nextMeasure]!.occurredAt.getTime() <= t; nextMeasure++) {
      fold.apply(measureDevelopments[nextMeasure]!);
      measuresMoved = true;
    }
    for (; nextLift < liftDays.length && liftDays[nextLift]! <= t; nextLift++) measuresMoved = true;
    if (measuresMoved) measures = measureStock(prepared, fold, at, resolved, false);

    let agreementsMoved = agreements === undefined;
    for (; nextAgreement < agreementDays.length && agreementDays[nextAgreement]! <= t; nextAgreement++) agreementsMoved = true;
    if (agreementsMoved) agreements = agreementStock(prepared, at, resolved, false);

    const rung = rungIndex({
      military: t - lastMilitary <= recentMs,
      rupture: agreements!.holds,
      coercion: measures!.holds,
      protest: t - lastProtest <= recentMs,
    });
    entries.push({ date: new Date(dayStart).toISOString().slice(0, 10), level: levelOf(flow + measures!.total + agreements!.total, rung, resolved), rung: rungOf(rung) });
  }
  return entries;
}
