import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { prepared } from '@app/database';
import { AppendBatcher, type AppendedRow } from './append-batcher.js';
import { ConcurrencyError, IdempotencyConflictError } from './event-store.errors.js';
import type {
  AppendResult,
  EventDataSelection,
  EventMetadata,
  ExpectedVersion,
  LogCheckpoint,
  NewEvent,
  ReadAllResult,
  RecordedEvent,
} from './event-store.types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface EventRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  global_position: string;
  transaction_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  occurred_at: Date;
  recorded_at: Date;
}

interface ReplayRow {
  event_id: string | null;
  stream_version: number | null;
  global_position: string | null;
  same: boolean | null;
}

/** Where a process that wants append metrics listens (the api sets it; the store stays framework-free). */
export const appendObserver: { onAppend?: (ms: number, events: number) => void } = {};

/**
 * The append-only log of every stream. Knows nothing of what the events mean.
 *
 * An append is one statement (one round trip, bind parameters): a CTE moves the stream's version,
 * and only if that succeeds does the insert draw sequence numbers for the events.
 */
export class EventStore {
  // The store works on any Kysely instance: it only uses its own tables, through raw SQL.
  constructor(private readonly db: Kysely<any>) {}

  /**
   * Tells followers (LISTEN events_appended) that the log grew. Sent after the append commits, at
   * most every 10 ms per process: a NOTIFY inside the appending transaction would serialise every
   * commit of the server. An append inside a caller's transaction is announced by the caller, once
   * it has committed (`notifyAppended`); followers also poll, so a lost hint only delays them.
   */
  notifyAppended(): void {
    appendNotices.request(this.db);
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion = 'any'): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const now = new Date();
    const batch = events.map((event) => {
      const id = event.id ?? randomUUID();
      if (!UUID.test(id)) throw new RangeError(`event id ${id} is not a UUID`);
      return {
        id: id.toLowerCase(),
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        data: event.data ?? null,
        metadata: event.metadata ?? {},
        occurredAt: (event.occurredAt ?? now).toISOString(),
      };
    });
    // Else the unique index refuses the second, and the refusal would read as a version conflict.
    if (batch.length > 1 && new Set(batch.map((e) => e.id)).size < batch.length) throw new RangeError('an event id appears twice in one append');
    const payload = JSON.stringify(batch);
    const started = performance.now();
    let rows: AppendedRow[];
    try {
      rows = await this.insert(streamId, batch.length, payload, expected);
    } catch (error) {
      if ((error as { constraint?: string }).constraint !== 'events_event_id_key') throw error;
      rows = [];
    }
    if (rows.length === 0) return this.explainRefusal(streamId, payload, expected);
    if (!this.db.isTransaction) this.notifyAppended();
    appendObserver.onAppend?.(performance.now() - started, rows.length);
    const last = rows[rows.length - 1]!;
    return {
      streamId,
      version: last.stream_version,
      globalPosition: Number(last.global_position),
      events: rows.map((r) => ({ id: r.event_id, streamVersion: r.stream_version, globalPosition: Number(r.global_position) })),
      idempotentReplay: false,
    };
  }

  /** Appends to existing streams outside a transaction go through the process's group commit (see AppendBatcher). */
  private insert(streamId: string, count: number, payload: string, expected: ExpectedVersion): Promise<AppendedRow[]> {
    const db = this.db;
    const version = expected === 'stream_exists' ? null : typeof expected === 'number' && Number.isSafeInteger(expected) && expected > 0 ? expected : undefined;
    if (db.isTransaction || version === undefined) return appendAlone(db, streamId, count, payload, expected);
    let batcher = batchers.get(db);
    if (!batcher) batchers.set(db, (batcher = new AppendBatcher(db, (a) => appendAlone(db, a.streamId, a.count, a.payload, a.expected ?? 'stream_exists'))));
    return batcher.append({ streamId, count, payload, expected: version });
  }

  /** The stream's current version; 0 when it does not exist. */
  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await sql<{ version: number }>`select version from streams where stream_id = ${streamId}`.execute(this.db);
    return rows[0]?.version ?? 0;
  }

  async readStream(streamId: string, options: { fromVersion?: number; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    const { rows } = await sql<EventRow>`
      select * from events
      where stream_id = ${streamId} and stream_version >= ${options.fromVersion ?? 1}
      order by stream_version
      limit ${options.maxCount ?? null}`.execute(this.db);
    return rows.map(toRecordedEvent);
  }

  /**
   * Reads the global log after `after`, in (transaction id, position) order, and only from
   * transactions older than every transaction still running: an event whose transaction commits
   * late is read late, never skipped.
   */
  async readAll(after: LogCheckpoint, limit = 500, selection?: EventDataSelection): Promise<ReadAllResult> {
    const { rows } = await sql<EventRow>`
      select event_id, stream_id, stream_version, global_position, transaction_id, type, schema_version, occurred_at, recorded_at,
        ${selection ? selectedData(selection) : sql`data, metadata`}
      from events
      where (transaction_id, global_position) > (${after.transactionId}::xid8, ${after.globalPosition}::bigint)
        and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      order by transaction_id, global_position
      limit ${limit}`.execute(this.db);
    const events = rows.map(toRecordedEvent);
    const last = events[events.length - 1];
    return { events, checkpoint: last ? { transactionId: last.transactionId, globalPosition: last.globalPosition } : after };
  }

  /** Global position of the newest event (committed or not yet visible to gap-safe readers). */
  async headPosition(): Promise<number> {
    const { rows } = await sql<{ head: string | null }>`select max(global_position) as head from events`.execute(this.db);
    return Number(rows[0]?.head ?? 0);
  }

  /**
   * Nothing was appended: either every id is already in the log with the same content (a retry:
   * answer as the first time), or the ids clash with other content, or the version was wrong.
   */
  private async explainRefusal(streamId: string, payload: string, expected: ExpectedVersion): Promise<AppendResult> {
    const { rows } = await sql<ReplayRow>`
      select ev.event_id, ev.stream_version, ev.global_position,
             (ev.stream_id = ${streamId} and ev.type = x.e->>'type' and ev.data = x.e->'data') as same
      from jsonb_array_elements(${payload}::jsonb) with ordinality as x(e, ord)
      left join events ev on ev.event_id = (x.e->>'id')::uuid
      order by x.ord`.execute(this.db);
    const found = rows.filter((r) => r.event_id !== null);
    if (found.length === rows.length && found.every((r) => r.same)) {
      const last = found[found.length - 1]!;
      return {
        streamId,
        version: last.stream_version!,
        globalPosition: Number(last.global_position),
        events: found.map((r) => ({ id: r.event_id!, streamVersion: r.stream_version!, globalPosition: Number(r.global_position) })),
        idempotentReplay: true,
      };
    }
    if (found.length > 0) {
      const ids = found.map((r) => r.event_id!);
      throw new IdempotencyConflictError(ids, `event id(s) ${ids.join(', ')} already recorded with other content`);
    }
    throw new ConcurrencyError(streamId, expected, await this.streamVersion(streamId));
  }
}

