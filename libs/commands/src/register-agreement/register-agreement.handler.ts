import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Kysely } from 'kysely';
import { DATABASE } from '@app/database';
import { agreementStreamId, decideRegisterAgreement, disputeStreamId, ruleBroken, unknownReference } from '@app/domain';
import { ConcurrencyError, EventStore } from '@app/event-store';
import { eventIds, metadataOf } from '../shared/write-context.js';
import { refsOf, type RecordedEventRef } from '../shared/write-result.js';
import { RegisterAgreementCommand } from './register-agreement.command.js';

@CommandHandler(RegisterAgreementCommand)
export class RegisterAgreementHandler implements ICommandHandler<RegisterAgreementCommand> {
  constructor(@Inject(DATABASE) private readonly db: Kysely<any>) {}

  async execute({ agreement, context }: RegisterAgreementCommand): Promise<RecordedEventRef> {
    const store = new EventStore(this.db);
    const data = decideRegisterAgreement(agreement);
    if (data.disputeId && (await store.streamVersion(disputeStreamId(data.disputeId))) === 0) {
      throw unknownReference('disputeId', `no dispute ${data.disputeId}`);
    }
    const [id] = eventIds(context, 1);
    try {
      const result = await store.append(
        agreementStreamId(agreement.id),
        [{ id, type: 'agreement_registered', data, occurredAt: agreement.signedOn, metadata: metadataOf(context) }],
        'no_stream',
      );
      return refsOf(result)[0]!;
    } catch (error) {
      if (error instanceof ConcurrencyError) throw ruleBroken('agreement-exists', 'Agreement exists', `an agreement with id ${agreement.id} already exists`);
      throw error;
    }
  }
}
