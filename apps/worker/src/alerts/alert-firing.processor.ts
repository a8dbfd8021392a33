import type { CommandBus } from '@nestjs/cqrs';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { firedKeys, recordFiring, type FireJob, type ReachJob } from '@app/alerts';
import { RecordDeadlineReachedCommand } from '@app/commands';
import type { Clock } from '@app/config';
import { alertKey, alertSchedule } from '@app/domain';
import { activeSchema, deadlineView, rowToDeadline, type DeadlineRow } from '@app/projections';

/** An alert is late when it fires more than this after its time (a worker or Redis was away). */
export const LATE_AFTER_MS = 1_000;

export interface FiredAlert {
  alertKey: string;
  late: boolean;
  lateByMs: number;
}

/**
 * Fires one alert: re-reads the deadline from PostgreSQL first and fires nothing stale (cancelled,
 * moved, already fired), then records the firing with a delivery per webhook, in one transaction.
 */
export class AlertFiringProcessor {
  constructor(
    private readonly db: Kysely<any>,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  async fire(job: FireJob): Promise<FiredAlert | null> {
    const row = await this.deadline(job.deadlineId);
    if (!row || row.revision !== job.revision) return null;
    const deadline = rowToDeadline(row);
    const now = this.clock.now();
    const fired = await firedKeys(this.db, [row.id]);
    const alert = alertSchedule(deadline, now, fired).find((a) => a.leadTime === job.leadTime);
    if (!alert || alert.status !== 'scheduled') return null;
    const key = alertKey(row.id, alert.leadTime);
    const lateByMs = Math.max(0, now.getTime() - alert.fireAt.getTime());
    const late = lateByMs > LATE_AFTER_MS;
    const view = deadlineView(deadline, now, new Set([...fired, key]));
    const recorded = await recordFiring(
      this.db,
      { alertKey: key, deadlineId: row.id, kind: alert.kind, leadTime: alert.leadTime, fireAt: alert.fireAt, firedAt: now, late },
      () => ({
        type: alert.kind === 'reached' ? 'deadline.reached' : 'deadline.approaching',
        deadline: view,
        leadTime: alert.leadTime,
        firedAt: now.toISOString(),
        late,
      }),
    );
    return recorded ? { alertKey: key, late, lateByMs } : null;
  }

  /** At an agreement's expiry with the notice still running, the service records that it was reached. */
  async reach(job: ReachJob): Promise<boolean> {
    const row = await this.deadline(job.deadlineId);
    if (!row || row.revision !== job.revision || row.cancelled_at || row.due_at > this.clock.now()) return false;
    await this.recordReached(row);
    return true;
  }

  async recordReached(row: DeadlineRow): Promise<void> {
    if (!row.dispute_id) return;
    const { rows } = await sql`select 1 from events where type = 'deadline_reached' and data->>'deadlineId' = ${row.id}`.execute(this.db);
    if (rows.length) return;
    await this.commands.execute(
      new RecordDeadlineReachedCommand(row.dispute_id, row.id, row.due_at, `${row.title}: reached`, row.subject_type === 'agreement' ? (row.subject_id ?? undefined) : undefined),
    );
  }

  private async deadline(id: string): Promise<DeadlineRow | undefined> {
    const schema = await activeSchema(this.db, 'deadlines');
    if (!schema) return undefined;
    const { rows } = await sql<DeadlineRow>`select * from ${sql.id(schema)}.deadlines where id = ${id}`.execute(this.db);
    return rows[0];
  }
}
