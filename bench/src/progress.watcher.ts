import pg from 'pg';
import { compareCheckpoints, type LogCheckpoint } from '@app/event-store';
import { CHANNELS } from '@app/projections';

interface Seen {
  at: number;
  checkpoint: LogCheckpoint;
}

interface Waiting {
  target: LogCheckpoint;
  committedAt: number;
  resolve(lagMs: number): void;
}

/**
 * Watches one generation's progress the way the api does (LISTEN projection_progress, payload
 * `{p, g, tx, pos, at, changes}`) and tells, for an appended event, how long after its commit the
 * projection announced a checkpoint at or past it in (transaction id, position) order.
 */
export class ProgressWatcher {
  private client: pg.Client | undefined;
  /** Announcements in arrival order; checkpoints only grow, so the first one past a target is found by bisection. */
  private readonly seen: Seen[] = [];
  private waiting: Waiting[] = [];

  constructor(
    private readonly databaseUrl: string,
    private readonly projection: string,
    private readonly generation: number,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'dispute-tracker-bench-listen' });
    client.on('error', () => {});
    client.on('notification', (message) => {
      const at = performance.now();
      if (message.channel !== CHANNELS.progress || !message.payload) return;
      const p = JSON.parse(message.payload) as { p: string; g: number; tx: string; pos: number };
      if (p.p === this.projection && p.g === this.generation) this.announce(at, { transactionId: p.tx, globalPosition: p.pos });
    });
    await client.connect();
    await client.query(`listen ${CHANNELS.progress}`);
    this.client = client;
  }

  async stop(): Promise<void> {
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }

  /** Milliseconds from `committedAt` (performance.now() when the append returned) until `target` was announced. */
  lagOf(target: LogCheckpoint, committedAt: number): Promise<number> {
    const first = this.firstAtOrPast(target);
    if (first) return Promise.resolve(Math.max(0, first.at - committedAt));
    return new Promise((resolve) => this.waiting.push({ target, committedAt, resolve }));
  }

  /** Lags still unknown (their event not yet announced). */
  get outstanding(): number {
    return this.waiting.length;
  }

  private announce(at: number, checkpoint: LogCheckpoint): void {
    const last = this.seen[this.seen.length - 1];
    if (last && compareCheckpoints(checkpoint, last.checkpoint) <= 0) return;
    this.seen.push({ at, checkpoint });
    if (this.waiting.length === 0) return;
    const still: Waiting[] = [];
    for (const w of this.waiting) {
      if (compareCheckpoints(checkpoint, w.target) >= 0) w.resolve(Math.max(0, at - w.committedAt));
      else still.push(w);
    }
    this.waiting = still;
  }

  private firstAtOrPast(target: LogCheckpoint): Seen | undefined {
    let lo = 0;
    let hi = this.seen.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareCheckpoints(this.seen[mid]!.checkpoint, target) >= 0) hi = mid;
      else lo = mid + 1;
    }
    return this.seen[lo];
  }
}
