import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { ALERTS_QUEUE, DELIVERIES_QUEUE } from '@app/alerts';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DATABASE, type Db } from '@app/database';
import { appendObserver } from '@app/event-store';
import { ProjectionStateService } from '../read-models/projection-state.service.js';
import { createMetrics, type Metrics } from './metrics.js';

const QUEUE_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

@Injectable()
export class MetricsService implements OnModuleInit, OnApplicationShutdown {
  readonly registry = new Registry();
  readonly metrics: Metrics = createMetrics(this.registry);
  private readonly redis: Redis;
  private readonly queues: Queue[];

  constructor(
    @Inject(DATABASE) private readonly db: Db,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly projections: ProjectionStateService,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'dt_' });
    this.redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => {});
    this.queues = [ALERTS_QUEUE, DELIVERIES_QUEUE].map((name) => new Queue(name, { connection: this.redis, prefix: config.queuePrefix }));
    // Without a listener BullMQ prints each failed reconnect to stderr while Redis is away; readiness reports it.
    for (const queue of this.queues) queue.on('error', () => {});
  }

  onModuleInit(): void {
    appendObserver.onAppend = (ms, count) => {
      this.metrics.appendDuration.observe(ms / 1000);
      this.metrics.appendedEvents.inc(count);
    };
  }

  async onApplicationShutdown(): Promise<void> {
    appendObserver.onAppend = undefined;
    await Promise.all(this.queues.map((q) => q.close().catch(() => {})));
    this.redis.disconnect();
  }

  /** The Prometheus text, with the system-wide gauges read now (each source failing on its own). */
  async scrape(): Promise<string> {
    await Promise.allSettled([this.collectLag(), this.collectQueues(), this.collectAlerts()]);
    return this.registry.metrics();
  }

  private async collectLag(): Promise<void> {
    for (const g of this.projections.generations()) {
      const checkpoint = this.projections.checkpoint(g.name);
      const { rows } = await sql<{ behind: string; oldest: Date | null }>`
        select count(*) as behind, min(recorded_at) as oldest from events
        where (transaction_id, global_position) > (${checkpoint?.transactionId ?? '0'}::xid8, ${checkpoint?.globalPosition ?? 0}::bigint)`.execute(this.db);
      this.metrics.projectionLagEvents.set({ projection: g.name }, Number(rows[0]?.behind ?? 0));
      this.metrics.projectionLagSeconds.set({ projection: g.name }, rows[0]?.oldest ? Math.max(0, Date.now() - rows[0].oldest.getTime()) / 1000 : 0);
    }
  }

  private async collectQueues(): Promise<void> {
    if (this.redis.status === 'wait') await this.redis.connect();
    for (const queue of this.queues) {
      const counts = await queue.getJobCounts(...QUEUE_STATES);
      for (const state of QUEUE_STATES) this.metrics.queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
    }
  }

  private async collectAlerts(): Promise<void> {
    const fired = await sql<{ late: boolean; n: string }>`select late, count(*) as n from alert_firings group by late`.execute(this.db);
    for (const late of [true, false]) this.metrics.alertsFired.set({ late: String(late) }, Number(fired.rows.find((r) => r.late === late)?.n ?? 0));
    const deliveries = await sql<{ status: string; n: string }>`select status, count(*) as n from alert_deliveries group by status`.execute(this.db);
    for (const status of ['sent', 'pending', 'failed', 'gone']) {
      this.metrics.alertDeliveries.set({ status }, Number(deliveries.rows.find((r) => r.status === status)?.n ?? 0));
    }
  }
}
