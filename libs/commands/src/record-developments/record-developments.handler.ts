import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RecordedEventRef } from '../shared/write-result.js';
import { DevelopmentRecorder } from './development-recorder.js';
import { RecordDevelopmentCommand, RecordDevelopmentsCommand } from './record-developments.command.js';

@CommandHandler(RecordDevelopmentCommand)
export class RecordDevelopmentHandler implements ICommandHandler<RecordDevelopmentCommand> {
  constructor(private readonly recorder: DevelopmentRecorder) {}

  async execute({ disputeId, development, context }: RecordDevelopmentCommand): Promise<RecordedEventRef> {
    const [ref] = await this.recorder.record(disputeId, [development], context);
    return ref!;
  }
}

@CommandHandler(RecordDevelopmentsCommand)
export class RecordDevelopmentsHandler implements ICommandHandler<RecordDevelopmentsCommand> {
  constructor(private readonly recorder: DevelopmentRecorder) {}

  execute({ disputeId, developments, context }: RecordDevelopmentsCommand): Promise<RecordedEventRef[]> {
    return this.recorder.record(disputeId, developments, context, true);
  }
}
