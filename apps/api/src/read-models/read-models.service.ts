import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { firedKeys } from '@app/alerts';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DATABASE, type Db } from '@app/database';
import {
  agreementViews,
  agreementViewsOf,
  deadlinesAt,
  deadlinesNow,
  deadlineView,
  decodeCursor,
  encodeCursor,
  escalationHistoryView,
  escalationInput,
  escalationLevelView,
  escalationSources,
  escalationView,
  measureViews,
  ofThePresent,
  recordedDeadlines,
  TimelineReader,
  type DeadlineFilter,
  type DevelopmentRow,
  type DisputeRow,
  type PointOfView,
} from '@app/projections';
import { badField, ProblemException, problemType } from '../problems/problem.js';
import { ProjectionStateService } from './projection-state.service.js';
import { CachedTimelineReader, rowsIn } from './cached-timeline.reader.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { ViewCache, type Tags } from './view-cache.js';

const notFound = (what: string, id: string) =>
  new ProblemException({ type: problemType(`${what}-not-found`), title: `${what[0]!.toUpperCase()}${what.slice(1)} not found`, status: 404, detail: `no ${what} ${id}` });

/**
 * Every read the API serves: folds of the timeline projection at the asked time (asOf / knownAt)
 * and the deadline queue. "Now" reads are cached until the worker reports a change.
 */
@Injectable()
export class ReadModelsService implements OnModuleInit {
  private readonly cache = new ViewCache();
  /** The rows present views are folded from, until a change notice names them (see CachedTimelineReader). */
  private readonly rows = new ViewCache(ROWS_TTL_MS, ROWS_CAPACITY, Date.now, rowsIn);
  /** A few disputes folded at a time: a thousand at once queued past the pool's connection timeout (seen at a million events). */
  private readonly summaries = new ConcurrencyLimit(LIST_CONCURRENCY);
  private readonly leadTimes: string[];

  constructor(
    @Inject(DATABASE) private readonly db: Db,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly state: ProjectionStateService,
  ) {
    this.leadTimes = config.alertLeadTimes.map((d) => d.text);
  }

  onModuleInit(): void {
    this.state.onChange((notice) => {
      // A notice without its changes (a rebuild's switch, a missed notice): anything may have changed.
      const tags = notice.changes?.flatMap((change) => [`${change.readModel}:${change.id}`, change.readModel]);
      for (const cache of [this.cache, this.rows]) {
        if (tags) for (const tag of tags) cache.invalidate(tag);
        else cache.clear();
      }
    });
  }

  private reader(): TimelineReader {
    return new TimelineReader(this.db, this.state.schema('timeline'));
  }

  /** For views of the present that are kept and refolded as time passes: their rows are kept too. */
  private presentReader(): TimelineReader {
    return new CachedTimelineReader(this.db, this.state.schema('timeline'), this.rows);
  }

  /** Cached only for reads of the present. */
  private view<T>(view: PointOfView, key: string, tags: string[], compute: () => Promise<T>): Promise<T> {
    return ofThePresent(view) ? this.cache.get(key, tags, compute) : compute();
  }

  /**
   * Each dispute with its escalation. Of the present, each dispute's line is cached on its own, so a
   * development recorded in one dispute recomputes that one alone (the list as one entry was
   * recomputed whole after any write: 7 s at a million events). With nothing recorded, a line
   * stays fresh until its level or rung may move (`steadyUntil`: days, as a level decays with a
   * half-life of 30 days), within LINE_FRESHNESS_MS; a recorded change drops it at once.
   */
  async listDisputes(view: PointOfView) {
    const reader = this.reader();
    // A few at a time; `current`, if given, reads the row again in the line's turn.
    const line = (row: DisputeRow, current: () => Promise<DisputeRow | undefined> = async () => row) =>
      this.summaries.run(async () => this.disputeLine(reader, (await current()) ?? row, view));
    if (!ofThePresent(view)) {
      const rows = await reader.disputes(view);
      return Promise.all(rows.map(async (row) => (await line(row)).summary));
    }
    const rows = await this.cache.get('disputes', ['disputes'], () => reader.disputes(view));
    // A line reads its dispute's row again, once its entry stands: a change noticed while the rows
    // above were read would otherwise be folded from the row before it, and kept for up to an hour.
    const kept = (row: DisputeRow) =>
      this.cache.get(`dispute-summary:${row.id}`, lineTags(row.id), () => line(row, () => reader.dispute(row.id, view)), lineFreshness);
    return Promise.all(rows.map(async (row) => (await kept(row)).summary));
  }

