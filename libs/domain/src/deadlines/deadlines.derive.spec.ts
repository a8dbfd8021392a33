import { describe, expect, it } from '@jest/globals';
import type { AgreementTerms } from '../agreement/agreement.types.js';
import type { DevelopmentFieldsByType, DevelopmentType, Source } from '../developments/development.types.js';
import { expiryDeadlineId, noticeWindowDeadlineId, pendingAgreementDeadlines } from '../agreement/agreement-deadlines.js';
import { agreementAt, byOccurrence, type AgreementEvent } from '../agreement/agreement.fold.js';
import { deadlineStatus } from './deadline-status.js';
import type { Deadline, DeadlineStatus, DevelopmentWithRetraction } from './deadline.types.js';
import { agreementDeadlines, disputeDeadlines } from './deadlines.derive.js';

// ---- fixtures -------------------------------------------------------------------------------

/** A date at midnight UTC, or an instant. */
const on = (date: string): Date => new Date(date.length === 10 ? `${date}T00:00:00.000Z` : date);

const DISPUTE = 'jp-kr-2019';
const DEFAULTS = ['P30D', 'P7D', 'P1D', 'PT1H'];

const GSOMIA: AgreementTerms = {
  id: 'gsomia',
  name: 'GSOMIA',
  parties: ['JP', 'KR'],
  disputeId: DISPUTE,
  signedOn: on('2016-11-23'),
  expiresOn: on('2017-11-23'),
  autoRenews: true,
  termMonths: 12,
  noticeDays: 90,
};
const FIXED_TERM: AgreementTerms = {
  ...GSOMIA,
  id: 'swap-line',
  name: 'Swap line',
  signedOn: on('2017-02-23'),
  expiresOn: on('2020-02-23'),
  autoRenews: false,
  termMonths: null,
  noticeDays: 30,
};

const SOURCES: Source[] = [{ publisher: 'Yonhap' }];
let sequence = 0;

interface Recording {
  recordedAt?: string;
  retractedAt?: string;
  alertLeadTimes?: string[];
  eventId?: string;
  disputeId?: string;
}

function development<T extends DevelopmentType>(type: T, occurredAt: string, fields: DevelopmentFieldsByType[T], recording: Recording = {}): DevelopmentWithRetraction {
  sequence += 1;
  const { recordedAt = occurredAt, retractedAt, alertLeadTimes, eventId = `ev-${sequence}-${type.replace(/_/g, '-')}`, disputeId = DISPUTE } = recording;
  return {
    eventId,
    type,
    occurredAt: on(occurredAt),
    recordedAt: on(recordedAt),
    retractedAt: retractedAt ? on(retractedAt) : null,
    data: { disputeId, summary: type, sources: SOURCES, cameoCode: null, ...(alertLeadTimes ? { alertLeadTimes } : {}), ...fields },
  } as DevelopmentWithRetraction;
}

const noticeGiven = (date: string, expiresOn: string, recording?: Recording, agreementId = 'gsomia') =>
  development('agreement_non_renewal', date, { agreementId, actor: 'KR', expiresOn: on(expiresOn).toISOString() }, recording);
const noticeSuspended = (date: string, recording?: Recording, agreementId = 'gsomia') =>
  development('agreement_non_renewal_suspended', date, { agreementId, actor: 'KR', conditional: true }, recording);
const noticeWithdrawn = (date: string, recording?: Recording) => development('agreement_non_renewal_withdrawn', date, { agreementId: 'gsomia', actor: 'KR' }, recording);
const renewed = (date: string, expiresOn: string, recording?: Recording, agreementId = 'gsomia') =>
  development('agreement_renewed', date, { agreementId, expiresOn: on(expiresOn).toISOString() }, recording);
const expiryReached = (terms: AgreementTerms, expiresOn: string, recording?: Recording) =>
  development('deadline_reached', expiresOn, { deadlineId: expiryDeadlineId(terms.id, on(expiresOn)), agreementId: terms.id }, recording);

const windowId = (expiresOn: string) => noticeWindowDeadlineId('gsomia', on(expiresOn));
const expiryId = (expiresOn: string, agreementId = 'gsomia') => expiryDeadlineId(agreementId, on(expiresOn));

/** The read model's view of a result at `now`: what a reader sees, in order. */
const view = (deadlines: Deadline[], now: string) =>
  deadlines.map((d) => ({ id: d.id, dueAt: d.dueAt.toISOString(), status: deadlineStatus(d, on(now)) }));
const row = (id: string, dueAt: string, status: DeadlineStatus) => ({ id, dueAt: on(dueAt).toISOString(), status });

