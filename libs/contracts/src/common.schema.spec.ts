import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { dateInput, INSTANT } from './common.schema.js';

/** What Temporal alone makes of a day (YYYY-MM-DD). */
function dayByTemporal(value: string): number | 'refused' {
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' }).toZonedDateTime('UTC').epochMilliseconds;
  } catch {
    return 'refused';
  }
}

/** What the pattern and Temporal alone make of an instant: the answer before the canonical form had its fast path. */
function byTemporal(value: string): number | 'refused' {
  try {
    return INSTANT.test(value) ? Temporal.Instant.from(value).epochMilliseconds : 'refused';
  } catch {
    return 'refused';
  }
}

function byDateInput(value: string): number | 'refused' {
  const parsed = dateInput.safeParse(value);
  return parsed.success ? parsed.data.getTime() : 'refused';
}

describe('dateInput, instants in the canonical form (24 characters, as toISOString gives them)', () => {
  it('reads every valid one as Temporal does', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(byDateInput(text)).toBe(byTemporal(text));
      }),
    );
  });

  it('given a near miss (a digit changed, a day past the month, hour 24, a leap second, a lower-case z), then answers as Temporal does', () => {
    const nearMisses = ['2019-02-29T00:00:00.000Z', '2019-02-30T12:00:00.000Z', '2019-04-31T00:00:00.000Z', '2019-08-22T24:00:00.000Z', '2016-12-31T23:59:60.000Z', '2019-08-22T09:00:00.000z', '2019-13-01T00:00:00.000Z', '2020-02-29T00:00:00.000Z'];
    for (const text of nearMisses) expect([text, byDateInput(text)]).toEqual([text, byTemporal(text)]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), fc.nat(23), fc.constantFrom(...'0123456789:-.TZ'), (ms, at, digit) => {
        const canonical = new Date(ms).toISOString();
        const text = canonical.slice(0, at) + digit + canonical.slice(at + 1);
        expect([text, byDateInput(text)]).toEqual([text, byTemporal(text)]);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('dateInput, days (YYYY-MM-DD)', () => {
  it('reads every day from 0000 to 9999 as Temporal does', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T00:00:00.000Z') }), (ms) => {
        const text = new Date(ms).toISOString().slice(0, 10);
        expect([text, byDateInput(text)]).toEqual([text, dayByTemporal(text)]);
      }),
    );
  });

  it('given a near miss (a day past the month, month 13, day 00, a digit changed), then answers as Temporal does', () => {
    const nearMisses = ['2019-02-29', '2020-02-29', '2019-02-30', '2019-04-31', '2019-13-01', '2019-00-10', '2019-08-00', '2019-08-32', '1900-02-29', '2000-02-29', '0000-01-01', '0019-08-22'];
    for (const text of nearMisses) expect([text, byDateInput(text)]).toEqual([text, dayByTemporal(text)]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), fc.nat(9), fc.constantFrom(...'0123456789'), (ms, at, digit) => {
        const canonical = new Date(ms).toISOString().slice(0, 10);
        const text = canonical.slice(0, at) + digit + canonical.slice(at + 1);
        expect([text, byDateInput(text)]).toEqual([text, dayByTemporal(text)]);
      }),
      { numRuns: 2_000 },
    );
  });
});
