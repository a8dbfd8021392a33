import { hash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DATABASE, findApiKeyByToken, type Db } from '@app/database';
import type { Principal } from './principal.js';

const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;

/**
 * Resolves bearer tokens: the keys of API_KEYS (or the development set), then the hashed keys
 * created with the CLI. Tokens are compared as SHA-256 digests with timingSafeEqual, so the time
 * taken says nothing of how much of a token was right. Database answers are cached briefly.
 */
@Injectable()
export class ApiKeysService {
  private readonly configured: Array<{ digest: Buffer; principal: Principal }>;
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATABASE) private readonly db: Db,
  ) {
    this.configured = config.apiKeys.map(({ role, token }) => {
      const digest = sha256(token);
      return { digest, principal: { id: `env-${role}-${digest.toString('hex').slice(0, 12)}`, name: `${role} (API_KEYS)`, role } };
    });
  }

  async resolve(token: string): Promise<Principal | null> {
    const digest = sha256(token);
    let found: Principal | null = null;
    for (const key of this.configured) if (timingSafeEqual(key.digest, digest)) found = key.principal;
    if (found) return found;

    const cacheKey = digest.toString('hex');
    const cached = this.cache.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.principal;
    const stored = await findApiKeyByToken(this.db, token);
    const principal: Principal | null = stored ? { id: `key-${stored.id}`, name: stored.name, role: stored.role } : null;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(cacheKey, { principal, until: Date.now() + CACHE_MS });
    return principal;
  }
}

// One-shot: no Hash object per request.
const sha256 = (text: string): Buffer => hash('sha256', text, 'buffer');
