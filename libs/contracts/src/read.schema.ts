import { z } from 'zod';
import { dateInput, slug } from './common.schema.js';

/** Every read: read-your-writes; state reads add the two times. Query values arrive as strings. */
const position = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a global position (a whole number, as returned by a write)')
  .transform(Number);

export const readQuery = {
  minPosition: position.optional().meta({
    description: 'Read your own write: wait (up to 5 s, then 503 with Retry-After) until the read models include this global position (as a write answered).',
    example: '28',
  }),
};
export const stateQuery = {
  ...readQuery,
  asOf: dateInput.optional().meta({ description: 'The world as it stood then: only developments that occurred up to it (date or instant).', example: '2019-09-01' }),
  knownAt: dateInput.optional().meta({ description: 'Only what had been recorded by then (an instant); may be combined with asOf.', example: '2019-08-23T00:00:00Z' }),
};

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
    .optional()
    .meta({ description: 'Items per page, 1-500 [50].', example: '50' }),
  cursor: z.string().max(500).optional().meta({ description: 'The `nextCursor` of the previous page.' }),
});

export const historyQuerySchema = z.strictObject({
  ...stateQuery,
  from: dateInput.optional().meta({ description: 'First day [89 days before `to`].', example: '2019-06-30' }),
  to: dateInput.optional().meta({ description: 'Last day [asOf, else today]; at most 3660 days after `from`.', example: '2019-08-31' }),
});

export const measuresQuerySchema = z.strictObject({
  ...stateQuery,
  disputeId: slug.optional().meta({ description: "Only this dispute's measures.", example: 'jp-kr-2019' }),
  status: z.enum(['announced', 'active', 'effective', 'lifted']).optional().meta({ description: 'Only measures with this status.' }),
});

export const deadlinesQuerySchema = z.strictObject({
  ...stateQuery,
  disputeId: slug.optional().meta({ description: "Only this dispute's deadlines.", example: 'jp-kr-2019' }),
  status: z.enum(['pending', 'reached', 'cancelled']).optional().meta({ description: 'Only deadlines with this status.' }),
  from: dateInput.optional().meta({ description: 'Only deadlines due at or after this date or instant.' }),
  to: dateInput.optional().meta({ description: 'Only deadlines due at or before this date or instant.' }),
});
