import { describe, expect, it } from '@jest/globals';
import type { AgreementDevelopmentType, DevelopmentFieldsByType, DevelopmentInput, Source } from '../developments/development.types.js';
import { DomainError } from '../shared/domain-error.js';
import { expiryDeadlineId } from './agreement-deadlines.js';
import { decideAgreementDevelopment, decideRegisterAgreement } from './agreement.decide.js';
import { byOccurrence, type AgreementEvent } from './agreement.fold.js';
import type { AgreementTerms } from './agreement.types.js';

// ---- fixtures -------------------------------------------------------------------------------

/** A date at midnight UTC, or an instant. */
const on = (date: string): Date => new Date(date.length === 10 ? `${date}T00:00:00.000Z` : date);
const iso = (date: string): string => on(date).toISOString();

/** GSOMIA: signed 23 November 2016, a first year, renewed yearly unless notice is given 90 days before. */
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

/** An agreement that simply ends at its expiry. */
const FIXED_TERM: AgreementTerms = {
  id: 'swap-line',
  name: 'Currency swap arrangement',
  parties: ['JP', 'KR'],
  disputeId: 'jp-kr-2019',
  signedOn: on('2012-01-01'),
  expiresOn: on('2015-02-23'),
  autoRenews: false,
  termMonths: null,
  noticeDays: 30,
};

const SOURCES: Source[] = [{ publisher: 'Yonhap' }];
let sequence = 0;

/** Recorded developments (what the agreement's history holds), recorded when they occurred unless told. */
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
const noticeGiven = (date: string, expiresOn: string, recordedAt?: string) =>
  recorded('agreement_non_renewal', date, { agreementId: 'gsomia', actor: 'KR', expiresOn: iso(expiresOn) }, recordedAt);
const noticeSuspended = (date: string, recordedAt?: string) =>
  recorded('agreement_non_renewal_suspended', date, { agreementId: 'gsomia', actor: 'KR', conditional: true }, recordedAt);
const noticeWithdrawn = (date: string, recordedAt?: string) => recorded('agreement_non_renewal_withdrawn', date, { agreementId: 'gsomia', actor: 'KR' }, recordedAt);
const expiryReached = (terms: AgreementTerms, expiresOn: string) =>
  recorded('deadline_reached', expiresOn, { deadlineId: expiryDeadlineId(terms.id, on(expiresOn)), agreementId: terms.id });

type AgreementInput = Extract<DevelopmentInput, { type: AgreementDevelopmentType }>;
const submitted = { summary: 'submitted', sources: SOURCES };

/** Developments as an analyst submits them. */
const when = {
  notice: (date: string, changes: { actor?: string; expiresOn?: string; agreementId?: string } = {}): AgreementInput => ({
    ...submitted,
    type: 'agreement_non_renewal',
    occurredAt: on(date),
    agreementId: 'gsomia',
    actor: 'KR',
    ...changes,
  }),
  suspension: (date: string, actor = 'KR', conditional = true): AgreementInput => ({
    ...submitted,
    type: 'agreement_non_renewal_suspended',
    occurredAt: on(date),
    agreementId: 'gsomia',
    actor,
    conditional,
  }),
  withdrawal: (date: string, actor = 'KR'): AgreementInput => ({ ...submitted, type: 'agreement_non_renewal_withdrawn', occurredAt: on(date), agreementId: 'gsomia', actor }),
  renewal: (date: string, expiresOn: string): AgreementInput => ({ ...submitted, type: 'agreement_renewed', occurredAt: on(date), agreementId: 'gsomia', expiresOn: iso(expiresOn) }),
};

function refusal(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but the domain accepted it');
}

/**
 * given(terms, ...history).when(development).then(fields) / .thenRefuses(rule). The history is
 * handed over in occurred order (as the service folds it), whatever order it was recorded in.
 */
const given = (terms: AgreementTerms, ...history: AgreementEvent[]) => ({
  when: (input: AgreementInput) => {
    const decide = () => decideAgreementDevelopment(terms, [...history].sort(byOccurrence), input);
    return {
      then: (expected: object) => expect(decide()).toStrictEqual(expected),
      thenRefuses: (type: string, status: 409 | 422 = 409, field?: string) => {
        const error = refusal(decide);
        expect({ type: error.type, status: error.status, field: error.field }).toEqual({ type, status, field });
      },
    };
  },
});

// ---- decideRegisterAgreement ----------------------------------------------------------------

