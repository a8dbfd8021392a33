import { createHash } from 'node:crypto';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, of, type Observable } from 'rxjs';
import { badField, ProblemException, problemType } from '../problems/problem.js';
import { IdempotencyStore } from './idempotency.store.js';

const KEY = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

/**
 * `Idempotency-Key` on writes: a retry with the same key and body gets the first answer and
 * appends nothing; the same key with another body is refused (422). The key also seeds the event
 * ids (see WriteContext), so even two first attempts racing each other append once.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || request.method !== 'POST') return next.handle();
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!KEY.test(key)) throw badField('Idempotency-Key', 'must be 1-255 visible ASCII characters');
    const scope = request.principal!.id;
    const requestHash = hashRequest(request);
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    return from(this.store.find(scope, key)).pipe(
      mergeMap((stored) => {
        if (stored) {
          if (stored.requestHash !== requestHash) {
            throw new ProblemException({
              type: problemType('idempotency-key-reused'),
              title: 'Idempotency-Key reused',
              status: 422,
              detail: 'this Idempotency-Key was used with another request; use a new key for a new request',
            });
          }
          void reply.status(stored.status).header('idempotent-replayed', 'true');
          return of(stored.response);
        }
        request.idempotency = { scope, key };
        return next.handle().pipe(
          mergeMap((response) => from(this.store.save(scope, key, { requestHash, status: reply.statusCode, response }).then(() => response))),
        );
      }),
    );
  }
}

/** Method, path and body, the body canonical (sorted keys) so key order does not matter. */
function hashRequest(request: FastifyRequest): string {
  const path = request.url.split('?')[0];
  return createHash('sha256').update(`${request.method} ${path}\n${canonicalJson(request.body)}`).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
