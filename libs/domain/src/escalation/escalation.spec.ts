import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { byOccurrence, type AgreementEvent } from '../agreement/agreement.fold.js';
import type { AgreementTerms } from '../agreement/agreement.types.js';
import { cameoCode, defaultCameoCode, magnitude } from '../cameo/cameo.js';
import type { Development, DevelopmentFieldsByType, DevelopmentType, Source } from '../developments/development.types.js';
import { expiryDeadlineId } from '../agreement/agreement-deadlines.js';
import { DEFAULT_ESCALATION_OPTIONS, RUNG_FLOORS, type EscalationOptions } from './escalation.config.js';
import { developmentWeight, escalationAt, escalationHistory, escalationLevelAt, type EscalationInput } from './escalation.js';

// ---- fixtures -------------------------------------------------------------------------------

/** A date at midnight UTC, or an instant. */
const on = (date: string): Date => new Date(date.length === 10 ? `${date}T00:00:00.000Z` : date);
const endOf = (date: string): Date => new Date(`${date}T23:59:59.999Z`);
const DAY = 86_400_000;
const daysBetween = (from: string, to: string): number => (on(to).getTime() - on(from).getTime()) / DAY;
const decay = (days: number, halfLife = 30): number => 2 ** (-days / halfLife);

const SOURCES: Source[] = [{ publisher: 'Bloomberg' }];
const PARTIES = ['JP', 'KR'];
const THREE_CHEMICALS = ['fluorinated polyimide', 'photoresist (resist)', 'hydrogen fluoride (etching gas)'];

let sequence = 0;
/** A development as the log gives it back; its code is the type's default unless `cameoCode` says otherwise. */
function recorded<T extends DevelopmentType>(
  type: T,
  occurredAt: string,
  fields: DevelopmentFieldsByType[T],
  { recordedAt = occurredAt, cameoCode = defaultCameoCode(type, fields) }: { recordedAt?: string; cameoCode?: string | null } = {},
): Development {
  sequence += 1;
  return {
    eventId: `ev-${String(sequence).padStart(4, '0')}-${type}`,
    type,
    occurredAt: on(occurredAt),
    recordedAt: on(recordedAt),
    data: { disputeId: 'jp-kr-2019', summary: type, sources: SOURCES, ...fields, cameoCode },
  } as Development;
}

const GSOMIA: AgreementTerms = {
  id: 'jp-kr-gsomia',
  name: 'Japan–Korea General Security of Military Information Agreement',
  parties: ['JP', 'KR'],
  disputeId: 'jp-kr-2019',
  signedOn: on('2016-11-23'),
  expiresOn: on('2017-11-23'),
  autoRenews: true,
  termMonths: 12,
  noticeDays: 90,
};

/** The seed's 2019 facts, in the shape the read side gets them. */
const seed = {
  control: recorded('export_control_tightened', '2019-07-04', { actor: 'JP', target: 'KR', items: THREE_CHEMICALS }),
  removal: recorded('export_list_removal', '2019-08-02', { actor: 'JP', target: 'KR', list: 'white list', effectiveOn: on('2019-08-28').toISOString() }),
  licence: recorded('export_license_issued', '2019-08-07', { actor: 'JP', target: 'KR', items: ['photoresist (resist)'], count: 1 }),
  talks: recorded('other', '2019-08-21', { actor: 'JP', target: 'KR' }, { cameoCode: '036' }),
  notice: recorded('agreement_non_renewal', '2019-08-22', { agreementId: GSOMIA.id, actor: 'KR', expiresOn: on('2019-11-23').toISOString() }),
  usConcern: recorded('statement', '2019-08-22', { actor: 'US', about: ['JP', 'KR'], stance: 'concern' }, { cameoCode: '111' }),
  neutral: recorded('statement', '2019-08-22', { actor: 'CN', about: ['JP', 'KR'], stance: 'neutral' }),
  criticism: recorded('protest', '2019-08-22', { actor: 'JP', target: 'KR', form: 'statement' }),
  summoned: recorded('protest', '2019-08-22', { actor: 'JP', target: 'KR', form: 'ambassador_summoned' }),
  expiry: recorded('deadline_set', '2019-08-22', { title: 'GSOMIA expiry', dueAt: on('2019-11-23').toISOString() }),
};
const SEED: Development[] = Object.values(seed).sort(byOccurrence);

const agreementEvents = (developments: readonly Development[]): AgreementEvent[] =>
  developments.filter((d): d is AgreementEvent => 'agreementId' in d.data && d.data.agreementId === GSOMIA.id).sort(byOccurrence);

/** The dispute's input: its developments in occurred order, GSOMIA with its own developments from the log. */
const inputOf = (developments: readonly Development[], extraAgreementEvents: AgreementEvent[] = []): EscalationInput => {
  const ordered = [...developments].sort(byOccurrence);
  return {
    developments: ordered,
    agreements: [{ terms: GSOMIA, events: [...agreementEvents(ordered), ...extraAgreementEvents].sort(byOccurrence) }],
    parties: PARTIES,
  };
};

/** given(...developments).at(date) → the reading; `then` checks level/rung/trend. */
const given = (...developments: Development[]) => {
  const input = inputOf(developments);
  return {
    input,
    at: (date: string | Date, options?: Partial<EscalationOptions>) => {
      const reading = escalationAt(input, typeof date === 'string' ? on(date) : date, options);
      return {
        reading,
        thenRung: (index: number, name?: string) => expect(reading.rung).toEqual(name ? { index, name } : expect.objectContaining({ index })),
        contribution: (development: Development) => reading.contributors.find((c) => c.eventId === development.eventId)?.contribution,
      };
    },
  };
};

