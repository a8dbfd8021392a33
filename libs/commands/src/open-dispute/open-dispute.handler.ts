import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Kysely } from 'kysely';
import { DATABASE } from '@app/database';
import { decideOpenDispute, disputeStreamId, ruleBroken } from '@app/domain';
import { ConcurrencyError, EventStore } from '@app/event-store';
import { eventIds, metadataOf } from '../shared/write-context.js';
import { refsOf, type RecordedEventRef } from '../shared/write-result.js';
import { OpenDisputeCommand } from './open-dispute.command.js';

@CommandHandler(OpenDisputeCommand)
export class OpenDisputeHandler implements ICommandHandler<OpenDisputeCommand> {
  constructor(@Inject(DATABASE) private readonly db: Kysely<any>) {}

  async execute({ dispute, context }: OpenDisputeCommand): Promise<RecordedEventRef> {
    const data = decideOpenDispute(dispute);
    const [id] = eventIds(context, 1);
    try {
      const result = await new EventStore(this.db).append(
        disputeStreamId(dispute.id),
        [{ id, type: 'dispute_opened', data, metadata: metadataOf(context) }],
        'no_stream',
      );
      return refsOf(result)[0]!;
    } catch (error) {
      if (error instanceof ConcurrencyError) throw ruleBroken('dispute-exists', 'Dispute exists', `a dispute with id ${dispute.id} already exists`);
      throw error;
    }
  }
}
