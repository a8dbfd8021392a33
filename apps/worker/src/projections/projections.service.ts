import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DATABASE, type Db } from '@app/database';
import { EventsNotifierService } from '@app/event-store';
import { ProjectionSupervisor, type RunnerStatus } from '@app/projections';
import { PROJECTIONS, type ProjectionList } from './projections.provider.js';

/** The worker's projectors: started with the process, stopped (between batches) on SIGTERM. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly supervisor: ProjectionSupervisor;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATABASE) db: Db,
    @Inject(PROJECTIONS) projections: ProjectionList,
    notifier: EventsNotifierService,
  ) {
    this.supervisor = new ProjectionSupervisor({
      databaseUrl: config.databaseUrl,
      db,
      notifier,
      projections,
      batchSize: config.projectionBatchSize,
      onError: (error) => this.logger.warn({ err: error }, 'projection batch failed; retrying'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.supervisor.start();
    this.logger.log('projections started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.supervisor.stop();
  }

  status(): RunnerStatus[] {
    return this.supervisor.status();
  }
}
