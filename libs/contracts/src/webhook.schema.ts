import { z } from 'zod';

export const createWebhookSchema = z.strictObject({
  url: z
    .string()
    .max(2000)
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL')
    .refine((v) => !URL.canParse(v) || (new URL(v).username === '' && new URL(v).password === ''), 'must not carry credentials'),
  secret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'must be a Standard Webhooks secret: "whsec_" and base64 of at least 24 bytes')
    .optional(),
}).meta({ id: 'CreateWebhook', description: 'Where alerts are POSTed; the secret (drawn when left out) signs every delivery (Standard Webhooks).' });
export type CreateWebhookBody = z.output<typeof createWebhookSchema>;

export const alertsQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number from 1 to 1000')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 1000, 'must be a whole number from 1 to 1000')
    .optional()
    .meta({ description: 'How many deliveries, newest first, 1-1000 [100].', example: '100' }),
});
