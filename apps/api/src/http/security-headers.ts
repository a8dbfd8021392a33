import helmet from 'helmet';

/**
 * Helmet's security headers (its defaults but CSP; the dashboard sends its own). With these options
 * they are the same on every answer, so helmet runs once, at start-up, against a recorder, and each
 * answer gets the recorded set: running its dozen middlewares per request (the `@fastify/helmet`
 * plugin even built them anew each time) was a measurable share of a cached read's CPU.
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = { setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value), removeHeader: () => {} };
  let failure: unknown;
  helmet({ contentSecurityPolicy: false })({} as never, recorder as never, (error?: unknown) => void (failure = error));
  if (failure) throw failure;
  if (Object.keys(headers).length === 0) throw new Error('helmet set no headers: did its middleware become asynchronous?');
  return Object.freeze(headers);
}
