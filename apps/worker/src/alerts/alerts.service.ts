import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { ALERTS_QUEUE, DELIVERIES_QUEUE, type DeliveryJob, type FireJob, type ReachJob } from '@app/alerts';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@app/config';
import { DATABASE, type Db } from '@app/database';
import { CHANNELS, type ReadModelChange } from '@app/projections';
import { AlertFiringProcessor } from './alert-firing.processor.js';
import { AlertScheduler, jitteredBackoff } from './alert-scheduler.js';
import { checkRedisSettings, createBullConnection } from './redis-connection.js';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor.js';

const RECONCILE_EVERY_MS = 60_000;
const SENTINEL_CHECK_MS = 5_000;

export interface AlertMetrics {
  onFired?(late: boolean, lateByMs: number): void;
  onDelivery?(outcome: string): void;
}

/**
 * The deadline watcher: BullMQ timers for alerts and expiries, rebuilt from PostgreSQL at start-up,
 * every minute (a job scheduler), as soon as deadlines change (NOTIFY from the projection), and at
 * once when Redis is found to have lost our keys (a sentinel key disappears).
 */
@Injectable()
export class AlertsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  private connection!: Redis;
  private alerts!: Queue;
  private deliveries!: Queue;
  private workers: Worker[] = [];
  private scheduler!: AlertScheduler;
  private firing!: AlertFiringProcessor;
  private listener: pg.Client | undefined;
  private sentinelTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pendingIds = new Set<string>();
  private debounce: NodeJS.Timeout | undefined;
  private stopped = false;
  metrics: AlertMetrics = {};

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commands: CommandBus,
  ) {}

  private get sentinelKey(): string {
    return `${this.config.queuePrefix}:dt-alerts-sentinel`;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.connection = createBullConnection(this.config.redisUrl);
    await checkRedisSettings(this.connection, this.logger, this.config.nodeEnv === 'production');
    const options = { connection: this.connection, prefix: this.config.queuePrefix };
    this.alerts = new Queue(ALERTS_QUEUE, options);
    this.deliveries = new Queue(DELIVERIES_QUEUE, options);
    // Without a listener BullMQ prints each failed reconnect to stderr while Redis is away; the
    // queue workers below log it (once per attempt, as warnings).
    for (const queue of [this.alerts, this.deliveries]) queue.on('error', () => {});
    this.firing = new AlertFiringProcessor(this.db, this.commands, this.clock);
    this.scheduler = new AlertScheduler(this.db, this.alerts, this.deliveries, this.clock, (row) => this.firing.recordReached(row));
    const delivery = new WebhookDeliveryProcessor(this.db, this.config.webhookAllowPrivate);

    this.workers = [
      new Worker(ALERTS_QUEUE, (job) => this.processAlert(job), { ...options, concurrency: 20 }),
      new Worker<DeliveryJob>(
        DELIVERIES_QUEUE,
        async (job) => {
          const outcome = await delivery.deliver(job);
          this.metrics.onDelivery?.(outcome);
          return outcome;
        },
        {
          ...options,
          concurrency: 50,
          settings: { backoffStrategy: (attemptsMade: number) => jitteredBackoff(attemptsMade) },
          // A worker that dies mid-delivery loses its lock within seconds; another takes the job over
          // (the receiver may see it twice, under the same webhook-id).
          lockDuration: 10_000,
          stalledInterval: 5_000,
        },
      ),
    ];
    for (const worker of this.workers) worker.on('error', (error) => this.logger.warn(`queue worker: ${error.message}`));
    this.workers[1]!.on('failed', (job, error) => {
      if (job && job.attemptsMade < (job.opts.attempts ?? 1)) this.metrics.onDelivery?.('retry');
      else this.logger.warn(`delivery ${job?.data.deliveryId} gave up: ${error.message}`);
    });

    await this.ensureSchedule();
    await this.listen();
    this.sentinelTimer = setInterval(() => void this.checkSentinel(), SENTINEL_CHECK_MS);
    this.logger.log('alerts started');
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sentinelTimer);
    clearTimeout(this.debounce);
    clearTimeout(this.reconnectTimer);
    await this.listener?.end().catch(() => {});
    // Waits for jobs in flight: a delivery half-done is finished, not cut.
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([this.alerts?.close(), this.deliveries?.close()]);
    this.connection?.disconnect();
  }

  /** Everything PostgreSQL says is pending gets its timer, now. */
  async reconcile(ids?: readonly string[]): Promise<void> {
    const outcome = await this.scheduler.reconcile(ids);
    if (!ids) this.logger.debug(`reconciled: ${JSON.stringify(outcome)}`);
  }

  private async processAlert(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'fire': {
        const fired = await this.firing.fire(job.data as FireJob);
        if (fired) {
          this.metrics.onFired?.(fired.late, fired.lateByMs);
          await this.scheduler.reconcileDeliveries(fired.alertKey);
        }
        return fired;
      }
      case 'reach':
        return this.firing.reach(job.data as ReachJob);
      case 'reconcile':
        return this.reconcile();
      default:
        return null;
    }
  }

  /** The sentinel is set last: if anything before fails, the next check (5 s) tries again. */
  private async ensureSchedule(): Promise<void> {
    await this.alerts.upsertJobScheduler('reconcile', { every: RECONCILE_EVERY_MS }, { name: 'reconcile', data: {} });
    await this.reconcile();
    await this.connection.set(this.sentinelKey, new Date().toISOString());
  }

  /** Redis flushed or restarted empty: put the schedule back at once rather than within a minute. */
  private async checkSentinel(): Promise<void> {
    if (this.stopped) return;
    try {
      if ((await this.connection.exists(this.sentinelKey)) === 0) {
        this.logger.warn('Redis lost the alert timers: rebuilding them from PostgreSQL');
        await this.ensureSchedule();
      }
    } catch (error) {
      this.logger.warn(`Redis check failed: ${(error as Error).message}`);
    }
  }

  /** Deadline changes from the projection: schedule those deadlines without waiting for the minute. */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'dispute-tracker-alerts' });
    client.on('error', () => {});
    client.on('notification', (message) => {
      const payload = JSON.parse(message.payload ?? '{}') as { p?: string; changes?: ReadModelChange[] | null };
      if (payload.p !== 'deadlines') return;
      if (payload.changes === null) return void this.reconcile().catch((e: unknown) => this.logger.warn(String(e)));
      for (const change of payload.changes ?? []) if (change.readModel === 'deadlines') this.pendingIds.add(change.id);
      this.debounce ??= setTimeout(() => {
        this.debounce = undefined;
        const ids = [...this.pendingIds];
        this.pendingIds.clear();
        if (ids.length) void this.reconcile(ids).catch((e: unknown) => this.logger.warn(String(e)));
      }, 20);
    });
    client.on('end', () => {
      // Reconnects a second later, unless the worker stopped meanwhile.
      if (!this.stopped) this.reconnectTimer = setTimeout(() => void (this.stopped ? undefined : this.listen().catch(() => {})), 1_000);
    });
    await client.connect();
    if (this.stopped) return void (await client.end().catch(() => {}));
    await client.query(`listen ${CHANNELS.progress}`);
    this.listener = client;
  }
}
