import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Role } from '@app/config';

export interface StoredApiKey {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Tokens are 256 random bits, so a plain SHA-256 is the right hash: nothing to brute-force. */
export const hashToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

export function newToken(): string {
  return `dt_${randomBytes(32).toString('base64url')}`;
}

export async function createApiKey(db: Kysely<any>, role: Role, name: string): Promise<{ key: StoredApiKey; token: string }> {
  const token = newToken();
  const { rows } = await sql<{ id: string; created_at: Date }>`
    insert into api_keys (name, role, token_hash) values (${name}, ${role}, ${hashToken(token)})
    returning id, created_at`.execute(db);
  return { key: { id: rows[0]!.id, name, role, createdAt: rows[0]!.created_at, revokedAt: null }, token };
}

export async function findApiKeyByToken(db: Kysely<any>, token: string): Promise<StoredApiKey | undefined> {
  const { rows } = await sql<{ id: string; name: string; role: Role; created_at: Date; revoked_at: Date | null }>`
    select id, name, role, created_at, revoked_at from api_keys where token_hash = ${hashToken(token)} and revoked_at is null`.execute(db);
  const row = rows[0];
  return row ? { id: row.id, name: row.name, role: row.role, createdAt: row.created_at, revokedAt: row.revoked_at } : undefined;
}

export async function listApiKeys(db: Kysely<any>): Promise<StoredApiKey[]> {
  const { rows } = await sql<{ id: string; name: string; role: Role; created_at: Date; revoked_at: Date | null }>`
    select id, name, role, created_at, revoked_at from api_keys order by created_at`.execute(db);
  return rows.map((row) => ({ id: row.id, name: row.name, role: row.role, createdAt: row.created_at, revokedAt: row.revoked_at }));
}

export async function revokeApiKey(db: Kysely<any>, id: string): Promise<boolean> {
  const result = await sql`update api_keys set revoked_at = now() where id = ${id}::uuid and revoked_at is null`.execute(db);
  return result.numAffectedRows === 1n;
}
