import { readdirSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIV3 } from 'openapi-types';
import type { z } from 'zod';
import {
  agreementSchema,
  alertDeliverySchema,
  createWebhookSchema,
  deadlineSchema,
  developmentBatchSchema,
  developmentSchema,
  disputeSchema,
  disputeSummarySchema,
  escalationDaySchema,
  escalationSchema,
  eventRecordedSchema,
  eventsRecordedSchema,
  measureSchema,
  openDisputeSchema,
  problemSchema,
  projectionGenerationSchema,
  rebuildStartedSchema,
  registerAgreementSchema,
  retractionSchema,
  streamWrittenSchema,
  timelinePageSchema,
  webhookCreatedSchema,
  webhookSchema,
} from '@app/contracts';
import { createApi } from '../../apps/api/src/create-api.js';
import { dashboardRoot } from '../../apps/api/src/dashboard/dashboard.js';
import { TOKENS, useApi } from '../support/api-server.js';
import { agreementBody, developmentBody, disputeBody } from '../support/fixtures.js';
import { useTestEnvironment } from '../support/test-environment.js';
import { useProjections } from '../support/worker.js';

// The OpenAPI document (GET /docs-json, Swagger UI at GET /docs) against the application itself: it
// is valid OpenAPI, public, lists every route Fastify serves (and nothing it does not), states the
// role the guard enforces, and its schemas and examples fit what the API really takes and answers.

const env = useTestEnvironment();
useProjections(env);
const api = useApi(env);

type Document = OpenAPIV3.Document;
type Operation = OpenAPIV3.OperationObject & { 'x-required-role'?: string };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/** Every endpoint CONTRACT.md names (paths as the document writes them). */
const CONTRACT_ENDPOINTS = [
  'POST /api/v1/disputes',
  'POST /api/v1/agreements',
  'POST /api/v1/disputes/{id}/developments',
  'POST /api/v1/disputes/{id}/developments:batch',
  'POST /api/v1/disputes/{id}/developments/{eventId}/retraction',
  'GET /api/v1/disputes',
  'GET /api/v1/disputes/{id}',
  'GET /api/v1/disputes/{id}/timeline',
  'GET /api/v1/disputes/{id}/escalation',
  'GET /api/v1/disputes/{id}/escalation/history',
  'GET /api/v1/agreements',
  'GET /api/v1/agreements/{id}',
  'GET /api/v1/measures',
  'GET /api/v1/deadlines',
  'GET /api/v1/alerts',
  'GET /api/v1/stream',
  'POST /api/v1/webhooks',
  'GET /api/v1/admin/projections',
  'POST /api/v1/admin/projections/{name}/rebuild',
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'GET /docs',
  'GET /docs-json',
  'GET /',
];

/** The query parameters CONTRACT.md gives each read. */
const READ = ['minPosition'];
const STATE = [...READ, 'asOf', 'knownAt'];
const CONTRACT_QUERIES: Record<string, string[]> = {
  'GET /api/v1/disputes': STATE,
  'GET /api/v1/disputes/{id}': STATE,
  'GET /api/v1/disputes/{id}/timeline': [...STATE, 'limit', 'cursor'],
  'GET /api/v1/disputes/{id}/escalation': STATE,
  'GET /api/v1/disputes/{id}/escalation/history': [...STATE, 'from', 'to'],
  'GET /api/v1/agreements': STATE,
  'GET /api/v1/agreements/{id}': STATE,
  'GET /api/v1/measures': [...STATE, 'disputeId', 'status'],
  'GET /api/v1/deadlines': [...STATE, 'status', 'disputeId', 'from', 'to'],
  'GET /api/v1/alerts': ['limit'],
};

const TAGS = ['Disputes', 'Developments', 'Agreements', 'Measures', 'Deadlines', 'Alerts', 'Webhooks', 'Stream', 'Admin', 'Operations'];

