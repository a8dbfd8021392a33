import { measuresAt, type Measure } from '@app/domain';
import { counting, type KnownDevelopment, type PointOfView, type TimelineReader } from '../timeline/timeline.reader.js';

export interface MeasureView {
  id: string;
  disputeId: string;
  kind: Measure['kind'];
  actor: string;
  target: string;
  items: string[];
  list: string | null;
  status: Measure['status'];
  since: string;
  licensesIssued: number;
}

export const measureView = (disputeId: string, m: Measure): MeasureView => ({
  id: m.id,
  disputeId,
  kind: m.kind,
  actor: m.actor,
  target: m.target,
  items: m.items,
  list: m.list,
  status: m.status,
  since: m.since.toISOString(),
  licensesIssued: m.licensesIssued,
});

/**
 * Measures per dispute (each dispute's developments folded on their own), at `asOf` or now.
 * `developments`: the filter's developments as `reader.developments` gives them, when already read.
 */
export async function measureViews(
  reader: TimelineReader,
  filter: { disputeId?: string; status?: string },
  view: PointOfView,
  now: Date,
  developments?: KnownDevelopment[],
): Promise<MeasureView[]> {
  developments ??= await reader.developments(filter.disputeId ?? null, view);
  const byDispute = new Map<string, typeof developments>();
  for (const d of developments) {
    const disputeId = (d.data as { disputeId: string }).disputeId;
    byDispute.set(disputeId, [...(byDispute.get(disputeId) ?? []), d]);
  }
  const at = view.asOf ?? now;
  return [...byDispute].flatMap(([disputeId, list]) =>
    measuresAt(counting(list), at)
      .map((m) => measureView(disputeId, m))
      .filter((m) => !filter.status || m.status === filter.status),
  );
}
