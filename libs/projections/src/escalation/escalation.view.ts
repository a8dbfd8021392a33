import { escalationAt, escalationHistory, type AgreementEvent, type EscalationInput, type EscalationOptions } from '@app/domain';
import { counting, toTerms, type KnownDevelopment, type PointOfView, type TimelineReader } from '../timeline/timeline.reader.js';
import type { AgreementRow, DisputeRow } from '../timeline/timeline.tables.js';

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
  const own = developments ?? (await reader.developments(dispute.id, view));
  const counted = counting(own);
  const referenced = new Set(counted.flatMap((d) => ('agreementId' in d.data && typeof d.data.agreementId === 'string' ? [d.data.agreementId] : [])));
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

export function escalationHistoryView(input: EscalationInput, from: Date, to: Date, options?: Partial<EscalationOptions>) {
  return escalationHistory(input, from, to, options).map((e) => ({ date: e.date, level: e.level, rung: { index: e.rung.index, name: e.rung.name } }));
}
