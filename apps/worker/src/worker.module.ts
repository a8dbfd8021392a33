import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventsNotifierModule, EventStoreModule } from '@app/event-store';
import { projectionsProvider } from './projections/projections.provider.js';
import { ProjectionsService } from './projections/projections.service.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, EventStoreModule, EventsNotifierModule],
      providers: [projectionsProvider, ProjectionsService],
    };
  }
}
