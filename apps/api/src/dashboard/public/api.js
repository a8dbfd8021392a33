// The API client: bearer token, problem details, and the change stream read with fetch()
// (EventSource cannot send an Authorization header).

const BASE = '/api/v1';

/** An answer that is not 2xx, carrying the problem's `detail` (RFC 9457) for the page to show. */
export class ApiError extends Error {
  /** @param {number} status @param {{title?: string, detail?: string, type?: string}} problem */
  constructor(status, problem) {
    super(problem.detail || problem.title || `the service answered ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** 401: no token, or one the service does not accept. */
export class AuthError extends ApiError {}

const wait = (/** @type {number} */ ms, /** @type {AbortSignal | undefined} */ signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** @param {Response} response */
async function problemOf(response) {
  try {
    const body = await response.json();
    if (body && typeof body === 'object') return body;
  } catch {
    // not JSON
  }
  return { title: response.statusText || `HTTP ${response.status}` };
}

/**
 * GET a path under /api/v1 as JSON.
 * @param {string} path @param {string} token @param {{signal?: AbortSignal}} [options]
 * @returns {Promise<any>}
 */
export async function getJson(path, token, { signal } = {}) {
  for (let attempt = 0; ; attempt++) {
    let response;
    try {
      response = await fetch(BASE + path, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal, cache: 'no-store' });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(0, { title: 'Network error', detail: 'the service could not be reached; check your connection' });
    }
    if (response.ok) return response.json();
    const problem = await problemOf(response);
    if (response.status === 401) throw new AuthError(401, problem);
    // A read waiting for minPosition may answer 503 with Retry-After: try once more.
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.status === 503 && attempt === 0 && retryAfter >= 0 && retryAfter <= 5) {
      await wait(retryAfter * 1000 || 500, signal);
      continue;
    }
    throw new ApiError(response.status, problem);
  }
}

/**
 * Follows GET /api/v1/stream and calls onChange with each `change` event's data
 * ({projection, id, globalPosition}). Reconnects with backoff; a stream silent for longer than the
 * server's pings allow is dropped and reopened.
 * @param {{
 *   token: string,
 *   onChange: (change: {projection: string, id: string | null, globalPosition: number}) => void,
 *   onState: (state: 'connecting' | 'live' | 'reconnecting') => void,
 *   onReconnected: () => void,
 *   onUnauthorized: () => void,
 * }} handlers
 * @returns {{close(): void}}
 */
export function followChanges({ token, onChange, onState, onReconnected, onUnauthorized }) {
  const closing = new AbortController();
  const SILENCE_MS = 45_000; // the server pings every 15 s
  (async () => {
    let failures = 0;
    let connectedBefore = false;
    while (!closing.signal.aborted) {
      onState(connectedBefore ? 'reconnecting' : 'connecting');
      const attempt = new AbortController();
      const abortAttempt = () => attempt.abort();
      closing.signal.addEventListener('abort', abortAttempt, { once: true });
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      let silence;
      const watch = () => {
        clearTimeout(silence);
        silence = setTimeout(abortAttempt, SILENCE_MS);
      };
      try {
        watch();
        const response = await fetch(`${BASE}/stream`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: attempt.signal, cache: 'no-store' });
        if (response.status === 401) {
          clearTimeout(silence);
          onUnauthorized();
          return;
        }
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        onState('live');
        if (connectedBefore) onReconnected(); // changes may have been missed meanwhile
        connectedBefore = true;
        failures = 0;
        const parser = eventParser((event, data) => {
          if (event !== 'change') return;
          try {
            onChange(JSON.parse(data));
          } catch {
            // a malformed event is skipped
          }
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          watch();
          parser(value);
        }
      } catch {
        // dropped, refused or silent: reconnect below
      } finally {
        clearTimeout(silence);
        closing.signal.removeEventListener('abort', abortAttempt);
      }
      if (closing.signal.aborted) return;
      failures++;
      onState('reconnecting');
      const backoff = Math.min(30_000, 500 * 2 ** Math.min(failures, 6)) * (0.75 + Math.random() / 2);
      await wait(backoff, closing.signal).catch(() => {});
    }
  })();
  return { close: () => closing.abort() };
}

/**
 * A text/event-stream parser fed with decoded chunks; calls dispatch(event, data) per event.
 * @param {(event: string, data: string) => void} dispatch
 */
export function eventParser(dispatch) {
  let buffer = '';
  let event = '';
  /** @type {string[]} */
  let data = [];
  const line = (/** @type {string} */ text) => {
    if (text === '') {
      if (data.length) dispatch(event || 'message', data.join('\n'));
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return; // a comment
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  return (/** @type {string} */ chunk) => {
    buffer += chunk;
    // A chunk may end between '\r' and '\n': keep a trailing '\r' for the next one.
    const lines = buffer.split(/\r\n|\n|\r(?!$)/);
    buffer = lines.pop() ?? '';
    for (const l of lines) line(l);
  };
}
