import { describe, expect, it } from '@jest/globals';
import type { DevelopmentData, DevelopmentFieldsByType, DevelopmentInput, DevelopmentType, Source } from '../developments/development.types.js';
import { DomainError } from '../shared/domain-error.js';
import { decideDevelopment, decideOpenDispute, decideRetraction, plainFields, type RetractionTarget } from './dispute.decide.js';

const DISPUTE = 'jp-kr-2019';
const OCCURRED_AT = new Date('2019-08-02T00:00:00.000Z');
const SOURCES: Source[] = [{ publisher: 'Yonhap', title: 'Japan removes S. Korea from whitelist', url: 'https://en.yna.co.kr/', publishedOn: '2019-08-02T00:00:00.000Z' }];

type InputOf<T extends DevelopmentType> = Extract<DevelopmentInput, { type: T }>;

/** The development as the analyst submits it: the type's fields plus what every development carries. */
function development<T extends DevelopmentType>(
  type: T,
  fields: Omit<InputOf<T>, 'type' | 'occurredAt' | 'summary' | 'sources' | 'cameoCode' | 'alertLeadTimes'>,
  extra: Pick<Partial<InputOf<T>>, 'cameoCode' | 'alertLeadTimes'> = {},
): InputOf<T> {
  return { type, occurredAt: OCCURRED_AT, summary: `a ${type}`, sources: SOURCES, ...fields, ...extra } as InputOf<T>;
}

function refusal(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but the domain accepted it');
}

/** given a dispute, when a development is recorded (with its resolved fields), then its event data. */
const givenDispute = (disputeId: string) => ({
  when: <T extends DevelopmentType>(input: InputOf<T>, fields: DevelopmentFieldsByType[T] = plainFields(input)) => {
    const decide = () => decideDevelopment<T>(disputeId, input, fields);
    return {
      then: (expected: DevelopmentData<T>) => expect(decide()).toStrictEqual(expected),
      thenWeighsBy: (cameoCode: string | null) => expect(decide().cameoCode).toBe(cameoCode),
      thenRefuses: (type: string, field?: string) => {
        const error = refusal(decide);
        expect({ type: error.type, status: error.status, field: error.field }).toEqual({ type, status: 422, field });
      },
    };
  },
});

const common = (summary: string, cameoCode: string | null) => ({ disputeId: DISPUTE, summary, sources: SOURCES, cameoCode });

describe('decideOpenDispute', () => {
  it('given the parties named twice, then each is kept once and a missing description is null', () => {
    expect(decideOpenDispute({ id: DISPUTE, title: 'Japan–South Korea 2019', parties: ['JP', 'KR', 'JP'] })).toStrictEqual({
      disputeId: DISPUTE,
      title: 'Japan–South Korea 2019',
      parties: ['JP', 'KR'],
      description: null,
    });
  });
});

