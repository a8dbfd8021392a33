import { z } from 'zod';
import { DEADLINE_ALERT_KINDS, DEADLINE_ALERT_STATUSES, DEADLINE_KINDS, DEADLINE_STATUSES } from '@app/domain';
import { instantOut } from './common.schema.js';

export const deadlineAlertSchema = z
  .object({
    leadTime: z.string().meta({ description: 'ISO 8601 duration before `dueAt`; `PT0S` for the alert at `dueAt`.', example: 'P7D' }),
    kind: z.enum(DEADLINE_ALERT_KINDS),
    fireAt: instantOut,
    status: z.enum(DEADLINE_ALERT_STATUSES),
  })
  .meta({ id: 'DeadlineAlert' });

export const deadlineSchema = z
  .object({
    id: z.string().meta({ example: 'agreement-jp-kr-gsomia-expiry-20191123T000000Z' }),
    kind: z.enum(DEADLINE_KINDS),
    title: z.string(),
    disputeId: z.string().nullable(),
    subject: z.object({ type: z.string(), id: z.string() }).nullable().meta({ description: 'What it is about (an agreement, a measure, …).' }),
    dueAt: instantOut,
    status: z.enum(DEADLINE_STATUSES),
    alerts: z.array(deadlineAlertSchema).meta({ description: 'Its alert schedule.' }),
  })
  .meta({ id: 'Deadline' });
