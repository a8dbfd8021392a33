import { z } from 'zod';
import { DEADLINE_ALERT_KINDS } from '@app/domain';
import { instantOut, uuidOut } from './common.schema.js';

export const ALERT_DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'gone'] as const;

export const alertDeliverySchema = z
  .object({
    id: uuidOut,
    deadlineId: z.string(),
    kind: z.enum(DEADLINE_ALERT_KINDS),
    leadTime: z.string().meta({ example: 'P7D' }),
    firedAt: instantOut,
    late: z.boolean().meta({ description: 'Fired after its time (on recovery).' }),
    webhookId: uuidOut,
    attempts: z.number().int().min(0),
    status: z.enum(ALERT_DELIVERY_STATUSES).meta({ description: '`gone`: the receiver answered 410 and the webhook was disabled.' }),
    lastStatus: z.number().int().nullable().meta({ description: "The receiver's last HTTP status." }),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'AlertDelivery', description: 'One alert delivered (or being delivered) to one webhook.' });
