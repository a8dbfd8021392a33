import type { INestApplication, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { DECORATORS, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { problemSchema } from '@app/contracts';
import type { Role } from '@app/config';
import { PUBLIC_KEY, ROLE_KEY } from '../auth/roles.decorator.js';
import { QUEUE_BOARD_PATH } from '../operations/queue-board.js';
import { REQUEST_EXAMPLES_EXTENSION } from './decorators.js';
import { problemResponse } from './problem-catalog.js';
import { zodSchemaConverter } from './schema-converter.js';

/** Swagger UI at /docs, the document at /docs-json: public, outside /api/v1. */
export const DOCS_PATH = 'docs';
export const DOCS_JSON_PATH = 'docs-json';

export const API_TAGS = [
  ['Disputes', 'Disputes: open one, list them, read one with its escalation, timeline and escalation history.'],
  ['Developments', 'What happens in a dispute, recorded with its sources; retractions.'],
  ['Agreements', 'Agreements between the parties (e.g. GSOMIA): their terms, status, notices and renewals.'],
  ['Measures', 'Export controls and list removals, as folded from the developments.'],
  ['Deadlines', 'The deadline queue: agreement expiries, notice windows, measures taking effect, analysts\' own.'],
  ['Alerts', 'Alert deliveries to the webhooks.'],
  ['Webhooks', 'Where alerts go (Standard Webhooks signatures).'],
  ['Stream', 'Server-sent events as the read models change.'],
  ['Admin', 'Projections and their blue/green rebuilds; the queue board.'],
  ['Operations', 'Probes, metrics, this documentation and the dashboard: no token needed.'],
] as const;

const DESCRIPTION = `An event-sourced service tracking international disputes (the first case: Japan–South Korea, 2019).

Every path under \`/api/v1\` needs \`Authorization: Bearer <token>\`: none or an unknown one answers 401, a role that may not do it 403.
\`viewer\` reads; \`analyst\` reads and records; \`admin\` does all, including webhooks and projection rebuilds. Each operation
states the least role it needs (\`x-required-role\`). \`/health/*\`, \`/metrics\`, \`/docs*\` and the dashboard's files are public; the queue board
(\`/admin/queues\`) takes an admin token as a Bearer token or as the password of HTTP Basic.

Errors are RFC 9457 problem details (\`application/problem+json\`); a 400 names each bad field in \`errors\`, and business rules answer
409 with a \`type\` that names the rule. Dates accept \`YYYY-MM-DD\` (00:00 UTC) or an ISO 8601 instant; answers give UTC instants.

Writes take \`If-Match\` (optimistic concurrency, 412 on mismatch) and \`Idempotency-Key\` (safe retries). Reads take \`minPosition\`
(read your own write: the \`globalPosition\` a write answered), and state reads \`asOf\` and \`knownAt\` (the world as it stood, as it was known).
Every answer carries \`X-Request-Id\` (the caller's, when it sent a valid one).`;

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']> & { [extension: `x-${string}`]: unknown };

/** Documentation for routes whose controllers carry no OpenAPI decorators of their own (the probes and metrics). */
const OPERATIONS: Record<string, { operationId: string; summary: string; description: string; responses: Record<string, object> }> = {
  'get /health/live': {
    operationId: 'liveness',
    summary: 'Liveness probe',
    description: 'The process answers; nothing else is checked.',
    responses: { 200: { description: 'Alive.', content: { 'application/json': { schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } } } } },
  },
  'get /health/ready': {
    operationId: 'readiness',
    summary: 'Readiness probe',
    description: 'PostgreSQL and Redis answer, and the read models keep up with the log; 503 otherwise, naming the failing checks.',
    responses: {
      200: {
        description: 'Ready: every check is up.',
        content: {
          'application/json': {
            schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] }, info: { type: 'object' }, error: { type: 'object' }, details: { type: 'object' } } },
            example: { status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' }, projections: { status: 'up' } }, error: {}, details: {} },
          },
        },
      },
      503: {
        description: 'Not ready: a problem whose `checks` give the state of each check.',
        content: {
          'application/problem+json': {
            schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { checks: { type: 'object' } } }] },
            example: {
              type: 'about:blank',
              title: 'Service Unavailable',
              status: 503,
              detail: 'not ready',
              checks: { postgres: { status: 'up' }, redis: { status: 'down', message: 'Connection is closed.' }, projections: { status: 'up' } },
            },
          },
        },
      },
    },
  },
  'get /metrics': {
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    description: 'Prometheus text: request latency, append latency, projection lag in events and ms, queue depths, alerts sent/late/failed.',
    responses: { 200: { description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } } },
  },
};