describe('decideRegisterAgreement', () => {
  const gsomia = {
    id: 'gsomia',
    name: 'GSOMIA',
    parties: ['JP', 'KR', 'KR'],
    signedOn: on('2016-11-23'),
    expiresOn: on('2017-11-23'),
    autoRenews: true,
    termMonths: 12,
    noticeDays: 90,
  };

  it('given GSOMIA\'s terms, then the data holds them as instants, each party once, no dispute as null', () =>
    expect(decideRegisterAgreement(gsomia)).toStrictEqual({
      agreementId: 'gsomia',
      name: 'GSOMIA',
      parties: ['JP', 'KR'],
      disputeId: null,
      signedOn: '2016-11-23T00:00:00.000Z',
      expiresOn: '2017-11-23T00:00:00.000Z',
      autoRenews: true,
      termMonths: 12,
      noticeDays: 90,
    }));

  it('given a fixed term without termMonths, then termMonths is null', () =>
    expect(decideRegisterAgreement({ ...gsomia, disputeId: 'jp-kr-2019', autoRenews: false, termMonths: undefined })).toMatchObject({
      disputeId: 'jp-kr-2019',
      autoRenews: false,
      termMonths: null,
    }));

  it('given an expiry not after the signature, then invalid-term (422) on expiresOn', () => {
    const error = refusal(() => decideRegisterAgreement({ ...gsomia, expiresOn: gsomia.signedOn }));
    expect({ type: error.type, status: error.status, field: error.field }).toEqual({ type: 'invalid-term', status: 422, field: 'expiresOn' });
  });
});

// ---- decideAgreementDevelopment -------------------------------------------------------------

