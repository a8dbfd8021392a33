import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { EventsNotifier } from './events-notifier.js';

/** The process's one LISTEN connection, started with the module and closed on shutdown. */
@Injectable()
export class EventsNotifierService extends EventsNotifier implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('EventsNotifier');

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.databaseUrl, (error) => this.logger.warn(`LISTEN connection lost (${error.message}); reconnecting`));
  }

  async onModuleInit(): Promise<void> {
    await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}