/** Routes that are not Nest controllers: the dashboard, the queue board and this documentation. */
const STATIC_PATHS: Record<string, { get: Operation }> = {
  '/': {
    get: {
      operationId: 'dashboard',
      'x-required-role': 'none',
      tags: ['Operations'],
      summary: 'The dashboard',
      description:
        'A small live dashboard (plain ES modules). It asks for a token once (`/#token=<token>` hands it one); everything it shows comes from the read API with that token.',
      security: [],
      responses: { 200: { description: 'The page.', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  },
  [QUEUE_BOARD_PATH]: {
    get: {
      operationId: 'queueBoard',
      tags: ['Admin'],
      summary: 'The queue board (bull-board)',
      description:
        'The alert and delivery queues (BullMQ), for admins. A browser cannot add a bearer header to the board\'s own requests, so it also takes ' +
        'HTTP Basic with an admin token as the password (the browser asks once). Its pages and internal API live under this path.',
      security: [{ queueBoard: [] }, { bearer: [] }],
      'x-required-role': 'admin',
      responses: {
        200: { description: 'The board.', content: { 'text/html': { schema: { type: 'string' } } } },
        401: { description: 'No admin token.', headers: { 'WWW-Authenticate': { schema: { type: 'string', example: 'Basic realm="dispute-tracker queues", charset="UTF-8"' } } } },
      },
    },
  },
  [`/${DOCS_PATH}`]: {
    get: {
      operationId: 'docs',
      'x-required-role': 'none',
      tags: ['Operations'],
      summary: 'This documentation (Swagger UI)',
      security: [],
      responses: { 200: { description: 'Swagger UI.', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  },
  [`/${DOCS_JSON_PATH}`]: {
    get: {
      operationId: 'openApiDocument',
      'x-required-role': 'none',
      tags: ['Operations'],
      summary: 'This document (OpenAPI 3.0, JSON)',
      security: [],
      responses: { 200: { description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The OpenAPI document of the application, from its controllers' routes, schemas and decorators. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('dispute-tracker API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key: `API_KEYS` (`role:token`) or one created with `npm run cli -- api-key create`.' }, 'bearer')
    .addBasicAuth({ type: 'http', scheme: 'basic', description: 'The queue board only: any user name, an admin token as the password.' }, 'queueBoard');
  for (const [name, description] of API_TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    standardSchemaConverter: zodSchemaConverter,
    autoTagControllers: false,
    operationIdFactory: (controller, method) => `${controller}_${method}`,
  });

  const problem = zodSchemaConverter(problemSchema, { schemaType: 'output' })!;
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...problem.components } };
  for (const [path, item] of Object.entries(STATIC_PATHS)) document.paths[path] ??= structuredClone(item);

  const access = routeAccess(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const route = operation.operationId ? access.get(operation.operationId) : undefined;
      describeOperation(`${method} ${path}`, operation);
      moveRequestExamples(operation);
      applyAccess(path, operation, route);
    }
  }
  addDiscriminators(document);
  return document;
}

/** Serves Swagger UI at /docs and the document at /docs-json (built on first request). Call after setGlobalPrefix. */
export function setupOpenApi(app: INestApplication): void {
  let document: OpenAPIObject | undefined;
  SwaggerModule.setup(DOCS_PATH, app, () => (document ??= buildOpenApiDocument(app)), {
    jsonDocumentUrl: DOCS_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'dispute-tracker API',
    swaggerOptions: { tagsSorter: 'none', operationsSorter: 'none', displayOperationId: false, tryItOutEnabled: false },
  });
}

type Access = { public: true } | { public: false; role: Role };

/**
 * The access rule of every controller route, read from the metadata the auth guard enforces
 * (`@Public()`, `@RequireRole()`; admin when neither), by operation id.
 */
function routeAccess(app: INestApplication): Map<string, Access> {
  const reflector = new Reflector();
  const access = new Map<string, Access>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const operationId = (Reflect.getMetadata(DECORATORS.API_OPERATION, handler) as { operationId?: string } | undefined)?.operationId ?? `${controller.name}_${name}`;
        const targets = [handler, controller];
        access.set(
          operationId,
          reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ? { public: true } : { public: false, role: reflector.getAllAndOverride<Role>(ROLE_KEY, targets) ?? 'admin' },
        );
      }
    }
  }
  return access;
}

const ROLE_TEXT: Record<Role, string> = {
  viewer: 'Role: **viewer** (any valid token).',
  analyst: 'Role: **analyst** (or admin); a viewer token gets 403.',
  admin: 'Role: **admin**; other tokens get 403.',
};

/** Security, the stated role, and the 401/403/429 problems that follow from them. */
function applyAccess(path: string, operation: Operation, access: Access | undefined): void {
  if (!path.startsWith('/health/')) operation.responses[429] ??= problemResponse(429, ['rate-limited']);
  if (!access) {
    // A route outside Nest (the dashboard, the docs, the queue board) states its own.
    if (!operation['x-required-role']) throw new Error(`no access rule for ${operation.operationId} (${path})`);
    if (operation['x-required-role'] === 'none') operation.description = [operation.description, 'Public: no token needed.'].filter(Boolean).join('\n\n');
    return;
  }
  if (access.public) {
    // Not behind the guard: the probes and metrics.
    operation.security = [];
    operation['x-required-role'] = 'none';
    operation.description = [operation.description, 'Public: no token needed.'].filter(Boolean).join('\n\n');
    return;
  }
  operation.security = [{ bearer: [] }];
  operation['x-required-role'] = access.role;
  operation.description = [operation.description, ROLE_TEXT[access.role]].filter(Boolean).join('\n\n');
  operation.responses[401] ??= problemResponse(401, ['unauthorized']);
  if (access.role !== 'viewer') operation.responses[403] ??= problemResponse(403, ['forbidden']);
}

/** Tags and texts for operations whose controllers say nothing themselves. */
function describeOperation(key: string, operation: Operation): void {
  const known = OPERATIONS[key];
  if (!operation.tags?.length) operation.tags = key.split(' ')[1]!.startsWith('/api/') ? [] : ['Operations'];
  if (!known) return;
  operation.operationId = known.operationId;
  operation.summary ??= known.summary;
  operation.description ??= known.description;
  for (const [status, response] of Object.entries(known.responses)) {
    const current = operation.responses[status] as { description?: string; content?: unknown } | undefined;
    if (!current?.content) operation.responses[status] = response as never;
  }
}

/** `@ApiBodyExamples()` examples, into the JSON request body beside its schema. */
function moveRequestExamples(operation: Operation): void {
  const examples = operation[REQUEST_EXAMPLES_EXTENSION];
  if (!examples) return;
  delete operation[REQUEST_EXAMPLES_EXTENSION];
  const body = operation.requestBody as { content?: Record<string, { examples?: unknown }> } | undefined;
  const json = body?.content?.['application/json'];
  if (!json) throw new Error(`${operation.operationId}: request examples without a JSON request body`);
  json.examples = examples;
}

/**
 * `discriminator` for unions of named object schemas that differ by a one-value `type` (the
 * developments), so Swagger UI and client generators pick the variant from `type`.
 */
function addDiscriminators(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, { oneOf?: Array<{ $ref?: string }>; discriminator?: object; properties?: Record<string, { enum?: unknown[] }> }>;
  for (const schema of Object.values(schemas)) {
    if (!schema.oneOf?.length || schema.discriminator) continue;
    const mapping = schema.oneOf.map((option) => {
      const values = option.$ref ? schemas[option.$ref.replace('#/components/schemas/', '')]?.properties?.type?.enum : undefined;
      return values?.length === 1 && typeof values[0] === 'string' ? ([values[0], option.$ref!] as const) : undefined;
    });
    if (mapping.every((entry) => entry !== undefined)) schema.discriminator = { propertyName: 'type', mapping: Object.fromEntries(mapping) };
  }
}