const expectedWeight = (d: Development): number => -cameoCode(d.data.cameoCode!)!.goldstein * magnitude(d.type, d.data as never);
const round2 = (value: number): number => Math.round(value * 100) / 100;

// ---- weights --------------------------------------------------------------------------------

describe('developmentWeight', () => {
  it('given the seed\'s kinds, then w = −Goldstein × magnitude: conflict positive, cooperation negative', () => {
    expect(developmentWeight(seed.control)).toBe(8); // 163 impose sanctions, −8
    expect(developmentWeight(seed.removal)).toBe(8);
    expect(developmentWeight(seed.licence)).toBeCloseTo(-3.2, 10); // 061 cooperate economically, +6.4, counted half
    expect(developmentWeight(seed.notice)).toBe(4); // 160 reduce relations, −4
    expect(developmentWeight(seed.summoned)).toBe(2); // 114 complain officially, −2
    expect(developmentWeight(seed.talks)).toBe(-4); // 036 intent to negotiate, +4
  });

  it('given a development without a code (a deadline) or with a zero code (neutral statement), then it weighs 0', () => {
    expect(developmentWeight(seed.expiry)).toBe(0);
    expect(developmentWeight(seed.neutral)).toBe(0);
  });

  it('given a code the table does not know, then it weighs 0 rather than failing', () =>
    expect(developmentWeight(recorded('other', '2019-08-22', {}, { cameoCode: '9999' }))).toBe(0));
});

// ---- the seed-like scenario -----------------------------------------------------------------

