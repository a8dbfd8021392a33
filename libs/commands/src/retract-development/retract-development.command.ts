import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../shared/write-context.js';
import type { RecordedEventRef } from '../shared/write-result.js';

export class RetractDevelopmentCommand extends Command<RecordedEventRef> {
  constructor(
    readonly disputeId: string,
    readonly developmentId: string,
    readonly reason: string,
    readonly context: WriteContext,
  ) {
    super();
  }
}
