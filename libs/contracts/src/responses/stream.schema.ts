import { z } from 'zod';

export const changeNoticeSchema = z
  .object({
    projection: z.string().meta({
      description: 'The read model that changed (`disputes`, `agreements`, `deadlines`), or the projection that moved (`timeline`, `deadlines`) when `id` is null.',
      example: 'agreements',
    }),
    id: z.string().nullable().meta({ description: 'What changed in it (a dispute, agreement or deadline id); null when any of it may have.', example: 'jp-kr-gsomia' }),
    globalPosition: z.number().int().min(0).meta({ description: 'The read models include the log up to here.', example: 29 }),
  })
  .meta({ id: 'ChangeNotice', description: 'The data of an SSE `change` event.' });
