import { describe, expect, it } from '@jest/globals';
import { addDays, addMonths, compactInstant, toInstant } from './time.js';

const on = (instant: string): Date => new Date(instant);

describe('addMonths (calendar months in UTC)', () => {
  it.each([
    ['2019-01-31T00:00:00.000Z', 1, '2019-02-28T00:00:00.000Z'],
    ['2020-01-31T00:00:00.000Z', 1, '2020-02-29T00:00:00.000Z'],
    ['2019-03-31T00:00:00.000Z', 1, '2019-04-30T00:00:00.000Z'],
    ['2020-02-29T00:00:00.000Z', 12, '2021-02-28T00:00:00.000Z'],
    ['2019-11-23T00:00:00.000Z', 12, '2020-11-23T00:00:00.000Z'],
    ['2019-12-15T23:30:00.000Z', 1, '2020-01-15T23:30:00.000Z'],
    ['2019-03-31T00:00:00.000Z', -1, '2019-02-28T00:00:00.000Z'],
  ])('given %s, when %i month(s) are added, then %s', (from, months, expected) => expect(toInstant(addMonths(on(from), months))).toBe(expected));
});

describe('addDays', () => {
  it('given 23 Nov 2019, when 90 days are taken off, then 25 Aug 2019', () =>
    expect(toInstant(addDays(on('2019-11-23T00:00:00Z'), -90))).toBe('2019-08-25T00:00:00.000Z'));
});

describe('compactInstant', () => {
  it('given an instant, then it drops separators and milliseconds (no colons)', () => {
    expect(compactInstant(on('2019-11-23T00:00:00.000Z'))).toBe('20191123T000000Z');
    expect(compactInstant(on('2019-11-23T15:04:05.678Z'))).toBe('20191123T150405Z');
  });
});
