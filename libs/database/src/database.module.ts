import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { createKysely, createPool } from './create-database.js';
import type { Database } from './database.types.js';

export const PG_POOL = Symbol('PG_POOL');
export const DATABASE = Symbol('DATABASE');
export type Db = Kysely<Database>;

/** One pg pool and one Kysely instance per process. */
@Global()
@Module({
  providers: [
    {
      provide: PG_POOL,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createPool(config.databaseUrl, { max: 20 }),
    },
    { provide: DATABASE, inject: [PG_POOL], useFactory: (pool: pg.Pool) => createKysely(pool) },
  ],
  exports: [PG_POOL, DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}
