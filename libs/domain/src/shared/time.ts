import { Temporal } from 'temporal-polyfill';

/** Instants travel as ISO 8601 strings in UTC (`Date#toISOString`), in events and answers alike. */
export type Instant = string;

export const toInstant = (date: Date): Instant => date.toISOString();

/** Calendar months in UTC: 31 January + 1 month = 28/29 February, as a contract would read. */
export function addMonths(instant: Date, months: number): Date {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO('UTC');
  return new Date(zoned.add({ months }).epochMilliseconds);
}

export function addDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * 86_400_000);
}

/** `2019-11-23T00:00:00.000Z` → `20191123T000000Z`: safe in ids and job names (no colons). */
export function compactInstant(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
}
