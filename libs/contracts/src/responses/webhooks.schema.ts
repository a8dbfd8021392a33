import { z } from 'zod';
import { instantOut, uuidOut } from './common.schema.js';

export const webhookCreatedSchema = z
  .object({
    id: uuidOut,
    url: z.string().meta({ example: 'https://alerts.example.org/dispute-tracker' }),
    secret: z.string().meta({ description: 'Shown once, here: deliveries are signed with it (Standard Webhooks).', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
    createdAt: instantOut,
  })
  .meta({ id: 'WebhookCreated' });

export const webhookSchema = z
  .object({
    id: uuidOut,
    url: z.string(),
    createdAt: instantOut,
    disabledAt: instantOut.nullable(),
    disabledReason: z.string().nullable(),
  })
  .meta({ id: 'Webhook' });
