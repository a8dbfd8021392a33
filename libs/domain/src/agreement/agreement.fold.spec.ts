import { describe, expect, it } from '@jest/globals';
import type { AgreementDevelopmentType, DevelopmentFieldsByType, DevelopmentInput, Source } from '../developments/development.types.js';
import { DomainError } from '../shared/domain-error.js';
import { expiryDeadlineId } from './agreement-deadlines.js';
import { decideAgreementDevelopment } from './agreement.decide.js';
import { advanceTo, agreementAt, byOccurrence, initialAgreementState, type AgreementEvent } from './agreement.fold.js';
import type { AgreementHistoryEntry, AgreementState, AgreementStatus, AgreementTerms } from './agreement.types.js';

// ---- fixtures -------------------------------------------------------------------------------

/** A date at midnight UTC, or an instant. */
const on = (date: string): Date => new Date(date.length === 10 ? `${date}T00:00:00.000Z` : date);

const GSOMIA: AgreementTerms = {
  id: 'gsomia',
  name: 'Japan–Korea General Security of Military Information Agreement',
  parties: ['JP', 'KR'],
  disputeId: 'jp-kr-2019',
  signedOn: on('2016-11-23'),
  expiresOn: on('2017-11-23'),
  autoRenews: true,
  termMonths: 12,
  noticeDays: 90,
};

const FIXED_TERM: AgreementTerms = {
  ...GSOMIA,
  id: 'swap-line',
  name: 'Currency swap arrangement',
  signedOn: on('2012-01-01'),
  expiresOn: on('2015-02-23'),
  autoRenews: false,
  termMonths: null,
  noticeDays: 30,
};

const SOURCES: Source[] = [{ publisher: 'Yonhap' }];
let sequence = 0;

function recorded<T extends AgreementEvent['type']>(type: T, occurredAt: string, fields: DevelopmentFieldsByType[T], recordedAt = occurredAt): AgreementEvent {
  sequence += 1;
  return {
    eventId: `ev-${sequence}-${type}`,
    type,
    occurredAt: on(occurredAt),
    recordedAt: on(recordedAt),
    data: { disputeId: 'jp-kr-2019', summary: type, sources: SOURCES, cameoCode: null, ...fields },
  } as AgreementEvent;
}
const noticeGiven = (date: string, expiresOn: string, { actor = 'KR', recordedAt = date } = {}) =>
  recorded('agreement_non_renewal', date, { agreementId: 'gsomia', actor, expiresOn: on(expiresOn).toISOString() }, recordedAt);
const noticeSuspended = (date: string, { conditional = true, recordedAt = date } = {}) =>
  recorded('agreement_non_renewal_suspended', date, { agreementId: 'gsomia', actor: 'KR', conditional }, recordedAt);
const noticeWithdrawn = (date: string) => recorded('agreement_non_renewal_withdrawn', date, { agreementId: 'gsomia', actor: 'KR' });
const renewed = (date: string, expiresOn: string) => recorded('agreement_renewed', date, { agreementId: 'gsomia', expiresOn: on(expiresOn).toISOString() });
/** What the service records when a deadline comes: by default, the expiry deadline of `expiresOn`. */
const deadlineReached = (date: string, deadlineId: string, recordedAt = date) =>
  recorded('deadline_reached', date, { deadlineId, agreementId: deadlineId.split('-')[1] }, recordedAt);
const expiryReached = (terms: AgreementTerms, expiresOn: string) => deadlineReached(expiresOn, expiryDeadlineId(terms.id, on(expiresOn)));

interface Expected {
  status: AgreementStatus;
  expiresOn: string;
  notice?: { actor: string; givenOn: string; expiresOn: string; suspended: boolean } | null;
}

/** given(terms, ...events).asOf(date).then({status, expiresOn, notice?}); events fold in occurred order. */
const given = (terms: AgreementTerms, ...events: AgreementEvent[]) => {
  const ordered = [...events].sort(byOccurrence);
  return {
    events: ordered,
    asOf: (date: string) => {
      const state = agreementAt(terms, ordered, on(date));
      return {
        state,
        then: ({ status, expiresOn, notice }: Expected) => {
          expect({ status: state.status, expiresOn: state.expiresOn.toISOString() }).toEqual({ status, expiresOn: on(expiresOn).toISOString() });
          if (notice === null) expect(state.notice).toBeNull();
          if (notice) {
            expect(state.notice).toMatchObject({
              actor: notice.actor,
              givenOn: on(notice.givenOn),
              expiresOn: on(notice.expiresOn),
              suspended: notice.suspended,
            });
          }
        },
        thenHistory: (expected: AgreementHistoryEntry[]) => expect(state.history).toEqual(expected),
      };
    },
  };
};

