import type { Kysely, Transaction } from 'kysely';
import { moveCheckpoint, readCheckpoint } from './checkpoints.js';
import type { EventStore } from './event-store.js';
import type { EventsNotifier } from './events-notifier.js';
import type { EventDataSelection, LogCheckpoint, RecordedEvent } from './event-store.types.js';

const HELD_BACK_POLL_MS = 50;
const HELD_BACK_WATCH_MS = 30_000;

export interface LogSubscriptionOptions {
  /** Checkpoint name: one per follower. */
  name: string;
  db: Kysely<any>;
  store: EventStore;
  notifier?: EventsNotifier;
  batchSize?: number;
  /** Only what the follower reads of each event's data (default: all of it). */
  selection?: EventDataSelection;
  /**
   * Once caught up, the least time between two batches (default 0): a follower that need not be
   * immediate takes what arrived meanwhile in one transaction rather than one per append.
   */
  minBatchIntervalMs?: number;
  /** Fallback when no notification comes (a dropped LISTEN connection, an aborted holder of xmin). */
  pollIntervalMs?: number;
  /** Applies a batch; runs in the transaction that also moves the checkpoint. */
  handle(events: RecordedEvent[], trx: Transaction<any>): Promise<void>;
  onError?(error: unknown): void;
  onProgress?(checkpoint: LogCheckpoint, applied: number): void;
  /** Called whenever a read finds nothing new: the follower has caught up with what is readable. */
  onCaughtUp?(checkpoint: LogCheckpoint): void;
}

/**
 * Follows the global log from a saved checkpoint: read a gap-safe batch, apply it and move the
 * checkpoint in one transaction, repeat; sleep until notified (or the poll interval) when caught up.
 */
export class LogSubscription {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private dirty = true;
  private unlisten: (() => void) | undefined;
  private current: LogCheckpoint | undefined;

  constructor(private readonly options: LogSubscriptionOptions) {}

  get checkpoint(): LogCheckpoint | undefined {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unlisten = this.options.notifier?.onAppended(() => this.poke());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unlisten?.();
    this.poke();
    await this.loop;
  }

  private poke(): void {
    this.dirty = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    const { db, store, name, batchSize = 500, pollIntervalMs = 1_000, minBatchIntervalMs = 0, selection } = this.options;
    let failures = 0;
    // Notified but nothing readable: an older transaction (in any database of the cluster) still
    // runs and holds the read back. Its end may notify nobody, so look again soon.
    let heldBackUntil = 0;
    while (this.running) {
      try {
        this.current ??= await readCheckpoint(db, name);
        const notified = this.dirty;
        this.dirty = false;
        const from = this.current;
        const { events, checkpoint } = await store.readAll(from, batchSize, selection);
        if (events.length === 0) {
          failures = 0;
          this.options.onCaughtUp?.(from);
          if (notified) heldBackUntil = Date.now() + HELD_BACK_WATCH_MS;
          await this.sleep(Date.now() < heldBackUntil ? Math.min(pollIntervalMs, HELD_BACK_POLL_MS) : pollIntervalMs);
          continue;
        }
        heldBackUntil = 0;
        await db.transaction().execute(async (trx) => {
          await this.options.handle(events, trx);
          await moveCheckpoint(trx, name, from, checkpoint);
        });
        this.current = checkpoint;
        failures = 0;
        this.options.onProgress?.(checkpoint, events.length);
        if (events.length < batchSize && minBatchIntervalMs > 0) await this.sleep(minBatchIntervalMs, false);
      } catch (error) {
        // The transaction rolled back: re-read the checkpoint and try again, backing off.
        this.current = undefined;
        this.options.onError?.(error);
        failures += 1;
        await this.sleep(Math.min(30_000, 200 * 2 ** Math.min(failures, 8)), false);
      }
    }
  }

  /** Waits `ms`, or less when stopped or (if `wakeOnAppend`) when events were appended meanwhile. */
  private sleep(ms: number, wakeOnAppend = true): Promise<void> {
    if ((wakeOnAppend && this.dirty) || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      const stopOnly = !wakeOnAppend;
      this.wake = () => {
        if (stopOnly && this.running) return;
        this.wake = undefined;
        done();
      };
    });
  }
}
