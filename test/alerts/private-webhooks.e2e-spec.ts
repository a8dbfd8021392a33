import { describe, expect, it } from '@jest/globals';
import { useApi, TOKENS } from '../support/api-server.js';
import { useTestEnvironment } from '../support/test-environment.js';

const env = useTestEnvironment();
const api = useApi(env, { WEBHOOK_ALLOW_PRIVATE: 'false' });

describe('webhook URLs with WEBHOOK_ALLOW_PRIVATE=false', () => {
  it.each(['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest', 'http://[::1]/x', 'http://192.168.0.10/x'])(
    'refuses %s naming the field',
    async (url) => {
      const response = await api.request('POST', '/webhooks', { body: { url }, token: TOKENS.admin });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'url', message: expect.stringContaining('private') })]);
    },
  );
});
