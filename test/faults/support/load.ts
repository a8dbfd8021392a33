import { TOKENS } from '../../support/api-server.js';

/** What one request of a load loop came to: an answer (status, body) or an error (no answer). */
export interface Outcome {
  writer: number;
  startedAt: number;
  ms: number;
  status?: number;
  contentType?: string | null;
  retryAfter?: string | null;
  body?: any;
  error?: string;
}

/** A request that must end within `timeoutMs`: an abort there is recorded as a hang. */
export async function timedRequest(
  url: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> },
  timeoutMs = 15_000,
): Promise<Omit<Outcome, 'writer'>> {
  const startedAt = Date.now();
  try {
    const response = await fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${init.token ?? TOKENS.analyst}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return {
      startedAt,
      ms: Date.now() - startedAt,
      status: response.status,
      contentType: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      body,
    };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const name = e.name === 'TimeoutError' ? 'HANG' : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { startedAt, ms: Date.now() - startedAt, error: name };
  }
}

export function faultSeed(): number {
  const given = Number(process.env.FAULT_SEED);
  return Number.isInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
}

/** A problem details answer that gives nothing of the server's insides away. */
export function leaksNothing(body: unknown): boolean {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  return !/\bat [\w.<>]+ \(|\.js:\d+|\.ts:\d+|node_modules|stack/i.test(text);
}
