import type { CountryCode, Development } from '../developments/development.types.js';

export const MEASURE_KINDS = ['export_control', 'export_list_removal'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export const MEASURE_STATUSES = ['announced', 'active', 'effective', 'lifted'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** What one state does to another's trade, as it stood at an instant. */
export interface Measure {
  /** The eventId of the development that created it. */
  id: string;
  kind: MeasureKind;
  actor: CountryCode;
  target: CountryCode;
  /** Controlled items (export controls); a lifted control keeps the items it covered last. Empty for a list removal. */
  items: string[];
  /** The list a removal took the target off; null for an export control. */
  list: string | null;
  status: MeasureStatus;
  /** When the measure took its current status. */
  since: Date;
  licensesIssued: number;
  /** The development that created it (the same as `id`). */
  eventId: string;
}

/** The development types that create or move a measure; every other type leaves measures alone. */
export const MEASURE_DEVELOPMENT_TYPES = [
  'export_control_tightened',
  'export_control_eased',
  'export_list_removal',
  'export_list_reinstatement',
  'export_license_issued',
] as const;
export type MeasureDevelopmentType = (typeof MEASURE_DEVELOPMENT_TYPES)[number];

export const isMeasureDevelopment = (development: Development): development is Extract<Development, { type: MeasureDevelopmentType }> =>
  (MEASURE_DEVELOPMENT_TYPES as readonly string[]).includes(development.type);

/** A measure counts (for the rung, the stock of escalation) while announced, active or effective. */
export const isInForce = (measure: Pick<Measure, 'status'>): boolean =>
  measure.status === 'announced' || measure.status === 'active' || measure.status === 'effective';

/** Item names and list names compare trimmed and case-insensitively. */
const key = (name: string): string => name.trim().toLowerCase();
const country = (code: CountryCode): string => code.trim().toUpperCase();

interface ControlDraft {
  kind: 'export_control';
  /** Creation order, to find the oldest of several candidates. */
  seq: number;
  measure: Measure;
}

interface RemovalDraft {
  kind: 'export_list_removal';
  measure: Measure;
  announcedOn: Date;
  effectiveOn: Date;
  /** Set by the first reinstatement that matched it (brought forward by a later one effective earlier). */
  liftedOn: Date | null;
}

type Draft = ControlDraft | RemovalDraft;

/** A dyad's export controls, indexed so that a long log folds in linear time. */
interface DyadControls {
  /** In creation order; the active ones are at or after `head` (lifted ones before it are skipped). */
  all: ControlDraft[];
  head: number;
  /** Item key → the active controls covering it, in creation order. */
  byItem: Map<string, ControlDraft[]>;
}

/**
 * The measures as they stood at `at`, from a dispute's developments (unretracted, already known,
 * sorted with `byOccurrence`; those that occurred after `at` are ignored), in creation order.
 *
 * - `export_control_tightened` creates an `export_control` measure (id = its eventId), `active`
 *   since it occurred, with its items (deduplicated).
 * - `export_control_eased` takes its items out of every active export control of the same
 *   actor → target (oldest first); a control left with no item is `lifted` since the easing, and
 *   keeps the items it had just before, so it still shows what it covered.
 * - `export_list_removal` creates an `export_list_removal` measure, `announced` since it occurred,
 *   `effective` since `effectiveOn` once `at` reaches it.
 * - `export_list_reinstatement` lifts, from its `effectiveOn` (once `at` reaches it), every removal
 *   of the same actor, target and list that is not lifted when it occurs. A removal a previous
 *   reinstatement will lift later is lifted at the earlier of the two dates.
 * - `export_license_issued` adds `count` (or the number of items) to the first active export
 *   control of the same actor → target covering one of its items, else to the first active one of
 *   that dyad, else to nothing.
 *
 * Items and lists compare trimmed and case-insensitively; country codes case-insensitively.
 */
export function measuresAt(developments: readonly Development[], at: Date): Measure[] {
  const fold = new MeasuresFold();
  const t = at.getTime(); // comparing numbers: a Date comparison is several times slower on long logs
  for (const development of developments) {
    if (development.occurredAt.getTime() > t) break;
    fold.apply(development);
  }
  return fold.measuresAt(at);
}

/**
 * The fold behind `measuresAt`, one development at a time, for readers that walk through time (the
 * escalation history): `apply` developments in `byOccurrence` order, then read the measures at any
 * instant from the last applied development's occurrence until the next one's.
 */
export class MeasuresFold {
  private readonly drafts: Draft[] = [];
  private readonly controls = new Map<string, DyadControls>();
  private readonly removals = new Map<string, RemovalDraft[]>();

  apply(development: Development): void {
    switch (development.type) {
      case 'export_control_tightened':
        return this.tighten(development);
      case 'export_control_eased':
        return this.ease(development);
      case 'export_list_removal':
        return this.remove(development);
      case 'export_list_reinstatement':
        return this.reinstate(development);
      case 'export_license_issued':
        return this.license(development);
      default:
        return; // not a measure development
    }
  }

  /** Every measure at `at`, in creation order; fresh objects that share nothing with the fold. */
  measuresAt(at: Date): Measure[] {
    return this.drafts.map((draft) => {
      const measure = draft.kind === 'export_control' ? draft.measure : removalAt(draft, at);
      return { ...measure, items: [...measure.items], since: new Date(measure.since) };
    });
  }

  /** The ids (creating eventIds) of the measures in force at `at`, in creation order, without building them. */
  inForceAt(at: Date): string[] {
    const t = at.getTime();
    const ids: string[] = [];
    for (const draft of this.drafts) {
      const inForce = draft.kind === 'export_control' ? draft.measure.status === 'active' : !(draft.liftedOn && t >= draft.liftedOn.getTime());
      if (inForce) ids.push(draft.measure.id);
    }
    return ids;
  }

  private controlsOf(actor: CountryCode, target: CountryCode, create: boolean): DyadControls | undefined {
    const dyad = dyadOf(actor, target);
    let found = this.controls.get(dyad);
    if (!found && create) this.controls.set(dyad, (found = { all: [], head: 0, byItem: new Map() }));
    return found;
  }

  private tighten(development: Extract<Development, { type: 'export_control_tightened' }>): void {
    const { actor, target } = development.data;
    const items = dedupe(development.data.items);
    const draft: ControlDraft = {
      kind: 'export_control',
      seq: this.drafts.length,
      measure: {
        id: development.eventId,
        kind: 'export_control',
        actor,
        target,
        items,
        list: null,
        status: 'active',
        since: development.occurredAt,
        licensesIssued: 0,
        eventId: development.eventId,
      },
    };
    this.drafts.push(draft);
    const dyad = this.controlsOf(actor, target, true)!;
    dyad.all.push(draft);
    for (const item of items) {
      const holders = dyad.byItem.get(key(item));
      if (holders) holders.push(draft);
      else dyad.byItem.set(key(item), [draft]);
    }
  }

  private ease(development: Extract<Development, { type: 'export_control_eased' }>): void {
    const dyad = this.controlsOf(development.data.actor, development.data.target, false);
    if (!dyad) return;
    // Every active control covering an eased item loses it (all of them, oldest first).
    const affected = new Map<ControlDraft, Set<string>>();
    for (const eased of new Set(development.data.items.map(key))) {
      const holders = dyad.byItem.get(eased);
      if (!holders) continue;
      dyad.byItem.delete(eased);
      for (const draft of holders) {
        const keys = affected.get(draft);
        if (keys) keys.add(eased);
        else affected.set(draft, new Set([eased]));
      }
    }
    for (const [{ measure }, keys] of [...affected].sort(([a], [b]) => a.seq - b.seq)) {
      const remaining = measure.items.filter((item) => !keys.has(key(item)));
      if (remaining.length === 0) {
        // Lifted: it keeps the items it had just before, to show what it covered.
        measure.status = 'lifted';
        measure.since = development.occurredAt;
      } else {
        measure.items = remaining;
      }
    }
  }

  private remove(development: Extract<Development, { type: 'export_list_removal' }>): void {
    const { actor, target, list } = development.data;
    const draft: RemovalDraft = {
      kind: 'export_list_removal',
      announcedOn: development.occurredAt,
      effectiveOn: new Date(development.data.effectiveOn),
      liftedOn: null,
      measure: {
        id: development.eventId,
        kind: 'export_list_removal',
        actor,
        target,
        items: [],
        list,
        status: 'announced',
        since: development.occurredAt,
        licensesIssued: 0,
        eventId: development.eventId,
      },
    };
    this.drafts.push(draft);
    const listKey = `${dyadOf(actor, target)}>${key(list)}`;
    const same = this.removals.get(listKey);
    if (same) same.push(draft);
    else this.removals.set(listKey, [draft]);
  }

  private reinstate(development: Extract<Development, { type: 'export_list_reinstatement' }>): void {
    const { actor, target, list } = development.data;
    const listKey = `${dyadOf(actor, target)}>${key(list)}`;
    const same = this.removals.get(listKey);
    if (!same) return;
    const effectiveOn = new Date(development.data.effectiveOn);
    // Removals already lifted when this occurs never match again (later ones occur later still).
    const notLifted = same.filter((draft) => !(draft.liftedOn && draft.liftedOn <= development.occurredAt));
    for (const draft of notLifted) draft.liftedOn = draft.liftedOn && draft.liftedOn < effectiveOn ? draft.liftedOn : effectiveOn;
    this.removals.set(listKey, notLifted);
  }

  private license(development: Extract<Development, { type: 'export_license_issued' }>): void {
    const { actor, target, items, count } = development.data;
    const dyad = this.controlsOf(actor, target, false);
    if (!dyad) return;
    let covering: ControlDraft | undefined;
    for (const item of items) {
      const oldest = dyad.byItem.get(key(item))?.[0];
      if (oldest && (!covering || oldest.seq < covering.seq)) covering = oldest;
    }
    while (dyad.head < dyad.all.length && dyad.all[dyad.head]!.measure.status !== 'active') dyad.head += 1;
    const chosen = covering ?? dyad.all[dyad.head];
    if (chosen) chosen.measure.licensesIssued += count ?? items.length;
  }
}

const dyadOf = (actor: CountryCode, target: CountryCode): string => `${country(actor)}>${country(target)}`;

/** A removal's status depends on time as well as on developments: its effective day, its lifting day. */
function removalAt(draft: RemovalDraft, at: Date): Measure {
  const { measure, announcedOn, effectiveOn, liftedOn } = draft;
  if (liftedOn && at >= liftedOn) return { ...measure, status: 'lifted', since: liftedOn };
  if (at >= effectiveOn) return { ...measure, status: 'effective', since: effectiveOn };
  return { ...measure, status: 'announced', since: announcedOn };
}

function dedupe(items: readonly string[]): string[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
