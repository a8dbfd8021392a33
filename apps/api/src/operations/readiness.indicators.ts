import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DATABASE, type Db } from '@app/database';
import { ProjectionStateService } from '../read-models/projection-state.service.js';

/** Read models further behind the log than this are not "caught up". */
export const CAUGHT_UP_WITHIN_MS = 10_000;

/** What /health/ready checks: PostgreSQL, Redis, and read models that keep up with the log. */
@Injectable()
export class ReadinessIndicators {
  private readonly redis: Redis;

  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(DATABASE) private readonly db: Db,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly projections: ProjectionStateService,
  ) {
    this.redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 });
    this.redis.on('error', () => {});
  }

  postgres() {
    return this.health
      .check('postgres')
      .attempt(async () => {
        await sql`select 1`.execute(this.db);
      })
      .withTimeout(2_000);
  }

  redisUp() {
    return this.health
      .check('redis')
      .attempt(async () => {
        if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect().catch(() => {});
        if ((await this.redis.ping()) !== 'PONG') throw new Error('no PONG');
      })
      .withTimeout(2_000);
  }

  /** Each active projection has applied everything recorded more than ten seconds ago. */
  async projectionsCaughtUp() {
    const check = this.health.check('projections');
    const generations = this.projections.generations();
    if (generations.length === 0) return check.down({ message: 'no read model built yet' });
    const behind: Record<string, number> = {};
    for (const g of generations) {
      const checkpoint = this.projections.checkpoint(g.name);
      const { rows } = await sql<{ recorded_at: Date }>`
        select recorded_at from events
        where (transaction_id, global_position) > (${checkpoint?.transactionId ?? '0'}::xid8, ${checkpoint?.globalPosition ?? 0}::bigint)
        order by transaction_id, global_position limit 1`.execute(this.db);
      behind[g.name] = rows[0] ? Math.max(0, Date.now() - rows[0].recorded_at.getTime()) : 0;
    }
    const late = Object.entries(behind).filter(([, ms]) => ms > CAUGHT_UP_WITHIN_MS);
    return late.length ? check.down({ lagMs: behind }) : check.up({ lagMs: behind });
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
