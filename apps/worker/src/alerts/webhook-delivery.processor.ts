import type { Job } from 'bullmq';
import type { Kysely } from 'kysely';
import { disableWebhook, loadDelivery, recordAttempt, sendWebhook, type DeliveryJob } from '@app/alerts';

export type DeliveryOutcome = 'sent' | 'gone' | 'failed' | 'retry' | 'skipped';

/**
 * Delivers one alert to one webhook. A 2xx is done; 410 Gone disables the webhook; anything else
 * (or no answer in 10 s) is retried by BullMQ with jittered backoff, and marked failed after the last
 * attempt. Every attempt is recorded.
 */
export class WebhookDeliveryProcessor {
  constructor(
    private readonly db: Kysely<any>,
    private readonly allowPrivate: boolean,
  ) {}

  async deliver(job: Job<DeliveryJob>): Promise<DeliveryOutcome> {
    const delivery = await loadDelivery(this.db, job.data.deliveryId);
    if (!delivery || delivery.status !== 'pending') return 'skipped';
    if (delivery.webhookDisabled) {
      await recordAttempt(this.db, delivery.id, { status: null, error: 'webhook disabled', durationMs: 0 }, 'gone');
      return 'gone';
    }
    const result = await sendWebhook({ url: delivery.url, secret: delivery.secret }, delivery.messageId, JSON.stringify(delivery.payload), {
      allowPrivate: this.allowPrivate,
    });
    if (result.status !== null && result.status >= 200 && result.status < 300) {
      await recordAttempt(this.db, delivery.id, result, 'sent');
      return 'sent';
    }
    if (result.status === 410) {
      await recordAttempt(this.db, delivery.id, result, 'gone');
      await disableWebhook(this.db, delivery.webhookId, 'the receiver answered 410 Gone');
      return 'gone';
    }
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await recordAttempt(this.db, delivery.id, result, last ? 'failed' : 'pending');
    if (last) return 'failed';
    throw new Error(`webhook answered ${result.status ?? result.error}`);
  }
}
