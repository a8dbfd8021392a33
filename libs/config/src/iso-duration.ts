import { Temporal } from 'temporal-polyfill';

/**
 * An ISO 8601 duration as configured (`P30D`, `PT1H`). Kept as its canonical text (so it can be
 * shown and used in job ids) with the parsed value for date arithmetic.
 */
export interface IsoDuration {
  readonly text: string;
  readonly duration: Temporal.Duration;
}

export function parseIsoDuration(text: string): IsoDuration {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('-')) {
    throw new RangeError(`"${text}" is not a positive ISO 8601 duration`);
  }
  let duration: Temporal.Duration;
  try {
    duration = Temporal.Duration.from(trimmed);
  } catch {
    throw new RangeError(`"${text}" is not an ISO 8601 duration (e.g. P30D, PT1H)`);
  }
  if (duration.sign <= 0) throw new RangeError(`"${text}" must be longer than zero`);
  return { text: duration.toString(), duration };
}

/** `instant - duration`, with calendar units (months, days) counted in UTC. */
export function subtractDuration(instant: Date, duration: IsoDuration): Date {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO('UTC');
  return new Date(zoned.subtract(duration.duration).epochMilliseconds);
}
