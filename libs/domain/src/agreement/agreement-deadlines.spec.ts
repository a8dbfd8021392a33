import { describe, expect, it } from '@jest/globals';
import type { Source } from '../developments/development.types.js';
import { expiryDeadlineId, noticeWindowCloses, noticeWindowDeadlineId, pendingAgreementDeadlines, type AgreementDeadline } from './agreement-deadlines.js';
import { agreementAt, type AgreementEvent } from './agreement.fold.js';
import type { AgreementTerms } from './agreement.types.js';

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
const FIXED_TERM: AgreementTerms = { ...GSOMIA, id: 'swap-line', expiresOn: on('2020-02-23'), autoRenews: false, termMonths: null, noticeDays: 30 };

const SOURCES: Source[] = [{ publisher: 'Yonhap' }];
const common = { disputeId: 'jp-kr-2019', summary: 's', sources: SOURCES, cameoCode: null };
const event = (eventId: string, type: AgreementEvent['type'], date: string, fields: object): AgreementEvent =>
  ({ eventId, type, occurredAt: on(date), recordedAt: on(date), data: { ...common, ...fields } }) as AgreementEvent;

const notice = (agreementId: string, date: string, expiresOn: string) =>
  event('ev-notice', 'agreement_non_renewal', date, { agreementId, actor: 'KR', expiresOn: on(expiresOn).toISOString() });
const suspension = (agreementId: string, date: string) => event('ev-suspension', 'agreement_non_renewal_suspended', date, { agreementId, actor: 'KR', conditional: true });
const reached = (terms: AgreementTerms, expiresOn: string) =>
  event('ev-reached', 'deadline_reached', expiresOn, { deadlineId: expiryDeadlineId(terms.id, on(expiresOn)), agreementId: terms.id });

/** given(terms, ...events).asOf(date).thenPending([...]) */
const given = (terms: AgreementTerms, ...events: AgreementEvent[]) => ({
  asOf: (date: string) => ({
    thenPending: (expected: AgreementDeadline[]) => expect(pendingAgreementDeadlines(agreementAt(terms, events, on(date)))).toEqual(expected),
  }),
});

describe('deadline ids', () => {
  it('given GSOMIA and its 2019 expiry, then the ids are deterministic and name the expiry', () => {
    expect(expiryDeadlineId('gsomia', on('2019-11-23'))).toBe('agreement-gsomia-expiry-20191123T000000Z');
    expect(noticeWindowDeadlineId('gsomia', on('2019-11-23'))).toBe('agreement-gsomia-notice-window-20191123T000000Z');
    expect(expiryDeadlineId('gsomia', on('2019-11-23'))).toBe(expiryDeadlineId('gsomia', new Date(Date.UTC(2019, 10, 23))));
  });

  it('given an expiry with a time of day and milliseconds, then the id has no colons (safe in job names)', () => {
    const id = expiryDeadlineId('gsomia', on('2019-11-23T15:04:05.678Z'));
    expect(id).toBe('agreement-gsomia-expiry-20191123T150405Z');
    expect(id).not.toContain(':');
    expect(noticeWindowDeadlineId('gsomia', on('2019-11-23T15:04:05.678Z'))).not.toContain(':');
  });

  it('given two expiries or two agreements, then the ids differ', () => {
    expect(expiryDeadlineId('gsomia', on('2019-11-23'))).not.toBe(expiryDeadlineId('gsomia', on('2020-11-23')));
    expect(expiryDeadlineId('gsomia', on('2019-11-23'))).not.toBe(expiryDeadlineId('swap-line', on('2019-11-23')));
    expect(expiryDeadlineId('gsomia', on('2019-11-23'))).not.toBe(noticeWindowDeadlineId('gsomia', on('2019-11-23')));
  });
});

describe('noticeWindowCloses', () => {
  it('given the 23 Nov 2019 expiry and 90 days\' notice, then the window closes on 25 Aug 2019', () =>
    expect(noticeWindowCloses(on('2019-11-23'), 90)).toEqual(on('2019-08-25')));
});

