import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, terminate } from './service-processes.launcher.js';

const SERVER = fileURLToPath(new URL('./raw-http.server.js', import.meta.url));

export interface RawHttpServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts raw-http.server.ts as a process of its own, serving `bodies` to reads. */
export async function launchRawHttp(databaseUrl: string, bodies: readonly string[]): Promise<RawHttpServer> {
  const port = await freePort();
  const bodiesFile = path.join(os.tmpdir(), `dt-bench-raw-http-${process.pid}-${Date.now().toString(36)}.json`);
  writeFileSync(bodiesFile, JSON.stringify(bodies));
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port), RAW_HTTP_BODIES: bodiesFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('listening\n')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code, signal) => reject(new Error(`the raw HTTP baseline exited (${code ?? signal}):\n${output.slice(-2000)}`)));
    });
  } catch (error) {
    rmSync(bodiesFile, { force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      await terminate(child);
      rmSync(bodiesFile, { force: true });
    },
  };
}
