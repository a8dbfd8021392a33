import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Kysely } from 'kysely';
import { DATABASE } from '@app/database';
import { decideRetraction, disputeStreamId } from '@app/domain';
import { EventStore } from '@app/event-store';
import { disputeMissing } from '../record-developments/development-recorder.js';
import { LogQueries } from '../shared/log-queries.js';
import { eventIds, metadataOf } from '../shared/write-context.js';
import { refsOf, type RecordedEventRef } from '../shared/write-result.js';
import { RetractDevelopmentCommand } from './retract-development.command.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The development stays in the log; the retraction beside it makes every read model ignore it.
 * Locked on the development (and its agreement), so it is retracted once and rules that depend on
 * it are never judged half-way.
 */
@CommandHandler(RetractDevelopmentCommand)
export class RetractDevelopmentHandler implements ICommandHandler<RetractDevelopmentCommand> {
  constructor(@Inject(DATABASE) private readonly db: Kysely<any>) {}

  async execute({ disputeId, developmentId, reason, context }: RetractDevelopmentCommand): Promise<RecordedEventRef> {
    const ref = await this.db.transaction().execute(async (trx): Promise<RecordedEventRef> => {
      const queries = new LogQueries(trx);
      const isId = UUID.test(developmentId);
      const target = isId ? await queries.development(developmentId.toLowerCase()) : undefined;
      // Text that is no event id names no development (and may hold what PostgreSQL refuses, e.g. NUL): nothing to lock.
      await queries.lock(isId ? [`development:${developmentId}`, ...(target?.agreementId ? [`agreement:${target.agreementId}`] : [])] : []);
      const [id] = eventIds(context, 1);
      const replayed = context.idempotency ? await queries.replay(disputeStreamId(disputeId), [id!], ['development_retracted']) : undefined;
      if (replayed) return replayed[0]!;
      const current = target ? await queries.development(target.eventId) : undefined;
      const data = decideRetraction(disputeId, developmentId, reason, current);
      const result = await new EventStore(trx)
        .append(disputeStreamId(disputeId), [{ id, type: 'development_retracted', data, metadata: metadataOf(context) }], context.expectedVersion ?? 'stream_exists')
        .catch((error: unknown) => {
          throw disputeMissing(error, disputeId);
        });
      return refsOf(result)[0]!;
    });
    if (!ref.replayed) new EventStore(this.db).notifyAppended();
    return ref;
  }
}
