import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eventually } from '../../support/eventually.js';
import type { TestEnvironment } from '../../support/test-environment.js';
import { freePort } from './private-services.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The built api (`node dist/apps/api/src/main.js`) as a child process, to be SIGKILLed and started again. */
export interface ApiProcess {
  readonly url: string;
  readonly child: ChildProcess;
  logTail(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts it on `port` (a free one by default) and resolves once /health/live answers. */
export async function startApiProcess(env: TestEnvironment, overrides: NodeJS.ProcessEnv = {}, port?: number): Promise<ApiProcess> {
  const listenOn = port ?? (await freePort());
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/api/src/main.js')], {
    env: env.childEnv({ PORT: String(listenOn), LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', ...overrides }),
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      if (lines.length > 200) lines.splice(0, lines.length - 200);
    });
  }
  const url = `http://127.0.0.1:${listenOn}`;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const api: ApiProcess = {
    url,
    child,
    logTail: () => lines.join('\n'),
    kill: async (signal = 'SIGKILL') => {
      if (exited()) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(signal);
      await gone;
    },
  };
  try {
    await eventually(
      async () => {
        if (exited()) throw new Error(`the api exited at start (${child.exitCode ?? child.signalCode})`);
        return (await fetch(`${url}/health/live`).catch(() => undefined))?.status === 200;
      },
      'the api to answer /health/live',
      30_000,
    );
  } catch (error) {
    await api.kill();
    throw new Error(`${(error as Error).message}\napi log:\n${api.logTail()}`);
  }
  return api;
}
