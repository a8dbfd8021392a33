import { escalationAt, escalationHistory, escalationLevelAt, type AgreementEvent, type EscalationInput, type EscalationOptions } from '@app/domain';
import { counting, toTerms, type KnownDevelopment, type PointOfView, type TimelineReader } from '../timeline/timeline.reader.js';
import type { AgreementRow, DisputeRow } from '../timeline/timeline.tables.js';
import { DevelopmentsCache } from './developments.cache.js';

/** Disputes with at least this many events in their stream are kept in memory between reads. */
export const LONG_DISPUTE_VERSION = 5_000;
/** At most this many developments are kept: some 500 bytes each (measured), so about 100 MB. */
const CACHED_DEVELOPMENTS = 200_000;

export const longDisputes = new DevelopmentsCache(CACHED_DEVELOPMENTS);

/** The fold's input for one dispute: its developments, its agreements (with theirs), its parties. */
export async function escalationInput(reader: TimelineReader, dispute: DisputeRow, view: PointOfView, developments?: KnownDevelopment[]): Promise<EscalationInput> {
  return (await escalationSources(reader, dispute, view, developments)).input;
}

export interface EscalationSources {
  input: EscalationInput;
  /** The agreements read for the fold, as `TimelineReader.agreements` orders them, with their developments. */
  agreements: AgreementRow[];
  agreementDevelopments: Map<string, KnownDevelopment[]>;
  /** True when every agreement is linked to the dispute (none is only referenced by a development). */
  linkedOnly: boolean;
}

/** The fold's input and the rows it came from, so a dispute read need not read them twice. */
export async function escalationSources(reader: TimelineReader, dispute: DisputeRow, view: PointOfView, developments?: KnownDevelopment[]): Promise<EscalationSources> {
  const counted = developments ? counting(developments) : await countedDevelopments(reader, dispute, view);
  // A loop, not flatMap: on a long dispute the little arrays cost more than the fold.
  const referenced = new Set<string>();
  for (const d of counted) if ('agreementId' in d.data && typeof d.data.agreementId === 'string') referenced.add(d.data.agreementId);
  const linked = await reader.agreements({ disputeId: dispute.id }, view);
  const others = [...referenced].filter((id) => !linked.some((a) => a.id === id));
  const rows = [...linked, ...(others.length ? await reader.agreements({ ids: others }, view) : [])];
  const events = await reader.agreementDevelopments(rows.map((r) => r.id), view);
  return {
    input: {
      developments: counted,
      parties: dispute.parties,
      agreements: rows.map((row) => ({ terms: toTerms(row), events: counting(events.get(row.id) ?? []) as unknown as AgreementEvent[] })),
    },
    agreements: rows,
    agreementDevelopments: events,
    linkedOnly: others.length === 0,
  };
}

/**
 * What the fold counts, occurred by `asOf`: a long dispute's from memory (all its developments,
 * kept per version, then those that occurred by `asOf`: the same rows in the same order as the
 * query would give), others' (and reads as known at an earlier `knownAt`) from the database.
 */
async function countedDevelopments(reader: TimelineReader, dispute: DisputeRow, view: PointOfView): Promise<readonly KnownDevelopment[]> {
  if (dispute.version < LONG_DISPUTE_VERSION || view.knownAt) return counting(await reader.foldDevelopments(dispute.id, view));
  const all = await longDisputes.load(`${reader.schema}/${dispute.id}`, dispute.version, async () => counting(await reader.foldDevelopments(dispute.id)));
  return view.asOf ? all.slice(0, occurredBy(all, view.asOf.getTime())) : all;
}

/** How many of the developments (in occurred order) occurred at or before `t`. */
function occurredBy(developments: readonly KnownDevelopment[], t: number): number {
  let low = 0;
  let high = developments.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (developments[middle]!.occurredAt.getTime() <= t) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface EscalationView {
  level: number;
  rung: { index: number; name: string };
  trend: 'rising' | 'falling' | 'steady';
  contributors: Array<{ eventId: string; type: string; occurredAt: string; weight: number; contribution: number }>;
}

export function escalationView(input: EscalationInput, at: Date, options?: Partial<EscalationOptions>): EscalationView {
  const reading = escalationAt(input, at, options);
  return {
    level: reading.level,
    rung: { index: reading.rung.index, name: reading.rung.name },
    trend: reading.trend,
    contributors: reading.contributors.map((c) => ({ ...c, occurredAt: c.occurredAt.toISOString() })),
  };
}

/** Level and rung alone, for a line of the dispute list (a fraction of escalationView's work), and until when they hold. */
export function escalationLevelView(
  input: EscalationInput,
  at: Date,
  options?: Partial<EscalationOptions>,
): { escalation: Pick<EscalationView, 'level' | 'rung'>; steadyUntil: Date | null } {
  const { level, rung, steadyUntil } = escalationLevelAt(input, at, options);
  return { escalation: { level, rung: { index: rung.index, name: rung.name } }, steadyUntil };
}

export function escalationHistoryView(input: EscalationInput, from: Date, to: Date, options?: Partial<EscalationOptions>) {
  return escalationHistory(input, from, to, options).map((e) => ({ date: e.date, level: e.level, rung: { index: e.rung.index, name: e.rung.name } }));
}
