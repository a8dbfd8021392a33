// A minimal read service, run as a process of its own by the http-adapter suite: the same Nest
// module on @nestjs/platform-fastify or @nestjs/platform-express (or the same route on bare
// Fastify, for Nest's own share), so the adapter is the only difference.
//   node dist/bench/src/adapter-app.main.js <fastify|express|fastify-bare>   (DATABASE_URL, PORT, BENCH_TOKEN)
import 'reflect-metadata';
import { Controller, Get, Injectable, Module, NotFoundException, Param, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import pg from 'pg';

const variant = process.argv[2];
const token = process.env.BENCH_TOKEN ?? '';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: `dispute-tracker-bench-${variant}` });

/** The statement the real agreement read would start from: one row by primary key, prepared. */
async function agreement(id: string) {
  const { rows } = await pool.query<{ stream_id: string; version: number }>({
    name: 'adapter_agreement',
    text: 'select stream_id, version from streams where stream_id = $1',
    values: [`agreement-${id}`],
  });
  const row = rows[0];
  if (!row) return undefined;
  // About the size and shape of a real GET /agreements/{id} answer.
  return {
    id,
    name: `Intelligence pact ${id}`,
    parties: ['JP', 'KR'],
    disputeId: `dispute-${id}`,
    status: 'termination_notified',
    expiresOn: '2026-12-25T00:00:00.000Z',
    notice: { actor: 'KR', givenOn: '2026-10-16T00:00:00.000Z', expiresOn: '2026-12-25T00:00:00.000Z' },
    version: row.version,
    history: Array.from({ length: 4 }, (_, i) => ({
      eventId: `0b5c7a52-7d55-4a0e-9d5b-4c1f1d1e2a${String(10 + i)}`,
      occurredAt: `2026-10-1${i}T00:00:00.000Z`,
      status: i % 2 ? 'in_force' : 'termination_notified',
    })),
  };
}

@Injectable()
class BearerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization === `Bearer ${token}`;
  }
}

@Controller('agreements')
class AgreementsController {
  @Get(':id')
  async get(@Param('id') id: string) {
    const found = await agreement(id);
    if (!found) throw new NotFoundException();
    return found;
  }
}

@Module({ controllers: [AgreementsController], providers: [{ provide: APP_GUARD, useClass: BearerGuard }] })
class AdapterAppModule {}

const port = Number(process.env.PORT);
if (variant === 'fastify-bare') {
  const { fastify } = await import('fastify');
  const app = fastify();
  app.get<{ Params: { id: string } }>('/api/v1/agreements/:id', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${token}`) return reply.code(403).send({ message: 'Forbidden' });
    const found = await agreement(request.params.id);
    return found ?? reply.code(404).send({ message: 'Not Found' });
  });
  await app.listen({ port, host: '127.0.0.1' });
} else if (variant === 'fastify' || variant === 'express') {
  const adapter =
    variant === 'fastify' ? new (await import('@nestjs/platform-fastify')).FastifyAdapter() : new (await import('@nestjs/platform-express')).ExpressAdapter();
  const app = await NestFactory.create(AdapterAppModule, adapter, { logger: false });
  app.setGlobalPrefix('api/v1');
  await app.listen(port, '127.0.0.1');
} else {
  process.stderr.write('usage: adapter-app.main.js <fastify|express|fastify-bare>\n');
  process.exit(2);
}
process.send?.('listening');
