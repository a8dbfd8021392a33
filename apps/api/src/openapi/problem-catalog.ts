import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from '../problems/problem.js';

/**
 * Every problem the API answers with, by name: its status and an example as the API gives it (the
 * `type` values are the ones the code raises; test/api/openapi.e2e-spec.ts provokes several and
 * compares). `about:blank` ones are those whose status says it all.
 */
export const PROBLEMS = {
  // 400
  validation: {
    type: problemType('validation'),
    title: 'Invalid request',
    status: 400,
    detail: '2 fields are invalid: occurredAt, form',
    errors: [
      { field: 'occurredAt', pointer: '/occurredAt', message: 'must be a date (YYYY-MM-DD) or an ISO 8601 instant with an offset (2019-08-22T09:00:00Z)' },
      { field: 'form', pointer: '/form', message: 'Invalid option: expected one of "statement"|"formal_protest"|"ambassador_summoned"' },
    ],
  },
  'invalid-header': {
    type: problemType('validation'),
    title: 'Invalid request',
    status: 400,
    detail: '1 field is invalid: If-Match',
    errors: [{ field: 'If-Match', pointer: '', message: 'must be a quoted stream version, e.g. "3" (as given by ETag)' }],
  },
  'invalid-query': {
    type: problemType('validation'),
    title: 'Invalid request',
    status: 400,
    detail: '1 field is invalid: asOf',
    errors: [{ field: 'asOf', pointer: '/asOf', message: 'must be a date (YYYY-MM-DD) or an ISO 8601 instant with an offset (2019-08-22T09:00:00Z)' }],
  },
  'malformed-json': { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'the body is not valid JSON: Unexpected end of JSON input' },
  // 401, 403
  unauthorized: { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'send Authorization: Bearer <token>' },
  forbidden: { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'this needs the analyst role; the token has viewer' },
  // 404
  'dispute-not-found': { type: problemType('dispute-not-found'), title: 'Dispute not found', status: 404, detail: 'no dispute jp-kr-2020' },
  'agreement-not-found': { type: problemType('agreement-not-found'), title: 'Agreement not found', status: 404, detail: 'no agreement jp-kr-gsomia-2' },
  'development-not-found': {
    type: problemType('development-not-found'),
    title: 'Development not found',
    status: 404,
    detail: 'dispute jp-kr-2019 has no development 00000000-0000-4000-8000-000000000000',
  },
  'projection-not-found': { type: problemType('projection-not-found'), title: 'Projection not found', status: 404, detail: 'no projection agreements; known: timeline, deadlines' },
  'webhook-not-found': { type: problemType('webhook-not-found'), title: 'Webhook not found', status: 404, detail: 'no webhook 3f1c2a9e-8d4b-4c7a-9e21-5b6f0d8a7c31' },
  // 409: business rules, named by their type
  'dispute-exists': { type: problemType('dispute-exists'), title: 'Dispute exists', status: 409, detail: 'a dispute with id jp-kr-2019 already exists' },
  'agreement-exists': { type: problemType('agreement-exists'), title: 'Agreement exists', status: 409, detail: 'an agreement with id jp-kr-gsomia already exists' },
  'agreement-not-in-force': {
    type: problemType('agreement-not-in-force'),
    title: 'Agreement not in force',
    status: 409,
    detail: 'jp-kr-gsomia was terminated on 2019-12-01T00:00:00.000Z',
  },
  'notice-already-given': {
    type: problemType('notice-already-given'),
    title: 'Notice already given',
    status: 409,
    detail: 'jp-kr-gsomia already has a notice running to 2019-11-23T00:00:00.000Z',
  },
  'no-active-notice': {
    type: problemType('no-active-notice'),
    title: 'No active notice',
    status: 409,
    detail: 'jp-kr-gsomia had no active non-renewal notice on 2019-08-01T00:00:00.000Z (status in_force)',
  },
  'actor-not-party': { type: problemType('actor-not-party'), title: 'Actor is not a party', status: 409, detail: 'US is not a party to jp-kr-gsomia (parties: JP, KR)' },
  'agreement-in-other-dispute': {
    type: problemType('agreement-in-other-dispute'),
    title: 'Agreement belongs to another dispute',
    status: 409,
    detail: 'jp-kr-gsomia belongs to dispute jp-kr-2019',
  },
  'retraction-of-retraction': {
    type: problemType('retraction-of-retraction'),
    title: 'A retraction cannot be retracted',
    status: 409,
    detail: '5d0c1b7e-2f4a-4e8b-9c3d-7a6f1e2b8c90 is itself a retraction; record the development again instead',
  },
  'already-retracted': {
    type: problemType('already-retracted'),
    title: 'Already retracted',
    status: 409,
    detail: 'development 7383f4b5-a40e-4997-a999-915aea06ae2c is already retracted',
  },
  // 412
  'version-mismatch': {
    type: problemType('version-mismatch'),
    title: 'Version mismatch',
    status: 412,
    detail: 'the stream is at version 26, not 25',
    currentVersion: 26,
  },
  // 413, 415
  'content-too-large': { type: 'about:blank', title: 'Content Too Large', status: 413, detail: 'the request body is larger than the limit' },
  'unsupported-media-type': { type: 'about:blank', title: 'Unsupported Media Type', status: 415, detail: 'send JSON (Content-Type: application/json)' },
  // 422
  'idempotency-key-reused': {
    type: problemType('idempotency-key-reused'),
    title: 'Idempotency-Key reused',
    status: 422,
    detail: 'this Idempotency-Key was used with another request; use a new key for a new request',
  },
  'unknown-reference': {
    type: problemType('unknown-reference'),
    title: 'Unknown reference',
    status: 422,
    detail: 'no agreement jp-kr-gsomia-2',
    errors: [{ field: 'agreementId', pointer: '/agreementId', message: 'no agreement jp-kr-gsomia-2' }],
  },
  'invalid-expiry': {
    type: problemType('invalid-expiry'),
    title: 'Expiry not after the notice',
    status: 422,
    detail: 'expiresOn must be after occurredAt',
    errors: [{ field: 'expiresOn', pointer: '/expiresOn', message: 'expiresOn must be after occurredAt' }],
  },
  // 429, 503
  'rate-limited': {
    type: problemType('rate-limited'),
    title: 'Too Many Requests',
    status: 429,
    detail: 'more than 6000 requests in a minute; retry after 12 seconds',
  },
  'not-caught-up': {
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    detail: 'the read models have not reached position 29 yet; retry shortly',
  },
  'not-built': { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'the timeline read model is not built yet' },
  'database-unavailable': {
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    detail: 'the database is unavailable (restarting or unreachable); retry shortly, a write with the same Idempotency-Key (it may have been recorded)',
  },
} as const satisfies Record<string, Problem>;

