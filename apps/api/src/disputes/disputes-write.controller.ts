import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
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
  eventRecordedSchema,
  eventsRecordedSchema,
  openDisputeSchema,
  retractionSchema,
  slug,
  streamWrittenSchema,
  type DevelopmentBody,
  type OpenDisputeBody,
} from '@app/contracts';
import type { DevelopmentInput } from '@app/domain';
import { RequireRole } from '../auth/roles.decorator.js';
import { WriteCtx } from '../http/request-context.js';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor.js';
import { ApiBodyExamples, ApiWrite, REPLAYED_HEADER } from '../openapi/decorators.js';
import {
  DEVELOPMENT_BATCH_EXAMPLE,
  DEVELOPMENT_EXAMPLES,
  DEVELOPMENT_RECORDED_EXAMPLE,
  DEVELOPMENTS_RECORDED_EXAMPLE,
  DISPUTE_OPENED_EXAMPLE,
  OPEN_DISPUTE_EXAMPLE,
  RETRACTED_EXAMPLE,
  RETRACTION_EXAMPLE,
} from '../openapi/examples.js';

/** What recording a development can be refused for: the dispute missing, or one of the domain's rules. */
const DEVELOPMENT_PROBLEMS = [
  'dispute-not-found',
  'agreement-not-in-force',
  'no-active-notice',
  'notice-already-given',
  'actor-not-party',
  'agreement-in-other-dispute',
  'unknown-reference',
  'invalid-expiry',
] as const;

/** Recording: disputes, their developments, retractions. Thin: validate, send the command, answer. */
@Controller('disputes')
@RequireRole('analyst')
@UseInterceptors(IdempotencyInterceptor)
@ApiBearerAuth('bearer')
export class DisputesWriteController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiTags('Disputes')
  @ApiOperation({ operationId: 'openDispute', summary: 'Open a dispute', description: 'Records a new dispute stream; its id is chosen by the client (409 if it exists).' })
  @ApiBodyExamples({ 'jp-kr-2019': { summary: 'The Japan–South Korea 2019 dispute', value: OPEN_DISPUTE_EXAMPLE } })
  @ApiCreatedResponse({ description: 'Opened.', standardSchema: streamWrittenSchema, example: DISPUTE_OPENED_EXAMPLE, headers: REPLAYED_HEADER })
  @ApiWrite('dispute-exists')
  async open(@Body({ schema: openDisputeSchema }) body: OpenDisputeBody, @WriteCtx() context: WriteContext) {
    const ref = await this.commands.execute(new OpenDisputeCommand(body, context));
    return { id: body.id, version: ref.version, globalPosition: ref.globalPosition };
  }

  @Post(':id/developments')
  @HttpCode(201)
  @ApiTags('Developments')
  @ApiOperation({
    operationId: 'recordDevelopment',
    summary: 'Record a development',
    description:
      'Appends one development to the dispute, with its sources. Business rules answer 409 with a `type` naming the rule: a non-renewal for an ' +
      'agreement that is not in force, a suspension without an active notice, an actor that is not a party to the agreement, …',
  })
  @ApiParam({ name: 'id', description: 'The dispute.', examples: { 'jp-kr-2019': { value: 'jp-kr-2019' } } })
  @ApiBodyExamples(DEVELOPMENT_EXAMPLES)
  @ApiCreatedResponse({ description: 'Recorded.', standardSchema: eventRecordedSchema, example: DEVELOPMENT_RECORDED_EXAMPLE, headers: REPLAYED_HEADER })
  @ApiWrite(...DEVELOPMENT_PROBLEMS)
  async record(
    @Param('id', { schema: slug }) disputeId: string,
    @Body({ schema: developmentSchema }) body: DevelopmentBody,
    @WriteCtx() context: WriteContext,
  ) {
    return answerOf(await this.commands.execute(new RecordDevelopmentCommand(disputeId, body as DevelopmentInput, context)));
  }

  @Post(':id/developments::batch')
  @HttpCode(201)
  @ApiTags('Developments')
  @ApiOperation({
    operationId: 'recordDevelopments',
    summary: 'Record developments in one batch',
    description: 'Up to 1000 developments, appended atomically: all or none. A refused development is named by its index (`developments[2]: …`).',
  })
  @ApiParam({ name: 'id', description: 'The dispute.', examples: { 'jp-kr-2019': { value: 'jp-kr-2019' } } })
  @ApiBodyExamples({ protests: { summary: "Japan's two protests of 22 Aug 2019", value: DEVELOPMENT_BATCH_EXAMPLE } })
  @ApiCreatedResponse({ description: 'All recorded.', standardSchema: eventsRecordedSchema, example: DEVELOPMENTS_RECORDED_EXAMPLE, headers: REPLAYED_HEADER })
  @ApiWrite(...DEVELOPMENT_PROBLEMS)
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
  @ApiTags('Developments')
  @ApiOperation({
    operationId: 'retractDevelopment',
    summary: 'Retract a development',
    description: 'The development stays in the log, but no read model counts it any more (the timeline shows it `retracted`). A retraction cannot be retracted.',
  })
  @ApiParam({ name: 'id', description: 'The dispute.', examples: { 'jp-kr-2019': { value: 'jp-kr-2019' } } })
  @ApiParam({ name: 'eventId', description: 'The development to retract.', schema: { type: 'string', format: 'uuid', example: 'a2ee6145-cdb4-4df8-b98a-d4a4ac80f219' } })
  @ApiBodyExamples({ duplicate: { summary: 'A duplicate record', value: RETRACTION_EXAMPLE } })
  @ApiCreatedResponse({ description: 'Retracted.', standardSchema: eventRecordedSchema, example: RETRACTED_EXAMPLE, headers: REPLAYED_HEADER })
  @ApiWrite('dispute-not-found', 'development-not-found', 'retraction-of-retraction', 'already-retracted')
  async retract(
    @Param('id', { schema: slug }) disputeId: string,
    @Param('eventId') eventId: string,
    @Body({ schema: retractionSchema }) body: { reason: string },
    @WriteCtx() context: WriteContext,
  ) {
    return answerOf(await this.commands.execute(new RetractDevelopmentCommand(disputeId, eventId, body.reason, context)));
  }
}
