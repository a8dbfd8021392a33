import { describe, expect, it } from '@jest/globals';
import { useApi, TOKENS } from '../support/api-server.js';
import { developmentBody, disputeBody } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { useTestEnvironment } from '../support/test-environment.js';

const env = useTestEnvironment();
const api = useApi(env);

type Role = keyof typeof TOKENS;
const ROLES: Role[] = ['viewer', 'analyst', 'admin'];

/** Every write endpoint and the least role it needs. */
const WRITES: Array<{ name: string; least: Role; path: (n: number) => string; body: (n: number) => unknown }> = [
  { name: 'POST /disputes', least: 'analyst', path: () => '/disputes', body: (n) => disputeBody(`matrix-${n}`) },
  { name: 'POST /agreements', least: 'analyst', path: () => '/agreements', body: (n) => ({ ...disputeBody(`pact-${n}`), name: 'x', signedOn: '2016-11-23', expiresOn: '2017-11-23', autoRenews: false, noticeDays: 90, title: undefined, description: undefined }) },
  { name: 'POST /disputes/{id}/developments', least: 'analyst', path: () => '/disputes/matrix/developments', body: () => developmentBody('protest') },
  { name: 'POST /disputes/{id}/developments:batch', least: 'analyst', path: () => '/disputes/matrix/developments:batch', body: () => ({ developments: [developmentBody('protest')] }) },
];

describe('auth', () => {
  it('401 without a token or with an unknown one, with a WWW-Authenticate challenge', async () => {
    for (const token of [null, 'not-a-real-token']) {
      const response = await api.request('POST', '/disputes', { body: disputeBody('nope'), token });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
    expect((await api.request('POST', '/disputes', { body: disputeBody('nope'), headers: { authorization: 'Basic abc' }, token: null })).status).toBe(401);
  });

  it('role × endpoint: each role may do what its role allows, and gets 403 otherwise', async () => {
    await api.request('POST', '/disputes', { body: disputeBody('matrix'), token: TOKENS.admin });
    let n = 0;
    for (const write of WRITES) {
      for (const role of ROLES) {
        n += 1;
        const response = await api.request('POST', write.path(n), { body: write.body(n), token: TOKENS[role] });
        const allowed = ROLES.indexOf(role) >= ROLES.indexOf(write.least);
        expect([write.name, role, response.status]).toEqual([write.name, role, allowed ? 201 : 403]);
      }
    }
    const recorded = await api.request('POST', '/disputes/matrix/developments', { body: developmentBody('protest'), token: TOKENS.analyst });
    for (const role of ROLES) {
      const response = await api.request('POST', `/disputes/matrix/developments/${recorded.body.eventId}/retraction`, { body: { reason: `by ${role}` }, token: TOKENS[role] });
      expect([role, response.status]).toEqual([role, role === 'viewer' ? 403 : role === 'analyst' ? 201 : 409]);
    }
  });

  it('probes answer without a token', async () => {
    const response = await fetch(`${api.url}/health/live`);
    expect(response.status).toBe(200);
  });

  it('keys created with the CLI are stored hashed and work', async () => {
    const created = await runCli(['api-key', 'create', '--role', 'analyst', '--name', 'alice'], env.childEnv());
    expect(created.code).toBe(0);
    const { token, role, name } = JSON.parse(created.stdout.split('\n')[0]!) as { token: string; role: string; name: string };
    expect({ role, name }).toEqual({ role: 'analyst', name: 'alice' });
    const stored = await env.db.selectFrom('api_keys' as never).selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    const response = await api.request('POST', '/disputes', { body: disputeBody('by-alice'), token });
    expect(response.status).toBe(201);
    const listed = await runCli(['api-key', 'list'], env.childEnv());
    expect(listed.stdout).toContain('alice');
    expect(listed.stdout).not.toContain(token);
  });
});