  private async disputeLine(reader: TimelineReader, row: DisputeRow, view: PointOfView) {
    const input = await escalationInput(reader, row, view);
    const { escalation, steadyUntil } = escalationLevelView(input, view.asOf ?? new Date());
    const agreementIds = input.agreements.map((a) => a.terms.id);
    return { summary: { id: row.id, title: row.title, parties: row.parties, version: row.version, escalation }, steadyUntil, agreementIds };
  }

  dispute(id: string, view: PointOfView) {
    return this.view(view, `dispute:${id}`, [`disputes:${id}`, 'agreements', 'deadlines'], () => this.foldDispute(id, view));
  }

  /** The dispute now if the cache holds it (for cached-reads.hook.ts), else undefined: nothing is computed but a due refresh. */
  keptDispute(id: string) {
    return this.cache.kept(`dispute:${id}`, () => this.foldDispute(id, {}));
  }

  private async foldDispute(id: string, view: PointOfView) {
    const reader = this.presentReader();
    const now = new Date();
    const at = view.asOf ?? now;
    const row = await this.disputeRow(reader, id, view);
    const developments = await reader.developments(id, view);
    // What the escalation fold read serves the agreements and measures too (same queries, same order).
    const sources = await escalationSources(reader, row, view, developments);
    const input = sources.input;
    const agreementIds = input.agreements.map((a) => a.terms.id);
    const [agreements, measures, deadlines] = await Promise.all([
      !agreementIds.length
        ? Promise.resolve([])
        : sources.linkedOnly
          ? agreementViewsOf(sources.agreements, sources.agreementDevelopments, view, now)
          : agreementViews(reader, { ids: agreementIds }, view, now),
      measureViews(reader, { disputeId: id }, view, now, developments),
      this.deadlines({ disputeId: id, status: 'pending' }, view),
    ]);
    return {
      id: row.id,
      title: row.title,
      parties: row.parties,
      description: row.description,
      version: row.version,
      escalation: escalationView(input, at),
      agreements,
      measures,
      nextDeadlines: deadlines.slice(0, 10),
    };
  }