/** The version move for each expectation; it yields no row when the expectation fails. */
function streamMove(streamId: string, count: number, expected: ExpectedVersion): RawBuilder<unknown> {
  if (expected === 'any') {
    return sql`insert into streams as st (stream_id, version) values (${streamId}, ${count})
      on conflict (stream_id) do update set version = st.version + excluded.version
      returning version`;
  }
  if (expected === 'no_stream' || expected === 0) {
    // ON CONFLICT DO NOTHING is safe here: it is the version check, on the streams table, never on events.
    return sql`insert into streams (stream_id, version) values (${streamId}, ${count})
      on conflict (stream_id) do nothing
      returning version`;
  }
  if (expected === 'stream_exists') {
    return sql`update streams set version = version + ${count} where stream_id = ${streamId} returning version`;
  }
  if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`expected version ${expected} is not a version`);
  return sql`update streams set version = version + ${count}
    where stream_id = ${streamId} and version = ${expected}
    returning version`;
}

/** One group commit per Kysely instance (per pool): the root instance of a process is long-lived. */
const batchers = new WeakMap<Kysely<any>, AppendBatcher>();

async function appendAlone(db: Kysely<any>, streamId: string, count: number, payload: string, expected: ExpectedVersion): Promise<AppendedRow[]> {
  return (await appendStatement(streamId, count, payload, expected).execute(db)).rows;
}

function appendStatement(streamId: string, count: number, payload: string, expected: ExpectedVersion) {
  const mode = typeof expected === 'number' ? (expected === 0 ? 'no_stream' : 'exact') : expected;
  return sql<AppendedRow>`${sql.raw(prepared(`dt_append_${mode}`))}
    with s as (${streamMove(streamId, count, expected)}),
    e as (
      insert into events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
      select (x.e->>'id')::uuid, ${streamId}, s.version - ${count}::int + x.ord::int, x.e->>'type',
             (x.e->>'schemaVersion')::int, x.e->'data', x.e->'metadata', (x.e->>'occurredAt')::timestamptz
      from s, jsonb_array_elements(${payload}::jsonb) with ordinality as x(e, ord)
      order by x.ord
      returning event_id, stream_id, stream_version, global_position
    )
    select event_id, stream_id, stream_version, global_position from e order by stream_version`;
}

/** `data` and `metadata` columns as `selection` asks (the keys are the caller's constants, sent as parameters). */
function selectedData({ wholeDataOf, keysOfOthers }: EventDataSelection): RawBuilder<unknown> {
  const whole = sql`type = any(${[...wholeDataOf]}::text[])`;
  const keys = keysOfOthers.length ? sql`jsonb_strip_nulls(jsonb_build_object(${sql.join(keysOfOthers.map((k) => sql`${k}::text, data->${k}::text`))}))` : sql`'{}'::jsonb`;
  return sql`case when ${whole} then data else ${keys} end as data, case when ${whole} then metadata else '{}'::jsonb end as metadata`;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: Number(row.global_position),
    transactionId: row.transaction_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
  };
}

/** Coalesces "the log grew" hints: one now, and one more after 10 ms if appends happened meanwhile. */
class AppendNotices {
  private timer: NodeJS.Timeout | undefined;
  private again: Kysely<any> | undefined;

  request(db: Kysely<any>): void {
    if (this.timer) {
      this.again = db;
      return;
    }
    this.send(db);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const next = this.again;
      this.again = undefined;
      if (next) this.request(next);
    }, 10);
    this.timer.unref();
  }

  private send(db: Kysely<any>): void {
    sql`select pg_notify('events_appended', '')`.execute(db).catch(() => {
      // A hint only: followers poll anyway.
    });
  }
}

const appendNotices = new AppendNotices();
