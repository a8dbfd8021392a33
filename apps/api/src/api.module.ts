import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { CommandsModule } from '@app/commands';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { ProjectionsAdminController } from './admin/projections-admin.controller.js';
import { AgreementsWriteController } from './agreements/agreements-write.controller.js';
import { StateReadController } from './agreements/state-read.controller.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import { AuthGuard } from './auth/auth.guard.js';
import { DisputesReadController } from './disputes/disputes-read.controller.js';
import { DisputesWriteController } from './disputes/disputes-write.controller.js';
import { HealthController } from './operations/health.controller.js';
import { MetricsController } from './operations/metrics.controller.js';
import { MetricsService } from './operations/metrics.service.js';
import { ReadinessIndicators } from './operations/readiness.indicators.js';
import { SchemaValidationPipe } from './http/schema-validation.pipe.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { IdempotencyStore } from './idempotency/idempotency.store.js';
import { ProblemDetailsFilter } from './problems/problem-details.filter.js';
import { ProjectionStateService } from './read-models/projection-state.service.js';
import { ReadModelsService } from './read-models/read-models.service.js';
import { StreamController } from './stream/stream.controller.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, EventStoreModule, CommandsModule, TerminusModule.forRoot({ logger: false })],
      controllers: [
        HealthController,
        MetricsController,
        DisputesWriteController,
        DisputesReadController,
        AgreementsWriteController,
        StateReadController,
        StreamController,
        ProjectionsAdminController,
        WebhooksController,
      ],
      providers: [
        ApiKeysService,
        IdempotencyStore,
        IdempotencyInterceptor,
        ProjectionStateService,
        ReadModelsService,
        MetricsService,
        ReadinessIndicators,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useClass: SchemaValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