export type ProblemName = keyof typeof PROBLEMS;

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid request: each bad field is named in `errors` (body, query parameter or header); malformed JSON or a body nested deeper than 32 levels.',
  401: 'No bearer token, or one that is not valid.',
  403: 'The token is valid but its role may not do this.',
  404: 'Not found.',
  409: 'A business rule refuses it; `type` names the rule.',
  412: "`If-Match` does not match the stream's version: the current one is in `detail`, `currentVersion` and `ETag`.",
  413: 'The body is larger than 4 MiB.',
  415: 'The body is not JSON.',
  422: 'Well-formed but not acceptable: `type` says why.',
  429: 'Too many requests from this token (or address) in a minute (RATE_LIMIT_PER_MINUTE).',
  503: 'Unavailable for now; retry after `Retry-After` seconds (the examples name the cases). A write cut off by the database going away may have been recorded: retry it with the same Idempotency-Key.',
};

const HEADERS: Record<number, Record<string, object>> = {
  401: { 'WWW-Authenticate': { description: 'The challenge.', schema: { type: 'string', example: 'Bearer realm="dispute-tracker"' } } },
  412: { ETag: { description: "The stream's current version, quoted.", schema: { type: 'string', example: '"26"' } } },
  429: { 'Retry-After': { description: 'Seconds until the window frees up.', schema: { type: 'integer', example: 12 } } },
  503: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', example: 1 } } },
};

export const PROBLEM_SCHEMA_REF = '#/components/schemas/Problem';

/**
 * The OpenAPI response for some problems of one status: `application/problem+json` with the shared
 * Problem schema, each problem a named example, the `type` values listed in the description.
 */
export function problemResponse(status: number, names: readonly ProblemName[], description?: string) {
  const problems = names.map((name) => [name, PROBLEMS[name]] as const);
  const wrong = problems.filter(([, p]) => p.status !== status);
  if (wrong.length) throw new Error(`problems ${wrong.map(([n]) => n).join(', ')} are not ${status}`);
  const types = [...new Set(problems.map(([, p]) => p.type))];
  const named = types.filter((t) => t !== 'about:blank');
  const text = [description ?? STATUS_TEXT[status] ?? '', named.length ? `\n\n\`type\`: ${named.map((t) => `\`${t}\``).join(', ')}.` : ''].join('');
  return {
    description: text,
    ...(HEADERS[status] ? { headers: HEADERS[status] } : {}),
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { $ref: PROBLEM_SCHEMA_REF },
        examples: Object.fromEntries(problems.map(([name, value]) => [name, { summary: `${value.title} (${value.type})`, value }])),
      },
    },
  };
}
