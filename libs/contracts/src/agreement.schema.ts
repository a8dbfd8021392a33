import { z } from 'zod';
import { dateInput, parties, slug, text } from './common.schema.js';

export const registerAgreementSchema = z
  .strictObject({
    id: slug,
    name: text(200),
    parties,
    disputeId: slug.optional(),
    signedOn: dateInput,
    expiresOn: dateInput,
    autoRenews: z.boolean(),
    termMonths: z.number().int().min(1).max(1200).optional(),
    noticeDays: z.number().int().min(0).max(3650),
  })
  .superRefine((v, ctx) => {
    if (v.autoRenews && v.termMonths === undefined) {
      ctx.addIssue({ code: 'custom', path: ['termMonths'], message: 'is required when autoRenews is true' });
    }
    if (v.expiresOn <= v.signedOn) ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'must be after signedOn' });
  })
  .meta({
    id: 'RegisterAgreement',
    description: 'An agreement between states; `termMonths` is required when it `autoRenews` (it renews by that term unless notice is given `noticeDays` before expiry).',
  });
export type RegisterAgreementBody = z.output<typeof registerAgreementSchema>;
