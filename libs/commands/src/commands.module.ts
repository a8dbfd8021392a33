import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OpenDisputeHandler } from './open-dispute/open-dispute.handler.js';
import { RecordDeadlineReachedHandler } from './record-deadline-reached/record-deadline-reached.handler.js';
import { DevelopmentRecorder } from './record-developments/development-recorder.js';
import { RecordDevelopmentHandler, RecordDevelopmentsHandler } from './record-developments/record-developments.handler.js';
import { RegisterAgreementHandler } from './register-agreement/register-agreement.handler.js';
import { RetractDevelopmentHandler } from './retract-development/retract-development.handler.js';

/** The write side: every command the api, the seed and the worker send through the CommandBus. */
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [
    DevelopmentRecorder,
    OpenDisputeHandler,
    RegisterAgreementHandler,
    RecordDevelopmentHandler,
    RecordDevelopmentsHandler,
    RetractDevelopmentHandler,
    RecordDeadlineReachedHandler,
  ],
  exports: [CqrsModule],
})
export class CommandsModule {}
