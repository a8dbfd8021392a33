import { z } from 'zod';
import { parties, slug, text } from './common.schema.js';

export const openDisputeSchema = z.strictObject({
  id: slug,
  title: text(200),
  parties,
  description: text(5000).optional(),
});
export type OpenDisputeBody = z.output<typeof openDisputeSchema>;
