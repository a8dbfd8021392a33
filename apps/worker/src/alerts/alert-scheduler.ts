import type { JobsOptions, Queue } from 'bullmq';
import { sql, type Kysely } from 'kysely';
import { deliveryJobId, fireJobId, firedKeys, pendingDeliveries, reachJobId, type DeliveryJob, type FireJob, type ReachJob } from '@app/alerts';
import type { Clock } from '@app/config';
import { alertSchedule } from '@app/domain';
import { activeSchema, rowToDeadline, type DeadlineRow } from '@app/projections';

export interface ScheduleOutcome {
  fireJobs: number;
  reachJobs: number;
  deliveryJobs: number;
  reachedNow: string[];
}

/**
 * Makes Redis hold a timer for everything PostgreSQL says is still to happen: each alert not yet
 * fired, each agreement expiry not yet recorded as reached, each delivery not yet done. Job ids are
 * deterministic, so adding what is already there changes nothing; what Redis lost comes back (late
 * alerts fire at once). Deadlines already past when recorded alert nobody.
 */
export class AlertScheduler {
  constructor(
    private readonly db: Kysely<any>,
    private readonly alerts: Queue,
    private readonly deliveries: Queue,
    private readonly clock: Clock,
    private readonly reach: (deadline: DeadlineRow) => Promise<void>,
  ) {}

  async reconcile(deadlineIds?: readonly string[]): Promise<ScheduleOutcome> {
    const outcome: ScheduleOutcome = { fireJobs: 0, reachJobs: 0, deliveryJobs: 0, reachedNow: [] };
    const schema = await activeSchema(this.db, 'deadlines');
    if (schema) {
      const now = this.clock.now();
      const rows = await this.candidates(schema, deadlineIds);
      const fired = await firedKeys(this.db, rows.map((r) => r.id));
      for (const row of rows) {
        const deadline = rowToDeadline(row);
        for (const alert of alertSchedule(deadline, now, fired)) {
          if (alert.status !== 'scheduled') continue;
          const job: FireJob = { deadlineId: row.id, leadTime: alert.leadTime, revision: row.revision };
          await ensureJob(this.alerts, 'fire', job, { jobId: fireJobId(row.id, alert.leadTime, row.revision), ...ONCE }, { at: alert.fireAt, clock: this.clock });
          outcome.fireJobs += 1;
        }
      }
      for (const row of await this.unreachedExpiries(schema, deadlineIds)) {
        if (row.due_at <= now) {
          await this.reach(row);
          outcome.reachedNow.push(row.id);
        } else {
          const job: ReachJob = { deadlineId: row.id, revision: row.revision };
          await ensureJob(this.alerts, 'reach', job, { jobId: reachJobId(row.id, row.revision), ...ONCE }, { at: row.due_at, clock: this.clock });
          outcome.reachJobs += 1;
        }
      }
    }
    if (!deadlineIds) {
      for (const deliveryId of await pendingDeliveries(this.db)) {
        await this.enqueueDelivery(deliveryId);
        outcome.deliveryJobs += 1;
      }
    }
    return outcome;
  }

  /** The deliveries of one alert that just fired. */
  async reconcileDeliveries(alertKey: string): Promise<void> {
    for (const deliveryId of await pendingDeliveries(this.db, alertKey)) await this.enqueueDelivery(deliveryId);
  }

  enqueueDelivery(deliveryId: string): Promise<unknown> {
    const job: DeliveryJob = { deliveryId };
    return ensureJob(this.deliveries, 'deliver', job, { ...ONCE, jobId: deliveryJobId(deliveryId), attempts: DELIVERY_ATTEMPTS, backoff: { type: 'jittered' } });
  }

  /** Deadlines that may still have an alert to send: not cancelled, not backfilled, not yet reached-and-alerted. */
  private async candidates(schema: string, ids?: readonly string[]): Promise<DeadlineRow[]> {
    const { rows } = await sql<DeadlineRow>`
      select d.* from ${sql.id(schema)}.deadlines d
      where d.cancelled_at is null and d.due_at >= d.known_at
        and (${ids ?? null}::text[] is null or d.id = any(${ids ?? null}::text[]))
        and not exists (select 1 from alert_firings f where f.alert_key = d.id || '-PT0S')`.execute(this.db);
    return rows;
  }

  /** Agreement expiries the service has not yet recorded as reached (backfilled ones included). */
  private async unreachedExpiries(schema: string, ids?: readonly string[]): Promise<DeadlineRow[]> {
    const { rows } = await sql<DeadlineRow>`
      select d.* from ${sql.id(schema)}.deadlines d
      where d.kind = 'agreement_expiry' and d.cancelled_at is null and d.dispute_id is not null
        and (${ids ?? null}::text[] is null or d.id = any(${ids ?? null}::text[]))
        and not exists (select 1 from events e where e.type = 'deadline_reached' and e.data->>'deadlineId' = d.id)`.execute(this.db);
    return rows;
  }
}

/**
 * Adds the job unless it is already waiting, delayed or running. With a fixed job id BullMQ ignores
 * an add while a job of that id exists in any form, so one left over after a failure, or stranded
 * by a partial loss of Redis keys (its hash kept, its queue entry gone), would block the alert for
 * good: such a job is removed and added again (PostgreSQL says it is still due).
 *
 * A timer's delay is measured at its own add, not at the start of the reconcile: one pass over a
 * thousand deadlines takes seconds, and every later timer would fire late by as much.
 */
export async function ensureJob(queue: Queue, name: string, data: object, options: JobsOptions & { jobId: string }, timer?: { at: Date; clock: Clock }): Promise<void> {
  const existing = await queue.getJob(options.jobId);
  if (existing) {
    const state = await existing.getState();
    if (state === 'waiting' || state === 'delayed' || state === 'active' || state === 'prioritized' || state === 'waiting-children') return;
    await existing.remove().catch(() => {});
  }
  await queue.add(name, data, timer ? { ...options, delay: Math.max(0, timer.at.getTime() - timer.clock.now().getTime()) } : options);
}

/**
 * Finished jobs leave Redis: PostgreSQL remembers what happened. A firing that fails (PostgreSQL
 * away) is retried a few times, then by the next reconcile.
 */
const ONCE = { removeOnComplete: true, removeOnFail: 1_000, attempts: 5, backoff: { type: 'exponential', delay: 1_000 } } as const;

export const DELIVERY_ATTEMPTS = 12;

/** 1 s, 2 s, 4 s … up to an hour, each ±25 % so receivers coming back are not hit all at once. */
export function jitteredBackoff(attemptsMade: number): number {
  const base = Math.min(3_600_000, 1_000 * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}
