import { z } from 'zod';

export const fieldErrorSchema = z
  .object({
    field: z.string().meta({ description: 'The field, dotted with indexes: `developments[2].sources[0].url`; a header or query parameter by its name.', example: 'occurredAt' }),
    pointer: z.string().meta({ description: 'The same place as a JSON Pointer (RFC 6901) into the body; empty for a header.', example: '/occurredAt' }),
    message: z.string().meta({ example: 'must be a date (YYYY-MM-DD) or an ISO 8601 instantOut with an offset (2019-08-22T09:00:00Z)' }),
  })
  .meta({ id: 'FieldError' });

export const problemSchema = z
  .object({
    type: z.string().meta({
      format: 'uri-reference',
      description: 'The rule broken, as `/problems/<name>` (e.g. `/problems/validation`, `/problems/version-mismatch`, `/problems/no-active-notice`), or `about:blank` when the status says it all.',
      example: '/problems/validation',
    }),
    title: z.string().meta({ example: 'Invalid request' }),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    errors: z.array(fieldErrorSchema).optional().meta({ description: '400 only: one entry per bad field.' }),
    currentVersion: z.number().int().optional().meta({ description: "412 only: the stream's current version." }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (`application/problem+json`). Never a stack trace.' });
