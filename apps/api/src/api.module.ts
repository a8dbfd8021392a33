import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CommandsModule } from '@app/commands';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { AgreementsWriteController } from './agreements/agreements-write.controller.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import { AuthGuard } from './auth/auth.guard.js';
import { DisputesWriteController } from './disputes/disputes-write.controller.js';
import { HealthController } from './health/health.controller.js';
import { SchemaValidationPipe } from './http/schema-validation.pipe.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { IdempotencyStore } from './idempotency/idempotency.store.js';
import { ProblemDetailsFilter } from './problems/problem-details.filter.js';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, EventStoreModule, CommandsModule],
      controllers: [HealthController, DisputesWriteController, AgreementsWriteController],
      providers: [
        ApiKeysService,
        IdempotencyStore,
        IdempotencyInterceptor,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useClass: SchemaValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
