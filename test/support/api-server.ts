import { beforeAll } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApi } from '../../apps/api/src/create-api.js';
import type { TestEnvironment } from './test-environment.js';

export const TOKENS = { admin: 'dev-admin-token', analyst: 'dev-analyst-token', viewer: 'dev-viewer-token' } as const;

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiClient {
  readonly url: string;
  request<T = any>(method: string, path: string, options?: { body?: unknown; raw?: string; token?: string | null; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  get<T = any>(path: string, headers?: Record<string, string>): Promise<ApiResponse<T>>;
}

/** The real API (Fastify, every guard and filter) on a free port, bound to this file's services. */
export function useApi(env: TestEnvironment, overrides: NodeJS.ProcessEnv = {}): ApiClient {
  let app: NestFastifyApplication | undefined;
  let url = '';
  beforeAll(async () => {
    app = await createApi(env.config(overrides));
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  env.onTeardown(async () => {
    await app?.close();
  });
  const client: ApiClient = {
    get url() {
      return url;
    },
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      const token = options.token === undefined ? TOKENS.admin : options.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${url}/api/v1${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed as any };
    },
    post: (path, body, headers = {}) => client.request('POST', path, { body, headers, token: headers.authorization === undefined ? TOKENS.analyst : null }),
    get: (path, headers = {}) => client.request('GET', path, { headers, token: headers.authorization === undefined ? TOKENS.viewer : null }),
  };
  return client;
}