describe('escalationAt', () => {
  describe('given the Japan–South Korea 2019 seed (controls 4 Jul, white-list removal 2 Aug effective 28 Aug, GSOMIA notice and protests 22 Aug)', () => {
    const scenario = given(...SEED);

    it('as of 30 Jun 2019, before anything happened, then level 0, friction, steady, no contributors', () =>
      expect(scenario.at('2019-06-30').reading).toEqual({ level: 0, rung: { index: 0, name: 'friction' }, trend: 'steady', contributors: [] }));

    it('as of 31 Aug 2019, then the level is above the level of 30 Jun 2019', () =>
      expect(scenario.at('2019-08-31').reading.level).toBeGreaterThan(scenario.at('2019-06-30').reading.level));

    it('as of 31 Aug 2019, then the rung is 3, security-cooperation rupture (the GSOMIA notice runs), and the level at least its floor 60', () => {
      const at = scenario.at('2019-08-31');
      at.thenRung(3, 'security-cooperation rupture');
      expect(at.reading.level).toBeGreaterThanOrEqual(60);
    });

    it('as of 10 Jul 2019 (controls only, no protest yet), then economic coercion, rising', () => {
      const at = scenario.at('2019-07-10');
      at.thenRung(2, 'economic coercion');
      expect(at.reading.trend).toBe('rising');
    });

    it('as of 21 Aug 2019, then economic coercion: the white-list removal is announced (in force) before it takes effect', () => scenario.at('2019-08-21').thenRung(2));

    describe('as of 31 Aug 2019, the contributors', () => {
      const { reading } = scenario.at('2019-08-31');
      const byId = new Map(reading.contributors.map((c) => [c.eventId, c]));

      it('then they are sorted by |contribution|, largest first', () => {
        const sizes = reading.contributors.map((c) => Math.abs(c.contribution));
        expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      });

      it('then each weight is −Goldstein × magnitude of its code, rounded to 2 decimals', () => {
        for (const development of [seed.control, seed.removal, seed.licence, seed.talks, seed.notice, seed.usConcern, seed.criticism, seed.summoned]) {
          expect(byId.get(development.eventId)?.weight).toBe(round2(expectedWeight(development)));
        }
        expect(byId.get(seed.licence.eventId)?.weight).toBe(-3.2);
      });

      it('then a measure in force contributes its decayed flow plus s × |Goldstein| (0.5 × 8 = 4)', () => {
        expect(byId.get(seed.control.eventId)?.contribution).toBe(round2(8 * decay(daysBetween('2019-07-04', '2019-08-31')) + 4));
        expect(byId.get(seed.removal.eventId)?.contribution).toBe(round2(8 * decay(daysBetween('2019-08-02', '2019-08-31')) + 4));
      });

      it('then the GSOMIA notice contributes its decayed flow plus s × |G(160)| (0.5 × 4 = 2)', () =>
        expect(byId.get(seed.notice.eventId)?.contribution).toBe(round2(4 * decay(9) + 2)));

      it('then a protest contributes only its decayed flow, and cooperation (licence, talks) counts negative', () => {
        expect(byId.get(seed.summoned.eventId)?.contribution).toBe(round2(2 * decay(9)));
        expect(byId.get(seed.licence.eventId)?.contribution).toBe(round2(-3.2 * decay(24)));
        expect(byId.get(seed.talks.eventId)?.contribution).toBeLessThan(0);
      });

      it('then what weighs nothing (a neutral statement, a deadline) is left out', () => {
        expect(byId.has(seed.neutral.eventId)).toBe(false);
        expect(byId.has(seed.expiry.eventId)).toBe(false);
      });

      it('then they explain the level: level = round(floor + (100 − floor) × Σ / (Σ + 20)), floor of the rung', () => {
        const sum = reading.contributors.reduce((total, c) => total + c.contribution, 0);
        const floor = RUNG_FLOORS[reading.rung.index]!;
        expect(reading.level).toBe(Math.round(floor + ((100 - floor) * sum) / (sum + 20)));
      });
    });

    describe('given the later story: the notice suspended (22 Nov 2019), all controls eased (23 Mar 2023), the white list restored (27 Jun 2023, effective 21 Jul 2023)', () => {
      const suspension = recorded('agreement_non_renewal_suspended', '2019-11-22', { agreementId: GSOMIA.id, actor: 'KR', conditional: true });
      const easing = recorded('export_control_eased', '2023-03-23', { actor: 'JP', target: 'KR', items: THREE_CHEMICALS });
      const reinstatement = recorded('export_list_reinstatement', '2023-06-27', { actor: 'JP', target: 'KR', list: 'white list', effectiveOn: on('2023-07-21').toISOString() });
      const later = given(...SEED, suspension, easing, reinstatement);

      it('as of 1 Dec 2019, then the suspended notice no longer ruptures: back to economic coercion', () => later.at('2019-12-01').thenRung(2, 'economic coercion'));
      it('as of 1 Apr 2023, then the controls are lifted but the removal stands: still economic coercion', () => later.at('2023-04-01').thenRung(2));
      it('as of 20 Jul 2023, then the reinstatement is not yet effective: still economic coercion', () => later.at('2023-07-20T23:59:59.999Z').thenRung(2));
      it('as of 21 Jul 2023, then no measure stands and nothing recent: friction, level 0', () => {
        const at = later.at('2023-07-21');
        at.thenRung(0, 'friction');
        expect(at.reading.level).toBe(0);
      });

      it('as of 21 Jul 2023 with a protest on 15 Jul, then lifting the last measure lowers the rung to diplomatic protest', () =>
        given(...SEED, suspension, easing, reinstatement, recorded('protest', '2023-07-15', { actor: 'KR', target: 'JP', form: 'formal_protest' }))
          .at('2023-07-21')
          .thenRung(1, 'diplomatic protest'));

      it('then the lifted measures leave the contributors\' stock: the control contributes only its faded flow', () => {
        const control = later.at('2023-04-01').contribution(seed.control);
        expect(control ?? 0).toBeLessThan(0.01);
      });
    });

    describe('given the notice runs to its end and the service records the expiry reached (23 Nov 2019)', () => {
      const reached = recorded('deadline_reached', '2019-11-23', { deadlineId: expiryDeadlineId(GSOMIA.id, on('2019-11-23')), agreementId: GSOMIA.id });
      it('as of 2020, then terminated: still a security-cooperation rupture, still counted on the notice', () => {
        const at = given(...SEED, reached).at('2020-06-01');
        at.thenRung(3);
        expect(at.contribution(seed.notice)).toBe(round2(4 * decay(daysBetween('2019-08-22', '2020-06-01')) + 2));
      });
    });

    describe('given the notice was recorded in another dispute\'s log (agreement events come from every dispute)', () => {
      const withoutNotice = SEED.filter((d) => d !== seed.notice);
      const input = inputOf(withoutNotice, [seed.notice as AgreementEvent]);
      it('then the rupture still counts, shown on the notice with its stock part only', () => {
        const reading = escalationAt(input, on('2019-08-31'));
        expect(reading.rung.index).toBe(3);
        expect(reading.contributors.find((c) => c.eventId === seed.notice.eventId)).toEqual({
          eventId: seed.notice.eventId,
          type: 'agreement_non_renewal',
          occurredAt: on('2019-08-22'),
          weight: 4,
          contribution: 2,
        });
      });
    });
  });

  // ---- the rungs --------------------------------------------------------------------------

  describe('the rungs', () => {
    describe.each<[string, () => Development]>([
      ['a formal protest', () => recorded('protest', '2019-08-22', { actor: 'JP', target: 'KR', form: 'formal_protest' })],
      ['a statement condemning', () => recorded('statement', '2019-08-22', { actor: 'US', about: ['KR'], stance: 'condemn' })],
      ['an accusation (112, root 11)', () => recorded('other', '2019-08-22', { actor: 'JP', target: 'KR' }, { cameoCode: '112' })],
      ['a refusal to ease sanctions (1244, root 12)', () => recorded('other', '2019-08-22', { actor: 'KR', target: 'JP' }, { cameoCode: '1244' })],
      ['a threat to break relations (1313, root 13)', () => recorded('other', '2019-08-22', { actor: 'KR', target: 'JP' }, { cameoCode: '1313' })],
    ])('given %s on 22 Aug 2019', (_, make) => {
      const single = given(make());
      it('then diplomatic protest that day and for two half-lives (60 days), friction after', () => {
        single.at('2019-08-22').thenRung(1, 'diplomatic protest');
        single.at(new Date(on('2019-08-22').getTime() + 60 * DAY)).thenRung(1);
        single.at(new Date(on('2019-08-22').getTime() + 60 * DAY + 1)).thenRung(0);
      });
      it('then the level is at least 20, the floor of diplomatic protest', () => expect(single.at('2019-08-23').reading.level).toBeGreaterThanOrEqual(20));
      it('with a half-life of 10 days, then the window is 20 days', () => {
        expect(single.at('2019-09-11', { halfLifeDays: 10 }).reading.rung.index).toBe(1);
        expect(single.at('2019-09-12', { halfLifeDays: 10 }).reading.rung.index).toBe(0);
      });
    });

    it('given a statement of mere concern (012, root 01), then friction', () =>
      given(recorded('statement', '2019-08-22', { actor: 'US', about: ['KR'], stance: 'concern' })).at('2019-08-23').thenRung(0));

    describe('given a show of force (150) between the parties (JP → KR) on 24 Aug 2019', () => {
      const force = given(...SEED, recorded('other', '2019-08-24', { actor: 'JP', target: 'KR' }, { cameoCode: '150' }));
      it('then military confrontation, level at least 80', () => {
        const at = force.at('2019-08-31');
        at.thenRung(4, 'military confrontation');
        expect(at.reading.level).toBeGreaterThanOrEqual(80);
      });
      it('then after two half-lives it falls back to what stands (the rupture)', () => force.at('2019-10-24').thenRung(3));
    });

    it.each<[string, DevelopmentFieldsByType['other']]>([
      ['by a third party (KP → KR)', { actor: 'KP', target: 'KR' }],
      ['with no actor (China and Russia\'s joint flight, T32)', { target: 'KR' }],
    ])('given a show of force %s, then not military confrontation', (_, fields) =>
      given(recorded('other', '2019-07-23', fields, { cameoCode: '150' })).at('2019-07-24').thenRung(0));

    it('given an assault (181, root 18) between the parties, then military confrontation', () =>
      given(recorded('other', '2019-07-23', { actor: 'KR', target: 'JP' }, { cameoCode: '181' })).at('2019-07-24').thenRung(4));

    it('given parties named in lower case in the development, then they still match', () =>
      given(recorded('other', '2019-07-23', { actor: 'kr', target: 'jp' }, { cameoCode: '190' })).at('2019-07-24').thenRung(4));
  });

  // ---- decay, trend, options ----------------------------------------------------------------

  describe('given a lone demand for economic aid (1031, Goldstein −5: weight 5, no rung) on 1 Jan 2020', () => {
    const demand = recorded('other', '2020-01-01', { actor: 'JP', target: 'KR' }, { cameoCode: '1031' });
    const lone = given(demand);

    it('then that day it contributes its full weight, 5, and the level is round(100 × 5 / 25) = 20', () => {
      const at = lone.at('2020-01-01');
      expect(at.reading.contributors).toEqual([{ eventId: demand.eventId, type: 'other', occurredAt: on('2020-01-01'), weight: 5, contribution: 5 }]);
      expect(at.reading.level).toBe(20);
      at.thenRung(0);
    });
    it('then after one half-life (30 days) its flow has halved: 2.5', () => expect(lone.at('2020-01-31').contribution(demand)).toBe(2.5));
    it('then after two half-lives: 1.25', () => expect(lone.at('2020-03-01').contribution(demand)).toBe(1.25));
    it('with a half-life of 10 days, then it has halved after 10 days', () => expect(lone.at('2020-01-11', { halfLifeDays: 10 }).contribution(demand)).toBe(2.5));
    it('with a scale of 5, then the level that day is round(100 × 5 / 10) = 50', () => expect(lone.at('2020-01-01', { scale: 5 }).reading.level).toBe(50));
    it('then, once faded below 0.005, it is left out of the contributors', () => expect(lone.at('2021-01-01').reading.contributors).toEqual([]));

    it('then the trend is rising that day (20 against 0 a week before)', () => expect(lone.at('2020-01-01').reading.trend).toBe('rising'));
    it('then steady a week later (18 against 20: a change of 2 points is not a trend)', () => {
      expect(lone.at('2020-01-08').reading.level).toBe(18);
      expect(lone.at('2020-01-08').reading.trend).toBe('steady');
    });
    it('then falling two weeks later (15 against 18)', () => {
      expect(lone.at('2020-01-15').reading.level).toBe(15);
      expect(lone.at('2020-01-15').reading.trend).toBe('falling');
    });
    it('then steady two months later (a change of 2 points or less)', () => expect(lone.at('2020-03-01').reading.trend).toBe('steady'));
  });

  describe('given cooperation only (talks offered, 036)', () => {
    it('then the raw score is floored at 0: level 0, the contribution negative', () => {
      const talks = given(seed.talks).at('2019-08-21');
      expect(talks.reading.level).toBe(0);
      expect(talks.contribution(seed.talks)).toBe(-4);
    });
  });

  describe('given options', () => {
    it('with a stock factor of 0, then a measure contributes its flow only', () =>
      expect(given(seed.control).at('2019-08-03', { stockFactor: 0 }).contribution(seed.control)).toBe(round2(8 * decay(30))));
    it('with a stock factor of 1, then a measure stands for its full |Goldstein|', () =>
      expect(given(seed.control).at('2019-08-03', { stockFactor: 1 }).contribution(seed.control)).toBe(round2(8 * decay(30) + 8)));
    it.each<Partial<EscalationOptions>>([{ halfLifeDays: 0 }, { halfLifeDays: -1 }, { scale: 0 }, { stockFactor: -0.5 }, { halfLifeDays: Number.NaN }])(
      'with %p, then a RangeError',
      (options) => expect(() => given(seed.control).at('2019-08-03', options)).toThrow(RangeError),
    );
    it('then the defaults are H = 30 days, s = 0.5, K = 20', () => expect(DEFAULT_ESCALATION_OPTIONS).toEqual({ halfLifeDays: 30, stockFactor: 0.5, scale: 20 }));
  });

  it('given an invalid instant, then a RangeError', () => expect(() => escalationAt(inputOf(SEED), new Date(Number.NaN))).toThrow(RangeError));

  // ---- time order, not record order -------------------------------------------------------

  describe('given the seed with developments recorded late and dated where they belong', () => {
    const inOrder = inputOf(SEED);
    const lateNotice = { ...seed.notice, recordedAt: on('2019-09-10') };
    const lateLicence = { ...seed.licence, recordedAt: on('2019-09-30') };
    const late = inputOf(SEED.map((d) => (d === seed.notice ? lateNotice : d === seed.licence ? lateLicence : d)));

    it.each(['2019-08-07', '2019-08-22', '2019-08-31', '2019-12-01'])('then as of %s the reading is the one recorded in order', (date) =>
      expect(escalationAt(late, endOf(date))).toEqual(escalationAt(inOrder, endOf(date))));

    it('then the history is the one recorded in order', () =>
      expect(escalationHistory(late, on('2019-06-01'), on('2019-12-31'))).toEqual(escalationHistory(inOrder, on('2019-06-01'), on('2019-12-31'))));

    it('then, for any recording times (each at or after its occurrence), the reading is the same', () => {
      const reference = [on('2019-08-22'), endOf('2019-08-31'), on('2019-10-01')].map((at) => escalationAt(inOrder, at));
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 400 * 24 }), { minLength: SEED.length, maxLength: SEED.length }), (delaysInHours) => {
          const shuffled = SEED.map((d, i) => ({ ...d, recordedAt: new Date(d.occurredAt.getTime() + delaysInHours[i]! * 3_600_000) }));
          const readings = [on('2019-08-22'), endOf('2019-08-31'), on('2019-10-01')].map((at) => escalationAt(inputOf(shuffled), at));
          expect(readings).toEqual(reference);
        }),
        { numRuns: 50 },
      );
    });
  });

  it('given the same input twice, then the same answer (no hidden state)', () => {
    const input = inputOf(SEED);
    expect(escalationAt(input, on('2019-08-31'))).toEqual(escalationAt(input, on('2019-08-31')));
  });
});

