import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { createLogger, PinoNestLogger, type AppConfig } from '@app/config';
import { ApiModule } from './api.module.js';
import { MetricsService } from './operations/metrics.service.js';
import { registerQueueBoard } from './operations/queue-board.js';
import { setupOpenApi } from './openapi/openapi.js';
import { bearerToken } from './auth/auth.guard.js';
import { registerDashboard } from './dashboard/dashboard.js';
import { assertBodyDepth } from './http/body-depth.js';
import { registerCachedReads } from './http/cached-reads.hook.js';
import { serializeReply } from './http/reply-serializer.js';
import { securityHeaders } from './http/security-headers.js';
import { sendProblem, toProblem } from './problems/problem-details.filter.js';
import { problemType } from './problems/problem.js';

/** The base of every path but those below. */
const API_PREFIX = 'api/v1';

/** Paths outside the /api/v1 base: probes, metrics, docs and the dashboard. */
export const UNPREFIXED_PATHS = ['health/live', 'health/ready', 'metrics'];

/** Room for a batch of 1000 developments with their sources and quotes. */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Builds the HTTP application (used by main.ts and by the e2e tests). */
export async function createApi(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel, 'api');
  if (config.usingDevelopmentKeys) {
    logger.warn('API_KEYS is not set: using the development keys from the README. Never do this in production.');
  }
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // A caller's X-Request-Id is kept (so a trace crosses services); otherwise one is drawn.
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: false,
    // Errors Fastify raises before routing (a path parameter too long, a malformed URL) are problems too.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      const { problem, headers } = toProblem(error);
      sendProblem(reply, problem, headers);
    },
    // And errors of the connection itself (headers or URL over Node's limit), answered on the socket.
    clientErrorHandler: (error: Error & { code?: string }, socket: Duplex) => {
      if (!socket.writable) return;
      const [status, title] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
      const body = JSON.stringify({ type: 'about:blank', title, status, detail: status === 431 ? 'the URL or headers are larger than the limit' : 'the request is not valid HTTP' });
      socket.end(
        `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
  });
  const requestLogger = logger.child({ context: 'HTTP' });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.setReplySerializer(serializeReply);
  // JSON in and out: any other body is 415, not parsed as text.
  fastify.removeContentTypeParser(['text/plain']);
  fastify.addHook('preHandler', async (request) => assertBodyDepth(request.body));
  registerCachedReads(app, API_PREFIX);
  // Every answer carries its request id and the security headers (see security-headers.ts).
  const security = securityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(security).header('x-request-id', request.id);
    done();
  });
  // One structured line per request, and its latency by route for /metrics. The request id is also
  // the correlation id of the events a write records.
  const metrics = app.get(MetricsService).metrics;
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    if (requestLogger.isLevelEnabled('info')) {
      requestLogger.info(
        { reqId: request.id, method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10, principal: request.principal?.id },
        'request',
      );
    }
  });

  await registerDashboard(app);
  await registerQueueBoard(app, config);
  if (config.rateLimitPerMinute > 0) {
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    redis.on('error', () => {}); // the limiter fails open when Redis is away; readiness reports it
    fastify.addHook('onClose', async () => redis.quit().catch(() => {}));
    await app.register(rateLimit, {
      global: true,
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      redis,
      nameSpace: `${config.queuePrefix}:ratelimit:`,
      skipOnError: true,
      // Per token (hashed: the key must not hold the secret), per address without one.
      keyGenerator: (request) => {
        const token = bearerToken(request.headers.authorization);
        return token ? `t:${createHash('sha256').update(token).digest('hex').slice(0, 32)}` : `ip:${request.ip}`;
      },
      allowList: (request) => request.url.startsWith('/health/'),
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        type: problemType('rate-limited'),
        title: 'Too Many Requests',
        status: 429,
        detail: `more than ${context.max} requests in a minute; retry after ${context.after}`,
      }),
    });
  }
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_PATHS });
  setupOpenApi(app);
  app.enableShutdownHooks();
  return app;
}
