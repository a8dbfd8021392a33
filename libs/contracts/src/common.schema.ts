import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { parseIsoDuration } from '@app/config';
import { isCameoCode } from '@app/domain';
import { COUNTRY_CODES } from './country-codes.js';

export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const slug = z
  .string()
  .regex(SLUG, 'must be a slug: lower-case letters, digits and "-", 1-64 characters, not starting with "-"')
  .meta({ description: 'An id chosen by the client: lower-case letters, digits and "-", 1-64 characters, not starting with "-".' });

export const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => v.trim().length > 0, 'must not be blank');

export const countryCode = z
  .string()
  .refine((v) => COUNTRY_CODES.has(v), 'must be an ISO 3166-1 alpha-2 country code in upper case (JP, KR, US…)')
  .meta({ description: 'An officially assigned ISO 3166-1 alpha-2 country code, upper case.', pattern: '^[A-Z]{2}$', example: 'JP' });

export const parties = z
  .array(countryCode)
  .min(2, 'must name at least two parties')
  .max(50, 'must name at most 50 parties')
  .refine((v) => new Set(v).size === v.length, 'must not repeat a party')
  .meta({ description: 'The parties (ISO 3166-1 alpha-2), at least two, none repeated.', example: ['JP', 'KR'] });

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** `text` as a Date if it is exactly what toISOString gives back for it. */
function roundTrip(text: string): Date | undefined {
  const date = new Date(text);
  return !Number.isNaN(date.getTime()) && date.toISOString() === text ? date : undefined;
}

/** The instant `value` names, or undefined if it names none. */
function readDate(value: string): Date | undefined {
  // A real day, and only a real day, survives a round trip at its midnight (a property test holds
  // this to Temporal's reading; Temporal's parser here was a fiftieth of a write's CPU).
  if (DATE_ONLY.test(value)) return roundTrip(`${value}T00:00:00.000Z`);
  // So does the canonical form of an instant (what most clients send); any other goes to Temporal.
  const canonical = value.length === 24 ? roundTrip(value) : undefined;
  if (canonical || !INSTANT.test(value)) return canonical;
  try {
    return new Date(Temporal.Instant.from(value).epochMilliseconds);
  } catch {
    return undefined;
  }
}

/** `YYYY-MM-DD` (00:00 UTC that day) or a full ISO 8601 instant with an offset; gives a Date. */
export const dateInput = z.string().transform((value, ctx) => {
  const date = readDate(value);
  if (date) return date;
  ctx.addIssue({ code: 'custom', message: 'must be a date (YYYY-MM-DD) or an ISO 8601 instant with an offset (2019-08-22T09:00:00Z)' });
  return z.NEVER;
}).meta({ description: '`YYYY-MM-DD` (00:00 UTC that day) or an ISO 8601 instant with an offset (`2019-08-22T09:00:00+09:00`).', example: '2019-08-22' });

/** A date as it is stored in events: the canonical UTC instant. */
export const instantInput = dateInput.transform((d) => d.toISOString());

export const isoDuration = z.string().transform((value, ctx) => {
  try {
    return parseIsoDuration(value).text;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `${(error as Error).message}` });
    return z.NEVER;
  }
}).meta({ description: 'A positive ISO 8601 duration.', example: 'P7D' });

export const cameo = z
  .string()
  .regex(/^\d{2,4}$/, 'must be a CAMEO event code: 2-4 digits, as a string ("010", "163")')
  .refine(isCameoCode, 'is not a CAMEO 1.1b3 event code')
  .meta({ description: 'A CAMEO 1.1b3 event code, as a string (its Goldstein value weighs the development).', example: '111' });

export const source = z.strictObject({
  publisher: text(200),
  title: text(500).optional(),
  url: z
    .string()
    .max(2000)
    .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), 'must be an http(s) URL')
    .optional(),
  publishedOn: instantInput.optional(),
  quote: text(2000).optional(),
}).meta({ description: 'Where the development is reported: the publisher, and the title, URL, date and a short verbatim quote where known.' });

export const items = z.array(text(200)).min(1, 'must name at least one item').max(100, 'must name at most 100 items');