// ---- history --------------------------------------------------------------------------------

/** The seed, then the later story: the notice suspended and withdrawn, controls eased, the white list restored, a show of force. */
const later = [
  recorded('agreement_non_renewal_suspended', '2019-11-22', { agreementId: GSOMIA.id, actor: 'KR', conditional: true }),
  recorded('other', '2020-05-01T09:30:00.000Z', { actor: 'KR', target: 'JP' }, { cameoCode: '115' }),
  recorded('other', '2021-03-10', { actor: 'JP', target: 'KR' }, { cameoCode: '150' }),
  recorded('export_control_eased', '2023-03-23', { actor: 'JP', target: 'KR', items: THREE_CHEMICALS }),
  recorded('agreement_non_renewal_withdrawn', '2023-03-21', { agreementId: GSOMIA.id, actor: 'KR' }),
  recorded('export_list_reinstatement', '2023-06-27', { actor: 'JP', target: 'KR', list: 'white list', effectiveOn: on('2023-07-21').toISOString() }),
  recorded('protest', '2023-07-15T18:00:00.000Z', { actor: 'KR', target: 'JP', form: 'formal_protest' }),
];
const story = inputOf([...SEED, ...later]);

describe('escalationHistory', () => {
  it('given a range, then one entry per UTC day from `from` to `to` inclusive, dated YYYY-MM-DD', () => {
    const history = escalationHistory(story, on('2019-08-30T15:00:00Z'), on('2019-09-02T01:00:00Z'));
    expect(history.map((e) => e.date)).toEqual(['2019-08-30', '2019-08-31', '2019-09-01', '2019-09-02']);
  });

  it('given a single day, then one entry', () => expect(escalationHistory(story, on('2019-08-31'), on('2019-08-31'))).toHaveLength(1));

  it('then each day is the reading at the end of that day (a protest at 18:00 counts on its own day)', () => {
    const [day] = escalationHistory(story, on('2023-07-15'), on('2023-07-15'));
    const { level, rung } = escalationAt(story, endOf('2023-07-15'));
    expect(day).toEqual({ date: '2023-07-15', level, rung });
    expect(escalationAt(story, on('2023-07-15T17:59:59.999Z')).rung.index).toBe(escalationAt(story, on('2023-07-14')).rung.index);
  });

  it.each<[string, Partial<EscalationOptions> | undefined]>([
    ['the default options', undefined],
    ['a half-life of 10 days', { halfLifeDays: 10 }],
    ['a half-life of 365 days and a stock factor of 1', { halfLifeDays: 365, stockFactor: 1 }],
  ])('given the 2019–2023 story with %s, then every day from May 2019 to Dec 2023 matches escalationAt at the end of the day', (_, options) => {
    const history = escalationHistory(story, on('2019-05-01'), on('2023-12-31'), options);
    expect(history).toHaveLength(daysBetween('2019-05-01', '2023-12-31') + 1);
    const mismatches = history.filter(({ date, level, rung }) => {
      const reading = escalationAt(story, endOf(date), options);
      return reading.level !== level || reading.rung.index !== rung.index || reading.rung.name !== rung.name;
    });
    expect(mismatches).toEqual([]);
  });

  it('then the story\'s rungs move as its measures and notices do', () => {
    const rungOn = (date: string) => escalationHistory(story, on(date), on(date))[0]!.rung.index;
    expect([rungOn('2019-06-30'), rungOn('2019-07-04'), rungOn('2019-08-22'), rungOn('2019-12-01'), rungOn('2021-03-10'), rungOn('2023-04-01'), rungOn('2023-07-21'), rungOn('2023-10-01')]).toEqual([
      0, 2, 3, 2, 4, 2, 1, 0,
    ]);
  });

  it('given a range of 3,660 days, then it answers; 3,661 days, then a RangeError', () => {
    expect(escalationHistory(story, on('2015-01-01'), new Date(on('2015-01-01').getTime() + 3659 * DAY))).toHaveLength(3660);
    expect(() => escalationHistory(story, on('2015-01-01'), new Date(on('2015-01-01').getTime() + 3660 * DAY))).toThrow(RangeError);
  });

  it('given `to` before `from`, or an invalid date, then a RangeError', () => {
    expect(() => escalationHistory(story, on('2019-09-01'), on('2019-08-31'))).toThrow(RangeError);
    expect(() => escalationHistory(story, new Date(Number.NaN), on('2019-08-31'))).toThrow(RangeError);
  });

  describe('given 100,000 developments over three years (mostly protests and statements) and a history of 365 days', () => {
    const big = largeLog(100_000);

    // Its speed is measured by `npm run bench` (escalation.history), never by a timed test.
    it('then the rolling history matches escalationAt on sampled days', () => {
      const history = escalationHistory(big, on('2019-01-01'), on('2019-12-31'));
      expect(history).toHaveLength(365);
      for (const index of [0, 57, 180, 238, 364]) {
        const { date, level, rung } = history[index]!;
        const reading = escalationAt(big, endOf(date));
        expect({ date, level: reading.level, rung: reading.rung }).toEqual({ date, level, rung });
      }
    });
  });
});

