import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ALERTS_QUEUE, DELIVERIES_QUEUE } from '@app/alerts';
import type { AppConfig } from '@app/config';
import { ApiKeysService } from '../auth/api-keys.service.js';
import { bearerToken } from '../auth/auth.guard.js';
import { mayActAs } from '../auth/principal.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * bull-board for admins at /admin/queues. A browser cannot add a bearer header to the board's own
 * requests, so it also accepts HTTP Basic with the admin token as the password (the browser asks once).
 */
export async function registerQueueBoard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  redis.on('error', () => {});
  const queues = [ALERTS_QUEUE, DELIVERIES_QUEUE].map((name) => new Queue(name, { connection: redis, prefix: config.queuePrefix }));
  // Without a listener BullMQ prints each failed reconnect to stderr while Redis is away; readiness reports it.
  for (const queue of queues) queue.on('error', () => {});
  const board = new BoardAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: board });

  const keys = app.get(ApiKeysService);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        const header = request.headers.authorization;
        const basic = /^Basic\s+(\S+)$/i.exec(header ?? '');
        const token = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').slice(1).join(':') : bearerToken(header);
        const principal = token ? await keys.resolve(token) : null;
        if (!principal || !mayActAs(principal, 'admin')) {
          return reply
            .status(401)
            .header('www-authenticate', 'Basic realm="dispute-tracker queues", charset="UTF-8"')
            .type('application/problem+json')
            .send({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'the queue board needs an admin token (as the Basic password, or a Bearer token)' });
        }
      });
      await scope.register(board.registerPlugin() as never, { prefix: QUEUE_BOARD_PATH });
    },
  );
  fastify.addHook('onClose', async () => {
    await Promise.all(queues.map((q) => q.close().catch(() => {})));
    redis.disconnect();
  });
}