describe('pendingAgreementDeadlines', () => {
  describe('given GSOMIA in force (as of 21 Aug 2019)', () => {
    it('then it waits for the notice window to close on 25 Aug 2019, named by the 23 Nov 2019 expiry', () =>
      given(GSOMIA).asOf('2019-08-21').thenPending([
        { id: 'agreement-gsomia-notice-window-20191123T000000Z', kind: 'notice_window_closes', agreementId: 'gsomia', dueAt: on('2019-08-25') },
      ]));
    it('as of Dec 2019 (renewed), then the window of the 2020 expiry', () =>
      given(GSOMIA).asOf('2019-12-01').thenPending([
        { id: 'agreement-gsomia-notice-window-20201123T000000Z', kind: 'notice_window_closes', agreementId: 'gsomia', dueAt: on('2020-08-25') },
      ]));
  });

  describe('given notice given (termination_notified)', () => {
    it('then it waits for the notice\'s expiry, and no window', () =>
      given(GSOMIA, notice('gsomia', '2019-08-22', '2019-11-23')).asOf('2019-09-01').thenPending([
        { id: 'agreement-gsomia-expiry-20191123T000000Z', kind: 'agreement_expiry', agreementId: 'gsomia', dueAt: on('2019-11-23') },
      ]));
  });

  describe('given the notice suspended (notice_suspended)', () => {
    it('then the expiry deadline is gone, and it waits for the notice window of the current expiry', () =>
      given(GSOMIA, notice('gsomia', '2019-08-22', '2019-11-23'), suspension('gsomia', '2019-11-22')).asOf('2019-11-22T12:00:00Z').thenPending([
        { id: 'agreement-gsomia-notice-window-20191123T000000Z', kind: 'notice_window_closes', agreementId: 'gsomia', dueAt: on('2019-08-25') },
      ]));
    it('after the renewal it passed, then the window of the 2020 expiry', () =>
      given(GSOMIA, notice('gsomia', '2019-08-22', '2019-11-23'), suspension('gsomia', '2019-11-22')).asOf('2019-12-01').thenPending([
        { id: 'agreement-gsomia-notice-window-20201123T000000Z', kind: 'notice_window_closes', agreementId: 'gsomia', dueAt: on('2020-08-25') },
      ]));
  });

  describe('given it terminated', () => {
    it('then nothing is pending', () =>
      given(GSOMIA, notice('gsomia', '2019-08-22', '2019-11-23'), reached(GSOMIA, '2019-11-23')).asOf('2019-12-01').thenPending([]));
  });

  describe('given a fixed-term agreement (no automatic renewal)', () => {
    it('in force, then it waits for its expiry (there is no window to close)', () =>
      given(FIXED_TERM).asOf('2019-01-01').thenPending([
        { id: 'agreement-swap-line-expiry-20200223T000000Z', kind: 'agreement_expiry', agreementId: 'swap-line', dueAt: on('2020-02-23') },
      ]));
    it('with notice running, then it waits for the notice\'s expiry', () =>
      given(FIXED_TERM, notice('swap-line', '2019-06-01', '2019-12-31')).asOf('2019-07-01').thenPending([
        { id: 'agreement-swap-line-expiry-20191231T000000Z', kind: 'agreement_expiry', agreementId: 'swap-line', dueAt: on('2019-12-31') },
      ]));
    it('with the notice suspended, then it waits for its own expiry again', () =>
      given(FIXED_TERM, notice('swap-line', '2019-06-01', '2020-02-23'), suspension('swap-line', '2019-07-01')).asOf('2019-08-01').thenPending([
        { id: 'agreement-swap-line-expiry-20200223T000000Z', kind: 'agreement_expiry', agreementId: 'swap-line', dueAt: on('2020-02-23') },
      ]));
    it('terminated, then nothing is pending', () => given(FIXED_TERM, reached(FIXED_TERM, '2020-02-23')).asOf('2020-03-01').thenPending([]));
  });

  describe('given any state', () => {
    it('then no pending id contains a colon', () => {
      const states = [
        agreementAt(GSOMIA, [], on('2019-08-21T10:11:12.345Z')),
        agreementAt(GSOMIA, [notice('gsomia', '2019-08-22T09:30:00Z', '2019-11-23T15:00:00Z')], on('2019-09-01')),
        agreementAt(FIXED_TERM, [], on('2019-01-01')),
      ];
      for (const state of states) for (const deadline of pendingAgreementDeadlines(state)) expect(deadline.id).not.toMatch(/:/);
    });
  });
});
