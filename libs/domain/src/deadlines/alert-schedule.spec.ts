import { describe, expect, it } from '@jest/globals';
import { alertKey, alertSchedule, normalizeLeadTimes } from './alert-schedule.js';
import { byDueAt, deadlineStatus } from './deadline-status.js';
import type { Deadline, DeadlineAlert } from './deadline.types.js';

const on = (date: string): Date => new Date(date.length === 10 ? `${date}T00:00:00.000Z` : date);

const DEFAULTS = ['P30D', 'P7D', 'P1D', 'PT1H'];
const NOBODY_SENT: ReadonlySet<string> = new Set();

/** GSOMIA's notice expiry, due 23 Nov 2019; known and cancelled as each case says. */
const deadline = (changes: Partial<Deadline> = {}): Deadline => ({
  id: 'agreement-gsomia-expiry-20191123T000000Z',
  kind: 'agreement_expiry',
  title: 'GSOMIA ends on 2019-11-23',
  disputeId: 'jp-kr-2019',
  subject: { type: 'agreement', id: 'gsomia' },
  dueAt: on('2019-11-23'),
  knownAt: on('2019-10-14'),
  cancelledAt: null,
  leadTimes: DEFAULTS,
  sourceEventId: 'ev-notice',
  ...changes,
});

const alert = (leadTime: string, fireAt: string, status: DeadlineAlert['status']): DeadlineAlert => ({
  leadTime,
  kind: leadTime === 'PT0S' ? 'reached' : 'approaching',
  fireAt: on(fireAt),
  status,
});

describe('alertSchedule', () => {
  describe('given a deadline recorded 40 days ahead (14 Oct, due 23 Nov 2019) with the default lead times', () => {
    it('then every alert is scheduled, ordered by fireAt, ending with the reached alert at dueAt', () =>
      expect(alertSchedule(deadline(), on('2019-10-14'), NOBODY_SENT)).toEqual([
        alert('P30D', '2019-10-24', 'scheduled'),
        alert('P7D', '2019-11-16', 'scheduled'),
        alert('P1D', '2019-11-22', 'scheduled'),
        alert('PT1H', '2019-11-22T23:00:00Z', 'scheduled'),
        alert('PT0S', '2019-11-23', 'scheduled'),
      ]));

    it('when some were delivered, then those are sent', () =>
      expect(
        alertSchedule(
          deadline(),
          on('2019-11-17'),
          new Set([alertKey('agreement-gsomia-expiry-20191123T000000Z', 'P30D'), alertKey('agreement-gsomia-expiry-20191123T000000Z', 'P7D'), 'another-deadline-P1D']),
        ).map((a) => a.status),
      ).toEqual(['sent', 'sent', 'scheduled', 'scheduled', 'scheduled']));

    it('when it is cancelled on 17 Nov after two were sent, then the sent stay sent and the remaining are cancelled', () =>
      expect(
        alertSchedule(
          deadline({ cancelledAt: on('2019-11-17') }),
          on('2019-11-18'),
          new Set(['P30D', 'P7D'].map((lead) => alertKey('agreement-gsomia-expiry-20191123T000000Z', lead))),
        ),
      ).toEqual([
        alert('P30D', '2019-10-24', 'sent'),
        alert('P7D', '2019-11-16', 'sent'),
        alert('P1D', '2019-11-22', 'cancelled'),
        alert('PT1H', '2019-11-22T23:00:00Z', 'cancelled'),
        alert('PT0S', '2019-11-23', 'cancelled'),
      ]));

    it('when it is cancelled and an alert due before the cancellation was never delivered, then that one is cancelled too (nothing more fires)', () =>
      expect(alertSchedule(deadline({ cancelledAt: on('2019-11-17') }), on('2019-11-18'), NOBODY_SENT).map((a) => a.status)).toEqual([
        'cancelled',
        'cancelled',
        'cancelled',
        'cancelled',
        'cancelled',
      ]));
  });

  describe('given a deadline recorded 3 days ahead (20 Nov)', () => {
    it('then the 30- and 7-day alerts are skipped (already past when recorded), the rest scheduled', () =>
      expect(alertSchedule(deadline({ knownAt: on('2019-11-20') }), on('2019-11-20'), NOBODY_SENT)).toEqual([
        alert('P30D', '2019-10-24', 'skipped'),
        alert('P7D', '2019-11-16', 'skipped'),
        alert('P1D', '2019-11-22', 'scheduled'),
        alert('PT1H', '2019-11-22T23:00:00Z', 'scheduled'),
        alert('PT0S', '2019-11-23', 'scheduled'),
      ]));
    it('recorded exactly at a fire time, then that alert is not skipped', () =>
      expect(alertSchedule(deadline({ knownAt: on('2019-11-22') }), on('2019-11-22'), NOBODY_SENT).map((a) => a.status)).toEqual([
        'skipped',
        'skipped',
        'scheduled',
        'scheduled',
        'scheduled',
      ]));
  });

  describe('given a backfilled deadline (due 23 Nov 2019, recorded in 2024)', () => {
    const backfilled = deadline({ knownAt: on('2024-01-01') });
    it('then every alert is skipped, the reached one included', () =>
      expect(alertSchedule(backfilled, on('2024-01-01'), NOBODY_SENT).map((a) => [a.leadTime, a.status])).toEqual([
        ['P30D', 'skipped'],
        ['P7D', 'skipped'],
        ['P1D', 'skipped'],
        ['PT1H', 'skipped'],
        ['PT0S', 'skipped'],
      ]));
    it('then it is reached at once', () => expect(deadlineStatus(backfilled, on('2024-01-01'))).toBe('reached'));
  });

  describe('given calendar lead times', () => {
    it('P1M before 31 Mar 2020, then 29 Feb 2020 (calendar months in UTC); P1W a week; ordered by fireAt whatever the given order', () =>
      expect(alertSchedule(deadline({ dueAt: on('2020-03-31'), knownAt: on('2020-01-01'), leadTimes: ['PT1H', 'P1M', 'P1W'] }), on('2020-01-01'), NOBODY_SENT)).toEqual([
        alert('P1M', '2020-02-29', 'scheduled'),
        alert('P1W', '2020-03-24', 'scheduled'),
        alert('PT1H', '2020-03-30T23:00:00Z', 'scheduled'),
        alert('PT0S', '2020-03-31', 'scheduled'),
      ]));
    it('given duplicates, non-canonical text or durations that are not positive, then one alert per distinct positive lead, named canonically', () =>
      expect(
        alertSchedule(deadline({ leadTimes: ['P1D', ' P1D ', 'PT0S', '-P1D', 'soon', 'P7D'] }), on('2019-10-14'), NOBODY_SENT).map((a) => a.leadTime),
      ).toEqual(['P7D', 'P1D', 'PT0S']));
    it('given day and time units, a fraction of a second and a year, then each counted exactly in UTC (29 Feb 2020 included)', () =>
      expect(
        alertSchedule(deadline({ dueAt: on('2020-03-01'), knownAt: on('2018-01-01'), leadTimes: ['PT36H', 'P1Y', 'PT0.25S', 'P1DT12H30M'] }), on('2018-01-01'), NOBODY_SENT),
      ).toEqual([
        alert('P1Y', '2019-03-01', 'scheduled'),
        alert('P1DT12H30M', '2020-02-28T11:30:00Z', 'scheduled'),
        alert('PT36H', '2020-02-28T12:00:00Z', 'scheduled'),
        alert('PT0.25S', '2020-02-29T23:59:59.750Z', 'scheduled'),
        alert('PT0S', '2020-03-01', 'scheduled'),
      ]));
    it('given no lead times, then only the reached alert', () =>
      expect(alertSchedule(deadline({ leadTimes: [] }), on('2019-10-14'), NOBODY_SENT)).toEqual([alert('PT0S', '2019-11-23', 'scheduled')]));
  });
});