/** The documented schema of each operation's request body and success answer. */
const REQUESTS: Record<string, z.ZodType> = {
  openDispute: openDisputeSchema,
  registerAgreement: registerAgreementSchema,
  recordDevelopment: developmentSchema,
  recordDevelopments: developmentBatchSchema,
  retractDevelopment: retractionSchema,
  createWebhook: createWebhookSchema,
};
const ANSWERS: Record<string, z.ZodType> = {
  openDispute: streamWrittenSchema,
  registerAgreement: streamWrittenSchema,
  recordDevelopment: eventRecordedSchema,
  recordDevelopments: eventsRecordedSchema,
  retractDevelopment: eventRecordedSchema,
  listDisputes: disputeSummarySchema.array(),
  getDispute: disputeSchema,
  getTimeline: timelinePageSchema,
  getEscalation: escalationSchema,
  getEscalationHistory: escalationDaySchema.array(),
  listAgreements: agreementSchema.array(),
  getAgreement: agreementSchema,
  listMeasures: measureSchema.array(),
  listDeadlines: deadlineSchema.array(),
  listAlerts: alertDeliverySchema.array(),
  createWebhook: webhookCreatedSchema,
  listWebhooks: webhookSchema.array(),
  listProjections: projectionGenerationSchema.array(),
  rebuildProjection: rebuildStartedSchema,
};

/** Parses with the documented schema and insists nothing was dropped (z.object strips unknown fields). */
function expectDocumented(schema: z.ZodType, value: unknown, what: string): void {
  const parsed = schema.safeParse(value);
  expect([what, parsed.success ? 'ok' : parsed.error.issues]).toEqual([what, 'ok']);
  expect([what, parsed.data]).toEqual([what, value]);
}

function operations(document: Document): Array<{ key: string; path: string; method: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item?.[m]).map((method) => ({ key: `${method.toUpperCase()} ${path}`, path, method, operation: item![method] as Operation })),
  );
}

/**
 * The routes Fastify serves, from `printRoutes({ commonPrefix: false })`: a tree whose lines are
 * `<4 columns per level>├── <segment> (<METHODS>)`; a route is its segments joined from the root.
 */
function servedRoutes(tree: string): Set<string> {
  const routes = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^(.*?)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = [...match[1]!].length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    for (const method of match[3]?.split(', ') ?? []) routes.add(`${method} ${stack.join('')}`);
  }
  return routes;
}

const toFastifyPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

