import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  agreementSchema,
  deadlineSchema,
  deadlinesQuerySchema,
  measureSchema,
  measuresQuerySchema,
  slug,
  stateQuerySchema,
  type StateQuery,
} from '@app/contracts';
import type { DeadlineFilter } from '@app/projections';
import { RequireRole } from '../auth/roles.decorator.js';
import { ApiRead } from '../openapi/decorators.js';
import { AGREEMENT_EXAMPLE, DEADLINES_EXAMPLE, MEASURES_EXAMPLE } from '../openapi/examples.js';
import { ProjectionStateService, readsCurrentDeadlines } from '../read-models/projection-state.service.js';
import { ReadModelsService } from '../read-models/read-models.service.js';

/** Agreements, measures and the deadline queue: state reads across disputes. */
@Controller()
@RequireRole('viewer')
@ApiBearerAuth('bearer')
export class StateReadController {
  constructor(
    private readonly reads: ReadModelsService,
    private readonly projections: ProjectionStateService,
  ) {}

  @Get('agreements')
  @ApiTags('Agreements')
  @ApiOperation({ operationId: 'listAgreements', summary: 'List agreements', description: 'Every agreement with its status, expiry, notice and history at `asOf`, as known at `knownAt`.' })
  @ApiOkResponse({ description: 'The agreements (example: `asOf=2019-09-01`).', standardSchema: agreementSchema, isArray: true, example: [AGREEMENT_EXAMPLE] })
  @ApiRead()
  async agreements(@Query({ schema: stateQuerySchema }) query: StateQuery) {
    await this.caughtUp(query);
    return this.reads.agreements({}, query);
  }

  @Get('agreements/:id')
  @ApiTags('Agreements')
  @ApiOperation({
    operationId: 'getAgreement',
    summary: 'Read an agreement',
    description: 'Its status (`in_force`, `termination_notified`, `notice_suspended`, `terminated`), current expiry, the notice if one stands, and its history.',
  })
  @ApiParam({ name: 'id', description: 'The agreement.', examples: { 'jp-kr-gsomia': { value: 'jp-kr-gsomia' } } })
  @ApiOkResponse({ description: 'GSOMIA on 1 Sep 2019 (`asOf=2019-09-01`): Seoul gave notice on 22 Aug.', standardSchema: agreementSchema, example: AGREEMENT_EXAMPLE })
  @ApiRead('agreement-not-found')
  async agreement(@Param('id', { schema: slug }) id: string, @Query({ schema: stateQuerySchema }) query: StateQuery) {
    await this.caughtUp(query);
    return this.reads.agreement(id, query);
  }

  @Get('measures')
  @ApiTags('Measures')
  @ApiOperation({
    operationId: 'listMeasures',
    summary: 'List measures',
    description: 'Export controls and list removals with their status (`announced`, `active`, `effective`, `lifted`) and licences issued, per dispute.',
  })
  @ApiOkResponse({ description: 'The measures (example: `disputeId=jp-kr-2019&asOf=2019-09-01`).', standardSchema: measureSchema, isArray: true, example: MEASURES_EXAMPLE })
  @ApiRead()
  async measures(@Query({ schema: measuresQuerySchema }) query: StateQuery & { disputeId?: string; status?: string }) {
    await this.caughtUp(query);
    return this.reads.measures({ disputeId: query.disputeId, status: query.status }, query);
  }

  @Get('deadlines')
  @ApiTags('Deadlines')
  @ApiOperation({
    operationId: 'listDeadlines',
    summary: 'List deadlines',
    description: 'The deadline queue by `dueAt`: agreement expiries, notice windows, measures taking effect and analysts\' own, each with its alert schedule.',
  })
  @ApiOkResponse({ description: 'The deadlines (example: `disputeId=jp-kr-2019`, as on 1 Sep 2019).', standardSchema: deadlineSchema, isArray: true, example: DEADLINES_EXAMPLE })
  @ApiRead()
  async deadlines(@Query({ schema: deadlinesQuerySchema }) query: StateQuery & DeadlineFilter) {
    await this.caughtUp(query, readsCurrentDeadlines(query) ? ['timeline', 'deadlines'] : ['timeline']);
    return this.reads.deadlines({ disputeId: query.disputeId, status: query.status, from: query.from, to: query.to }, query);
  }

  private async caughtUp(query: { minPosition?: number }, projections: readonly string[] = ['timeline']): Promise<void> {
    if (query.minPosition !== undefined) await this.projections.waitFor(query.minPosition, projections);
  }
}