  async timeline(id: string, limit: number, cursor: string | undefined, view: PointOfView) {
    const reader = this.reader();
    await this.disputeRow(reader, id, view);
    const after = cursor === undefined ? null : decodeCursor(cursor);
    if (after === undefined) throw badField('cursor', 'is not a cursor this API gave out');
    const rows = await reader.timelinePage(id, limit + 1, after, view);
    const page = rows.slice(0, limit);
    return { items: page.map((r) => timelineItem(r, view.knownAt)), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
  }

  escalation(id: string, view: PointOfView) {
    return this.view(view, `escalation:${id}`, [`disputes:${id}`, 'agreements'], async () => {
      const reader = this.presentReader();
      const row = await this.disputeRow(reader, id, view);
      return escalationView(await escalationInput(reader, row, view), view.asOf ?? new Date());
    });
  }

  async escalationHistory(id: string, from: Date | undefined, to: Date | undefined, view: PointOfView) {
    const reader = this.reader();
    const row = await this.disputeRow(reader, id, view);
    const end = to ?? view.asOf ?? new Date();
    const start = from ?? new Date(end.getTime() - 89 * 86_400_000);
    if (start > end) throw badField('from', 'must not be after to');
    if (end.getTime() - start.getTime() > 3_660 * 86_400_000) throw badField('from', 'the range must not exceed 3660 days');
    return escalationHistoryView(await escalationInput(reader, row, { ...view, asOf: end }), start, end);
  }

  agreements(filter: { ids?: string[] }, view: PointOfView) {
    const tags = filter.ids ? filter.ids.map((id) => `agreements:${id}`) : ['agreements'];
    return this.view(view, agreementsKey(filter), tags, () => agreementViews(this.presentReader(), filter, view, new Date()));
  }

  async agreement(id: string, view: PointOfView) {
    const [agreement] = await this.agreements({ ids: [id] }, view);
    if (!agreement) throw notFound('agreement', id);
    return agreement;
  }

  /** The agreement now if the cache holds it (for cached-reads.hook.ts), else undefined; an unknown id resolves to undefined. */
  keptAgreement(id: string) {
    const filter = { ids: [id] };
    return this.cache.kept(agreementsKey(filter), () => agreementViews(this.presentReader(), filter, {}, new Date()))?.then(([agreement]) => agreement);
  }

  measures(filter: { disputeId?: string; status?: string }, view: PointOfView) {
    return this.view(view, `measures:${filter.disputeId ?? ''}:${filter.status ?? ''}`, filter.disputeId ? [`disputes:${filter.disputeId}`] : ['disputes'], () =>
      measureViews(this.presentReader(), filter, view, new Date()),
    );
  }

  deadlines(filter: DeadlineFilter, view: PointOfView) {
    const key = `deadlines:${JSON.stringify(filter)}`;
    return this.view(view, key, ['deadlines', 'agreements', ...(filter.disputeId ? [`disputes:${filter.disputeId}`] : ['disputes'])], async () => {
      const now = new Date();
      const deadlines =
        !ofThePresent(view)
          ? await deadlinesAt(this.reader(), filter, view, now, this.leadTimes)
          : deadlinesNow(await this.recordedDeadlines(filter), filter, now);
      const sent = await this.sentAlerts(deadlines.map((d) => d.id));
      return deadlines.map((d) => deadlineView(d, view.asOf ?? now, sent));
    });
  }

  /** The deadline queue's rows for `filter`'s dispute and dates, kept until a change notice names the queue. */
  private recordedDeadlines({ disputeId, from, to }: DeadlineFilter) {
    const schema = this.state.schema('deadlines');
    const key = `${schema}/deadlines:${disputeId ?? '*'}:${from?.toISOString() ?? ''}:${to?.toISOString() ?? ''}`;
    return this.rows.get(key, ['deadlines', disputeId ? `disputes:${disputeId}` : 'disputes'], () => recordedDeadlines(this.db, schema, { disputeId, from, to }));
  }

  /** Alert keys already fired (the dispatcher's record), for the schedules shown. */
  private sentAlerts(deadlineIds: string[]): Promise<Set<string>> {
    return firedKeys(this.db, deadlineIds);
  }

  private async disputeRow(reader: TimelineReader, id: string, view: PointOfView): Promise<DisputeRow> {
    const row = await reader.dispute(id, view);
    if (!row) throw notFound('dispute', id);
    return row;
  }
}

const agreementsKey = (filter: { ids?: string[] }) => (filter.ids ? `agreement:${filter.ids.join(',')}` : 'agreements');

function timelineItem(r: DevelopmentRow, knownAt?: Date) {
  const { disputeId: _d, summary: _s, sources: _src, cameoCode: _c, ...details } = r.data as Record<string, unknown>;
  return {
    eventId: r.event_id,
    type: r.type,
    occurredAt: r.occurred_at.toISOString(),
    recordedAt: r.recorded_at.toISOString(),
    recordedBy: r.recorded_by,
    summary: r.summary,
    actor: r.actor,
    target: r.target,
    sources: r.sources,
    retracted: r.retracted_at !== null && (!knownAt || r.retracted_at <= knownAt),
    cameoCode: r.cameo_code,
    details,
  };
}

const LIST_CONCURRENCY = 4;
/** Rows are dropped by change notices; this only bounds how long a lost notice could leave one old. */
const ROWS_TTL_MS = 60_000;
/** Rows kept at most (a dispute's developments count one each): tens of megabytes. */
const ROWS_CAPACITY = 100_000;
/**
 * How long a line of the dispute list is fresh when nothing is recorded: until its level or rung may
 * move, but at least a minute and at most an hour. The minute: a level sitting on a rounding edge
 * (three measures of Goldstein −8 make a stock of exactly 12, level 62.5) gets no promise at all
 * from the domain once its flow has faded, and such a line must not be refolded on every read; a
 * time-driven change shows at most a minute late, as when every line lived a minute. The hour: a
 * bound on any time-driven change the escalation model might not announce.
 */
const LINE_FRESHNESS_MS = { min: 60_000, max: 3_600_000 };

/**
 * A line is old when its dispute changes or one of the agreements its escalation folded does (a
 * notice recorded in another dispute's log, say): not when any agreement does, which refolded every
 * line of the list (a cold list: a minute at 10M events). Its agreements change only with a notice
 * naming its dispute (a development citing one, an agreement registered for the dispute), which
 * drops the line first; while it is computed, any agreement's change drops it.
 */
const lineTags = (id: string): Tags<{ agreementIds: readonly string[] }> => ({
  whileComputing: [`disputes:${id}`, 'agreements'],
  of: (line) => [`disputes:${id}`, ...line.agreementIds.map((a) => `agreements:${a}`)],
});
const lineFreshness = (line: { steadyUntil: Date | null }, now: number): number =>
  Math.min(LINE_FRESHNESS_MS.max, Math.max(LINE_FRESHNESS_MS.min, (line.steadyUntil?.getTime() ?? Infinity) - now));
