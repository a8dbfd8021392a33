import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { resolvePublic } from './private-addresses.js';

export interface SendResult {
  status: number | null;
  error: string | null;
  durationMs: number;
}

const TIMEOUT_MS = 10_000;

/**
 * One signed POST (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`). The
 * address is checked when the connection is made, not only when the webhook was registered, so a
 * name that later resolves to a private address (DNS rebinding) is refused too.
 */
export async function sendWebhook(
  target: { url: string; secret: string },
  messageId: string,
  body: string,
  options: { allowPrivate: boolean; now?: Date },
): Promise<SendResult> {
  const timestamp = options.now ?? new Date();
  const signature = new Webhook(target.secret).sign(messageId, timestamp, body);
  const url = new URL(target.url);
  const started = performance.now();
  if (isIP(url.hostname.replace(/^\[|\]$/g, ''))) {
    // Node connects to an address literal without a lookup: check it here.
    try {
      await resolvePublic(url.hostname, options.allowPrivate);
    } catch (error) {
      return { status: null, error: (error as Error).message, durationMs: 0 };
    }
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const done = (status: number | null, error: string | null) => resolve({ status, error, durationMs: Math.round(performance.now() - started) });
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'dispute-tracker-webhooks/1',
          'webhook-id': messageId,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
        timeout: TIMEOUT_MS,
        lookup: (hostname, _opts, callback) => {
          resolvePublic(hostname, options.allowPrivate).then(
            (addresses) => {
              const address = addresses[0]!;
              (callback as (err: Error | null, address: string | LookupAddress[], family?: number) => void)(null, address, address.includes(':') ? 6 : 4);
            },
            (error: Error) => (callback as (err: Error) => void)(error),
          );
        },
      },
      (response) => {
        response.resume(); // the body is not ours to read
        response.on('end', () => done(response.statusCode ?? null, null));
        response.on('error', (error) => done(response.statusCode ?? null, error.message));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    request.on('error', (error) => done(null, error.message));
    request.end(body);
  });
}
