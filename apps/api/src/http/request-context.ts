import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { WriteContext } from '@app/commands';
import { badField } from '../problems/problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the idempotency interceptor when the request carries an Idempotency-Key. */
    idempotency?: { scope: string; key: string };
  }
}

/** `If-Match: "<version>"`: the exact version the target stream must be at. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  const match = /^\s*"(\d{1,15})"\s*$/.exec(value);
  if (!match) throw badField('If-Match', 'must be a quoted stream version, e.g. "3" (as given by ETag)');
  return Number(match[1]);
}

/** What every write command carries: who, the request id as correlation id, If-Match, Idempotency-Key. */
export const WriteCtx = createParamDecorator((_: unknown, context: ExecutionContext): WriteContext => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const expectedVersion = parseIfMatch(request.headers['if-match']);
  return {
    recordedBy: request.principal?.name ?? 'unknown',
    correlationId: String(request.id),
    ...(request.idempotency ? { idempotency: request.idempotency } : {}),
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
  };
});