describe('decideAgreementDevelopment', () => {
  describe('given GSOMIA in force (expiry 23 Nov 2019, notice window closing 25 Aug 2019)', () => {
    const gsomia = given(GSOMIA);

    describe('when South Korea gives notice on 22 Aug 2019 without naming the expiry', () => {
      it('then the notice ends it at the current expiry, 23 Nov 2019 (inside the window)', () =>
        gsomia.when(when.notice('2019-08-22')).then({ agreementId: 'gsomia', actor: 'KR', expiresOn: '2019-11-23T00:00:00.000Z' }));
    });

    describe('when notice is given on the very day the window closes (25 Aug 2019, 00:00)', () => {
      it('then it still stops the 2019 renewal', () =>
        gsomia.when(when.notice('2019-08-25')).then({ agreementId: 'gsomia', actor: 'KR', expiresOn: '2019-11-23T00:00:00.000Z' }));
    });

    describe('when notice is given just after the window closed', () => {
      it('then it stops the next renewal, 23 Nov 2020', () =>
        gsomia.when(when.notice('2019-08-25T00:00:00.001Z')).then({ agreementId: 'gsomia', actor: 'KR', expiresOn: '2020-11-23T00:00:00.000Z' }));
    });

    describe('when notice is given on 1 Sep 2019', () => {
      it('then it stops the next renewal, 23 Nov 2020', () =>
        gsomia.when(when.notice('2019-09-01')).then({ agreementId: 'gsomia', actor: 'KR', expiresOn: '2020-11-23T00:00:00.000Z' }));
    });

    describe('when notice is given in 2022, after years of automatic renewal', () => {
      it('then it is judged against the renewed expiry (23 Nov 2022)', () =>
        gsomia.when(when.notice('2022-03-01')).then({ agreementId: 'gsomia', actor: 'KR', expiresOn: '2022-11-23T00:00:00.000Z' }));
    });

    describe('when notice names its own expiry', () => {
      it('then that expiry is kept, as an instant', () =>
        gsomia
          .when(when.notice('2019-08-22', { expiresOn: '2019-12-31T12:00:00Z' }))
          .then({ agreementId: 'gsomia', actor: 'KR', expiresOn: '2019-12-31T12:00:00.000Z' }));
    });

    describe('when notice names an expiry not after the notice', () => {
      it('then invalid-expiry (422) on expiresOn', () =>
        gsomia.when(when.notice('2019-08-22', { expiresOn: iso('2019-08-22') })).thenRefuses('invalid-expiry', 422, 'expiresOn'));
      it('then invalid-expiry for an expiry in the past too', () =>
        gsomia.when(when.notice('2019-08-22', { expiresOn: iso('2018-11-23') })).thenRefuses('invalid-expiry', 422, 'expiresOn'));
    });

    describe('when a state that is not a party gives notice', () => {
      it('then actor-not-party', () => gsomia.when(when.notice('2019-08-22', { actor: 'US' })).thenRefuses('actor-not-party'));
    });

    describe('when a non-party suspends or withdraws a notice', () => {
      const notified = given(GSOMIA, noticeGiven('2019-08-22', '2019-11-23'));
      it('then actor-not-party for a suspension', () => notified.when(when.suspension('2019-11-22', 'US')).thenRefuses('actor-not-party'));
      it('then actor-not-party for a withdrawal', () => notified.when(when.withdrawal('2019-11-22', 'CN')).thenRefuses('actor-not-party'));
    });

    describe('when notice is dated before the agreement was signed', () => {
      it('then agreement-not-in-force', () => gsomia.when(when.notice('2016-11-22')).thenRefuses('agreement-not-in-force'));
      it('then agreement-not-in-force for a renewal too', () => gsomia.when(when.renewal('2016-01-01', '2017-11-23')).thenRefuses('agreement-not-in-force'));
    });

    describe('when notice is given on the day of signature', () => {
      it('then it is accepted (in force from signedOn)', () =>
        gsomia.when(when.notice('2016-11-23')).then({ agreementId: 'gsomia', actor: 'KR', expiresOn: '2017-11-23T00:00:00.000Z' }));
    });

    describe('when the notice is suspended without a notice given', () => {
      it('then no-active-notice', () => gsomia.when(when.suspension('2019-11-22')).thenRefuses('no-active-notice'));
    });

    describe('when a notice is withdrawn without a notice given', () => {
      it('then no-active-notice', () => gsomia.when(when.withdrawal('2019-11-22')).thenRefuses('no-active-notice'));
    });

    describe('when the parties renew it explicitly', () => {
      it('then the new expiry is kept', () =>
        gsomia.when(when.renewal('2019-08-01', '2021-11-23')).then({ agreementId: 'gsomia', expiresOn: '2021-11-23T00:00:00.000Z' }));
      it('to an expiry not after the renewal, then invalid-expiry (422) on expiresOn', () =>
        gsomia.when(when.renewal('2019-08-01', '2019-08-01')).thenRefuses('invalid-expiry', 422, 'expiresOn'));
    });
  });

  describe('given South Korea gave notice on 22 Aug 2019 (expiry 23 Nov 2019)', () => {
    const notified = given(GSOMIA, noticeGiven('2019-08-22', '2019-11-23'));

    describe('when notice is given again (by either party)', () => {
      it('then notice-already-given', () => notified.when(when.notice('2019-09-01')).thenRefuses('notice-already-given'));
      it('then notice-already-given when Japan gives it', () => notified.when(when.notice('2019-09-01', { actor: 'JP' })).thenRefuses('notice-already-given'));
    });

    describe('when South Korea suspends it conditionally on 22 Nov 2019', () => {
      it('then the suspension keeps conditional', () =>
        notified.when(when.suspension('2019-11-22')).then({ agreementId: 'gsomia', actor: 'KR', conditional: true }));
      it('then an unconditional one keeps conditional: false', () =>
        notified.when(when.suspension('2019-11-22', 'KR', false)).then({ agreementId: 'gsomia', actor: 'KR', conditional: false }));
    });

    describe('when South Korea withdraws it', () => {
      it('then the withdrawal is accepted', () => notified.when(when.withdrawal('2019-10-01')).then({ agreementId: 'gsomia', actor: 'KR' }));
    });

    describe('when the parties renew it before the expiry', () => {
      it('then the renewal is accepted', () =>
        notified.when(when.renewal('2019-11-20', '2020-11-23')).then({ agreementId: 'gsomia', expiresOn: '2020-11-23T00:00:00.000Z' }));
    });

    describe('when a suspension is dated before the notice (backdated to 21 Aug 2019)', () => {
      it('then no-active-notice: judged at its date, though the notice exists now', () =>
        notified.when(when.suspension('2019-08-21')).thenRefuses('no-active-notice'));
    });

    describe('when a withdrawal is dated before the notice', () => {
      it('then no-active-notice', () => notified.when(when.withdrawal('2019-08-01')).thenRefuses('no-active-notice'));
    });

    describe('when another notice is dated before the first one (20 Aug 2019)', () => {
      it('then it is accepted: on its date no notice ran', () =>
        notified.when(when.notice('2019-08-20')).then({ agreementId: 'gsomia', actor: 'KR', expiresOn: '2019-11-23T00:00:00.000Z' }));
    });
  });

  describe('given the notice was suspended on 22 Nov 2019', () => {
    const suspended = given(GSOMIA, noticeGiven('2019-08-22', '2019-11-23'), noticeSuspended('2019-11-22'));

    describe('when it is suspended again', () => {
      it('then no-active-notice', () => suspended.when(when.suspension('2019-12-01')).thenRefuses('no-active-notice'));
    });

    describe('when the notice is withdrawn (March 2023)', () => {
      it('then the withdrawal is accepted', () => suspended.when(when.withdrawal('2023-03-21')).then({ agreementId: 'gsomia', actor: 'KR' }));
    });

    describe('when notice is given anew in 2020', () => {
      it('then it is accepted and stops the next expiry it can (the suspended agreement renewed to 23 Nov 2020)', () =>
        suspended.when(when.notice('2020-08-01')).then({ agreementId: 'gsomia', actor: 'KR', expiresOn: '2020-11-23T00:00:00.000Z' }));
    });

    describe('when the suspension is judged at a date before it (a withdrawal backdated to 1 Oct 2019)', () => {
      it('then it is accepted against the running notice', () => suspended.when(when.withdrawal('2019-10-01')).then({ agreementId: 'gsomia', actor: 'KR' }));
    });
  });

  describe('given the notice was withdrawn on 1 Oct 2019 (recorded first)', () => {
    const withdrawn = given(GSOMIA, noticeGiven('2019-08-22', '2019-11-23'), noticeWithdrawn('2019-10-01'));

    describe('when a non-renewal is backdated to 1 Sep 2019, before the withdrawal', () => {
      it('then notice-already-given: on 1 Sep the first notice still ran', () => withdrawn.when(when.notice('2019-09-01')).thenRefuses('notice-already-given'));
    });

    describe('when a non-renewal is dated after the withdrawal', () => {
      it('then it is accepted, stopping the 2020 expiry', () =>
        withdrawn.when(when.notice('2019-10-02')).then({ agreementId: 'gsomia', actor: 'KR', expiresOn: '2020-11-23T00:00:00.000Z' }));
    });

    describe('when a suspension is dated after the withdrawal', () => {
      it('then no-active-notice', () => withdrawn.when(when.suspension('2019-11-22')).thenRefuses('no-active-notice'));
    });
  });

  describe('given the notice ran out: terminated on 23 Nov 2019', () => {
    const terminated = given(GSOMIA, noticeGiven('2019-08-22', '2019-11-23'), expiryReached(GSOMIA, '2019-11-23'));

    describe('when notice is given after the termination', () => {
      it('then agreement-not-in-force', () => terminated.when(when.notice('2019-12-01')).thenRefuses('agreement-not-in-force'));
    });

    describe('when it is renewed after the termination', () => {
      it('then agreement-not-in-force', () => terminated.when(when.renewal('2019-12-01', '2020-11-23')).thenRefuses('agreement-not-in-force'));
    });

    describe('when the notice is suspended or withdrawn after the termination', () => {
      it('then no-active-notice for a suspension', () => terminated.when(when.suspension('2019-11-24')).thenRefuses('no-active-notice'));
      it('then no-active-notice for a withdrawal', () => terminated.when(when.withdrawal('2019-11-24')).thenRefuses('no-active-notice'));
    });

    describe('when a suspension is backdated to 22 Nov 2019, the day before the expiry', () => {
      it('then it is accepted: on its date the notice ran', () =>
        terminated.when(when.suspension('2019-11-22')).then({ agreementId: 'gsomia', actor: 'KR', conditional: true }));
    });
  });

  describe('given a fixed-term agreement (no automatic renewal) expiring 23 Feb 2015', () => {
    const fixed = given(FIXED_TERM);
    const forFixed = (input: AgreementInput): AgreementInput => ({ ...input, agreementId: FIXED_TERM.id });

    describe('when notice is given long before the expiry', () => {
      it('then it ends the agreement at its expiry', () =>
        fixed.when(forFixed(when.notice('2014-06-01', { actor: 'JP' }))).then({ agreementId: 'swap-line', actor: 'JP', expiresOn: '2015-02-23T00:00:00.000Z' }));
    });

    describe('when notice is given inside the last 30 days', () => {
      it('then it still ends it at its expiry (no renewal to stop)', () =>
        fixed.when(forFixed(when.notice('2015-02-20'))).then({ agreementId: 'swap-line', actor: 'KR', expiresOn: '2015-02-23T00:00:00.000Z' }));
    });

    describe('when notice is given after the expiry passed without a recorded end', () => {
      it('then invalid-expiry: the default expiry is not after the notice', () =>
        fixed.when(forFixed(when.notice('2015-03-01'))).thenRefuses('invalid-expiry', 422, 'expiresOn'));
    });

    describe('when the expiry was reached', () => {
      it('then a renewal is refused: agreement-not-in-force', () =>
        given(FIXED_TERM, expiryReached(FIXED_TERM, '2015-02-23'))
          .when(forFixed(when.renewal('2015-03-01', '2018-02-23')))
          .thenRefuses('agreement-not-in-force'));
    });
  });

  describe('given a history recorded out of order (a notice recorded after a withdrawal dated later)', () => {
    const lateNotice = noticeGiven('2019-08-22', '2019-11-23', '2019-10-05');
    const earlyWithdrawal = noticeWithdrawn('2019-10-01', '2019-10-02');
    const outOfOrder = given(GSOMIA, earlyWithdrawal, lateNotice);

    it('then each development is judged in occurred order: a suspension on 1 Sep sees the notice', () =>
      outOfOrder.when(when.suspension('2019-09-01')).then({ agreementId: 'gsomia', actor: 'KR', conditional: true }));
    it('then a suspension on 2 Oct sees the withdrawal', () => outOfOrder.when(when.suspension('2019-10-02')).thenRefuses('no-active-notice'));
  });
});