describe('OpenAPI', () => {
  let document: Document;
  let app: NestFastifyApplication | undefined;

  beforeAll(async () => {
    const response = await fetch(`${api.url}/docs-json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    document = (await response.json()) as Document;
    // A second instance of the same application, never listening, to read its route table.
    app = await createApi(env.config());
    await app.init();
  });
  env.onTeardown(async () => {
    await app?.close();
  });

  it('/docs-json is public and valid OpenAPI 3 (swagger-parser)', async () => {
    expect(document.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('/docs serves Swagger UI without a token, with its assets and no Content-Security-Policy in its way', async () => {
    const page = await fetch(`${api.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBeNull();
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    for (const asset of [...html.matchAll(/(?:src|href)="\.\/docs\/([^"]+)"/g)].map((m) => m[1]!).filter((a) => !a.startsWith('favicon'))) {
      const response = await fetch(`${api.url}/docs/${asset}`);
      expect([asset, response.status]).toEqual([asset, 200]);
      await response.arrayBuffer();
    }
    const init = await fetch(`${api.url}/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('"/api/v1/disputes/{id}/developments:batch"');
  });

  it('documents exactly the routes Fastify serves (but its own assets, the dashboard files and the queue board internals)', () => {
    const served = servedRoutes(app!.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false }));
    expect(served.size).toBeGreaterThan(20);
    const dashboardFiles = new Set(readdirSync(dashboardRoot()).map((file) => `/${file}`));
    const documented = new Set(operations(document).map(({ method, path }) => `${method.toUpperCase()} ${toFastifyPath(path)}`));
    const excluded = (route: string) => {
      const [method, path] = route.split(' ') as [string, string];
      return (
        method === 'HEAD' ||
        method === 'OPTIONS' ||
        path.startsWith('/docs/') || // Swagger UI's own files
        dashboardFiles.has(path) ||
        path.startsWith('/vendor/') || // the dashboard's chart library
        path.startsWith('/admin/queues/') || // bull-board's pages and internal API, behind its entry page
        (path === '/metrics' && !documented.has(route))
      );
    };
    const undocumented = [...served].filter((route) => !excluded(route) && !documented.has(route));
    expect(undocumented).toEqual([]);
    const notServed = [...documented].filter((route) => !served.has(route));
    expect(notServed).toEqual([]);
  });

  it('lists every CONTRACT.md endpoint with its query parameters', () => {
    const keys = new Set(operations(document).map((o) => o.key));
    expect(CONTRACT_ENDPOINTS.filter((endpoint) => !keys.has(endpoint))).toEqual([]);
    for (const [key, names] of Object.entries(CONTRACT_QUERIES)) {
      const operation = operations(document).find((o) => o.key === key)!.operation;
      const query = (operation.parameters as OpenAPIV3.ParameterObject[]).filter((p) => p.in === 'query').map((p) => p.name);
      expect([key, query.sort()]).toEqual([key, [...names].sort()]);
    }
  });

  it('tags, summarises and secures every operation; the role it states is the one the guard enforces', async () => {
    expect(document.tags?.map((t) => t.name)).toEqual(TAGS);
    expect(document.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const weaker: Record<string, keyof typeof TOKENS | undefined> = { viewer: undefined, analyst: 'viewer', admin: 'analyst' };
    for (const { key, path, method, operation } of operations(document)) {
      expect([key, operation.tags?.length === 1 && TAGS.includes(operation.tags[0]!)]).toEqual([key, true]);
      expect([key, Boolean(operation.summary && operation.operationId)]).toEqual([key, true]);
      const role = operation['x-required-role'];
      expect([key, ['none', 'viewer', 'analyst', 'admin'].includes(role!)]).toEqual([key, true]);
      const url = `${api.url}${path.replace('{id}', 'no-such-id').replace('{eventId}', '00000000-0000-4000-8000-000000000000').replace('{name}', 'no-such-projection')}`;
      const call = async (headers: Record<string, string>) => {
        const abort = new AbortController();
        const init: RequestInit = { method: method.toUpperCase(), headers, signal: abort.signal };
        if (method === 'post') Object.assign(init, { body: '{}', headers: { ...headers, 'content-type': 'application/json' } });
        const response = await fetch(url, init);
        abort.abort(); // the change stream never ends
        return response.status;
      };
      const letIn = (status: number) => (status === 401 || status === 403 ? status : 'let in');
      if (role === 'none') {
        expect([key, operation.security]).toEqual([key, []]);
        expect([key, letIn(await call({}))]).toEqual([key, 'let in']);
        continue;
      }
      expect([key, operation.security?.some((s) => 'bearer' in s)]).toEqual([key, true]);
      expect([key, operation.responses['401']]).toEqual([key, expect.anything()]);
      expect([key, await call({})]).toEqual([key, 401]);
      expect([key, letIn(await call({ authorization: `Bearer ${TOKENS[role as keyof typeof TOKENS]}` }))]).toEqual([key, 'let in']);
      const below = weaker[role!];
      if (below) {
        // The queue board is not behind the guard: it asks again (401) rather than refusing (403).
        const refused = key === 'GET /admin/queues' ? 401 : 403;
        expect([key, operation.responses[refused]]).toEqual([key, expect.anything()]);
        expect([key, await call({ authorization: `Bearer ${TOKENS[below]}` })]).toEqual([key, refused]);
      }
    }
  });

  it('answers every error as application/problem+json with the shared Problem schema', () => {
    const problem = document.components!.schemas!.Problem as OpenAPIV3.SchemaObject;
    expect(problem.required).toEqual(['type', 'title', 'status', 'detail']);
    expect(Object.keys(problem.properties!)).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'errors']));
    const fieldError = document.components!.schemas!.FieldError as OpenAPIV3.SchemaObject;
    expect(fieldError.required).toEqual(['field', 'pointer', 'message']);
    for (const { key, operation } of operations(document)) {
      for (const [status, response] of Object.entries(operation.responses) as Array<[string, OpenAPIV3.ResponseObject]>) {
        if (Number(status) < 400 || key === 'GET /admin/queues') continue; // bull-board's 401 is its own
        expect([key, status, Object.keys(response.content ?? {})]).toEqual([key, status, ['application/problem+json']]);
        const media = response.content!['application/problem+json']!;
        expect([key, status, JSON.stringify(media.schema)]).toEqual([key, status, expect.stringContaining('"#/components/schemas/Problem"')]);
        for (const [name, example] of Object.entries(media.examples ?? {}) as Array<[string, OpenAPIV3.ExampleObject]>) {
          expectDocumented(problemSchema, example.value, `${key} ${status} ${name}`);
          expect([key, name, example.value.status]).toEqual([key, name, Number(status)]);
        }
      }
    }
  });

  it('documents If-Match and Idempotency-Key on writes, ETag and Retry-After on answers', () => {
    for (const { key, operation } of operations(document).filter((o) => ['openDispute', 'registerAgreement', 'recordDevelopment', 'recordDevelopments', 'retractDevelopment'].includes(o.operation.operationId!))) {
      const headers = (operation.parameters as OpenAPIV3.ParameterObject[]).filter((p) => p.in === 'header').map((p) => p.name);
      expect([key, headers]).toEqual([key, ['If-Match', 'Idempotency-Key']]);
      expect([key, Object.keys(operation.responses)]).toEqual([key, expect.arrayContaining(['412', '422'])]);
      expect((operation.responses['412'] as OpenAPIV3.ResponseObject).headers).toHaveProperty('ETag');
    }
    const getDispute = operations(document).find((o) => o.key === 'GET /api/v1/disputes/{id}')!.operation;
    expect((getDispute.responses['200'] as OpenAPIV3.ResponseObject).headers).toHaveProperty('ETag');
    for (const { key, operation } of operations(document)) {
      for (const status of ['429', '503']) {
        const response = operation.responses[status] as OpenAPIV3.ResponseObject | undefined;
        if (response && key !== 'GET /health/ready') expect([key, status, Object.keys(response.headers ?? {})]).toEqual([key, status, ['Retry-After']]);
      }
    }
  });

  it('request examples pass validation; answer examples fit their schemas', () => {
    let requests = 0;
    let answers = 0;
    for (const { key, operation } of operations(document)) {
      const body = (operation.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content['application/json'];
      const requestSchema = REQUESTS[operation.operationId!];
      expect([key, Boolean(body), Boolean(requestSchema)]).toEqual([key, Boolean(requestSchema), Boolean(requestSchema)]);
      for (const [name, example] of Object.entries(body?.examples ?? {}) as Array<[string, OpenAPIV3.ExampleObject]>) {
        const parsed = requestSchema!.safeParse(example.value);
        expect([key, name, parsed.success ? 'ok' : parsed.error.issues]).toEqual([key, name, 'ok']);
        requests += 1;
      }
      const answerSchema = ANSWERS[operation.operationId!];
      for (const [status, response] of Object.entries(operation.responses) as Array<[string, OpenAPIV3.ResponseObject]>) {
        const example = response.content?.['application/json']?.example as unknown;
        if (Number(status) >= 300 || example === undefined || !answerSchema) continue;
        expectDocumented(answerSchema, example, `${key} ${status}`);
        answers += 1;
      }
    }
    expect(requests).toBeGreaterThanOrEqual(12);
    expect(answers).toBe(Object.keys(ANSWERS).length);
    const recordDevelopment = operations(document).find((o) => o.operation.operationId === 'recordDevelopment')!.operation;
    const examples = (recordDevelopment.requestBody as OpenAPIV3.RequestBodyObject).content['application/json']!.examples!;
    expect(examples.protest).toMatchObject({ value: { type: 'protest', actor: 'JP', target: 'KR' } });
    const getAgreement = operations(document).find((o) => o.operation.operationId === 'getAgreement')!.operation;
    expect((getAgreement.responses['200'] as OpenAPIV3.ResponseObject).content!['application/json']!.example).toMatchObject({
      id: 'jp-kr-gsomia',
      status: 'termination_notified',
      notice: { actor: 'KR' },
    });
  });

  it('real answers are exactly what the document describes, and problems carry the documented types', async () => {
    const documentedTypes = (operationId: string, status: number): string[] => {
      const operation = operations(document).find((o) => o.operation.operationId === operationId)!.operation;
      const examples = (operation.responses[status] as OpenAPIV3.ResponseObject).content!['application/problem+json']!.examples!;
      return Object.values(examples).map((e) => (e as OpenAPIV3.ExampleObject).value.type);
    };
    const check = async (operationId: string, response: { status: number; body: unknown }, expected: number) => {
      expect([operationId, response.status]).toEqual([operationId, expected]);
      if (expected < 300) expectDocumented(ANSWERS[operationId]!, response.body, operationId);
      else {
        expectDocumented(problemSchema, response.body, `${operationId} ${expected}`);
        expect([operationId, documentedTypes(operationId, expected)]).toEqual([operationId, expect.arrayContaining([(response.body as { type: string }).type])]);
      }
    };
    const asAdmin = (path: string) => api.request('GET', path, { token: TOKENS.admin });

    await check('openDispute', await api.post('/disputes', disputeBody('documented')), 201);
    await check('registerAgreement', await api.post('/agreements', agreementBody('documented-pact', 'documented')), 201);
    const protest = await api.post('/disputes/documented/developments', developmentBody('protest'));
    await check('recordDevelopment', protest, 201);
    await check('recordDevelopments', await api.post('/disputes/documented/developments:batch', { developments: [developmentBody('export_list_removal'), developmentBody('export_control_tightened')] }), 201);
    const notice = await api.post('/disputes/documented/developments', developmentBody('agreement_non_renewal', {}, 'documented-pact'));
    await check('recordDevelopment', notice, 201);
    const retraction = await api.post(`/disputes/documented/developments/${protest.body.eventId}/retraction`, { reason: 'recorded twice' });
    await check('retractDevelopment', retraction, 201);
    await check('createWebhook', await api.request('POST', '/webhooks', { body: { url: 'http://127.0.0.1:9/hook' }, token: TOKENS.admin }), 201);

    const position = retraction.body.globalPosition;
    await check('listDisputes', await api.get(`/disputes?minPosition=${position}`), 200);
    const dispute = await api.get(`/disputes/documented?minPosition=${position}`);
    await check('getDispute', dispute, 200);
    expect(dispute.headers.get('etag')).toBe(`"${dispute.body.version}"`);
    await check('getTimeline', await api.get('/disputes/documented/timeline?limit=2'), 200);
    await check('getEscalation', await api.get('/disputes/documented/escalation'), 200);
    await check('getEscalationHistory', await api.get('/disputes/documented/escalation/history?from=2019-08-20&to=2019-08-24'), 200);
    await check('listAgreements', await api.get('/agreements?asOf=2019-09-01'), 200);
    await check('getAgreement', await api.get('/agreements/documented-pact'), 200);
    await check('listMeasures', await api.get('/measures?disputeId=documented'), 200);
    await check('listDeadlines', await api.get('/deadlines?disputeId=documented'), 200);
    await check('listAlerts', await api.get('/alerts'), 200);
    await check('listWebhooks', await asAdmin('/webhooks'), 200);
    await check('listProjections', await asAdmin('/admin/projections'), 200);
    expect((await api.get('/disputes/documented/timeline')).body.items.find((i: { eventId: string }) => i.eventId === protest.body.eventId)).toMatchObject({ retracted: true });

    // Problems, each of a documented type.
    await check('openDispute', await api.post('/disputes', disputeBody('documented')), 409);
    await check('recordDevelopment', await api.post('/disputes/documented/developments', { ...developmentBody('protest'), actor: 'jp' }), 400);
    await check('recordDevelopment', await api.post('/disputes/documented/developments', developmentBody('protest'), { 'if-match': '"1"' }), 412);
    await check('recordDevelopment', await api.post('/disputes/documented/developments', developmentBody('agreement_non_renewal', {}, 'documented-pact')), 409);
    await check('recordDevelopment', await api.post('/disputes/documented/developments', developmentBody('agreement_non_renewal', {}, 'no-such-pact')), 422);
    await check('recordDevelopment', await api.post('/disputes/nowhere/developments', developmentBody('protest')), 404);
    await check('getAgreement', await api.get('/agreements/no-such-pact'), 404);
    await check('getDispute', await api.get('/disputes/documented?asOf=yesterday'), 400);
  });
});