describe('decideDevelopment', () => {
  describe('given the Japan–South Korea dispute', () => {
    const dispute = givenDispute(DISPUTE);

    describe('when Japan tightens export controls on three chemicals', () => {
      const items = ['fluorinated polyimide', 'resist', 'hydrogen fluoride'];
      it('then the data keeps actor, target and items and weighs by 163 (impose embargo, boycott, or sanctions)', () =>
        dispute.when(development('export_control_tightened', { actor: 'JP', target: 'KR', items })).then({
          ...common('a export_control_tightened', '163'),
          actor: 'JP',
          target: 'KR',
          items,
        }));
    });

    describe('when Japan eases controls on one item', () => {
      it('then it weighs by 081 (ease administrative sanctions)', () =>
        dispute.when(development('export_control_eased', { actor: 'JP', target: 'KR', items: ['resist'] })).then({
          ...common('a export_control_eased', '081'),
          actor: 'JP',
          target: 'KR',
          items: ['resist'],
        }));
    });

    describe('when Japan removes South Korea from its trusted-export list', () => {
      it('then the data keeps the list and effectiveOn and weighs by 163', () =>
        dispute.when(development('export_list_removal', { actor: 'JP', target: 'KR', list: 'Group A (white list)', effectiveOn: '2019-08-28T00:00:00.000Z' })).then({
          ...common('a export_list_removal', '163'),
          actor: 'JP',
          target: 'KR',
          list: 'Group A (white list)',
          effectiveOn: '2019-08-28T00:00:00.000Z',
        }));
    });

    describe('when Japan reinstates South Korea on the list', () => {
      it('then it weighs by 085 (ease economic sanctions, boycott, embargo)', () =>
        dispute.when(development('export_list_reinstatement', { actor: 'JP', target: 'KR', list: 'Group A', effectiveOn: '2023-07-21T00:00:00.000Z' })).then({
          ...common('a export_list_reinstatement', '085'),
          actor: 'JP',
          target: 'KR',
          list: 'Group A',
          effectiveOn: '2023-07-21T00:00:00.000Z',
        }));
    });

    describe('when Japan issues licences', () => {
      it('then the count is kept and it weighs by 061 (cooperate economically)', () =>
        dispute.when(development('export_license_issued', { actor: 'JP', target: 'KR', items: ['resist', 'hydrogen fluoride'], count: 2 })).then({
          ...common('a export_license_issued', '061'),
          actor: 'JP',
          target: 'KR',
          items: ['resist', 'hydrogen fluoride'],
          count: 2,
        }));
      it('then a licence without a count has none in its data', () => {
        const data = decideDevelopment(DISPUTE, development('export_license_issued', { actor: 'JP', target: 'KR', items: ['resist'] }), {
          actor: 'JP',
          target: 'KR',
          items: ['resist'],
        });
        expect(data).not.toHaveProperty('count');
      });
    });

    describe('when South Korea gives notice of non-renewal (expiry left to the agreement)', () => {
      it('then the data holds the resolved fields, not the input\'s, and weighs by 160 (reduce relations)', () =>
        dispute
          .when(development('agreement_non_renewal', { agreementId: 'gsomia', actor: 'KR' }), {
            agreementId: 'gsomia',
            actor: 'KR',
            expiresOn: '2019-11-23T00:00:00.000Z',
          })
          .then({ ...common('a agreement_non_renewal', '160'), agreementId: 'gsomia', actor: 'KR', expiresOn: '2019-11-23T00:00:00.000Z' }));
    });

    describe('when South Korea suspends its notice conditionally', () => {
      it('then conditional is kept and it weighs by 0314 (express intent to cooperate on intelligence)', () =>
        dispute
          .when(development('agreement_non_renewal_suspended', { agreementId: 'gsomia', actor: 'KR', conditional: true }))
          .then({ ...common('a agreement_non_renewal_suspended', '0314'), agreementId: 'gsomia', actor: 'KR', conditional: true }));
    });

    describe('when South Korea withdraws its notice', () => {
      it('then it weighs by 062 (cooperate militarily)', () =>
        dispute
          .when(development('agreement_non_renewal_withdrawn', { agreementId: 'gsomia', actor: 'KR' }))
          .then({ ...common('a agreement_non_renewal_withdrawn', '062'), agreementId: 'gsomia', actor: 'KR' }));
    });

    describe('when the agreement is renewed', () => {
      it('then the new expiry is kept and it weighs by 057 (sign formal agreement)', () =>
        dispute
          .when(development('agreement_renewed', { agreementId: 'gsomia', expiresOn: '2020-11-23T00:00:00.000Z' }))
          .then({ ...common('a agreement_renewed', '057'), agreementId: 'gsomia', expiresOn: '2020-11-23T00:00:00.000Z' }));
    });

    describe('when Japan protests', () => {
      it('in a statement, then it weighs by 111 (criticize or denounce)', () =>
        dispute
          .when(development('protest', { actor: 'JP', target: 'KR', form: 'statement' }))
          .then({ ...common('a protest', '111'), actor: 'JP', target: 'KR', form: 'statement' }));
      it('formally, then it weighs by 114 (complain officially)', () =>
        dispute.when(development('protest', { actor: 'JP', target: 'KR', form: 'formal_protest' })).thenWeighsBy('114'));
      it('by summoning the ambassador, then it weighs by 114 too (CAMEO has no code for summoning)', () =>
        dispute.when(development('protest', { actor: 'JP', target: 'KR', form: 'ambassador_summoned' })).thenWeighsBy('114'));
    });

    describe('when a third party makes a statement', () => {
      it('of concern, then the data keeps actor, about and stance and weighs by 012 (pessimistic comment)', () =>
        dispute
          .when(development('statement', { actor: 'US', about: ['KR', 'JP'], stance: 'concern' }))
          .then({ ...common('a statement', '012'), actor: 'US', about: ['KR', 'JP'], stance: 'concern' }));
      it('of support, then it weighs by 051 (praise or endorse)', () =>
        dispute.when(development('statement', { actor: 'US', about: ['KR'], stance: 'support' })).thenWeighsBy('051'));
      it('condemning, then it weighs by 111 (criticize or denounce)', () =>
        dispute.when(development('statement', { actor: 'CN', about: ['JP'], stance: 'condemn' })).thenWeighsBy('111'));
      it('neutral, then it weighs by 010 (make statement), not by 10 (demand)', () =>
        dispute.when(development('statement', { actor: 'US', about: ['KR'], stance: 'neutral' })).thenWeighsBy('010'));
    });

    describe('when the analyst sets a deadline of their own', () => {
      it('then title, dueAt and subject are kept and it weighs nothing (null code)', () =>
        dispute
          .when(development('deadline_set', { title: 'WTO panel request', dueAt: '2019-10-11T00:00:00.000Z', subject: { type: 'measure', id: 'm-1' } }))
          .then({ ...common('a deadline_set', null), title: 'WTO panel request', dueAt: '2019-10-11T00:00:00.000Z', subject: { type: 'measure', id: 'm-1' } }));
    });

    describe('when the service records a reached deadline', () => {
      it('then it weighs nothing', () =>
        dispute
          .when(development('deadline_reached', { deadlineId: 'agreement-gsomia-expiry-20191123T000000Z', agreementId: 'gsomia' }))
          .then({ ...common('a deadline_reached', null), deadlineId: 'agreement-gsomia-expiry-20191123T000000Z', agreementId: 'gsomia' }));
    });

    describe('when something else happens', () => {
      it('with a CAMEO code, then the code is kept (a court ruling: 116)', () =>
        dispute
          .when(development('other', { actor: 'KR', target: 'JP' }, { cameoCode: '116' }))
          .then({ ...common('a other', '116'), actor: 'KR', target: 'JP' }));
      it('without a CAMEO code, then it is refused: cameo-code-required on cameoCode', () =>
        dispute.when(development('other', { actor: 'KR' })).thenRefuses('cameo-code-required', 'cameoCode'));
      it('with neither actor nor target but a code, then it is accepted', () =>
        dispute.when(development('other', {}, { cameoCode: '141' })).then(common('a other', '141')));
    });

    describe("when the analyst overrides the type's code", () => {
      it('with a known code, then the override is kept (a tightening coded 1211, reject economic cooperation)', () =>
        dispute.when(development('export_control_tightened', { actor: 'JP', target: 'KR', items: ['resist'] }, { cameoCode: '1211' })).thenWeighsBy('1211'));
      it('with a code on a type that weighs nothing by default, then it is kept', () =>
        dispute.when(development('deadline_set', { title: 'talks', dueAt: '2019-12-24T00:00:00.000Z' }, { cameoCode: '036' })).thenWeighsBy('036'));
      it('with "10" (demand), then it is kept as "10", not as "010"', () =>
        dispute.when(development('statement', { actor: 'KR', about: ['JP'], stance: 'neutral' }, { cameoCode: '10' })).thenWeighsBy('10'));
      it('with an unknown code, then it is refused: unknown-cameo-code on cameoCode', () =>
        dispute
          .when(development('export_control_tightened', { actor: 'JP', target: 'KR', items: ['resist'] }, { cameoCode: '999' }))
          .thenRefuses('unknown-cameo-code', 'cameoCode'));
      it('with a code spelled as an integer ("10" is demand, "1" is nothing), then "1" is refused', () =>
        dispute.when(development('protest', { actor: 'JP', target: 'KR', form: 'statement' }, { cameoCode: '1' })).thenRefuses('unknown-cameo-code', 'cameoCode'));
      it('on `other`, with an unknown code, then unknown-cameo-code is refused before cameo-code-required', () =>
        dispute.when(development('other', {}, { cameoCode: '0000' })).thenRefuses('unknown-cameo-code', 'cameoCode'));
    });

    describe('when a development carries its own alert lead times', () => {
      it('then they are kept in the data', () =>
        dispute
          .when(development('deadline_set', { title: 'GSOMIA decision', dueAt: '2019-08-24T00:00:00.000Z' }, { alertLeadTimes: ['P3D', 'PT6H'] }))
          .then({ ...common('a deadline_set', null), alertLeadTimes: ['P3D', 'PT6H'], title: 'GSOMIA decision', dueAt: '2019-08-24T00:00:00.000Z' }));
      it('on an agreement notice too', () => {
        const data = decideDevelopment(DISPUTE, development('agreement_non_renewal', { agreementId: 'gsomia', actor: 'KR' }, { alertLeadTimes: ['P14D'] }), {
          agreementId: 'gsomia',
          actor: 'KR',
          expiresOn: '2019-11-23T00:00:00.000Z',
        });
        expect(data.alertLeadTimes).toEqual(['P14D']);
      });
      it('and without them, the data has no alertLeadTimes at all', () => {
        const data = decideDevelopment(DISPUTE, development('protest', { actor: 'JP', target: 'KR', form: 'statement' }), { actor: 'JP', target: 'KR', form: 'statement' });
        expect(data).not.toHaveProperty('alertLeadTimes');
      });
    });
  });
});

