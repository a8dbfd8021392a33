import { Controller, Get, Param, Query } from '@nestjs/common';
import { deadlinesQuerySchema, measuresQuerySchema, slug, stateQuerySchema, type StateQuery } from '@app/contracts';
import type { DeadlineFilter } from '@app/projections';
import { RequireRole } from '../auth/roles.decorator.js';
import { ProjectionStateService } from '../read-models/projection-state.service.js';
import { ReadModelsService } from '../read-models/read-models.service.js';

/** Agreements, measures and the deadline queue: state reads across disputes. */
@Controller()
@RequireRole('viewer')
export class StateReadController {
  constructor(
    private readonly reads: ReadModelsService,
    private readonly projections: ProjectionStateService,
  ) {}

  @Get('agreements')
  async agreements(@Query({ schema: stateQuerySchema }) query: StateQuery) {
    await this.caughtUp(query);
    return this.reads.agreements({}, query);
  }

  @Get('agreements/:id')
  async agreement(@Param('id', { schema: slug }) id: string, @Query({ schema: stateQuerySchema }) query: StateQuery) {
    await this.caughtUp(query);
    return this.reads.agreement(id, query);
  }

  @Get('measures')
  async measures(@Query({ schema: measuresQuerySchema }) query: StateQuery & { disputeId?: string; status?: string }) {
    await this.caughtUp(query);
    return this.reads.measures({ disputeId: query.disputeId, status: query.status }, query);
  }

  @Get('deadlines')
  async deadlines(@Query({ schema: deadlinesQuerySchema }) query: StateQuery & DeadlineFilter) {
    await this.caughtUp(query);
    return this.reads.deadlines({ disputeId: query.disputeId, status: query.status, from: query.from, to: query.to }, query);
  }

  private async caughtUp(query: { minPosition?: number }): Promise<void> {
    if (query.minPosition !== undefined) await this.projections.waitFor(query.minPosition);
  }
}
