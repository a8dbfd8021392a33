import { z } from 'zod';
import { parties, slug, text } from './common.schema.js';

export const openDisputeSchema = z.strictObject({
  id: slug,
  title: text(200),
  parties,
  description: text(5000).optional(),
}).meta({ id: 'OpenDispute', description: 'A new dispute; its id is chosen by the client.' });
export type OpenDisputeBody = z.output<typeof openDisputeSchema>;
