import { z } from 'zod';
import { MEASURE_KINDS, MEASURE_STATUSES } from '@app/domain';
import { countryCodeOut, instantOut, uuidOut } from './common.schema.js';

export const measureSchema = z
  .object({
    id: uuidOut.meta({ description: 'The eventId of the development that created it.' }),
    disputeId: z.string(),
    kind: z.enum(MEASURE_KINDS),
    actor: countryCodeOut,
    target: countryCodeOut,
    items: z.array(z.string()).meta({ description: 'Controlled items (export controls); empty for a list removal.' }),
    list: z.string().nullable().meta({ description: 'The list a removal took the target off; null for an export control.' }),
    status: z.enum(MEASURE_STATUSES),
    since: instantOut.meta({ description: 'When it took its current status.' }),
    licensesIssued: z.number().int().min(0),
  })
  .meta({ id: 'Measure' });
