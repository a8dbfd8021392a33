import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { PROBLEMS, problemResponse, type ProblemName } from './problem-catalog.js';

/**
 * Problem responses (`application/problem+json`, the shared Problem schema), grouped by status, each
 * named problem an example. 401, 403 and 429 are added to every operation from the route's access
 * rules when the document is built (see openapi.ts); list the others here.
 */
export function ApiProblems(...names: ProblemName[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ProblemName[]>();
  for (const name of names) byStatus.set(PROBLEMS[name].status, [...(byStatus.get(PROBLEMS[name].status) ?? []), name]);
  return applyDecorators(...[...byStatus].map(([status, group]) => ApiResponse({ status, ...problemResponse(status, group) })));
}

/** What can go wrong with any JSON body before the handler runs: bad JSON, too large, not JSON. */
const BODY_PROBLEMS: ProblemName[] = ['validation', 'malformed-json', 'content-too-large', 'unsupported-media-type'];

/**
 * Writes to the event log (disputes, agreements, developments): If-Match, Idempotency-Key, and the
 * problems every write can answer, with the operation's own (one decorator, so that problems of one
 * status share one response).
 */
export function ApiWrite(...problems: ProblemName[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'Append only if the target stream is at this version (as given by `ETag` or a write\'s `version`), else 412 with the current version. ' +
        'Without it, writes to one stream are serialised and none is lost.',
      schema: { type: 'string', pattern: '^"\\d{1,15}"$', example: '"25"' },
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A retry with the same key and the same body returns the first answer (with `Idempotent-Replayed: true`) and appends nothing; ' +
        'the same key with another body is refused (422). Keys are scoped to the caller.',
      schema: { type: 'string', minLength: 1, maxLength: 255, example: '2f0d6c1e-kono-protest-2019-08-22' },
    }),
    ApiProblems(...BODY_PROBLEMS, 'invalid-header', 'version-mismatch', 'idempotency-key-reused', 'database-unavailable', ...problems),
  );
}

/** A JSON body outside the event log (webhooks): its problems, with the operation's own. */
export function ApiJsonBody(...problems: ProblemName[]): MethodDecorator & ClassDecorator {
  return ApiProblems(...BODY_PROBLEMS, 'database-unavailable', ...problems);
}

/** Reads of the read models: a bad query parameter, `minPosition` not reached in 5 s (or a read model not built yet), and the operation's own. */
export function ApiRead(...problems: ProblemName[]): MethodDecorator & ClassDecorator {
  return ApiProblems('invalid-query', 'not-caught-up', 'not-built', 'database-unavailable', ...problems);
}

/** The answer header of a replayed write. */
export const REPLAYED_HEADER = {
  'Idempotent-Replayed': { description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.', schema: { type: 'string', enum: ['true'] } },
};

/** Named request-body examples (`{name: {summary, value}}`); the body's schema stays the one validated (`@Body({ schema })`). */
export const REQUEST_EXAMPLES_EXTENSION = 'x-request-examples';
export function ApiBodyExamples(examples: Record<string, { summary: string; value: unknown }>): MethodDecorator {
  return ApiExtension(REQUEST_EXAMPLES_EXTENSION, examples) as MethodDecorator;
}