describe('alertKey', () => {
  it('given a deadline id and a lead time, then `<id>-<lead>`, with no colon', () => {
    expect(alertKey('agreement-gsomia-expiry-20191123T000000Z', 'PT1H')).toBe('agreement-gsomia-expiry-20191123T000000Z-PT1H');
    for (const a of alertSchedule(deadline(), on('2019-10-14'), NOBODY_SENT)) expect(alertKey(deadline().id, a.leadTime)).not.toContain(':');
  });
});

describe('normalizeLeadTimes', () => {
  it('given lead times as configured, then canonical text, without duplicates, in the order given', () =>
    expect(normalizeLeadTimes(['P30D', 'p7d', 'P30D', 'PT1H'])).toEqual(['P30D', 'P7D', 'PT1H']));
});

describe('deadlineStatus', () => {
  const due = deadline();
  it('given a deadline not cancelled, the instant before dueAt, then pending', () => expect(deadlineStatus(due, on('2019-11-22T23:59:59.999Z'))).toBe('pending'));
  it('given a deadline not cancelled, at dueAt exactly, then reached', () => expect(deadlineStatus(due, on('2019-11-23'))).toBe('reached'));
  it('given a deadline not cancelled, long after, then reached', () => expect(deadlineStatus(due, on('2025-01-01'))).toBe('reached'));
  it('given a deadline cancelled before it fell due, then cancelled, before and after dueAt', () => {
    const cancelled = deadline({ cancelledAt: on('2019-11-22') });
    expect(deadlineStatus(cancelled, on('2019-11-22T12:00:00Z'))).toBe('cancelled');
    expect(deadlineStatus(cancelled, on('2019-12-01'))).toBe('cancelled');
  });
  it('given a cancellation recorded after dueAt (a suspension dated before it, learned late), then cancelled: the read model is as if recorded in order', () =>
    expect(deadlineStatus(deadline({ cancelledAt: on('2019-12-01') }), on('2019-12-02'))).toBe('cancelled'));
});

describe('byDueAt', () => {
  it('given deadlines in any order, then by dueAt, then id', () => {
    const a = deadline({ id: 'b', dueAt: on('2019-08-28') });
    const b = deadline({ id: 'a', dueAt: on('2019-11-23') });
    const c = deadline({ id: 'b', dueAt: on('2019-11-23') });
    expect([c, b, a].sort(byDueAt)).toEqual([a, b, c]);
  });
});
