import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll } from '@jest/globals';
import type { TestEnvironment } from './test-environment.js';

export interface ReceivedWebhook {
  path: string;
  at: number;
  headers: Record<string, string>;
  body: string;
  json: any;
}

/** How a path answers: a status, after an optional delay. */
export type Behaviour = (request: ReceivedWebhook, nth: number) => { status: number; delayMs?: number };

/** A real HTTP receiver on loopback that records every request (even ones it answers with an error). */
export function useWebhookReceiver(env: TestEnvironment) {
  const received: ReceivedWebhook[] = [];
  const behaviours = new Map<string, Behaviour>();
  const counts = new Map<string, number>();
  let server: http.Server | undefined;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        const entry: ReceivedWebhook = { path: req.url ?? '', at: Date.now(), headers: req.headers as Record<string, string>, body, json };
        received.push(entry);
        const key = `${entry.path} ${entry.headers['webhook-id']}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        const behaviour: Behaviour = behaviours.get(entry.path) ?? (() => ({ status: 204 }));
        const { status, delayMs = 0 } = behaviour(entry, counts.get(key)!);
        setTimeout(() => res.writeHead(status).end(), delayMs);
      });
    });
    server.keepAliveTimeout = 100;
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  env.onTeardown(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });
  return {
    url: (path: string) => `${base}${path}`,
    received,
    answer: (path: string, behaviour: Behaviour) => behaviours.set(path, behaviour),
    for: (path: string, deadlineId?: string) => received.filter((r) => r.path === path && (!deadlineId || r.json?.deadline?.id === deadlineId)),
  };
}
