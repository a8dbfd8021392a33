import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  disputeSchema,
  disputeSummarySchema,
  escalationDaySchema,
  escalationSchema,
  historyQuerySchema,
  slug,
  stateQuerySchema,
  timelinePageSchema,
  timelineQuerySchema,
  type StateQuery,
} from '@app/contracts';
import { RequireRole } from '../auth/roles.decorator.js';
import { ApiRead } from '../openapi/decorators.js';
import { DISPUTE_EXAMPLE, DISPUTES_EXAMPLE, ESCALATION_EXAMPLE, ESCALATION_HISTORY_EXAMPLE, TIMELINE_EXAMPLE } from '../openapi/examples.js';
import { ProjectionStateService, readsCurrentDeadlines } from '../read-models/projection-state.service.js';
import { ReadModelsService } from '../read-models/read-models.service.js';

/** The dispute stream's version, quoted: what `If-Match` on the next write names. */
export const disputeHeaders = (dispute: { version: number }) => ({ etag: `"${dispute.version}"` });

const DISPUTE_ID = { name: 'id', description: 'The dispute.', examples: { 'jp-kr-2019': { value: 'jp-kr-2019' } } };

/** Reads wait for `minPosition` (read-your-writes) before answering. */
@Controller('disputes')
@RequireRole('viewer')
@ApiTags('Disputes')
@ApiBearerAuth('bearer')
export class DisputesReadController {
  constructor(
    private readonly reads: ReadModelsService,
    private readonly projections: ProjectionStateService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listDisputes', summary: 'List disputes', description: 'Every dispute with its parties and escalation (level and rung) at `asOf`, as known at `knownAt`.' })
  @ApiOkResponse({ description: 'The disputes.', standardSchema: disputeSummarySchema, isArray: true, example: DISPUTES_EXAMPLE })
  @ApiRead()
  async list(@Query({ schema: stateQuerySchema }) query: StateQuery) {
    await this.caughtUp(query);
    return this.reads.listDisputes(query);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getDispute',
    summary: 'Read a dispute',
    description: 'The dispute with its escalation, agreements, measures and next deadlines. `ETag` carries its version, for `If-Match` on the next write.',
  })
  @ApiOkResponse({
    description: 'The dispute (example: `asOf=2019-09-01`).',
    standardSchema: disputeSchema,
    example: DISPUTE_EXAMPLE,
    headers: { ETag: { description: "The dispute stream's version, quoted.", schema: { type: 'string', example: '"26"' } } },
  })
  @ApiParam(DISPUTE_ID)
  @ApiRead('dispute-not-found')
  async get(@Param('id', { schema: slug }) id: string, @Query({ schema: stateQuerySchema }) query: StateQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.caughtUp(query, readsCurrentDeadlines(query) ? ['timeline', 'deadlines'] : ['timeline']);
    const dispute = await this.reads.dispute(id, query);
    void reply.headers(disputeHeaders(dispute));
    return dispute;
  }

  @Get(':id/timeline')
  @ApiOperation({
    operationId: 'getTimeline',
    summary: "Read a dispute's timeline",
    description: 'Its developments with their sources, ordered by `occurredAt`, then `recordedAt`; retracted ones are flagged. Page with `limit` and `cursor`.',
  })
  @ApiOkResponse({ description: 'One page (example: three developments of 22 Aug 2019).', standardSchema: timelinePageSchema, example: TIMELINE_EXAMPLE })
  @ApiParam(DISPUTE_ID)
  @ApiRead('dispute-not-found')
  async timeline(@Param('id', { schema: slug }) id: string, @Query({ schema: timelineQuerySchema }) query: StateQuery & { limit?: number; cursor?: string }) {
    await this.caughtUp(query);
    return this.reads.timeline(id, query.limit ?? 50, query.cursor, query);
  }

  @Get(':id/escalation')
  @ApiOperation({
    operationId: 'getEscalation',
    summary: "Read a dispute's escalation",
    description: 'Level (0-100), rung, 7-day trend and every contributing development with its weight and contribution.',
  })
  @ApiOkResponse({ description: 'The escalation (example: `asOf=2019-08-31`, the five largest contributors).', standardSchema: escalationSchema, example: ESCALATION_EXAMPLE })
  @ApiParam(DISPUTE_ID)
  @ApiRead('dispute-not-found')
  async escalation(@Param('id', { schema: slug }) id: string, @Query({ schema: stateQuerySchema }) query: StateQuery) {
    await this.caughtUp(query);
    return this.reads.escalation(id, query);
  }

  @Get(':id/escalation/history')
  @ApiOperation({
    operationId: 'getEscalationHistory',
    summary: "Read a dispute's escalation per day",
    description: 'One reading per UTC day from `from` to `to` (at the end of each day), at most 3660 days.',
  })
  @ApiOkResponse({
    description: 'The days (example: `from=2019-06-30&to=2019-07-04`: the protest of 1 July, the export controls of 4 July).',
    standardSchema: escalationDaySchema,
    isArray: true,
    example: ESCALATION_HISTORY_EXAMPLE,
  })
  @ApiParam(DISPUTE_ID)
  @ApiRead('dispute-not-found')
  async escalationHistory(@Param('id', { schema: slug }) id: string, @Query({ schema: historyQuerySchema }) query: StateQuery & { from?: Date; to?: Date }) {
    await this.caughtUp(query);
    return this.reads.escalationHistory(id, query.from, query.to, query);
  }

  private async caughtUp(query: { minPosition?: number }, projections: readonly string[] = ['timeline']): Promise<void> {
    if (query.minPosition !== undefined) await this.projections.waitFor(query.minPosition, projections);
  }
}
