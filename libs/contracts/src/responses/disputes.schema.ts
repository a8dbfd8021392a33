import { z } from 'zod';
import { DEVELOPMENT_TYPES, ESCALATION_RUNGS } from '@app/domain';
import { countryCodeOut, instantOut, positionOut, uuidOut } from './common.schema.js';
import { agreementSchema } from './agreements.schema.js';
import { deadlineSchema } from './deadlines.schema.js';
import { measureSchema } from './measures.schema.js';

export const escalationRungSchema = z
  .object({
    index: z.number().int().min(0).max(ESCALATION_RUNGS.length - 1),
    name: z.enum(ESCALATION_RUNGS),
  })
  .meta({ id: 'EscalationRung', description: 'The highest rung of the escalation ladder that holds (0 friction … 4 military confrontation).' });

export const escalationContributorSchema = z
  .object({
    eventId: uuidOut,
    type: z.string().meta({ example: 'export_list_removal' }),
    occurredAt: instantOut,
    weight: z.number().meta({ description: 'w = −Goldstein × magnitude, rounded to 2 decimals.', example: 8 }),
    contribution: z.number().meta({ description: 'Its decayed flow at the time read plus its stock part, rounded to 2 decimals.', example: 9.16 }),
  })
  .meta({ id: 'EscalationContributor' });

export const escalationSchema = z
  .object({
    level: z.number().int().min(0).max(100),
    rung: escalationRungSchema,
    trend: z.enum(['rising', 'falling', 'steady']).meta({ description: 'The level against the level 7 days earlier: rising above +2, falling below −2.' }),
    contributors: z.array(escalationContributorSchema).meta({ description: 'Every development that counts, largest contribution first.' }),
  })
  .meta({ id: 'Escalation', description: 'How tense the dispute is at the time read, and what made it so (see the README for the formula).' });

export const escalationSummarySchema = z
  .object({ level: z.number().int().min(0).max(100), rung: escalationRungSchema })
  .meta({ id: 'EscalationSummary' });

export const escalationDaySchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ format: 'date', description: 'The UTC day; the reading at its end.', example: '2019-07-04' }),
    level: z.number().int().min(0).max(100),
    rung: escalationRungSchema,
  })
  .meta({ id: 'EscalationDay' });

export const disputeSummarySchema = z
  .object({
    id: z.string().meta({ example: 'jp-kr-2019' }),
    title: z.string(),
    parties: z.array(countryCodeOut),
    version: positionOut.meta({ description: "The dispute stream's version." }),
    escalation: escalationSummarySchema,
  })
  .meta({ id: 'DisputeSummary' });

export const disputeSchema = z
  .object({
    id: z.string().meta({ example: 'jp-kr-2019' }),
    title: z.string(),
    parties: z.array(countryCodeOut),
    description: z.string().nullable(),
    version: positionOut.meta({ description: "The dispute stream's version (also the `ETag`)." }),
    escalation: escalationSchema,
    agreements: z.array(agreementSchema).meta({ description: 'Agreements of the dispute, and those its developments refer to.' }),
    measures: z.array(measureSchema),
    nextDeadlines: z.array(deadlineSchema).meta({ description: 'The next 10 pending deadlines, by `dueAt`.' }),
  })
  .meta({ id: 'Dispute' });

/** A cited source as recorded (dates as instants). */
export const sourceOutSchema = z
  .object({
    publisher: z.string(),
    title: z.string().optional(),
    url: z.string().optional(),
    publishedOn: instantOut.optional(),
    quote: z.string().optional(),
  })
  .meta({ id: 'SourceRecorded' });

export const timelineItemSchema = z
  .object({
    eventId: uuidOut,
    type: z.enum(DEVELOPMENT_TYPES),
    occurredAt: instantOut,
    recordedAt: instantOut,
    recordedBy: z.string().nullable().meta({ description: 'Who recorded it: the API key\'s name, or "system" for what the service records itself.', example: 'analyst (API_KEYS)' }),
    summary: z.string(),
    actor: z.string().nullable(),
    target: z.string().nullable(),
    sources: z.array(sourceOutSchema),
    retracted: z.boolean().meta({ description: 'Retracted (as known at `knownAt`, if given): it counts for nothing.' }),
    cameoCode: z.string().nullable().meta({ description: 'The CAMEO code it weighs by (the analyst\'s or the type\'s default); null when it weighs nothing.' }),
    details: z.record(z.string(), z.unknown()).meta({ description: 'The fields of its type as recorded (e.g. `agreementId`, `items`, `effectiveOn`).' }),
  })
  .meta({ id: 'TimelineItem' });

export const timelinePageSchema = z
  .object({
    items: z.array(timelineItemSchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
  })
  .meta({ id: 'TimelinePage', description: 'Developments ordered by `occurredAt`, then `recordedAt`.' });
