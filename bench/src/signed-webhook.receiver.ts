import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Arrival {
  /** Date.now() when the whole body was in: the moment a receiver could act on the alert. */
  at: number;
  messageId: string;
  body: any;
}

/**
 * A loopback webhook receiver such as a user would run: it checks each Standard Webhooks signature
 * (401 when it does not hold, so a bad one is retried by the service and never counted) and answers
 * 204 at once, keeping every accepted arrival.
 */
export class SignedWebhookReceiver {
  readonly arrivals: Arrival[] = [];
  rejected = 0;
  private readonly server: http.Server;
  private verifier: Webhook | undefined;

  constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = Date.now();
        const body = Buffer.concat(chunks).toString('utf8');
        try {
          if (!this.verifier) throw new Error('no secret yet');
          const json = this.verifier.verify(body, req.headers as Record<string, string>);
          this.arrivals.push({ at, messageId: String(req.headers['webhook-id']), body: json });
          res.writeHead(204).end();
        } catch {
          this.rejected += 1;
          res.writeHead(401).end();
        }
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/alerts`;
  }

  /** The secret the service signs with (the one the webhook was registered with). */
  trust(secret: string): void {
    this.verifier = new Webhook(secret);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
