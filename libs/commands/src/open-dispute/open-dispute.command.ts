import { Command } from '@nestjs/cqrs';
import type { OpenDisputeInput } from '@app/domain';
import type { WriteContext } from '../shared/write-context.js';
import type { RecordedEventRef } from '../shared/write-result.js';

export class OpenDisputeCommand extends Command<RecordedEventRef> {
  constructor(
    readonly dispute: OpenDisputeInput,
    readonly context: WriteContext,
  ) {
    super();
  }
}
