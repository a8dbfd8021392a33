import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DevelopmentRecorder } from '../record-developments/development-recorder.js';
import { SYSTEM } from '../shared/write-context.js';
import type { RecordedEventRef } from '../shared/write-result.js';
import { RecordDeadlineReachedCommand } from './record-deadline-reached.command.js';

/**
 * Dated at the due time, so the fold puts it where it belongs; its id derives from the deadline,
 * so several workers (or a retry) record it once.
 */
@CommandHandler(RecordDeadlineReachedCommand)
export class RecordDeadlineReachedHandler implements ICommandHandler<RecordDeadlineReachedCommand> {
  constructor(private readonly recorder: DevelopmentRecorder) {}

  async execute(command: RecordDeadlineReachedCommand): Promise<RecordedEventRef> {
    const [ref] = await this.recorder.record(
      command.disputeId,
      [
        {
          type: 'deadline_reached',
          occurredAt: command.dueAt,
          summary: command.summary,
          sources: [],
          deadlineId: command.deadlineId,
          ...(command.agreementId ? { agreementId: command.agreementId } : {}),
        },
      ],
      { recordedBy: SYSTEM, correlationId: command.correlationId, idempotency: { scope: SYSTEM, key: `deadline-reached:${command.deadlineId}` } },
    );
    return ref!;
  }
}