const entry = (event: AgreementEvent, status: AgreementStatus): AgreementHistoryEntry => ({ eventId: event.eventId, occurredAt: event.occurredAt, status });

// ---- the fold -------------------------------------------------------------------------------

describe('agreementAt', () => {
  describe('given GSOMIA signed 23 Nov 2016, first expiry 23 Nov 2017, renewed yearly, 90 days\' notice', () => {
    const gsomia = given(GSOMIA);

    it('when nothing happened, as of 21 Aug 2019, then it is in force until 23 Nov 2019, with no notice and no history', () => {
      gsomia.asOf('2019-08-21').then({ status: 'in_force', expiresOn: '2019-11-23', notice: null });
      gsomia.asOf('2019-08-21').thenHistory([]);
    });

    it('as of its signature, then it is in force until its first expiry', () => gsomia.asOf('2016-11-23').then({ status: 'in_force', expiresOn: '2017-11-23' }));

    it('as of the instant before an expiry, then that expiry still stands', () =>
      gsomia.asOf('2019-11-22T23:59:59.999Z').then({ status: 'in_force', expiresOn: '2019-11-23' }));

    it('as of the expiry instant itself, then it has renewed for another term', () => gsomia.asOf('2019-11-23').then({ status: 'in_force', expiresOn: '2020-11-23' }));

    it('as of 2025, then the renewals rolled the expiry by 12 months each year (23 Nov 2025)', () => gsomia.asOf('2025-06-01').then({ status: 'in_force', expiresOn: '2025-11-23' }));

    it('as of a date before signature, then it is the terms as signed', () => gsomia.asOf('2016-01-01').then({ status: 'in_force', expiresOn: '2017-11-23' }));
  });

  describe('given South Korea gave notice on 22 Aug 2019 to end it on 23 Nov 2019', () => {
    const notice = noticeGiven('2019-08-22', '2019-11-23');
    const notified = given(GSOMIA, notice);

    it('as of 1 Sep 2019, then termination_notified, ending 23 Nov 2019, the notice recorded', () =>
      notified.asOf('2019-09-01').then({
        status: 'termination_notified',
        expiresOn: '2019-11-23',
        notice: { actor: 'KR', givenOn: '2019-08-22', expiresOn: '2019-11-23', suspended: false },
      }));

    it('as of the day before the notice, then still in force: the notice is not yet given', () =>
      notified.asOf('2019-08-21').then({ status: 'in_force', expiresOn: '2019-11-23', notice: null }));

    it('as of 2021, with no deadline_reached recorded, then the notice still runs and nothing renews', () =>
      notified.asOf('2021-01-01').then({ status: 'termination_notified', expiresOn: '2019-11-23' }));

    it('then the notice names the event that gave it', () => expect(notified.asOf('2019-09-01').state.notice?.eventId).toBe(notice.eventId));

    it('then the history has one entry, the notice', () => notified.asOf('2019-09-01').thenHistory([entry(notice, 'termination_notified')]));
  });

  describe('given a notice given after the window closed (1 Sep 2019, ending 23 Nov 2020)', () => {
    const late = given(GSOMIA, noticeGiven('2019-09-01', '2020-11-23'));
    it('as of Dec 2019, then termination_notified, ending 23 Nov 2020: the 2019 expiry did not renew it away', () =>
      late.asOf('2019-12-01').then({ status: 'termination_notified', expiresOn: '2020-11-23' }));
  });

  describe('given the notice and its expiry reached (the service recorded deadline_reached on 23 Nov 2019)', () => {
    const notice = noticeGiven('2019-08-22', '2019-11-23');
    const reached = expiryReached(GSOMIA, '2019-11-23');
    const ended = given(GSOMIA, notice, reached);

    it('as of 23 Nov 2019, then terminated', () => ended.asOf('2019-11-23').then({ status: 'terminated', expiresOn: '2019-11-23' }));
    it('as of 2025, then still terminated: a terminated agreement does not renew', () => ended.asOf('2025-01-01').then({ status: 'terminated', expiresOn: '2019-11-23' }));
    it('as of the day before, then termination_notified', () => ended.asOf('2019-11-22').then({ status: 'termination_notified', expiresOn: '2019-11-23' }));
    it('then the history shows the notice, then the termination', () =>
      ended.asOf('2020-01-01').thenHistory([entry(notice, 'termination_notified'), entry(reached, 'terminated')]));
  });

  describe('given the notice suspended conditionally on 22 Nov 2019', () => {
    const notice = noticeGiven('2019-08-22', '2019-11-23');
    const suspension = noticeSuspended('2019-11-22');
    const suspended = given(GSOMIA, notice, suspension);

    it('as of 22 Nov 2019, then notice_suspended, the notice kept and marked suspended', () =>
      suspended.asOf('2019-11-22T12:00:00Z').then({
        status: 'notice_suspended',
        expiresOn: '2019-11-23',
        notice: { actor: 'KR', givenOn: '2019-08-22', expiresOn: '2019-11-23', suspended: true },
      }));

    it('as of Dec 2019, then it renewed at 23 Nov 2019 while suspended (expiry 23 Nov 2020)', () =>
      suspended.asOf('2019-12-01').then({ status: 'notice_suspended', expiresOn: '2020-11-23' }));

    it('as of 2022, then it kept renewing yearly', () => suspended.asOf('2022-12-01').then({ status: 'notice_suspended', expiresOn: '2023-11-23' }));

    it('then the history shows the notice, then the suspension', () =>
      suspended.asOf('2020-01-01').thenHistory([entry(notice, 'termination_notified'), entry(suspension, 'notice_suspended')]));

    describe('and a deadline_reached for the 23 Nov 2019 expiry recorded after it (stale)', () => {
      const stale = expiryReached(GSOMIA, '2019-11-23');
      it('then it changes nothing: still notice_suspended, renewed, no history entry', () => {
        const afterwards = given(GSOMIA, notice, suspension, stale).asOf('2019-12-01');
        afterwards.then({ status: 'notice_suspended', expiresOn: '2020-11-23' });
        afterwards.thenHistory([entry(notice, 'termination_notified'), entry(suspension, 'notice_suspended')]);
      });
    });

    describe('and the notice withdrawn on 21 Mar 2023', () => {
      const withdrawal = noticeWithdrawn('2023-03-21');
      const normalised = given(GSOMIA, notice, suspension, withdrawal);
      it('then in force again, no notice, renewing as before', () =>
        normalised.asOf('2023-03-21').then({ status: 'in_force', expiresOn: '2023-11-23', notice: null }));
      it('as of 2024, then renewed to 23 Nov 2024', () => normalised.asOf('2024-01-01').then({ status: 'in_force', expiresOn: '2024-11-23' }));
      it('then the history shows all three', () =>
        normalised
          .asOf('2024-01-01')
          .thenHistory([entry(notice, 'termination_notified'), entry(suspension, 'notice_suspended'), entry(withdrawal, 'in_force')]));
    });
  });

  describe('given the suspension recorded late (on 1 Dec), dated 22 Nov, and the expiry reached recorded on 23 Nov', () => {
    const notice = noticeGiven('2019-08-22', '2019-11-23');
    const reached = expiryReached(GSOMIA, '2019-11-23');
    const lateSuspension = noticeSuspended('2019-11-22', { recordedAt: '2019-12-01' });

    it('then, folded in occurred order, the state is exactly as if recorded in order: the reached deadline is stale', () => {
      const recordedOrder = given(GSOMIA, notice, reached, lateSuspension).asOf('2019-12-02').state;
      const inOrder = given(GSOMIA, notice, lateSuspension, reached).asOf('2019-12-02').state;
      expect(recordedOrder).toEqual(inOrder);
      expect(recordedOrder.status).toBe('notice_suspended');
      expect(recordedOrder.expiresOn).toEqual(on('2020-11-23'));
    });
  });

  describe('given a deadline_reached whose id is not the running notice\'s expiry', () => {
    const notice = noticeGiven('2019-08-22', '2019-11-23');
    it('with the id of another expiry, then nothing changes', () =>
      given(GSOMIA, notice, deadlineReached('2019-11-23', expiryDeadlineId('gsomia', on('2020-11-23')))).asOf('2019-12-01').then({
        status: 'termination_notified',
        expiresOn: '2019-11-23',
      }));
    it('with the id of another agreement\'s expiry, then nothing changes', () =>
      given(GSOMIA, notice, deadlineReached('2019-11-23', expiryDeadlineId('other', on('2019-11-23')))).asOf('2019-12-01').then({
        status: 'termination_notified',
        expiresOn: '2019-11-23',
      }));
    it('with the notice window id of the same expiry, then nothing changes', () =>
      given(GSOMIA, notice, deadlineReached('2019-08-25', 'agreement-gsomia-notice-window-20191123T000000Z')).asOf('2019-12-01').then({
        status: 'termination_notified',
        expiresOn: '2019-11-23',
      }));
    it('while in force (no notice), then the auto-renewing agreement is not ended by its own expiry id', () =>
      given(GSOMIA, expiryReached(GSOMIA, '2019-11-23')).asOf('2019-12-01').then({ status: 'in_force', expiresOn: '2020-11-23' }));
  });

  describe('given a notice withdrawn on 1 Oct 2019', () => {
    const withdrawn = given(GSOMIA, noticeGiven('2019-08-22', '2019-11-23'), noticeWithdrawn('2019-10-01'));
    it('then in force, no notice, and it renews on 23 Nov 2019', () => {
      withdrawn.asOf('2019-10-01').then({ status: 'in_force', expiresOn: '2019-11-23', notice: null });
      withdrawn.asOf('2019-12-01').then({ status: 'in_force', expiresOn: '2020-11-23', notice: null });
    });
    it('and then the expiry reached of the withdrawn notice, then it is stale', () =>
      given(GSOMIA, ...withdrawn.events, expiryReached(GSOMIA, '2019-11-23')).asOf('2019-12-01').then({ status: 'in_force', expiresOn: '2020-11-23' }));
  });

  describe('given an explicit renewal while the notice runs (20 Nov 2019, to 23 Nov 2021)', () => {
    const notice = noticeGiven('2019-08-22', '2019-11-23');
    const renewal = renewed('2019-11-20', '2021-11-23');
    const rescued = given(GSOMIA, notice, renewal);
    it('then in force with the new expiry and no notice', () => rescued.asOf('2019-12-01').then({ status: 'in_force', expiresOn: '2021-11-23', notice: null }));
    it('then it renews yearly from the new expiry', () => rescued.asOf('2022-01-01').then({ status: 'in_force', expiresOn: '2022-11-23' }));
    it('then a deadline_reached of the old expiry is stale', () =>
      given(GSOMIA, notice, renewal, expiryReached(GSOMIA, '2019-11-23')).asOf('2019-12-01').then({ status: 'in_force', expiresOn: '2021-11-23' }));
    it('then the history shows the renewal as in_force', () =>
      rescued.asOf('2019-12-01').thenHistory([entry(notice, 'termination_notified'), entry(renewal, 'in_force')]));
  });

  describe('given developments that the rules would refuse at their date (left in the log by a backdated record)', () => {
    // Recorded in order, these would have been refused; recorded before an earlier-dated development
    // that makes them invalid, they stay in the log, and the fold must leave the state as in order.
    const notice = noticeGiven('2019-08-22', '2019-11-23');
    const reached = expiryReached(GSOMIA, '2019-11-23');

    it('a suspension without a running notice changes nothing', () => {
      const state = given(GSOMIA, noticeSuspended('2019-08-01')).asOf('2019-09-01');
      state.then({ status: 'in_force', expiresOn: '2019-11-23', notice: null });
      state.thenHistory([]);
    });

    it('a withdrawal without a notice changes nothing', () => given(GSOMIA, noticeWithdrawn('2019-08-01')).asOf('2019-09-01').thenHistory([]));

    it('a renewal after the termination changes nothing', () =>
      given(GSOMIA, notice, reached, renewed('2019-12-01', '2020-11-23')).asOf('2020-01-01').then({ status: 'terminated', expiresOn: '2019-11-23' }));

    it('a withdrawal after the termination does not revive the agreement', () =>
      given(GSOMIA, notice, reached, noticeWithdrawn('2019-12-01')).asOf('2020-01-01').then({ status: 'terminated', expiresOn: '2019-11-23' }));

    it('a notice after the termination does not revive the agreement', () =>
      given(GSOMIA, notice, reached, noticeGiven('2019-12-01', '2020-11-23')).asOf('2020-01-01').then({ status: 'terminated', expiresOn: '2019-11-23' }));

    it('a second notice while the first runs leaves the first one running', () => {
      const second = noticeGiven('2019-09-01', '2020-11-23', { actor: 'JP' });
      const state = given(GSOMIA, notice, second).asOf('2019-10-01');
      state.then({
        status: 'termination_notified',
        expiresOn: '2019-11-23',
        notice: { actor: 'KR', givenOn: '2019-08-22', expiresOn: '2019-11-23', suspended: false },
      });
      state.thenHistory([entry(notice, 'termination_notified')]);
    });
  });

  describe('given developments dated after `asOf`', () => {
    it('then they are ignored', () =>
      given(GSOMIA, noticeGiven('2019-08-22', '2019-11-23'), noticeSuspended('2019-11-22')).asOf('2019-10-01').then({
        status: 'termination_notified',
        expiresOn: '2019-11-23',
      }));
  });

  describe('given a fixed-term agreement (no automatic renewal) expiring 23 Feb 2015', () => {
    const fixed = given(FIXED_TERM);

    it('as of 2016, with nothing recorded, then it keeps its expiry and stays in force', () => fixed.asOf('2016-01-01').then({ status: 'in_force', expiresOn: '2015-02-23' }));

    it('when its expiry deadline is reached, then terminated', () =>
      given(FIXED_TERM, expiryReached(FIXED_TERM, '2015-02-23')).asOf('2015-03-01').then({ status: 'terminated', expiresOn: '2015-02-23' }));

    it('when a deadline_reached with another id comes, then nothing changes', () =>
      given(FIXED_TERM, deadlineReached('2015-02-23', expiryDeadlineId(FIXED_TERM.id, on('2016-02-23')))).asOf('2015-03-01').then({
        status: 'in_force',
        expiresOn: '2015-02-23',
      }));

    it('when renewed explicitly, then it takes the new expiry and does not roll on by itself', () => {
      const extended = given(FIXED_TERM, renewed('2015-01-10', '2018-02-23'));
      extended.asOf('2019-01-01').then({ status: 'in_force', expiresOn: '2018-02-23' });
      given(FIXED_TERM, renewed('2015-01-10', '2018-02-23'), expiryReached(FIXED_TERM, '2015-02-23'))
        .asOf('2015-03-01')
        .then({ status: 'in_force', expiresOn: '2018-02-23' });
    });
  });

  describe('given month-end arithmetic', () => {
    const monthly = (expiresOn: string): AgreementTerms => ({ ...GSOMIA, signedOn: on('2018-12-31'), expiresOn: on(expiresOn), termMonths: 1, noticeDays: 10 });

    it('31 Jan 2019 + 1 month, then 28 Feb 2019', () => given(monthly('2019-01-31')).asOf('2019-02-01').then({ status: 'in_force', expiresOn: '2019-02-28' }));
    it('31 Jan 2020 (a leap year) + 1 month, then 29 Feb 2020', () =>
      given(monthly('2020-01-31')).asOf('2020-02-01').then({ status: 'in_force', expiresOn: '2020-02-29' }));
    it('a yearly term from 29 Feb 2020, then 28 Feb 2021', () =>
      given({ ...GSOMIA, signedOn: on('2019-02-28'), expiresOn: on('2020-02-29') }).asOf('2020-03-01').then({ status: 'in_force', expiresOn: '2021-02-28' }));
    it('31 Jan renews to 28 Feb, then 31 Mar: whole terms from the anchor, no drift', () =>
      given(monthly('2019-01-31')).asOf('2019-03-01').then({ status: 'in_force', expiresOn: '2019-03-31' }));
    it('31 Jan + 1 month keeps the time of day', () =>
      given(monthly('2019-01-31T15:30:00Z')).asOf('2019-02-01').then({ status: 'in_force', expiresOn: '2019-02-28T15:30:00Z' }));
  });
});

