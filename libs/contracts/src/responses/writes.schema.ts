import { z } from 'zod';
import { positionOut, uuidOut } from './common.schema.js';

export const streamWrittenSchema = z
  .object({
    id: z.string().meta({ description: 'The id the client chose.', example: 'jp-kr-2019' }),
    version: positionOut.meta({ description: "The stream's version after the write (send it back as `If-Match`).", example: 1 }),
    globalPosition: positionOut.meta({ description: 'Where the write stands in the log (pass it as `minPosition` to read it back).', example: 1 }),
  })
  .meta({ id: 'StreamWritten', description: 'A dispute or an agreement, recorded.' });

export const eventRecordedSchema = z
  .object({
    eventId: uuidOut,
    streamId: z.string().meta({ example: 'dispute-jp-kr-2019' }),
    version: positionOut.meta({ example: 27 }),
    globalPosition: positionOut.meta({ example: 29 }),
  })
  .meta({ id: 'EventRecorded', description: 'One appended event (a development or a retraction).' });

export const eventsRecordedSchema = z
  .object({ events: z.array(eventRecordedSchema) })
  .meta({ id: 'EventsRecorded', description: 'The batch, appended atomically, in the order sent.' });
