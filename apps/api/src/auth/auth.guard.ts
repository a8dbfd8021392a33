import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@app/config';
import { ProblemException } from '../problems/problem.js';
import { ApiKeysService } from './api-keys.service.js';
import { mayActAs } from './principal.js';
import { PUBLIC_KEY, ROLE_KEY } from './roles.decorator.js';

interface Access {
  public: boolean;
  required: Role;
}

/** Bearer tokens for every route but the public ones: none or unknown → 401, a weaker role → 403. */
@Injectable()
export class AuthGuard implements CanActivate {
  /** Per controller class and handler: their metadata never changes once the app is built, so it is read once. */
  private readonly access = new WeakMap<object, WeakMap<object, Access>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessOf(context);
    if (access.public) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerToken(request.headers.authorization);
    const principal = token ? await this.keys.resolve(token) : null;
    if (!principal) {
      throw new ProblemException(
        { type: 'about:blank', title: 'Unauthorized', status: 401, detail: token ? 'the bearer token is not valid' : 'send Authorization: Bearer <token>' },
        { 'www-authenticate': 'Bearer realm="dispute-tracker"' },
      );
    }
    request.principal = principal;
    const { required } = access;
    if (!mayActAs(principal, required)) {
      throw new ProblemException({ type: 'about:blank', title: 'Forbidden', status: 403, detail: `this needs the ${required} role; the token has ${principal.role}` });
    }
    return true;
  }

  private accessOf(context: ExecutionContext): Access {
    const handler = context.getHandler();
    const controller = context.getClass();
    let handlers = this.access.get(controller);
    if (!handlers) this.access.set(controller, (handlers = new WeakMap()));
    let access = handlers.get(handler);
    if (!access) {
      const targets = [handler, controller];
      access = {
        public: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false,
        required: this.reflector.getAllAndOverride<Role>(ROLE_KEY, targets) ?? 'admin',
      };
      handlers.set(handler, access);
    }
    return access;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header ?? '');
  return match?.[1];
}
