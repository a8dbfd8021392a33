import { z } from 'zod';
import { instantOut } from './common.schema.js';

export const projectionGenerationSchema = z
  .object({
    name: z.string().meta({ example: 'timeline' }),
    generation: z.number().int().min(1),
    version: z.number().int(),
    status: z.enum(['building', 'active', 'retired']),
    createdAt: instantOut,
    activatedAt: instantOut.nullable(),
    checkpoint: z
      .object({
        transactionId: z.string().meta({ description: 'xid8, as text.', example: '3696192' }),
        globalPosition: z.number().int().min(0),
      })
      .nullable(),
    lag: z.object({
      events: z.number().int().min(0).meta({ description: 'Events in the log not yet applied.' }),
      ms: z.number().min(0).meta({ description: 'Age of the oldest of them.' }),
    }),
  })
  .meta({ id: 'ProjectionGeneration', description: 'A copy of a projection (the active one, and one being rebuilt, if any).' });

export const rebuildStartedSchema = z
  .object({
    name: z.string().meta({ example: 'timeline' }),
    generation: z.number().int().min(1),
    status: z.enum(['building', 'active', 'retired']),
  })
  .meta({ id: 'RebuildStarted' });