describe('plainFields', () => {
  it('given a submitted development, then it keeps the type\'s own fields only', () => {
    const input = development('export_list_removal', { actor: 'JP', target: 'KR', list: 'Group A', effectiveOn: '2019-08-28T00:00:00.000Z' }, { cameoCode: '160', alertLeadTimes: ['P1D'] });
    expect(plainFields(input)).toStrictEqual({ actor: 'JP', target: 'KR', list: 'Group A', effectiveOn: '2019-08-28T00:00:00.000Z' });
  });
});

describe('decideRetraction', () => {
  const target = (changes: Partial<RetractionTarget> = {}): RetractionTarget => ({
    eventId: 'ev-protest',
    type: 'protest',
    disputeId: DISPUTE,
    alreadyRetracted: false,
    ...changes,
  });

  /** given what the log holds of the target, when the analyst retracts it in a dispute, then… */
  const given = (found: RetractionTarget | undefined) => ({
    whenRetractedIn: (disputeId: string, developmentId = found?.eventId ?? 'ev-missing') => {
      const decide = () => decideRetraction(disputeId, developmentId, 'misattributed quote', found);
      return {
        then: (expected: ReturnType<typeof decideRetraction>) => expect(decide()).toStrictEqual(expected),
        thenRefuses: (type: string, status: 404 | 409) => {
          const error = refusal(decide);
          expect({ type: error.type, status: error.status }).toEqual({ type, status });
        },
      };
    },
  });

  describe('given a development of the dispute, not yet retracted', () => {
    it('when retracted, then the retraction names it and keeps the reason', () =>
      given(target()).whenRetractedIn(DISPUTE).then({ disputeId: DISPUTE, developmentId: 'ev-protest', reason: 'misattributed quote' }));
  });

  describe('given a development recorded by the service (deadline_reached)', () => {
    it('when retracted, then it can be', () =>
      given(target({ eventId: 'ev-reached', type: 'deadline_reached' }))
        .whenRetractedIn(DISPUTE)
        .then({ disputeId: DISPUTE, developmentId: 'ev-reached', reason: 'misattributed quote' }));
  });

  describe('given no event with that id', () => {
    it('when retracted, then development-not-found (404)', () => given(undefined).whenRetractedIn(DISPUTE, 'ev-missing').thenRefuses('development-not-found', 404));
  });

  describe('given a development of another dispute', () => {
    it('when retracted in this one, then development-not-found (404)', () =>
      given(target({ disputeId: 'cn-au-2020' })).whenRetractedIn(DISPUTE).thenRefuses('development-not-found', 404));
  });

  describe('given an event with no dispute (an agreement registered alone)', () => {
    it('when retracted, then development-not-found (404)', () =>
      given(target({ type: 'agreement_registered', disputeId: null })).whenRetractedIn(DISPUTE).thenRefuses('development-not-found', 404));
  });

  describe('given the dispute_opened event itself', () => {
    it('when retracted, then development-not-found (404): a dispute is not a development', () =>
      given(target({ eventId: 'ev-opened', type: 'dispute_opened' })).whenRetractedIn(DISPUTE).thenRefuses('development-not-found', 404));
  });

  describe('given an agreement_registered event of the dispute', () => {
    it('when retracted, then development-not-found (404): an agreement is not a development', () =>
      given(target({ eventId: 'ev-gsomia', type: 'agreement_registered' })).whenRetractedIn(DISPUTE).thenRefuses('development-not-found', 404));
  });

  describe('given a retraction', () => {
    it('when it is retracted, then retraction-of-retraction (409)', () =>
      given(target({ eventId: 'ev-retraction', type: 'development_retracted' })).whenRetractedIn(DISPUTE).thenRefuses('retraction-of-retraction', 409));
    it('of another dispute, when retracted here, then development-not-found (404)', () =>
      given(target({ eventId: 'ev-retraction', type: 'development_retracted', disputeId: 'cn-au-2020' }))
        .whenRetractedIn(DISPUTE)
        .thenRefuses('development-not-found', 404));
  });

  describe('given a development already retracted', () => {
    it('when retracted again, then already-retracted (409)', () =>
      given(target({ alreadyRetracted: true })).whenRetractedIn(DISPUTE).thenRefuses('already-retracted', 409));
  });
});
