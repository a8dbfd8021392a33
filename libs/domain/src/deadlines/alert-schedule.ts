import { Temporal } from 'temporal-polyfill';
import type { Deadline, DeadlineAlert } from './deadline.types.js';

/** The lead time of the alert at `dueAt` itself (`kind: reached`). */
export const DUE_TIME_LEAD_TIME = 'PT0S';

/** `<deadlineId>-<leadTime>`: names one alert of one deadline (no colons: ids and durations have none). */
export const alertKey = (deadlineId: string, leadTime: string): string => `${deadlineId}-${leadTime}`;

interface LeadTime {
  text: string;
  duration: Temporal.Duration;
}

// Deadline views parse the same few lead times over and over (measured: most of a dispute read's
// CPU went to Temporal.Duration.from and toString); durations are immutable, so each text is parsed once.
const parsed = new Map<string, LeadTime | null>();
const PARSED_MAX = 1_000;

/** A positive ISO 8601 duration in its canonical text (`p30d` → `P30D`), or null if it is not one. */
function parseLeadTime(text: string): LeadTime | null {
  let lead = parsed.get(text);
  if (lead === undefined) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    lead = parseLeadTimeText(text);
    parsed.set(text, lead);
  }
  return lead;
}

function parseLeadTimeText(text: string): LeadTime | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('-')) return null;
  try {
    const duration = Temporal.Duration.from(trimmed);
    return duration.sign > 0 ? { text: duration.toString(), duration } : null;
  } catch {
    return null;
  }
}

/**
 * Lead times as a deadline keeps them: canonical text, duplicates dropped, in the order given.
 * Text that is not a positive duration is kept as it is (it schedules nothing; the API refuses it
 * before it is ever recorded).
 */
export function normalizeLeadTimes(leadTimes: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const text of leadTimes) {
    const canonical = parseLeadTime(text)?.text ?? text;
    if (seen.has(canonical)) continue;
    seen.add(canonical);
    out.push(canonical);
  }
  return out;
}

const MAX_EPOCH_MS = 8.64e15;

/** `instant - duration`, with calendar units (months, days) counted in UTC. */
function subtract(instant: Date, duration: Temporal.Duration): Date {
  // Without years or months, every unit is a fixed number of milliseconds in UTC (no daylight
  // saving): plain arithmetic gives what the calendar would, without a ZonedDateTime per alert.
  // Out of Date's range, Temporal throws as it always did.
  const { years, months, microseconds, nanoseconds } = duration;
  if (years === 0 && months === 0 && microseconds === 0 && nanoseconds === 0) {
    const { weeks, days, hours, minutes, seconds, milliseconds } = duration;
    const at = instant.getTime() - (((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + milliseconds);
    if (Number.isSafeInteger(at) && Math.abs(at) <= MAX_EPOCH_MS) return new Date(at);
  }
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO('UTC');
  return new Date(zoned.subtract(duration).epochMilliseconds);
}

/**
 * A deadline's alerts: one at `dueAt - lead` for each lead time (`approaching`), and one at `dueAt`
 * (`reached`, lead time `PT0S`), ordered by `fireAt`. Each one is
 * - `sent` if its key (`alertKey`) is among those already delivered;
 * - `skipped` if it was to fire before the deadline was known (`fireAt < knownAt`): a deadline
 *   recorded 3 days ahead skips its 30- and 7-day alerts, and a backfilled one (due before it was
 *   known) skips them all, the `reached` one included;
 * - `cancelled` if the deadline is cancelled (a cancelled deadline fires nothing more);
 * - else `scheduled` (an overdue one is still to fire: late, on recovery).
 *
 * `now` is taken for symmetry with `deadlineStatus`; nothing here depends on it (whether a
 * cancellation counts is the derivation's business, see `deadlineStatus`).
 */
export function alertSchedule(deadline: Deadline, now: Date, sent: ReadonlySet<string>): DeadlineAlert[] {
  void now;
  const leads: Array<Omit<DeadlineAlert, 'status'>> = [];
  const seen = new Set<string>();
  for (const text of deadline.leadTimes) {
    const lead = parseLeadTime(text);
    if (!lead || seen.has(lead.text)) continue;
    seen.add(lead.text);
    leads.push({ leadTime: lead.text, kind: 'approaching', fireAt: subtract(deadline.dueAt, lead.duration) });
  }
  leads.push({ leadTime: DUE_TIME_LEAD_TIME, kind: 'reached', fireAt: new Date(deadline.dueAt) });

  return leads
    .map((alert): DeadlineAlert => ({ ...alert, status: alertStatus(deadline, alert, sent) }))
    .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime() || (a.kind === b.kind ? (a.leadTime < b.leadTime ? -1 : 1) : a.kind === 'approaching' ? -1 : 1));
}

function alertStatus(deadline: Deadline, alert: Omit<DeadlineAlert, 'status'>, sent: ReadonlySet<string>): DeadlineAlert['status'] {
  if (sent.has(alertKey(deadline.id, alert.leadTime))) return 'sent';
  if (alert.fireAt < deadline.knownAt) return 'skipped';
  if (deadline.cancelledAt !== null) return 'cancelled';
  return 'scheduled';
}
