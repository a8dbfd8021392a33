import { Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '@app/config';
import { SLUG } from '@app/contracts';
import { StateReadController } from '../agreements/state-read.controller.js';
import { ApiKeysService } from '../auth/api-keys.service.js';
import { bearerToken } from '../auth/auth.guard.js';
import { mayActAs } from '../auth/principal.js';
import { ROLE_KEY } from '../auth/roles.decorator.js';
import { disputeHeaders, DisputesReadController } from '../disputes/disputes-read.controller.js';
import { ReadModelsService } from '../read-models/read-models.service.js';

interface CachedRead {
  /** The controller method that answers the same request the long way: its role is the one required here. */
  controller: abstract new (...args: never[]) => unknown;
  handler: (...args: never[]) => unknown;
  /** The answer now, if the view cache holds it; undefined to leave the request to the controller. */
  kept(reads: ReadModelsService, id: string): Promise<object | undefined> | undefined;
  headers?(answer: object): Record<string, string>;
}

/** Keyed by route, as Fastify names it under the global prefix. */
const CACHED_READS: Record<string, CachedRead> = {
  'disputes/:id': {
    controller: DisputesReadController,
    handler: DisputesReadController.prototype.get,
    kept: (reads, id) => reads.keptDispute(id),
    headers: (dispute) => disputeHeaders(dispute as { version: number }),
  },
  'agreements/:id': {
    controller: StateReadController,
    handler: StateReadController.prototype.agreement,
    kept: (reads, id) => reads.keptAgreement(id),
  },
};

/**
 * The hottest reads, a dispute and an agreement as they stand now, answered from the view cache
 * before Nest's per-request pipeline (guard, pipes, parameter factories, response controller): that
 * pipeline was a third of such a read's CPU, measured with the http bench.
 *
 * Only a request the controller would answer with this same cached answer is taken here: a GET with
 * no query string, a slug for id, a bearer token whose role the controller's own `@RequireRole`
 * allows, and an answer already in the cache (which only the controller fills). Anything else (a
 * query, a miss, a bad or missing token, an unknown id) goes on to the controller, which validates,
 * computes and fills the cache, and answers errors as problems. The hooks before this one (rate
 * limit, security headers, request id) and the request log after it apply to both paths alike.
 */
export function registerCachedReads(app: NestFastifyApplication, prefix: string): void {
  const reads = app.get(ReadModelsService);
  const keys = app.get(ApiKeysService);
  const reflector = app.get(Reflector);
  const routes = new Map<string, CachedRead & { role: Role }>(
    Object.entries(CACHED_READS).map(([route, read]) => {
      const role = reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, [read.handler, read.controller]);
      if (!role) throw new Error(`cached read ${route}: its controller method requires no role`);
      return [`/${prefix}/${route}`, { ...read, role }];
    }),
  );
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preHandler', async (request, reply) => {
      // The query as the router parsed it, which the controller would validate: a raw `#` also starts one.
      if (request.method !== 'GET' || Object.keys(request.query as object).length > 0) return;
      const read = routes.get(request.routeOptions.url ?? '');
      if (!read) return;
      const { id } = request.params as { id: string };
      if (!SLUG.test(id)) return;
      const token = bearerToken(request.headers.authorization);
      const principal = token ? await keys.resolve(token) : null;
      if (!principal || !mayActAs(principal, read.role)) return;
      // A computation still running may fail (an unknown dispute): the controller then answers it, computing it again.
      const answer = await read.kept(reads, id)?.catch(() => undefined);
      if (answer === undefined) return;
      request.principal = principal;
      if (read.headers) void reply.headers(read.headers(answer));
      return reply.send(answer);
    });
}
