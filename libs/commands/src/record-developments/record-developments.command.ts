import { Command } from '@nestjs/cqrs';
import type { DevelopmentInput } from '@app/domain';
import type { WriteContext } from '../shared/write-context.js';
import type { RecordedEventRef } from '../shared/write-result.js';

/** One development (`POST /disputes/{id}/developments`). */
export class RecordDevelopmentCommand extends Command<RecordedEventRef> {
  constructor(
    readonly disputeId: string,
    readonly development: DevelopmentInput,
    readonly context: WriteContext,
  ) {
    super();
  }
}

/** Up to 1000 developments, all appended atomically or none (`…/developments:batch`). */
export class RecordDevelopmentsCommand extends Command<RecordedEventRef[]> {
  constructor(
    readonly disputeId: string,
    readonly developments: DevelopmentInput[],
    readonly context: WriteContext,
  ) {
    super();
  }
}