/** given(terms, registeredAt, ...developments).asOf(now) → the agreement's deadlines. */
const given = (terms: AgreementTerms, registeredAt: string, ...developments: DevelopmentWithRetraction[]) => ({
  asOf: (now: string) => {
    const deadlines = agreementDeadlines({ terms, registeredAt: on(registeredAt), developments, defaultLeadTimes: DEFAULTS }, on(now));
    return {
      deadlines,
      byId: (id: string): Deadline => {
        const found = deadlines.find((d) => d.id === id);
        if (!found) throw new Error(`no deadline ${id} among ${deadlines.map((d) => d.id).join(', ')}`);
        return found;
      },
      then: (expected: ReturnType<typeof row>[]) => expect(view(deadlines, now)).toEqual(expected),
    };
  },
});

const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1 ? [[...items]] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

// ---- agreements -----------------------------------------------------------------------------

describe('agreementDeadlines', () => {
  describe('given GSOMIA (signed 23 Nov 2016, first expiry 23 Nov 2017, 12-month terms, 90 days\' notice) registered on 1 Aug 2019', () => {
    it('when nothing happened, as of 10 Aug 2019, then only the window before the 23 Nov 2019 renewal: earlier terms ended before it was recorded', () => {
      const { deadlines } = given(GSOMIA, '2019-08-01').asOf('2019-08-10');
      expect(deadlines).toEqual([
        {
          id: 'agreement-gsomia-notice-window-20191123T000000Z',
          kind: 'notice_window_closes',
          title: 'Last day to give notice before GSOMIA renews on 2019-11-23',
          disputeId: DISPUTE,
          subject: { type: 'agreement', id: 'gsomia' },
          dueAt: on('2019-08-25'),
          knownAt: on('2019-08-01'),
          cancelledAt: null,
          leadTimes: DEFAULTS,
          sourceEventId: null,
        },
      ]);
      expect(deadlineStatus(deadlines[0]!, on('2019-08-10'))).toBe('pending');
    });

    it('when nothing happened, as of 1 Sep 2019 (window closed, not yet renewed), then that window is reached and the next one (closing 25 Aug 2020) is the first at or after now', () =>
      given(GSOMIA, '2019-08-01')
        .asOf('2019-09-01')
        .then([row(windowId('2019-11-23'), '2019-08-25', 'reached'), row(windowId('2020-11-23'), '2020-08-25', 'pending')]));

    describe('when South Korea gave notice on 22 Aug 2019, recorded on 27 Aug (after the window closed on 25 Aug)', () => {
      const notice = noticeGiven('2019-08-22', '2019-11-23', { recordedAt: '2019-08-27' });
      const asOfSeptember = given(GSOMIA, '2019-08-01', notice).asOf('2019-09-01');

      it('then the window is cancelled (the notice came in time) and the agreement expires on 23 Nov 2019; no window of 2020', () =>
        asOfSeptember.then([row(windowId('2019-11-23'), '2019-08-25', 'cancelled'), row(expiryId('2019-11-23'), '2019-11-23', 'pending')]));

      it('then the window was cancelled when the notice was recorded', () => expect(asOfSeptember.byId(windowId('2019-11-23')).cancelledAt).toEqual(on('2019-08-27')));

      it('then the expiry deadline is the notice\'s: known when it was recorded, its dispute, its event, the default lead times', () =>
        expect(asOfSeptember.byId(expiryId('2019-11-23'))).toEqual({
          id: 'agreement-gsomia-expiry-20191123T000000Z',
          kind: 'agreement_expiry',
          title: 'GSOMIA ends on 2019-11-23 (KR gave notice of non-renewal)',
          disputeId: DISPUTE,
          subject: { type: 'agreement', id: 'gsomia' },
          dueAt: on('2019-11-23'),
          knownAt: on('2019-08-27'),
          cancelledAt: null,
          leadTimes: DEFAULTS,
          sourceEventId: notice.eventId,
        }));

      it('as of 21 Aug 2019 (before the notice), then only the pending window', () =>
        given(GSOMIA, '2019-08-01', notice).asOf('2019-08-21').then([row(windowId('2019-11-23'), '2019-08-25', 'pending')]));

      it('and its expiry reached (the service recorded deadline_reached on 23 Nov), as of 2021, then the expiry is reached and no window follows: it ended', () =>
        given(GSOMIA, '2019-08-01', notice, expiryReached(GSOMIA, '2019-11-23'))
          .asOf('2021-01-01')
          .then([row(windowId('2019-11-23'), '2019-08-25', 'cancelled'), row(expiryId('2019-11-23'), '2019-11-23', 'reached')]));

      it('with no deadline_reached recorded yet, as of 2021, then the notice still runs: the expiry is reached, nothing renews', () =>
        given(GSOMIA, '2019-08-01', notice)
          .asOf('2021-01-01')
          .then([row(windowId('2019-11-23'), '2019-08-25', 'cancelled'), row(expiryId('2019-11-23'), '2019-11-23', 'reached')]));

      describe('and suspended it conditionally on 22 Nov 2019', () => {
        const suspension = noticeSuspended('2019-11-22');
        const suspended = given(GSOMIA, '2019-08-01', notice, suspension).asOf('2019-12-01');

        it('then the expiry is cancelled (at the suspension), the 2019 window stays cancelled, and the agreement renews: the 2020 window is pending', () =>
          suspended.then([
            row(windowId('2019-11-23'), '2019-08-25', 'cancelled'),
            row(expiryId('2019-11-23'), '2019-11-23', 'cancelled'),
            row(windowId('2020-11-23'), '2020-08-25', 'pending'),
          ]));

        it('then the expiry was cancelled when the suspension was recorded', () => expect(suspended.byId(expiryId('2019-11-23')).cancelledAt).toEqual(on('2019-11-22')));

        it('then the 2020 window follows from the expiry the notice set: known since the notice was recorded, named after it', () =>
          expect(suspended.byId(windowId('2020-11-23'))).toMatchObject({ knownAt: on('2019-08-27'), sourceEventId: notice.eventId, disputeId: DISPUTE, cancelledAt: null }));

        it('as of 22 Nov 2019 at noon (before the renewal), then the 2020 window is already there: the first to close after now, the agreement renewing again', () =>
          given(GSOMIA, '2019-08-01', notice, suspension)
            .asOf('2019-11-22T12:00:00Z')
            .then([
              row(windowId('2019-11-23'), '2019-08-25', 'cancelled'),
              row(expiryId('2019-11-23'), '2019-11-23', 'cancelled'),
              row(windowId('2020-11-23'), '2020-08-25', 'pending'),
            ]));
      });
    });

    describe('when the notice, a suspension dated 22 Nov and a 2021 renewal are recorded late in any order (occurred times intact), the service having recorded the expiry as reached', () => {
      // The analyst's three developments (and a renewal in 2021) are recorded late, in every order, on these
      // days; the service recorded the expiry as reached on its day, before the suspension was known.
      const slots = ['2021-11-02', '2021-12-01', '2021-12-02'];
      const runs = permutations([0, 1, 2]).map((order) => {
        const recorded = (i: number) => slots[order[i]!]!;
        const notice = noticeGiven('2019-08-22', '2019-11-23', { recordedAt: recorded(0), eventId: 'ev-notice' });
        const suspension = noticeSuspended('2019-11-22', { recordedAt: recorded(1), eventId: 'ev-suspension' });
        const renewal = renewed('2021-11-01', '2023-11-23', { recordedAt: recorded(2), eventId: 'ev-renewal' });
        const reached = expiryReached(GSOMIA, '2019-11-23', { eventId: 'ev-reached' });
        return { order, recorded, developments: [notice, suspension, renewal, reached] };
      });

      it.each(runs.map((run) => [run.order.join(','), run] as const))(
        'recording order %s: then the deadlines are exactly those of the fold in occurred order, each known and cancelled when its development was recorded',
        (_, { recorded, developments }) => {
          const latest = (...dates: string[]) => on(dates.map((d) => on(d).toISOString()).sort().at(-1)!);
          const own = { disputeId: DISPUTE, subject: { type: 'agreement', id: 'gsomia' }, leadTimes: DEFAULTS };
          const window = (expiresOn: string, closes: string, knownAt: Date, sourceEventId: string | null, cancelledAt: Date | null = null): Deadline => ({
            id: windowId(expiresOn),
            kind: 'notice_window_closes',
            title: `Last day to give notice before GSOMIA renews on ${expiresOn}`,
            ...own,
            dueAt: on(closes),
            knownAt,
            cancelledAt,
            sourceEventId,
          });
          const expected: Deadline[] = [
            window('2019-11-23', '2019-08-25', on('2019-08-01'), null, on(recorded(0))),
            {
              id: expiryId('2019-11-23'),
              kind: 'agreement_expiry',
              title: 'GSOMIA ends on 2019-11-23 (KR gave notice of non-renewal)',
              ...own,
              dueAt: on('2019-11-23'),
              knownAt: on(recorded(0)),
              cancelledAt: on(recorded(1)),
              sourceEventId: 'ev-notice',
            },
            window('2020-11-23', '2020-08-25', latest('2019-08-01', recorded(0)), 'ev-notice'),
            // Its window had closed (25 Aug 2021) before the renewal (1 Nov 2021) moved the expiry: reached, not cancelled.
            window('2021-11-23', '2021-08-25', latest('2019-08-01', recorded(0)), 'ev-notice'),
            window('2023-11-23', '2023-08-25', on(recorded(2)), 'ev-renewal'),
          ];
          for (const input of permutations(developments)) {
            const deadlines = agreementDeadlines({ terms: GSOMIA, registeredAt: on('2019-08-01'), developments: input, defaultLeadTimes: DEFAULTS }, on('2023-01-01'));
            expect(deadlines).toEqual(expected);
          }
        },
      );

      it('then every recording order gives the same deadlines and statuses (the late suspension makes the reached expiry stale, as in the agreement fold)', () => {
        const views = runs.map(({ developments }) => view(given(GSOMIA, '2019-08-01', ...developments).asOf('2023-01-01').deadlines, '2023-01-01'));
        for (const v of views) expect(v).toEqual(views[0]);
        expect(views[0]).toEqual([
          row(windowId('2019-11-23'), '2019-08-25', 'cancelled'),
          row(expiryId('2019-11-23'), '2019-11-23', 'cancelled'),
          row(windowId('2020-11-23'), '2020-08-25', 'reached'),
          row(windowId('2021-11-23'), '2021-08-25', 'reached'),
          row(windowId('2023-11-23'), '2023-08-25', 'pending'),
        ]);
      });
    });

    describe('when the notice was retracted', () => {
      const notice = (retractedAt: string) => noticeGiven('2019-08-22', '2019-11-23', { recordedAt: '2019-08-23', retractedAt, eventId: 'ev-notice' });

      it('on 24 Aug (before the window closed), as of 1 Sep, then the expiry it would have created is cancelled at the retraction and the window is back (reached)', () => {
        const retracted = given(GSOMIA, '2019-08-01', notice('2019-08-24')).asOf('2019-09-01');
        retracted.then([
          row(windowId('2019-11-23'), '2019-08-25', 'reached'),
          row(expiryId('2019-11-23'), '2019-11-23', 'cancelled'),
          row(windowId('2020-11-23'), '2020-08-25', 'pending'),
        ]);
        expect(retracted.byId(expiryId('2019-11-23'))).toMatchObject({ knownAt: on('2019-08-23'), cancelledAt: on('2019-08-24'), sourceEventId: 'ev-notice' });
        expect(retracted.byId(windowId('2019-11-23')).cancelledAt).toBeNull();
      });

      it('then apart from that cancelled expiry, the deadlines are those of no notice at all', () => {
        const retracted = given(GSOMIA, '2019-08-01', notice('2019-08-24')).asOf('2019-09-01').deadlines;
        expect(retracted.filter((d) => d.id !== expiryId('2019-11-23'))).toEqual(given(GSOMIA, '2019-08-01').asOf('2019-09-01').deadlines);
      });

      it('on 1 Dec (after the expiry fell due), then the same deadlines, the expiry cancelled at the retraction: as if processed together', () => {
        const early = given(GSOMIA, '2019-08-01', notice('2019-08-24')).asOf('2020-01-01').deadlines;
        const late = given(GSOMIA, '2019-08-01', notice('2019-12-01')).asOf('2020-01-01').deadlines;
        expect(late).toEqual(early.map((d) => (d.id === expiryId('2019-11-23') ? { ...d, cancelledAt: on('2019-12-01') } : d)));
        expect(view(late, '2020-01-01')).toEqual(view(early, '2020-01-01'));
      });

      it('as of 21 Aug (before the notice occurred), then there is nothing of it', () =>
        given(GSOMIA, '2019-08-01', notice('2019-08-24'))
          .asOf('2019-08-21')
          .then([row(windowId('2019-11-23'), '2019-08-25', 'pending')]));
    });

    describe('when the notice was withdrawn before the window closed (notice 20 Aug, withdrawal 24 Aug 2019)', () => {
      const withdrawal = noticeWithdrawn('2019-08-24');
      it('then the window is pending again and the expiry is cancelled at the withdrawal', () => {
        const result = given(GSOMIA, '2019-08-01', noticeGiven('2019-08-20', '2019-11-23'), withdrawal).asOf('2019-08-24T12:00:00Z');
        result.then([row(windowId('2019-11-23'), '2019-08-25', 'pending'), row(expiryId('2019-11-23'), '2019-11-23', 'cancelled')]);
        expect(result.byId(expiryId('2019-11-23')).cancelledAt).toEqual(on('2019-08-24'));
      });
    });

    describe('when renewed explicitly on 20 Nov 2019 (to 23 Nov 2021) while the notice ran', () => {
      const renewal = renewed('2019-11-20', '2021-11-23', { alertLeadTimes: ['P14D'] });
      const rescued = given(GSOMIA, '2019-08-01', noticeGiven('2019-08-22', '2019-11-23'), renewal).asOf('2019-12-01');
      it('then the expiry is cancelled by the renewal and the next window is that of the new expiry', () =>
        rescued.then([
          row(windowId('2019-11-23'), '2019-08-25', 'cancelled'),
          row(expiryId('2019-11-23'), '2019-11-23', 'cancelled'),
          row(windowId('2021-11-23'), '2021-08-25', 'pending'),
        ]));
      it('then the new window comes from the renewal: known when it was recorded, with its lead times', () =>
        expect(rescued.byId(windowId('2021-11-23'))).toMatchObject({ knownAt: on('2019-11-20'), sourceEventId: renewal.eventId, leadTimes: ['P14D'] }));
    });

    describe('when time passes with no notice', () => {
      it('as of 1 Mar 2021, then a window per term from 2019 up to the first that closes after now (25 Aug 2021)', () =>
        given(GSOMIA, '2019-08-01')
          .asOf('2021-03-01')
          .then([
            row(windowId('2019-11-23'), '2019-08-25', 'reached'),
            row(windowId('2020-11-23'), '2020-08-25', 'reached'),
            row(windowId('2021-11-23'), '2021-08-25', 'pending'),
          ]));
      it('as of 25 Aug 2021, the closing instant itself, then that window is the last one (at or after now) and it is reached', () =>
        given(GSOMIA, '2019-08-01')
          .asOf('2021-08-25')
          .then([
            row(windowId('2019-11-23'), '2019-08-25', 'reached'),
            row(windowId('2020-11-23'), '2020-08-25', 'reached'),
            row(windowId('2021-11-23'), '2021-08-25', 'reached'),
          ]));
      it('as of 1 Sep 2021, then the window of 2022 joins', () =>
        expect(given(GSOMIA, '2019-08-01').asOf('2021-09-01').deadlines.map((d) => d.id)).toEqual([
          windowId('2019-11-23'),
          windowId('2020-11-23'),
          windowId('2021-11-23'),
          windowId('2022-11-23'),
        ]));
      it('then every window is known from the registration, from the terms', () => {
        for (const d of given(GSOMIA, '2019-08-01').asOf('2021-09-01').deadlines) expect(d).toMatchObject({ knownAt: on('2019-08-01'), sourceEventId: null, cancelledAt: null });
      });
    });
  });

  describe('given a busy history, at every month from 2019 to 2024', () => {
    const developments = [
      noticeGiven('2019-08-22', '2019-11-23', { recordedAt: '2019-08-27' }),
      noticeSuspended('2019-11-22', { recordedAt: '2019-12-05' }),
      expiryReached(GSOMIA, '2019-11-23'),
      noticeWithdrawn('2020-09-01'),
      noticeGiven('2021-07-01', '2021-11-23', { retractedAt: '2021-07-03' }),
      noticeGiven('2022-08-01', '2022-11-23'),
      renewed('2022-10-01', '2024-11-23'),
    ];
    const live = developments.filter((d) => d.retractedAt === null).sort(byOccurrence) as unknown as AgreementEvent[];
    const months = Array.from({ length: 66 }, (_, i) => new Date(Date.UTC(2019, 6 + i, 15)).toISOString().slice(0, 10));

    it.each(months)('as of %s, then what the agreement read model waits for is among the deadlines, not cancelled; what is pending is what it waits for or a window ahead', (month) => {
      const { deadlines } = given(GSOMIA, '2019-08-01', ...developments).asOf(month);
      const waiting = pendingAgreementDeadlines(agreementAt(GSOMIA, live, on(month)));
      for (const p of waiting) expect(deadlines.find((d) => d.id === p.id)).toMatchObject({ kind: p.kind, dueAt: p.dueAt, cancelledAt: null });
      const waitingIds = new Set(waiting.map((p) => p.id));
      for (const d of deadlines.filter((d) => deadlineStatus(d, on(month)) === 'pending')) {
        expect(waitingIds.has(d.id) || d.kind === 'notice_window_closes').toBe(true);
      }
      expect(deadlines.filter((d) => deadlineStatus(d, on(month)) === 'pending').length).toBeLessThanOrEqual(1);
    });
  });

  describe('given GSOMIA registered at other times', () => {
    it('registered in Nov 2016, as of 1 Jan 2018, then its windows start with its first term', () =>
      given(GSOMIA, '2016-11-01')
        .asOf('2018-01-01')
        .then([row(windowId('2017-11-23'), '2017-08-25', 'reached'), row(windowId('2018-11-23'), '2018-08-25', 'pending')]));
    it('registered on 1 Sep 2019 (the 2019 window already closed), then that window is a backfilled, reached one, known at registration', () => {
      const late = given(GSOMIA, '2019-09-01').asOf('2019-09-01');
      late.then([row(windowId('2019-11-23'), '2019-08-25', 'reached'), row(windowId('2020-11-23'), '2020-08-25', 'pending')]);
      expect(late.byId(windowId('2019-11-23')).knownAt).toEqual(on('2019-09-01'));
    });
  });

  describe('given developments of another agreement among the input', () => {
    it('then they are ignored', () =>
      expect(given(GSOMIA, '2019-08-01', noticeGiven('2019-08-22', '2019-11-23', {}, 'other')).asOf('2019-09-01').deadlines).toEqual(
        given(GSOMIA, '2019-08-01').asOf('2019-09-01').deadlines,
      ));
  });

  describe('given a notice with its own alert lead times, recorded for another dispute', () => {
    it('then its expiry deadline takes its lead times (canonical) and its dispute', () =>
      expect(
        given(GSOMIA, '2019-08-01', noticeGiven('2019-08-22', '2019-11-23', { alertLeadTimes: ['P14D', 'pt2h'], disputeId: 'us-kr' }))
          .asOf('2019-09-01')
          .byId(expiryId('2019-11-23')),
      ).toMatchObject({ leadTimes: ['P14D', 'PT2H'], disputeId: 'us-kr' }));
  });

  describe('given a fixed-term agreement (no automatic renewal) expiring 23 Feb 2020, registered 1 Aug 2019', () => {
    const expiry = (date: string) => expiryId(date, 'swap-line');

    it('when nothing happened, then an agreement_expiry at its expiry, from its terms, and no window', () => {
      const { deadlines } = given(FIXED_TERM, '2019-08-01').asOf('2019-09-01');
      expect(deadlines).toEqual([
        {
          id: 'agreement-swap-line-expiry-20200223T000000Z',
          kind: 'agreement_expiry',
          title: 'Swap line expires on 2020-02-23',
          disputeId: DISPUTE,
          subject: { type: 'agreement', id: 'swap-line' },
          dueAt: on('2020-02-23'),
          knownAt: on('2019-08-01'),
          cancelledAt: null,
          leadTimes: DEFAULTS,
          sourceEventId: null,
        },
      ]);
    });

    describe('when renewed on 10 Jan 2020 to 23 Feb 2023 (recorded 12 Jan, with a 60-day lead time)', () => {
      const renewal = renewed('2020-01-10', '2023-02-23', { recordedAt: '2020-01-12', alertLeadTimes: ['P60D'] }, 'swap-line');
      const extended = given(FIXED_TERM, '2019-08-01', renewal).asOf('2020-03-01');
      it('then the replaced expiry is cancelled (at the renewal) and the new one pending', () =>
        extended.then([row(expiry('2020-02-23'), '2020-02-23', 'cancelled'), row(expiry('2023-02-23'), '2023-02-23', 'pending')]));
      it('then the old expiry was cancelled when the renewal was recorded', () => expect(extended.byId(expiry('2020-02-23')).cancelledAt).toEqual(on('2020-01-12')));
      it('then the new expiry is the renewal\'s', () =>
        expect(extended.byId(expiry('2023-02-23'))).toMatchObject({ knownAt: on('2020-01-12'), sourceEventId: renewal.eventId, leadTimes: ['P60D'], disputeId: DISPUTE }));
    });

    it('when renewed only after it expired (1 Mar 2020, to 23 Feb 2023), then the old expiry stays reached', () =>
      given(FIXED_TERM, '2019-08-01', renewed('2020-03-01', '2023-02-23', {}, 'swap-line'))
        .asOf('2020-03-02')
        .then([row(expiry('2020-02-23'), '2020-02-23', 'reached'), row(expiry('2023-02-23'), '2023-02-23', 'pending')]));

    it('when notice is given for its own expiry and then suspended, then it waits for that expiry throughout: one deadline, never cancelled', () =>
      given(FIXED_TERM, '2019-08-01', noticeGiven('2019-09-01', '2020-02-23', {}, 'swap-line'), noticeSuspended('2019-10-01', {}, 'swap-line'))
        .asOf('2019-11-01')
        .then([row(expiry('2020-02-23'), '2020-02-23', 'pending')]));

    it('when the renewal was retracted, then its expiry appears cancelled at the retraction and the old expiry stands', () =>
      given(FIXED_TERM, '2019-08-01', renewed('2020-01-10', '2023-02-23', { retractedAt: '2020-01-15' }, 'swap-line'))
        .asOf('2020-01-20')
        .then([row(expiry('2020-02-23'), '2020-02-23', 'pending'), row(expiry('2023-02-23'), '2023-02-23', 'cancelled')]));
  });

  describe('given instants with times of day and milliseconds', () => {
    it('then no id contains a colon', () => {
      const terms: AgreementTerms = { ...GSOMIA, expiresOn: on('2017-11-23T15:04:05.678Z') };
      const { deadlines } = given(terms, '2019-08-01', noticeGiven('2019-08-22T09:30:00Z', '2019-11-23T15:04:05.678Z')).asOf('2019-09-01');
      expect(deadlines.length).toBeGreaterThan(0);
      for (const d of deadlines) expect(d.id).not.toContain(':');
    });
  });
});

