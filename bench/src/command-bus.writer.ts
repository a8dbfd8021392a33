import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { CommandsModule } from '@app/commands';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';

/** The write side as the api and the seed have it: commands validated by the contracts, decided and appended by the handlers. */
@Module({})
class CommandBusWriterModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: CommandBusWriterModule, imports: [ConfigModule.forRoot(config), DatabaseModule, EventStoreModule, CommandsModule] };
  }
}

export interface CommandBusWriter {
  readonly commands: CommandBus;
  close(): Promise<void>;
}

export async function openCommandBus(config: AppConfig): Promise<CommandBusWriter> {
  const app: INestApplicationContext = await NestFactory.createApplicationContext(CommandBusWriterModule.forRoot(config), { logger: ['error', 'warn'] });
  return { commands: app.get(CommandBus), close: () => app.close() };
}
