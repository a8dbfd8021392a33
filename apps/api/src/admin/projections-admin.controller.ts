import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { sql } from 'kysely';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DATABASE, type Db } from '@app/database';
import { checkpointName, createProjections, listGenerations, startRebuild, type Projection } from '@app/projections';
import { RequireRole } from '../auth/roles.decorator.js';
import { ProblemException, problemType } from '../problems/problem.js';

/** Projections, how far behind the log each copy is, and blue/green rebuilds. */
@Controller('admin/projections')
@RequireRole('admin')
export class ProjectionsAdminController {
  private readonly projections: Projection[];

  constructor(
    @Inject(DATABASE) private readonly db: Db,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.projections = createProjections(config);
  }

  @Get()
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