describe('a log recorded out of order, through the rules, folds as if recorded in order', () => {
  type Input = Extract<DevelopmentInput, { type: AgreementDevelopmentType }> | { type: 'deadline_reached'; occurredAt: Date; deadlineId: string };

  /** Records each input as the service would: judged by the rules against the log so far; a refusal appends nothing. */
  function logOf(terms: AgreementTerms, inputs: Input[]): AgreementEvent[] {
    const log: AgreementEvent[] = [];
    inputs.forEach((input, index) => {
      const recordedAt = new Date(Date.UTC(2024, 0, 1 + index));
      let fields: object;
      if (input.type === 'deadline_reached') fields = { deadlineId: input.deadlineId, agreementId: terms.id };
      else {
        try {
          fields = decideAgreementDevelopment(terms, [...log].sort(byOccurrence), input);
        } catch (error) {
          if (error instanceof DomainError) return;
          throw error;
        }
      }
      log.push({
        eventId: `log-${index}`,
        type: input.type,
        occurredAt: input.occurredAt,
        recordedAt,
        data: { disputeId: 'jp-kr-2019', summary: input.type, sources: SOURCES, cameoCode: null, ...fields },
      } as AgreementEvent);
    });
    return log.sort(byOccurrence);
  }
  const withoutIds = (state: AgreementState) => ({
    status: state.status,
    expiresOn: state.expiresOn,
    notice: state.notice && { ...state.notice, eventId: undefined },
    history: state.history.map(({ occurredAt, status }) => ({ occurredAt, status })),
  });

  const base = { summary: 's', sources: SOURCES, agreementId: 'gsomia' };
  const lateNotice: Input = { ...base, type: 'agreement_non_renewal', occurredAt: on('2019-09-01'), actor: 'JP' };
  const withdrawal: Input = { ...base, type: 'agreement_non_renewal_withdrawn', occurredAt: on('2019-12-01'), actor: 'KR' };
  const backdatedNotice: Input = { ...base, type: 'agreement_non_renewal', occurredAt: on('2019-08-22'), actor: 'KR' };
  const reached: Input = { type: 'deadline_reached', occurredAt: on('2019-11-23'), deadlineId: expiryDeadlineId('gsomia', on('2019-11-23')) };

  describe('given a notice on 1 Sep and a withdrawal on 1 Dec 2019 recorded, when a notice dated 22 Aug is recorded after them', () => {
    const outOfOrder = logOf(GSOMIA, [lateNotice, withdrawal, backdatedNotice]);
    const inOrder = logOf(GSOMIA, [backdatedNotice, lateNotice, withdrawal]);

    it('then all three were accepted by the rules, each at its date', () => expect(outOfOrder).toHaveLength(3));
    it('then in order, the 1 Sep notice would have been refused', () => expect(inOrder).toHaveLength(2));
    it.each(['2019-09-15', '2019-11-22', '2020-01-01'])('then as of %s the state is the in-order one (the 22 Aug notice runs to 23 Nov 2019)', (date) =>
      expect(withoutIds(agreementAt(GSOMIA, outOfOrder, on(date)))).toEqual(withoutIds(agreementAt(GSOMIA, inOrder, on(date)))));
    it('then as of 15 Sep 2019 the notice is the 22 Aug one, ending 23 Nov 2019', () =>
      expect(agreementAt(GSOMIA, outOfOrder, on('2019-09-15'))).toMatchObject({ status: 'termination_notified', expiresOn: on('2019-11-23'), notice: { actor: 'KR' } }));
  });

  describe('given the same, and then the service records the 23 Nov 2019 expiry as reached', () => {
    const outOfOrder = logOf(GSOMIA, [lateNotice, withdrawal, backdatedNotice, reached]);
    const inOrder = logOf(GSOMIA, [backdatedNotice, lateNotice, reached, withdrawal]);

    it('then in order, the 1 Dec withdrawal would have been refused too', () => expect(inOrder).toHaveLength(2));
    it('then the agreement is terminated, not revived by the 1 Dec withdrawal', () => {
      expect(agreementAt(GSOMIA, outOfOrder, on('2020-01-01'))).toMatchObject({ status: 'terminated', expiresOn: on('2019-11-23') });
      expect(withoutIds(agreementAt(GSOMIA, outOfOrder, on('2020-01-01')))).toEqual(withoutIds(agreementAt(GSOMIA, inOrder, on('2020-01-01'))));
    });
  });
});

describe('advanceTo', () => {
  it('given a state whose expiry is still ahead, then the very same state comes back', () => {
    const state: AgreementState = { ...initialAgreementState(GSOMIA), expiresOn: on('2019-11-23') };
    expect(advanceTo(state, on('2019-08-21'))).toBe(state);
  });

  it('given an auto-renewing agreement without termMonths, then it does not loop or renew', () => {
    const state = initialAgreementState({ ...GSOMIA, termMonths: null });
    expect(advanceTo(state, on('2019-08-21')).expiresOn).toEqual(on('2017-11-23'));
  });
});

describe('byOccurrence', () => {
  it('given two developments, then the earlier-occurred comes first, then the earlier-recorded', () => {
    const a = noticeGiven('2019-08-22', '2019-11-23', { recordedAt: '2019-09-10' });
    const b = noticeSuspended('2019-08-22', { recordedAt: '2019-09-01' });
    const c = noticeWithdrawn('2019-08-01');
    expect([a, b, c].sort(byOccurrence).map((e) => e.eventId)).toEqual([c.eventId, b.eventId, a.eventId]);
  });
});
