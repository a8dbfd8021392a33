import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { sql } from 'kysely';
import { projectionGenerationSchema, rebuildStartedSchema } from '@app/contracts';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DATABASE, type Db } from '@app/database';
import { checkpointName, createProjections, listGenerations, startRebuild, type Projection } from '@app/projections';
import { RequireRole } from '../auth/roles.decorator.js';
import { ApiProblems } from '../openapi/decorators.js';
import { PROJECTIONS_EXAMPLE, REBUILD_EXAMPLE } from '../openapi/examples.js';
import { ProblemException, problemType } from '../problems/problem.js';

/** Projections, how far behind the log each copy is, and blue/green rebuilds. */
@Controller('admin/projections')
@RequireRole('admin')
@ApiTags('Admin')
@ApiBearerAuth('bearer')
export class ProjectionsAdminController {
  private readonly projections: Projection[];

  constructor(
    @Inject(DATABASE) private readonly db: Db,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.projections = createProjections(config);
  }

  @Get()
  @ApiOperation({
    operationId: 'listProjections',
    summary: 'List projections',
    description: 'Each projection\'s active copy (and one being rebuilt, if any): its checkpoint and how far behind the log it is, in events and ms.',
  })
  @ApiOkResponse({ description: 'The projection copies.', standardSchema: projectionGenerationSchema, isArray: true, example: PROJECTIONS_EXAMPLE })
  @ApiProblems('database-unavailable')
  async list() {
    const generations = await listGenerations(this.db, ['active', 'building']);
    return Promise.all(
      generations.map(async (g) => {
        const { rows } = await sql<{ transaction_id: string; global_position: string; behind: string; oldest: Date | null }>`
          select c.transaction_id, c.global_position,
                 (select count(*) from events e where (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)) as behind,
                 (select min(e.recorded_at) from events e where (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)) as oldest
          from projection_checkpoints c where c.name = ${checkpointName(g.name, g.generation)}`.execute(this.db);
        const row = rows[0];
        return {
          name: g.name,
          generation: g.generation,
          version: g.version,
          status: g.status,
          createdAt: g.createdAt.toISOString(),
          activatedAt: g.activatedAt?.toISOString() ?? null,
          checkpoint: row ? { transactionId: row.transaction_id, globalPosition: Number(row.global_position) } : null,
          lag: { events: Number(row?.behind ?? 0), ms: row?.oldest ? Math.max(0, Date.now() - row.oldest.getTime()) : 0 },
        };
      }),
    );
  }

  /** Builds a new copy from the start of the log; reads stay on the current one until it has caught up. */
  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'rebuildProjection',
    summary: 'Rebuild a projection',
    description:
      'Starts filling a new copy from the start of the log; reads keep answering from the current copy until the new one has caught up, then switch. ' +
      'Follow it with GET /admin/projections. A rebuild sends no alerts.',
  })
  @ApiParam({ name: 'name', description: 'The projection.', schema: { type: 'string', enum: ['timeline', 'deadlines'], example: 'timeline' } })
  @ApiAcceptedResponse({ description: 'The rebuild has started.', standardSchema: rebuildStartedSchema, example: REBUILD_EXAMPLE })
  @ApiProblems('projection-not-found', 'database-unavailable')
  async rebuild(@Param('name') name: string) {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) {
      throw new ProblemException({
        type: problemType('projection-not-found'),
        title: 'Projection not found',
        status: 404,
        detail: `no projection ${name}; known: ${this.projections.map((p) => p.name).join(', ')}`,
      });
    }
    const generation = await startRebuild(this.db, projection);
    return { name, generation: generation.generation, status: generation.status };
  }
}