// ---- disputes -------------------------------------------------------------------------------

describe('disputeDeadlines', () => {
  const removal = (recording: Recording = {}, fields: Partial<DevelopmentFieldsByType['export_list_removal']> = {}) =>
    development('export_list_removal', '2019-08-02', { actor: 'JP', target: 'KR', list: 'white list', effectiveOn: on('2019-08-28').toISOString(), ...fields }, recording);
  const reinstatement = (occurredAt: string, effectiveOn: string, recording: Recording = {}, fields: Partial<DevelopmentFieldsByType['export_list_reinstatement']> = {}) =>
    development('export_list_reinstatement', occurredAt, { actor: 'jp', target: 'kr', list: 'White List', effectiveOn: on(effectiveOn).toISOString(), ...fields }, recording);
  const deadlineSet = (occurredAt: string, fields: DevelopmentFieldsByType['deadline_set'], recording: Recording = {}) => development('deadline_set', occurredAt, fields, recording);

  const given = (...developments: DevelopmentWithRetraction[]) => ({
    asOf: (now: string) => {
      const deadlines = disputeDeadlines({ disputeId: DISPUTE, developments, defaultLeadTimes: DEFAULTS }, on(now));
      return { deadlines, then: (expected: ReturnType<typeof row>[]) => expect(view(deadlines, now)).toEqual(expected) };
    },
  });

  describe('given Japan\'s removal of South Korea from its white list (2 Aug 2019, effective 28 Aug 2019)', () => {
    const removed = removal({ eventId: 'ev-removal' });

    it('then a measure_effective deadline due 28 Aug 2019, about the measure', () =>
      expect(given(removed).asOf('2019-08-10').deadlines).toEqual([
        {
          id: 'measure-ev-removal-effective',
          kind: 'measure_effective',
          title: "JP's removal of KR from white list takes effect",
          disputeId: DISPUTE,
          subject: { type: 'measure', id: 'ev-removal' },
          dueAt: on('2019-08-28'),
          knownAt: on('2019-08-02'),
          cancelledAt: null,
          leadTimes: DEFAULTS,
          sourceEventId: 'ev-removal',
        },
      ]));

    it('as of 10 Aug 2019, then pending; as of 1 Sep 2019, then reached', () => {
      given(removed).asOf('2019-08-10').then([row('measure-ev-removal-effective', '2019-08-28', 'pending')]);
      given(removed).asOf('2019-09-01').then([row('measure-ev-removal-effective', '2019-08-28', 'reached')]);
    });

    it('as of 1 Aug 2019 (before it was decided), then nothing', () => given(removed).asOf('2019-08-01').then([]));

    describe('when a matching reinstatement (case aside) dated 20 Aug, effective 25 Aug, is recorded on 21 Aug', () => {
      const reinstated = reinstatement('2019-08-20', '2019-08-25', { recordedAt: '2019-08-21', eventId: 'ev-reinstatement' });
      const result = given(removed, reinstated).asOf('2019-09-01');

      it('then the removal never takes effect: its deadline is cancelled, at the reinstatement\'s recording', () => {
        result.then([row('measure-ev-reinstatement-effective', '2019-08-25', 'reached'), row('measure-ev-removal-effective', '2019-08-28', 'cancelled')]);
        expect(result.deadlines.find((d) => d.id === 'measure-ev-removal-effective')?.cancelledAt).toEqual(on('2019-08-21'));
      });

      it('then the reinstatement\'s own deadline is about the removal\'s measure', () =>
        expect(result.deadlines.find((d) => d.id === 'measure-ev-reinstatement-effective')).toMatchObject({
          kind: 'measure_effective',
          title: "kr reinstated on jp's White List",
          subject: { type: 'measure', id: 'ev-removal' },
          sourceEventId: 'ev-reinstatement',
          cancelledAt: null,
        }));

      it('as of 19 Aug (before the reinstatement), then the removal\'s deadline is pending', () =>
        given(removed, reinstated).asOf('2019-08-19').then([row('measure-ev-removal-effective', '2019-08-28', 'pending')]));

      it('recorded late, dated the same (recorded 1 Sep), then the same deadlines, cancelled at the later recording', () => {
        const late = given(removed, reinstatement('2019-08-20', '2019-08-25', { recordedAt: '2019-09-01', eventId: 'ev-reinstatement' })).asOf('2019-09-02');
        late.then([row('measure-ev-reinstatement-effective', '2019-08-25', 'reached'), row('measure-ev-removal-effective', '2019-08-28', 'cancelled')]);
      });

      it('retracted, then it cancels nothing (and its own deadline is cancelled)', () =>
        given(removed, reinstatement('2019-08-20', '2019-08-25', { retractedAt: '2019-08-22', eventId: 'ev-reinstatement' }))
          .asOf('2019-09-01')
          .then([row('measure-ev-reinstatement-effective', '2019-08-25', 'cancelled'), row('measure-ev-removal-effective', '2019-08-28', 'reached')]));
    });

    it('when the reinstatement came after it took effect (1 Oct 2019), then the removal\'s deadline stays reached', () =>
      given(removed, reinstatement('2019-10-01', '2019-10-15', { eventId: 'ev-reinstatement' }))
        .asOf('2019-11-01')
        .then([row('measure-ev-removal-effective', '2019-08-28', 'reached'), row('measure-ev-reinstatement-effective', '2019-10-15', 'reached')]));

    it('when a reinstatement dated before it takes effect only after it (20 Aug, effective 1 Oct), then the removal still takes effect', () =>
      given(removed, reinstatement('2019-08-20', '2019-10-01', { eventId: 'ev-reinstatement' }))
        .asOf('2019-09-01')
        .then([row('measure-ev-removal-effective', '2019-08-28', 'reached'), row('measure-ev-reinstatement-effective', '2019-10-01', 'pending')]));

    it('when the reinstatement is of another list or by another actor, then it cancels nothing and is about itself', () => {
      const otherList = reinstatement('2019-08-20', '2019-08-25', { eventId: 'ev-other-list' }, { list: 'catch-all list' });
      const otherActor = reinstatement('2019-08-20', '2019-08-25', { eventId: 'ev-other-actor' }, { actor: 'KR', target: 'JP' });
      const { deadlines } = given(removed, otherList, otherActor).asOf('2019-08-26');
      expect(deadlines.find((d) => d.id === 'measure-ev-removal-effective')?.cancelledAt).toBeNull();
      expect(deadlines.find((d) => d.id === 'measure-ev-other-list-effective')?.subject).toEqual({ type: 'measure', id: 'ev-other-list' });
      expect(deadlines.find((d) => d.id === 'measure-ev-other-actor-effective')?.subject).toEqual({ type: 'measure', id: 'ev-other-actor' });
    });

    it('when the removal itself was retracted (on 5 Aug), then its deadline is cancelled at the retraction', () => {
      const { deadlines } = given(removal({ eventId: 'ev-removal', retractedAt: '2019-08-05' })).asOf('2019-09-01');
      expect(deadlines).toHaveLength(1);
      expect(deadlines[0]).toMatchObject({ id: 'measure-ev-removal-effective', cancelledAt: on('2019-08-05') });
      expect(deadlineStatus(deadlines[0]!, on('2019-09-01'))).toBe('cancelled');
    });
  });

  describe('given an analyst\'s deadline_set', () => {
    const set = deadlineSet('2019-08-10', { title: 'WTO consultation request answered', dueAt: on('2019-09-20').toISOString() }, { eventId: 'ev-custom' });

    it('then a custom deadline about the dispute, known when recorded', () =>
      expect(given(set).asOf('2019-08-15').deadlines).toEqual([
        {
          id: 'custom-ev-custom',
          kind: 'custom',
          title: 'WTO consultation request answered',
          disputeId: DISPUTE,
          subject: { type: 'dispute', id: DISPUTE },
          dueAt: on('2019-09-20'),
          knownAt: on('2019-08-10'),
          cancelledAt: null,
          leadTimes: DEFAULTS,
          sourceEventId: 'ev-custom',
        },
      ]));

    it('with a subject and lead times, then they are the deadline\'s', () =>
      expect(
        given(
          deadlineSet('2019-08-10', { title: 't', dueAt: on('2019-09-20').toISOString(), subject: { type: 'agreement', id: 'gsomia' } }, { alertLeadTimes: ['P2D'] }),
        ).asOf('2019-08-15').deadlines[0],
      ).toMatchObject({ subject: { type: 'agreement', id: 'gsomia' }, leadTimes: ['P2D'] }));

    it('when retracted (on 12 Aug), then cancelled at the retraction', () => {
      const { deadlines } = given(deadlineSet('2019-08-10', { title: 't', dueAt: on('2019-09-20').toISOString() }, { eventId: 'ev-custom', retractedAt: '2019-08-12' })).asOf(
        '2019-08-15',
      );
      expect(deadlines[0]).toMatchObject({ id: 'custom-ev-custom', cancelledAt: on('2019-08-12') });
      expect(deadlineStatus(deadlines[0]!, on('2019-08-15'))).toBe('cancelled');
    });

    it('when retracted after it fell due, then cancelled all the same: a retracted development counts for nothing', () => {
      const { deadlines } = given(deadlineSet('2019-08-10', { title: 't', dueAt: on('2019-09-20').toISOString() }, { retractedAt: '2019-10-01' })).asOf('2019-10-02');
      expect(deadlineStatus(deadlines[0]!, on('2019-10-02'))).toBe('cancelled');
    });

    it('as of before it was set, then nothing', () => given(set).asOf('2019-08-09').then([]));
  });

  describe('given developments that create no deadline', () => {
    it('then none', () =>
      given(development('protest', '2019-08-02', { actor: 'KR', target: 'JP', form: 'ambassador_summoned' }), noticeGiven('2019-08-22', '2019-11-23'))
        .asOf('2019-09-01')
        .then([]));
  });

  describe('given event ids with colons', () => {
    it('then no deadline id contains one', () => {
      const { deadlines } = given(
        removal({ eventId: 'urn:ev:1' }),
        reinstatement('2019-08-20', '2019-08-25', { eventId: 'urn:ev:2' }),
        deadlineSet('2019-08-10', { title: 't', dueAt: on('2019-09-20T12:30:00Z').toISOString() }, { eventId: 'urn:ev:3' }),
      ).asOf('2019-09-01');
      expect(deadlines.map((d) => d.id).sort()).toEqual(['custom-urn-ev-3', 'measure-urn-ev-1-effective', 'measure-urn-ev-2-effective']);
      expect(deadlines.find((d) => d.id === 'measure-urn-ev-2-effective')?.subject).toEqual({ type: 'measure', id: 'urn:ev:1' });
    });
  });
});
