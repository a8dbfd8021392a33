import { Command } from '@nestjs/cqrs';
import type { RegisterAgreementInput } from '@app/domain';
import type { WriteContext } from '../shared/write-context.js';
import type { RecordedEventRef } from '../shared/write-result.js';

export class RegisterAgreementCommand extends Command<RecordedEventRef> {
  constructor(
    readonly agreement: RegisterAgreementInput,
    readonly context: WriteContext,
  ) {
    super();
  }
}
