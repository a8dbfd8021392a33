import { z } from 'zod';
import { countryCodeOut, instantOut, uuidOut } from './common.schema.js';

export const AGREEMENT_STATUSES = ['in_force', 'termination_notified', 'notice_suspended', 'terminated'] as const;

export const agreementSchema = z
  .object({
    id: z.string().meta({ example: 'jp-kr-gsomia' }),
    name: z.string(),
    parties: z.array(countryCodeOut),
    disputeId: z.string().nullable(),
    signedOn: instantOut,
    autoRenews: z.boolean(),
    termMonths: z.number().int().nullable(),
    noticeDays: z.number().int(),
    status: z.enum(AGREEMENT_STATUSES),
    expiresOn: instantOut.meta({ description: 'The current expiry (moved on by `termMonths` at each automatic renewal).' }),
    notice: z
      .object({ actor: countryCodeOut, givenOn: instantOut, expiresOn: instantOut, suspended: z.boolean() })
      .nullable()
      .meta({ description: 'The non-renewal notice, while one stands.' }),
    history: z.array(z.object({ eventId: uuidOut, occurredAt: instantOut, status: z.enum(AGREEMENT_STATUSES) })).meta({ description: 'Each change of status, in time order.' }),
  })
  .meta({ id: 'Agreement' });
