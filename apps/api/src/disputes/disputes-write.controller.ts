import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  OpenDisputeCommand,
  RecordDevelopmentCommand,
  RecordDevelopmentsCommand,
  RetractDevelopmentCommand,
  answerOf,
  type WriteContext,
} from '@app/commands';
import {
  developmentBatchSchema,
  developmentSchema,
  openDisputeSchema,
  retractionSchema,
  slug,
  type DevelopmentBody,
  type OpenDisputeBody,
} from '@app/contracts';
import type { DevelopmentInput } from '@app/domain';
import { RequireRole } from '../auth/roles.decorator.js';
import { WriteCtx } from '../http/request-context.js';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor.js';

/** Recording: disputes, their developments, retractions. Thin: validate, send the command, answer. */
@Controller('disputes')
@RequireRole('analyst')
@UseInterceptors(IdempotencyInterceptor)
export class DisputesWriteController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  async open(@Body({ schema: openDisputeSchema }) body: OpenDisputeBody, @WriteCtx() context: WriteContext) {
    const ref = await this.commands.execute(new OpenDisputeCommand(body, context));
    return { id: body.id, version: ref.version, globalPosition: ref.globalPosition };
  }

  @Post(':id/developments')
  @HttpCode(201)
  async record(
    @Param('id', { schema: slug }) disputeId: string,
    @Body({ schema: developmentSchema }) body: DevelopmentBody,
    @WriteCtx() context: WriteContext,
  ) {
    return answerOf(await this.commands.execute(new RecordDevelopmentCommand(disputeId, body as DevelopmentInput, context)));
  }

  @Post(':id/developments::batch')
  @HttpCode(201)
  async recordBatch(
    @Param('id', { schema: slug }) disputeId: string,
    @Body({ schema: developmentBatchSchema }) body: { developments: DevelopmentBody[] },
    @WriteCtx() context: WriteContext,
  ) {
    const events = await this.commands.execute(new RecordDevelopmentsCommand(disputeId, body.developments as DevelopmentInput[], context));
    return { events: events.map(answerOf) };
  }

  @Post(':id/developments/:eventId/retraction')
  @HttpCode(201)
  async retract(
    @Param('id', { schema: slug }) disputeId: string,
    @Param('eventId') eventId: string,
    @Body({ schema: retractionSchema }) body: { reason: string },
    @WriteCtx() context: WriteContext,
  ) {
    return answerOf(await this.commands.execute(new RetractDevelopmentCommand(disputeId, eventId, body.reason, context)));
  }
}
