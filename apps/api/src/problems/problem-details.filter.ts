import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@app/domain';
import { ConcurrencyError, IdempotencyConflictError } from '@app/event-store';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemType, type Problem } from './problem.js';

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Maps every error to problem details; never a stack trace, never a 500 for bad input. */
export function toProblem(error: unknown): { problem: Problem; headers: Record<string, string> } {
  if (error instanceof ProblemException) return { problem: error.problem, headers: error.headers };
  if (error instanceof DomainError) {
    const problem: Problem = { type: problemType(error.type), title: error.title, status: error.status, detail: error.message };
    if (error.field) problem.errors = [{ field: error.field, pointer: `/${error.field.replace(/\[(\d+)\]/g, '/$1').replace(/\./g, '/')}`, message: error.message }];
    return { problem, headers: {} };
  }
  if (error instanceof ConcurrencyError) {
    return {
      problem: {
        type: problemType('version-mismatch'),
        title: 'Version mismatch',
        status: 412,
        detail: `the stream is at version ${error.actualVersion}, not ${String(error.expected)}`,
        currentVersion: error.actualVersion,
      },
      headers: { etag: `"${error.actualVersion}"` },
    };
  }
  if (error instanceof IdempotencyConflictError) {
    return { problem: plain(422, 'this request reuses ids already recorded with other content', 'idempotency-key-reused'), headers: {} };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
    const problem = plain(status, Array.isArray(message) ? message.join('; ') : String(message));
    // A failed readiness check (terminus) keeps the state of each check.
    const details = typeof response === 'object' ? (response as { details?: unknown }).details : undefined;
    if (details) Object.assign(problem, { detail: 'not ready', checks: details });
    return { problem, headers: {} };
  }
  if (databaseUnavailable(error)) {
    // PostgreSQL restarting, refusing connections, or a connection cut mid-request: not a failure of
    // this request, and over once it is back. A write cut off may or may not have been recorded, so
    // a retry should carry the same Idempotency-Key.
    return {
      problem: plain(503, 'the database is unavailable (restarting or unreachable); retry shortly, a write with the same Idempotency-Key (it may have been recorded)'),
      headers: { 'retry-after': '1' },
    };
  }
  const status = statusOf(error);
  if (status && status >= 400 && status < 500) {
    // Fastify's own refusals (body too large, bad JSON, wrong content type) before our handlers run.
    return { problem: plain(status, fastifyDetail(error as Error & { code?: string }, status)), headers: {} };
  }
  return { problem: plain(500, 'the service failed to handle this request; it has been logged'), headers: {} };
}

// SQLSTATE class 08 (connection exception), 57P01-57P03 (shutting down, crashed, starting up),
// 53300 (too many connections); errno codes of a socket to a server that is not there; pg's own
// messages for a connection lost or never made.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout)/;

/** True for errors that say PostgreSQL is away (or was lost mid-request), not that the request is wrong. */
export function databaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  // An AggregateError (a connection tried on several addresses) or a wrapped cause.
  if (Array.isArray(e.errors) && e.errors.some((inner) => databaseUnavailable(inner, depth + 1))) return true;
  return databaseUnavailable(e.cause, depth + 1);
}

function plain(status: number, detail: string, slug?: string): Problem {
  return { type: slug ? problemType(slug) : 'about:blank', title: STATUS_TITLES[status] ?? 'Error', status, detail };
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown };
  const status = typeof e?.statusCode === 'number' ? e.statusCode : typeof e?.status === 'number' ? e.status : undefined;
  return status;
}

function fastifyDetail(error: Error & { code?: string }, status: number): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the request body is larger than the limit';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'send JSON (Content-Type: application/json)';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the JSON body is empty';
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'a path parameter is longer than any id can be';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    default:
      return status === 400 && error instanceof SyntaxError ? `the body is not valid JSON: ${error.message.slice(0, 200)}` : error.message.slice(0, 300);
  }
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): void {
  void reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { problem, headers } = toProblem(error);
    // 503 is an answer (not ready, read models behind), not a failure of ours.
    if (problem.status >= 500 && problem.status !== 503) {
      this.logger.error({ err: error, requestId: request.id, method: request.method, url: request.url }, 'request failed');
    } else if (problem.status === 503 && databaseUnavailable(error)) {
      this.logger.warn({ requestId: request.id, method: request.method, url: request.url, reason: (error as Error).message }, 'request failed: the database is unavailable');
    }
    sendProblem(reply, problem, headers);
  }
}
