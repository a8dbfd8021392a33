import type { Db } from '@app/database';
import { readCheckpoint } from '@app/event-store';
import { checkpointName, listGenerations, startRebuild, type Projection } from '@app/projections';

/** `projections list`, `projections rebuild <name>`: the same operations as the admin API. */
export async function projectionsCommand(db: Db, projections: readonly Projection[], args: string[], out: (line: string) => void): Promise<number> {
  const [action, name] = args;
  if (action === 'list') {
    for (const g of await listGenerations(db, ['active', 'building'])) {
      const checkpoint = await readCheckpoint(db, checkpointName(g.name, g.generation));
      out(JSON.stringify({ name: g.name, generation: g.generation, version: g.version, status: g.status, schema: g.schema, checkpoint }));
    }
    return 0;
  }
  if (action === 'rebuild') {
    const projection = projections.find((p) => p.name === name);
    if (!projection) {
      out(`usage: projections rebuild <${projections.map((p) => p.name).join('|')}>`);
      return 2;
    }
    const generation = await startRebuild(db, projection);
    out(JSON.stringify({ name: generation.name, generation: generation.generation, status: generation.status }));
    out('A running worker builds it from the start of the log; reads switch to it once it has caught up.');
    return 0;
  }
  out('usage: projections list | projections rebuild <name>');
  return 2;
}
