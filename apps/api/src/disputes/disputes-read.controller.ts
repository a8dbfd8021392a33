import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { historyQuerySchema, slug, stateQuerySchema, timelineQuerySchema, type StateQuery } from '@app/contracts';
import { RequireRole } from '../auth/roles.decorator.js';
import { ProjectionStateService } from '../read-models/projection-state.service.js';
import { ReadModelsService } from '../read-models/read-models.service.js';

/** Reads wait for `minPosition` (read-your-writes) before answering. */
@Controller('disputes')
@RequireRole('viewer')
export class DisputesReadController {
  constructor(
    private readonly reads: ReadModelsService,
    private readonly projections: ProjectionStateService,
  ) {}

  @Get()
  async list(@Query({ schema: stateQuerySchema }) query: StateQuery) {
    await this.caughtUp(query);
    return this.reads.listDisputes(query);
  }

  @Get(':id')
  async get(@Param('id', { schema: slug }) id: string, @Query({ schema: stateQuerySchema }) query: StateQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.caughtUp(query);
    const dispute = await this.reads.dispute(id, query);
    void reply.header('etag', `"${dispute.version}"`);
    return dispute;
  }

  @Get(':id/timeline')
  async timeline(@Param('id', { schema: slug }) id: string, @Query({ schema: timelineQuerySchema }) query: StateQuery & { limit?: number; cursor?: string }) {
    await this.caughtUp(query);
    return this.reads.timeline(id, query.limit ?? 50, query.cursor, query);
  }

  @Get(':id/escalation')
  async escalation(@Param('id', { schema: slug }) id: string, @Query({ schema: stateQuerySchema }) query: StateQuery) {
    await this.caughtUp(query);
    return this.reads.escalation(id, query);
  }

  @Get(':id/escalation/history')
  async escalationHistory(@Param('id', { schema: slug }) id: string, @Query({ schema: historyQuerySchema }) query: StateQuery & { from?: Date; to?: Date }) {
    await this.caughtUp(query);
    return this.reads.escalationHistory(id, query.from, query.to, query);
  }

  private async caughtUp(query: { minPosition?: number }): Promise<void> {
    if (query.minPosition !== undefined) await this.projections.waitFor(query.minPosition);
  }
}
