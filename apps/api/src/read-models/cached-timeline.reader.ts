import type { Kysely } from 'kysely';
import { ofThePresent, TimelineReader, type AgreementRow, type DisputeRow, type KnownDevelopment, type PointOfView } from '@app/projections';
import type { ViewCache } from './view-cache.js';

/**
 * The timeline reader for views of the present, each answer kept in `rows` until a change notice
 * names what it read. Views of the present are folded again every second for time's sake (a
 * deadline falls due, a measure takes effect, the escalation decays), and that refold then reads
 * nothing from the database: only a recorded development makes rows old. Before, that was eight
 * queries a view a second and the garbage of their rows: a third of the api's CPU under a read load. Reads at another point of
 * view go to the database. Tags are those of the change notices (see the timeline projector): a
 * dispute's rows change with `disputes:<id>`, any agreement's with `agreements`.
 */
export class CachedTimelineReader extends TimelineReader {
  constructor(
    db: Kysely<any>,
    schema: string,
    private readonly rows: ViewCache,
  ) {
    super(db, schema);
  }

  override disputes(view: PointOfView = {}): Promise<DisputeRow[]> {
    return this.kept(view, 'disputes', ['disputes'], () => super.disputes(view));
  }

  override dispute(id: string, view: PointOfView = {}): Promise<DisputeRow | undefined> {
    return this.kept(view, `dispute:${id}`, [`disputes:${id}`], () => super.dispute(id, view));
  }

  override developments(disputeId: string | null, view: PointOfView = {}): Promise<KnownDevelopment[]> {
    return this.kept(view, `developments:${disputeId ?? '*'}`, [disputeId === null ? 'disputes' : `disputes:${disputeId}`], () => super.developments(disputeId, view));
  }

  override foldDevelopments(disputeId: string, view: PointOfView = {}): Promise<KnownDevelopment[]> {
    return this.kept(view, `fold-developments:${disputeId}`, [`disputes:${disputeId}`], () => super.foldDevelopments(disputeId, view));
  }

  override agreements(filter: { ids?: string[]; disputeId?: string }, view: PointOfView = {}): Promise<AgreementRow[]> {
    const key = `agreements:${filter.ids?.join(',') ?? '*'}:${filter.disputeId ?? '*'}`;
    return this.kept(view, key, ['agreements'], () => super.agreements(filter, view));
  }

  override async agreementDevelopments(agreementIds: readonly string[], view: PointOfView = {}): Promise<Map<string, KnownDevelopment[]>> {
    if (!ofThePresent(view)) return super.agreementDevelopments(agreementIds, view);
    // Kept as entries (plain data, so frozen); each reader gets a Map of its own.
    const entries = await this.kept(view, `agreement-developments:${agreementIds.join(',')}`, ['agreements'], async () => [
      ...(await super.agreementDevelopments(agreementIds, view)),
    ]);
    return new Map(entries);
  }

  private kept<T>(view: PointOfView, key: string, tags: string[], read: () => Promise<T>): Promise<T> {
    return ofThePresent(view) ? this.rows.get(`${this.schema}/${key}`, tags, read) : read();
  }
}

/** What a kept answer weighs: its rows (the developments of a Map's entries). */
export function rowsIn(value: unknown): number {
  if (!Array.isArray(value)) return 1;
  let rows = value.length;
  for (const item of value) if (Array.isArray(item) && Array.isArray(item[1])) rows += item[1].length;
  return Math.max(rows, 1);
}
