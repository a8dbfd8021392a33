import { ROLES, type Role } from '@app/config';
import { createApiKey, listApiKeys, revokeApiKey, type Db } from '@app/database';

/** `api-key create --role R [--name N]`, `api-key list`, `api-key revoke <id>`. */
export async function apiKeyCommand(db: Db, args: string[], options: { role?: string; name?: string }, out: (line: string) => void): Promise<number> {
  const [action, id] = args;
  switch (action) {
    case 'create': {
      if (!options.role || !(ROLES as readonly string[]).includes(options.role)) {
        out(`--role must be one of ${ROLES.join(', ')}`);
        return 2;
      }
      const { key, token } = await createApiKey(db, options.role as Role, options.name ?? `${options.role} key`);
      out(JSON.stringify({ id: key.id, name: key.name, role: key.role, token }));
      out('Store the token now: only its hash is kept.');
      return 0;
    }
    case 'list':
      for (const key of await listApiKeys(db)) out(JSON.stringify(key));
      return 0;
    case 'revoke':
      if (!id) {
        out('usage: api-key revoke <id>');
        return 2;
      }
      if (!(await revokeApiKey(db, id))) {
        out(`no active key ${id}`);
        return 1;
      }
      out(`revoked ${id}`);
      return 0;
    default:
      out('usage: api-key create --role <admin|analyst|viewer> [--name <name>] | api-key list | api-key revoke <id>');
      return 2;
  }
}