describe('escalationLevelAt', () => {
  const levelAndRung = (reading: { level: number; rung: { index: number; name: string } }) => ({ level: reading.level, rung: reading.rung });
  const MINUTE = 60_000;

  it.each<[string, Partial<EscalationOptions> | undefined]>([
    ['the default options', undefined],
    ['a half-life of 10 days', { halfLifeDays: 10 }],
    ['a half-life of 365 days and a stock factor of 1', { halfLifeDays: 365, stockFactor: 1 }],
  ])('given the 2019–2023 story with %s, then at any instant from 2019 to 2024 it gives escalationAt\'s level and rung', (_, options) => {
    const from = on('2019-05-01').getTime();
    const span = on('2024-01-01').getTime() - from;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: span }), (offset) => {
        const at = new Date(from + offset);
        expect(levelAndRung(escalationLevelAt(story, at, options))).toEqual(levelAndRung(escalationAt(story, at, options)));
      }),
      { numRuns: 500 },
    );
  });

  it('given the story, then on the days its rungs move it moves with escalationAt', () => {
    for (const date of ['2019-07-04', '2019-08-22', '2019-11-22', '2021-03-10', '2023-03-21', '2023-07-15', '2023-07-21', '2023-09-13']) {
      for (const at of [on(date), endOf(date)]) expect(levelAndRung(escalationLevelAt(story, at))).toEqual(levelAndRung(escalationAt(story, at)));
    }
  });

  it('given 100,000 developments, then it gives escalationAt\'s level and rung', () => {
    const big = largeLog(100_000);
    for (const date of ['2017-03-01', '2018-06-15', '2019-12-31', '2021-01-01']) {
      expect(levelAndRung(escalationLevelAt(big, endOf(date)))).toEqual(levelAndRung(escalationAt(big, endOf(date))));
    }
  });

  describe('steadyUntil', () => {
    /**
     * Level and rung hold at `at`'s steadyUntil − 1 ms (the edge, where rounding would bite) and at
     * the given fractions of the way to it (for ever: twenty years).
     */
    const expectSteady = (input: EscalationInput, at: Date, options?: Partial<EscalationOptions>, fractions = [0.25, 0.5, 0.75, 0.9, 0.99, 0.999]) => {
      const reading = escalationLevelAt(input, at, options);
      const until = reading.steadyUntil?.getTime() ?? at.getTime() + 20 * 365 * DAY;
      expect(until).toBeGreaterThan(at.getTime());
      for (const fraction of fractions) {
        const instant = new Date(at.getTime() + Math.floor(fraction * (until - at.getTime())));
        expect({ instant, ...levelAndRung(escalationLevelAt(input, instant, options)) }).toEqual({ instant, ...levelAndRung(reading) });
      }
      expect(levelAndRung(escalationLevelAt(input, new Date(until - 1), options))).toEqual(levelAndRung(reading));
    };

    it.each<[string, Partial<EscalationOptions> | undefined]>([
      ['the default options', undefined],
      ['a half-life of 10 days', { halfLifeDays: 10 }],
      ['a half-life of 365 days, a stock factor of 1 and a scale of 5', { halfLifeDays: 365, stockFactor: 1, scale: 5 }],
    ])('given the story with %s, then level and rung hold at every instant before it', (_, options) => {
      const from = on('2019-05-01').getTime();
      const span = on('2025-01-01').getTime() - from;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: span }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (offset, fraction) =>
          expectSteady(story, new Date(from + offset), options, [fraction]),
        ),
        { numRuns: 500 },
      );
    });

    it('given the story read at noon every day from May 2019 to 2024, then mostly level or rung has moved a minute after it (it is not merely early)', () => {
      let moved = 0;
      let days = 0;
      for (let t = on('2019-05-01').getTime() + DAY / 2; t < on('2024-01-01').getTime(); t += DAY, days++) {
        const reading = escalationLevelAt(story, new Date(t));
        if (!reading.steadyUntil) continue;
        const after = escalationLevelAt(story, new Date(reading.steadyUntil.getTime() + MINUTE));
        if (after.level !== reading.level || after.rung.index !== reading.rung.index) moved++;
      }
      expect(moved / days).toBeGreaterThan(0.9);
    });

    it('given a lone demand for economic aid (weight 5: level 20 that day), then it holds until the decaying flow rounds to 19: after 30 × log2(5 / (20 × 19.5 / 80.5)) days', () => {
      const lone = inputOf([recorded('other', '2020-01-01', { actor: 'JP', target: 'KR' }, { cameoCode: '1031' })]);
      const reading = escalationLevelAt(lone, on('2020-01-01'));
      expect(reading.level).toBe(20);
      const crossing = on('2020-01-01').getTime() + 30 * Math.log2(5 / ((20 * 19.5) / 80.5)) * DAY;
      expect(reading.steadyUntil!.getTime()).toBeLessThanOrEqual(crossing);
      expect(reading.steadyUntil!.getTime()).toBeGreaterThan(crossing - MINUTE);
      expect(escalationLevelAt(lone, new Date(crossing + 1)).level).toBe(19);
    });

    it('given a protest and nothing else, then rung 1 holds until the protest leaves the window of two half-lives, to the millisecond', () => {
      const protest = inputOf([recorded('protest', '2020-01-01', { actor: 'KR', target: 'JP', form: 'formal_protest' })]);
      // A level at the top of its band could hold past the window: read where the window ends first.
      const reading = escalationLevelAt(protest, on('2020-02-25'));
      expect(reading.rung.index).toBe(1);
      const windowEnd = on('2020-01-01').getTime() + 60 * DAY;
      expect(reading.steadyUntil!.getTime()).toBeLessThanOrEqual(windowEnd + 1);
      expect(escalationLevelAt(protest, new Date(windowEnd)).rung.index).toBe(1);
      expect(escalationLevelAt(protest, new Date(windowEnd + 1)).rung.index).toBe(0);
    });

    it('given a reinstatement effective later, then it holds no longer than its effective day', () => {
      const reinstated = inputOf([
        seed.removal,
        recorded('export_list_reinstatement', '2023-06-27', { actor: 'JP', target: 'KR', list: 'white list', effectiveOn: on('2023-07-21').toISOString() }),
      ]);
      // A half-life of ten years: the flow's decay alone would hold the level for far longer.
      const options = { halfLifeDays: 3650 };
      const reading = escalationLevelAt(reinstated, on('2023-07-16'), options);
      expect(reading.rung.index).toBe(2);
      expect(reading.steadyUntil!.getTime()).toBeLessThanOrEqual(on('2023-07-21').getTime());
      expect(escalationLevelAt(reinstated, on('2023-07-21'), options).rung.index).toBe(0);
    });

    it('given a development dated after T, then it holds no longer than that instant', () => {
      const reading = escalationLevelAt(story, on('2020-04-30'));
      expect(reading.steadyUntil!.getTime()).toBeLessThanOrEqual(on('2020-05-01T09:30:00.000Z').getTime());
    });

    it("given a notice recorded in another dispute's log, dated after T, then it holds no longer than that instant", () => {
      // Nothing else recorded in this dispute: no development of its own says when.
      const input = inputOf([], [seed.notice as AgreementEvent]);
      const reading = escalationLevelAt(input, on('2019-08-21'));
      expect(reading.rung.index).toBe(0);
      expect(reading.steadyUntil!.getTime()).toBeLessThanOrEqual(seed.notice.occurredAt.getTime());
      expect(escalationLevelAt(input, seed.notice.occurredAt).rung.index).toBe(3);
    });

    it('given a stock that sums (in floating point) to a rounding edge of the level and a fading cooperation, then it holds no longer than the level does', () => {
      // 0.5 × (8 + 5.8 + 4.4 + 5.8) = 12.000000000000002: with K = 20 on rung 2, X = 12 is exactly level 62.5.
      const controls = ['163', '131', '130', '131'].map((cameoCode, i) =>
        recorded('export_control_tightened', '2015-01-01', { actor: 'JP', target: 'KR', items: [`item ${i}`] }, { cameoCode }),
      );
      const input = inputOf([...controls, recorded('other', '2019-01-01', { actor: 'JP', target: 'KR' }, { cameoCode: '0874' })]);
      for (const at of ['2019-09-01', '2022-01-01', '2023-01-01', '2023-02-24']) expectSteady(input, on(at));
    });

    it('given a tuned scale that puts the stock on a rounding edge, then it holds no longer than the level does', () => {
      const input = inputOf([recorded('export_control_tightened', '2020-01-01', { actor: 'JP', target: 'KR', items: THREE_CHEMICALS })]);
      for (const halfLifeDays of [0.5, 365]) expectSteady(input, on('2020-01-16T12:20:57.928Z'), { scale: 6.212765957450591, halfLifeDays });
    });

    it('given a half-life whose window ends on a rounding edge of the millisecond, then the rung holds no longer than evaluate counts the protest', () => {
      const condemn = recorded('statement', new Date(1099496619751).toISOString(), { actor: 'JP', about: ['KR'], stance: 'condemn' }, { cameoCode: null });
      expectSteady(inputOf([condemn]), new Date(1099496619751 + DAY), { halfLifeDays: 0.9999999999996227 });
    });

    it('given a flow that sums to exactly 0 at T (sanctions one half-life before twice their weight in cooperation) and a stock on a rounding edge, then it promises nothing', () => {
      const sanctions = [
        ...['a', 'b', 'c'].map((item) => recorded('export_control_tightened', '2020-01-01', { actor: 'JP', target: 'KR', items: [item] })),
        ...[1, 2].map(() => recorded('other', '2020-01-01', { actor: 'JP', target: 'KR' }, { cameoCode: '163' })),
      ];
      const cooperation = [1, 2].map(() => recorded('other', '2020-01-31', { actor: 'KR', target: 'JP' }, { cameoCode: '0874' }));
      const input = inputOf([...sanctions, ...cooperation]);
      expect(escalationLevelAt(input, on('2020-01-31')).steadyUntil).not.toBeNull();
      expectSteady(input, on('2020-01-31'));
      const pair = inputOf([recorded('export_control_tightened', '2020-01-01', { actor: 'JP', target: 'KR', items: THREE_CHEMICALS }), recorded('other', '2020-01-31', { actor: 'JP', target: 'KR' }, { cameoCode: '036' })]);
      expectSteady(pair, on('2020-01-31'), { scale: 3.868852459016395 });
    });

    it('given a half-life of a hundred million days and a protest, then it answers (the window ends past any date: never)', () => {
      const input = inputOf([recorded('protest', '2020-01-01', { actor: 'KR', target: 'JP', form: 'formal_protest' })]);
      const reading = escalationLevelAt(input, on('2020-06-01'), { halfLifeDays: 1e8 });
      expect(reading.rung.index).toBe(1);
      expect(reading.steadyUntil === null || Number.isFinite(reading.steadyUntil.getTime())).toBe(true);
    });

    it('given nothing at all, then level 0 for ever (null)', () => {
      expect(escalationLevelAt(inputOf([]), on('2020-01-01'))).toEqual({ level: 0, rung: { index: 0, name: expect.any(String) }, steadyUntil: null });
    });
  });

  it('given an invalid date or options, then a RangeError', () => {
    expect(() => escalationLevelAt(story, new Date(Number.NaN))).toThrow(RangeError);
    expect(() => escalationLevelAt(story, on('2019-09-01'), { halfLifeDays: 0 })).toThrow(RangeError);
  });
});

