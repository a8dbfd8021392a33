import { Command } from '@nestjs/cqrs';
import type { RecordedEventRef } from '../shared/write-result.js';

/** The service's own development: a deadline that ends an agreement was reached. */
export class RecordDeadlineReachedCommand extends Command<RecordedEventRef> {
  constructor(
    readonly disputeId: string,
    readonly deadlineId: string,
    readonly dueAt: Date,
    readonly summary: string,
    readonly agreementId?: string,
    readonly correlationId?: string,
  ) {
    super();
  }
}
