import { EventEmitter } from 'node:events';
import pg from 'pg';

export const EVENTS_CHANNEL = 'events_appended';

/**
 * Holds one LISTEN connection and tells followers when events were appended. Notifications are a
 * hint only: followers also poll, so a dropped connection delays them but loses nothing.
 */
export class EventsNotifier {
  private readonly emitter = new EventEmitter();
  private client: pg.Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly onError: (error: Error) => void = () => {},
  ) {
    this.emitter.setMaxListeners(100);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  onAppended(listener: () => void): () => void {
    this.emitter.on('appended', listener);
    return () => this.emitter.off('appended', listener);
  }

  /** Tells this process's followers to look again (a transaction of its own that held them back has ended). */
  wakeFollowers(): void {
    this.emitter.emit('appended');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5_000, application_name: 'dispute-tracker-listen' });
    client.on('notification', () => this.emitter.emit('appended'));
    client.on('error', (error) => this.reconnectLater(client, error));
    client.on('end', () => this.reconnectLater(client));
    try {
      await client.connect();
      await client.query(`listen ${EVENTS_CHANNEL}`);
      this.client = client;
      // Anything appended while we were away: followers should look now.
      this.emitter.emit('appended');
    } catch (error) {
      this.reconnectLater(client, error as Error);
    }
  }

  private reconnectLater(client: pg.Client, error?: Error): void {
    if (error) this.onError(error);
    if (this.client === client) this.client = undefined;
    client.removeAllListeners('end');
    client.end().catch(() => {});
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.stopped) void this.connect();
    }, 1_000);
  }
}
