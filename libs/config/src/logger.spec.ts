import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { isoTime } from './logger.js';

const timeOf = (field: string): string => JSON.parse(`{"a":1${field}}`).time;

describe('isoTime', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('gives pino the time of the call as an ISO field, formatted anew when the millisecond changes', () => {
    jest.useFakeTimers({ now: Date.parse('2019-08-22T09:00:00.000Z') });
    expect(timeOf(isoTime())).toBe('2019-08-22T09:00:00.000Z');
    expect(timeOf(isoTime())).toBe('2019-08-22T09:00:00.000Z');
    jest.setSystemTime(Date.parse('2019-08-22T09:00:00.001Z'));
    expect(timeOf(isoTime())).toBe('2019-08-22T09:00:00.001Z');
    jest.setSystemTime(Date.parse('2019-11-22T18:00:00.000Z'));
    expect(timeOf(isoTime())).toBe('2019-11-22T18:00:00.000Z');
  });
});
