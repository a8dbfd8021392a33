import { Global, Module } from '@nestjs/common';
import { DATABASE, type Db } from '@app/database';
import { EventStore } from './event-store.js';
import { EventsNotifierService } from './events-notifier.provider.js';

@Global()
@Module({
  providers: [{ provide: EventStore, inject: [DATABASE], useFactory: (db: Db) => new EventStore(db) }],
  exports: [EventStore],
})
export class EventStoreModule {}

/** For processes that follow the log (the worker; the api for read-your-writes). */
@Global()
@Module({ providers: [EventsNotifierService], exports: [EventsNotifierService] })
export class EventsNotifierModule {}
