import { z } from 'zod';
import { dateInput, slug } from './common.schema.js';

/** Every read: read-your-writes; state reads add the two times. Query values arrive as strings. */
const position = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a global position (a whole number, as returned by a write)')
  .transform(Number);

export const readQuery = { minPosition: position.optional() };
export const stateQuery = { ...readQuery, asOf: dateInput.optional(), knownAt: dateInput.optional() };

export const stateQuerySchema = z.strictObject(stateQuery);
export type StateQuery = z.output<typeof stateQuerySchema>;

export const readQuerySchema = z.strictObject(readQuery);

export const timelineQuerySchema = z.strictObject({
  ...stateQuery,
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number from 1 to 500')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 500, 'must be a whole number from 1 to 500')
    .optional(),
  cursor: z.string().max(500).optional(),
});

export const historyQuerySchema = z.strictObject({ ...stateQuery, from: dateInput.optional(), to: dateInput.optional() });

export const measuresQuerySchema = z.strictObject({
  ...stateQuery,
  disputeId: slug.optional(),
  status: z.enum(['announced', 'active', 'effective', 'lifted']).optional(),
});

export const deadlinesQuerySchema = z.strictObject({
  ...stateQuery,
  disputeId: slug.optional(),
  status: z.enum(['pending', 'reached', 'cancelled']).optional(),
  from: dateInput.optional(),
  to: dateInput.optional(),
});
