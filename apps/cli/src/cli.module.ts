import { Module, type DynamicModule } from '@nestjs/common';
import { CommandsModule } from '@app/commands';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { SeedRunner } from './seed/seed-runner.js';

/** What admin commands need: the database and the same command path the API uses. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, EventStoreModule, CommandsModule],
      providers: [SeedRunner],
    };
  }
}
