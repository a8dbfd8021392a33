import { Module, type DynamicModule } from '@nestjs/common';
import { CommandsModule } from '@app/commands';
import { CLOCK, ConfigModule, systemClock, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventsNotifierModule, EventStoreModule } from '@app/event-store';
import { AlertsService } from './alerts/alerts.service.js';
import { projectionsProvider } from './projections/projections.provider.js';
import { ProjectionsService } from './projections/projections.service.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, EventStoreModule, EventsNotifierModule, CommandsModule],
      providers: [{ provide: CLOCK, useValue: systemClock }, projectionsProvider, ProjectionsService, AlertsService],
    };
  }
}
