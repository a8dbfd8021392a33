import type { Role } from '@app/config';

/** Who is calling: resolved from the bearer token by the auth guard. */
export interface Principal {
  /** Stable and not secret: scopes idempotency keys and rate limits. */
  id: string;
  name: string;
  role: Role;
}

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

/** `viewer` reads; `analyst` reads and records; `admin` does all. */
export const mayActAs = (principal: Principal, required: Role): boolean => RANK[principal.role] >= RANK[required];

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