/** A deterministic large log: 2017–2019, ~94% protests and statements, a few measures, GSOMIA notices. */
function largeLog(count: number): EscalationInput {
  let seedValue = 20190822;
  const random = (): number => {
    // mulberry32
    seedValue = (seedValue + 0x6d2b79f5) | 0;
    let t = Math.imul(seedValue ^ (seedValue >>> 15), 1 | seedValue);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const start = on('2017-01-01').getTime();
  const span = on('2020-01-01').getTime() - start;
  const developments: Development[] = [];
  const stances = ['support', 'concern', 'condemn', 'neutral'] as const;
  const forms = ['statement', 'formal_protest', 'ambassador_summoned'] as const;
  for (let i = 0; i < count; i++) {
    const occurredAt = new Date(start + Math.floor(random() * span)).toISOString();
    const r = random();
    const [actor, target] = random() < 0.5 ? ['JP', 'KR'] : ['KR', 'JP'];
    if (r < 0.47) developments.push(recorded('protest', occurredAt, { actor, target, form: forms[Math.floor(random() * 3)]! }));
    else if (r < 0.94) developments.push(recorded('statement', occurredAt, { actor: 'US', about: [actor, target], stance: stances[Math.floor(random() * 4)]! }));
    else if (r < 0.96) developments.push(recorded('export_control_tightened', occurredAt, { actor, target, items: [`item-${Math.floor(random() * 50)}`] }));
    else if (r < 0.975) developments.push(recorded('export_control_eased', occurredAt, { actor, target, items: [`item-${Math.floor(random() * 50)}`] }));
    else if (r < 0.985) developments.push(recorded('export_license_issued', occurredAt, { actor, target, items: [`item-${Math.floor(random() * 50)}`] }));
    else if (r < 0.99) {
      const effectiveOn = new Date(Date.parse(occurredAt) + Math.floor(random() * 60) * DAY).toISOString();
      developments.push(recorded(random() < 0.5 ? 'export_list_removal' : 'export_list_reinstatement', occurredAt, { actor, target, list: 'white list', effectiveOn }));
    } else developments.push(recorded('other', occurredAt, { actor, target }, { cameoCode: ['036', '1031', '150', '112', '057'][Math.floor(random() * 5)]! }));
  }
  developments.push(seed.notice);
  return inputOf(developments);
}
