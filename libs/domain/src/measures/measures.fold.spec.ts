import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { byOccurrence } from '../agreement/agreement.fold.js';
import { defaultCameoCode } from '../cameo/cameo.js';
import type { Development, DevelopmentFieldsByType, DevelopmentType, Source } from '../developments/development.types.js';
import { isInForce, measuresAt, MeasuresFold, type Measure } from './measures.fold.js';

// ---- fixtures -------------------------------------------------------------------------------

/** A date at midnight UTC, or an instant. */
const on = (date: string): Date => new Date(date.length === 10 ? `${date}T00:00:00.000Z` : date);

const SOURCES: Source[] = [{ publisher: 'Yonhap' }];
const FLUORINATED_POLYIMIDE = 'fluorinated polyimide';
const PHOTORESIST = 'photoresist (resist)';
const HYDROGEN_FLUORIDE = 'hydrogen fluoride (etching gas)';
const THREE_CHEMICALS = [FLUORINATED_POLYIMIDE, PHOTORESIST, HYDROGEN_FLUORIDE];

let sequence = 0;
function recorded<T extends DevelopmentType>(type: T, occurredAt: string, fields: DevelopmentFieldsByType[T], recordedAt = occurredAt): Development {
  sequence += 1;
  return {
    eventId: `ev-${sequence}-${type}`,
    type,
    occurredAt: on(occurredAt),
    recordedAt: on(recordedAt),
    data: { disputeId: 'jp-kr-2019', summary: type, sources: SOURCES, cameoCode: defaultCameoCode(type, fields), ...fields },
  } as Development;
}

const tightened = (date: string, items: string[], { actor = 'JP', target = 'KR', recordedAt = date } = {}) =>
  recorded('export_control_tightened', date, { actor, target, items }, recordedAt);
const eased = (date: string, items: string[], { actor = 'JP', target = 'KR', recordedAt = date } = {}) =>
  recorded('export_control_eased', date, { actor, target, items }, recordedAt);
const licensed = (date: string, items: string[], { actor = 'JP', target = 'KR', count = undefined as number | undefined, recordedAt = date } = {}) =>
  recorded('export_license_issued', date, { actor, target, items, ...(count === undefined ? {} : { count }) }, recordedAt);
const removed = (date: string, effectiveOn: string, { actor = 'JP', target = 'KR', list = 'white list', recordedAt = date } = {}) =>
  recorded('export_list_removal', date, { actor, target, list, effectiveOn: on(effectiveOn).toISOString() }, recordedAt);
const reinstated = (date: string, effectiveOn: string, { actor = 'JP', target = 'KR', list = 'white list', recordedAt = date } = {}) =>
  recorded('export_list_reinstatement', date, { actor, target, list, effectiveOn: on(effectiveOn).toISOString() }, recordedAt);

type Expected = Partial<Omit<Measure, 'since'>> & { since?: string };

/** given(...developments).asOf(date).then([...]) : the developments fold in occurred order. */
const given = (...developments: Development[]) => {
  const ordered = [...developments].sort(byOccurrence);
  return {
    asOf: (date: string) => {
      const measures = measuresAt(ordered, on(date));
      return {
        measures,
        then: (...expected: Expected[]) =>
          expect(measures).toEqual(expected.map(({ since, ...rest }) => expect.objectContaining({ ...rest, ...(since ? { since: on(since) } : {}) }))),
      };
    },
  };
};

// ---- the fold -------------------------------------------------------------------------------

describe('measuresAt', () => {
  describe('given no developments', () => {
    it('then there is no measure', () => given().asOf('2019-08-31').then());
  });

  describe('given Japan tightened export controls on three chemicals to South Korea on 4 Jul 2019', () => {
    const control = tightened('2019-07-04', THREE_CHEMICALS);

    it('as of 1 Aug 2019, then one active export control since 4 Jul, named after its development, no licence yet', () =>
      given(control)
        .asOf('2019-08-01')
        .then({
          id: control.eventId,
          eventId: control.eventId,
          kind: 'export_control',
          actor: 'JP',
          target: 'KR',
          items: THREE_CHEMICALS,
          list: null,
          status: 'active',
          since: '2019-07-04',
          licensesIssued: 0,
        }));

    it('as of the day before, then there is no measure yet', () => given(control).asOf('2019-07-03').then());

    it('when the items repeat (in another case, with spaces), then each is kept once, as first given', () =>
      given(tightened('2019-07-04', [PHOTORESIST, ' Photoresist (Resist) ', HYDROGEN_FLUORIDE, PHOTORESIST.toUpperCase()]))
        .asOf('2019-08-01')
        .then({ items: [PHOTORESIST, HYDROGEN_FLUORIDE] }));

    describe('when one of the three is eased on 1 Mar 2020', () => {
      const partly = given(control, eased('2020-03-01', [PHOTORESIST]));
      it('then the control stays active since 4 Jul 2019, with the two remaining items', () =>
        partly.asOf('2020-03-02').then({ status: 'active', since: '2019-07-04', items: [FLUORINATED_POLYIMIDE, HYDROGEN_FLUORIDE] }));
      it('as of the day before the easing, then the three items are still controlled', () => partly.asOf('2020-02-29').then({ items: THREE_CHEMICALS }));
    });

    describe('when all three are eased on 23 Mar 2023', () => {
      const easing = eased('2023-03-23', THREE_CHEMICALS);
      it('then the control is lifted since 23 Mar 2023 and still shows what it covered', () =>
        given(control, easing).asOf('2023-04-01').then({ status: 'lifted', since: '2023-03-23', items: THREE_CHEMICALS }));
      it('then it is no longer in force', () => expect(isInForce(given(control, easing).asOf('2023-04-01').measures[0]!)).toBe(false));
    });

    describe('when eased in two steps (one item in 2020, the other two in 2023)', () => {
      const steps = given(control, eased('2020-03-01', [PHOTORESIST]), eased('2023-03-23', [FLUORINATED_POLYIMIDE, HYDROGEN_FLUORIDE]));
      it('then lifted since the last step, showing the two items it held just before', () =>
        steps.asOf('2023-04-01').then({ status: 'lifted', since: '2023-03-23', items: [FLUORINATED_POLYIMIDE, HYDROGEN_FLUORIDE] }));
    });

    it('when the easing names the items in another case and with spaces, then they match', () =>
      given(control, eased('2023-03-23', ['  FLUORINATED POLYIMIDE', 'Photoresist (resist)', 'hydrogen fluoride (ETCHING GAS) ']))
        .asOf('2023-04-01')
        .then({ status: 'lifted' }));

    it('when an easing names only items the control does not cover, then nothing changes', () =>
      given(control, eased('2020-03-01', ['steel'])).asOf('2020-04-01').then({ status: 'active', items: THREE_CHEMICALS, since: '2019-07-04' }));

    it('when another dyad eases the same items (KR→JP), then the JP→KR control is untouched', () =>
      given(control, eased('2020-03-01', THREE_CHEMICALS, { actor: 'KR', target: 'JP' })).asOf('2020-04-01').then({ status: 'active', items: THREE_CHEMICALS }));

    it('when the easing comes before the control (a backdated control), then the control is untouched', () =>
      given(eased('2019-07-01', THREE_CHEMICALS), control).asOf('2019-08-01').then({ status: 'active', items: THREE_CHEMICALS }));

    it('when a lifted control is followed by another easing, then it stays lifted since the first one', () =>
      given(control, eased('2023-03-23', THREE_CHEMICALS), eased('2023-05-01', [PHOTORESIST]))
        .asOf('2023-06-01')
        .then({ status: 'lifted', since: '2023-03-23', items: THREE_CHEMICALS }));

    it('when the easing occurred after `asOf`, then it is ignored', () =>
      given(control, eased('2023-03-23', THREE_CHEMICALS)).asOf('2023-03-22T23:59:59.999Z').then({ status: 'active', since: '2019-07-04' }));
  });

  describe('given two active controls of the same dyad that both cover photoresist', () => {
    const first = tightened('2019-07-04', [PHOTORESIST, HYDROGEN_FLUORIDE]);
    const second = tightened('2019-09-01', [PHOTORESIST]);

    it('then they are listed in creation order', () => expect(given(second, first).asOf('2019-10-01').measures.map((m) => m.id)).toEqual([first.eventId, second.eventId]));

    it('when photoresist is eased, then it leaves both: the first keeps hydrogen fluoride, the second is lifted', () =>
      given(first, second, eased('2020-01-10', [PHOTORESIST]))
        .asOf('2020-02-01')
        .then({ id: first.eventId, status: 'active', items: [HYDROGEN_FLUORIDE] }, { id: second.eventId, status: 'lifted', since: '2020-01-10', items: [PHOTORESIST] }));
  });

  describe('given licences issued under the July 2019 controls', () => {
    const control = tightened('2019-07-04', THREE_CHEMICALS);

    it('when a licence gives a count (1 for photoresist on 7 Aug, 1 on 19 Aug), then the counts add up', () =>
      given(control, licensed('2019-08-07', [PHOTORESIST], { count: 1 }), licensed('2019-08-19', [PHOTORESIST], { count: 1 }))
        .asOf('2019-08-31')
        .then({ licensesIssued: 2, status: 'active' }));

    it('when a licence gives no count, then it counts its items', () =>
      given(control, licensed('2019-08-07', [PHOTORESIST, HYDROGEN_FLUORIDE])).asOf('2019-08-31').then({ licensesIssued: 2 }));

    it('when a licence gives a count larger than its items, then the count wins', () =>
      given(control, licensed('2019-08-07', [PHOTORESIST], { count: 12 })).asOf('2019-08-31').then({ licensesIssued: 12 }));

    it('when the licence names the item in another case, then it still counts on the control covering it', () => {
      const other = tightened('2019-06-01', ['steel']);
      given(other, control, licensed('2019-08-07', ['PHOTORESIST (RESIST)']))
        .asOf('2019-08-31')
        .then({ id: other.eventId, licensesIssued: 0 }, { id: control.eventId, licensesIssued: 1 });
    });

    it('when no active control covers its items, then it counts on the first active control of the dyad', () => {
      const other = tightened('2019-06-01', ['steel']);
      given(other, control, licensed('2019-08-07', ['rice'], { count: 3 }))
        .asOf('2019-08-31')
        .then({ id: other.eventId, licensesIssued: 3 }, { id: control.eventId, licensesIssued: 0 });
    });

    it('when the covering control was lifted, then the licence counts on the first active one instead', () => {
      const other = tightened('2019-06-01', ['steel']);
      given(control, other, eased('2019-08-01', THREE_CHEMICALS), licensed('2019-08-07', [PHOTORESIST]))
        .asOf('2019-08-31')
        .then({ id: other.eventId, licensesIssued: 1 }, { id: control.eventId, status: 'lifted', licensesIssued: 0 });
    });

    it('when the dyad has no active control, then the licence counts nowhere', () =>
      given(control, licensed('2019-08-07', [PHOTORESIST], { actor: 'KR', target: 'JP' })).asOf('2019-08-31').then({ licensesIssued: 0 }));

    it('when the licence is dated before the control (issued under an earlier regime), then it counts nowhere', () =>
      given(licensed('2019-07-01', [PHOTORESIST]), control).asOf('2019-08-31').then({ licensesIssued: 0 }));

    it('when a licence occurred after `asOf`, then it is not counted yet', () =>
      given(control, licensed('2019-08-07', [PHOTORESIST]), licensed('2019-08-19', [PHOTORESIST])).asOf('2019-08-10').then({ licensesIssued: 1 }));
  });

  describe('given Japan removed South Korea from its white list on 2 Aug 2019, effective 28 Aug 2019', () => {
    const removal = removed('2019-08-02', '2019-08-28');
    const whiteList = given(removal);

    it('as of 10 Aug, then the removal is announced since 2 Aug, with no items and the list named', () =>
      whiteList.asOf('2019-08-10').then({
        id: removal.eventId,
        eventId: removal.eventId,
        kind: 'export_list_removal',
        actor: 'JP',
        target: 'KR',
        items: [],
        list: 'white list',
        status: 'announced',
        since: '2019-08-02',
        licensesIssued: 0,
      }));

    it('as of the instant before 28 Aug, then still announced', () => whiteList.asOf('2019-08-27T23:59:59.999Z').then({ status: 'announced', since: '2019-08-02' }));
    it('as of 28 Aug, then effective since 28 Aug', () => whiteList.asOf('2019-08-28').then({ status: 'effective', since: '2019-08-28' }));
    it('then it is in force, announced and effective alike', () => {
      expect(isInForce(whiteList.asOf('2019-08-10').measures[0]!)).toBe(true);
      expect(isInForce(whiteList.asOf('2019-09-10').measures[0]!)).toBe(true);
    });

    it('when the removal takes effect the day it is decided (or before), then it is effective since that effective day at once', () => {
      given(removed('2019-08-02', '2019-08-02')).asOf('2019-08-02').then({ status: 'effective', since: '2019-08-02' });
      given(removed('2019-08-02', '2019-07-30')).asOf('2019-08-02').then({ status: 'effective', since: '2019-07-30' });
    });

    describe('and reinstated on 27 Jun 2023, effective 21 Jul 2023', () => {
      const restored = given(removal, reinstated('2023-06-27', '2023-07-21'));
      it('as of 1 Jul 2023 (before its effective day), then the removal keeps its status: effective since 28 Aug 2019', () =>
        restored.asOf('2023-07-01').then({ status: 'effective', since: '2019-08-28' }));
      it('as of 21 Jul 2023, then lifted since 21 Jul 2023', () => restored.asOf('2023-07-21').then({ status: 'lifted', since: '2023-07-21' }));
      it('then it is no longer in force', () => expect(isInForce(restored.asOf('2023-08-01').measures[0]!)).toBe(false));
    });

    it('when reinstated before the removal took effect (20 Aug, effective 25 Aug), then announced until 25 Aug and lifted from then, never effective', () => {
      const reversed = given(removal, reinstated('2019-08-20', '2019-08-25'));
      reversed.asOf('2019-08-24').then({ status: 'announced', since: '2019-08-02' });
      reversed.asOf('2019-08-25').then({ status: 'lifted', since: '2019-08-25' });
      reversed.asOf('2019-09-01').then({ status: 'lifted', since: '2019-08-25' });
    });

    it('when the reinstatement names the list in another case, then it matches', () =>
      given(removal, reinstated('2023-06-27', '2023-07-21', { list: ' White List ' })).asOf('2023-08-01').then({ status: 'lifted' }));

    it('when the reinstatement is of another list, then the removal stays', () =>
      given(removal, reinstated('2023-06-27', '2023-07-21', { list: 'group A' })).asOf('2023-08-01').then({ status: 'effective' }));

    it('when the reinstatement is by another actor (KR reinstating JP), then the removal stays', () =>
      given(removal, reinstated('2023-06-27', '2023-07-21', { actor: 'KR', target: 'JP' })).asOf('2023-08-01').then({ status: 'effective' }));

    it('when a reinstatement comes before the removal, then it lifts nothing', () =>
      given(reinstated('2019-07-01', '2019-07-01'), removal).asOf('2019-09-01').then({ status: 'effective', since: '2019-08-28' }));

    it('when a second reinstatement follows an already-lifted removal, then it stays lifted since the first', () =>
      given(removal, reinstated('2023-06-27', '2023-07-21'), reinstated('2024-01-10', '2024-02-01')).asOf('2024-03-01').then({ status: 'lifted', since: '2023-07-21' }));

    it('when a second reinstatement, before the first takes effect, is effective earlier, then the earlier date wins', () =>
      given(removal, reinstated('2023-06-01', '2023-12-01'), reinstated('2023-06-27', '2023-07-21')).asOf('2023-08-01').then({ status: 'lifted', since: '2023-07-21' }));

    it('when removed again after the reinstatement, then the new removal is a measure of its own and stands', () => {
      const again = removed('2024-01-10', '2024-02-01');
      given(removal, reinstated('2023-06-27', '2023-07-21'), again)
        .asOf('2024-03-01')
        .then({ id: removal.eventId, status: 'lifted', since: '2023-07-21' }, { id: again.eventId, status: 'effective', since: '2024-02-01' });
    });

    describe('and South Korea removed Japan from its own list (12 Aug, effective 18 Sep 2019)', () => {
      const answer = removed('2019-08-12', '2019-09-18', { actor: 'KR', target: 'JP', list: 'group A' });
      it('then both removals stand, each with its own status, in creation order', () =>
        given(answer, removal)
          .asOf('2019-09-01')
          .then({ id: removal.eventId, status: 'effective', since: '2019-08-28' }, { id: answer.eventId, actor: 'KR', target: 'JP', status: 'announced', since: '2019-08-12' }));
    });
  });

  describe('given developments that are not about measures (protests, statements, notices, deadlines)', () => {
    it('then they are ignored', () =>
      given(
        recorded('protest', '2019-08-22', { actor: 'JP', target: 'KR', form: 'formal_protest' }),
        recorded('statement', '2019-08-22', { actor: 'US', about: ['JP', 'KR'], stance: 'concern' }),
        recorded('agreement_non_renewal', '2019-08-22', { agreementId: 'gsomia', actor: 'KR', expiresOn: '2019-11-23T00:00:00.000Z' }),
        recorded('deadline_set', '2019-08-22', { title: 'GSOMIA expiry', dueAt: '2019-11-23T00:00:00.000Z' }),
        recorded('other', '2019-08-24', { actor: 'KP', cameoCode: '150' } as DevelopmentFieldsByType['other']),
      )
        .asOf('2019-09-01')
        .then());
  });

  describe('given a log recorded out of order (the easing and a licence recorded months late, dated where they belong)', () => {
    const inOrder = [
      tightened('2019-07-04', THREE_CHEMICALS),
      licensed('2019-08-07', [PHOTORESIST], { count: 1 }),
      removed('2019-08-02', '2019-08-28'),
      eased('2020-03-01', [PHOTORESIST]),
      licensed('2020-04-01', [HYDROGEN_FLUORIDE]),
      reinstated('2023-06-27', '2023-07-21'),
    ];
    const late = inOrder.map((d, i) => (i === 1 || i === 3 ? { ...d, recordedAt: on('2024-01-01') } : d));
    it.each(['2019-08-10', '2019-09-01', '2020-03-15', '2020-05-01', '2023-08-01'])('then as of %s the measures are those of the log recorded in order', (date) =>
      expect(measuresAt([...late].sort(byOccurrence), on(date))).toEqual(measuresAt([...inOrder].sort(byOccurrence), on(date))));
  });

  describe('given an answer', () => {
    it('when the caller changes it, then the next answer is untouched (nothing is shared)', () => {
      const log = [tightened('2019-07-04', THREE_CHEMICALS)];
      const first = measuresAt(log, on('2019-08-01'));
      first[0]!.items.push('rice');
      first[0]!.since.setTime(0);
      expect(measuresAt(log, on('2019-08-01'))[0]).toMatchObject({ items: THREE_CHEMICALS, since: on('2019-07-04') });
      expect(log[0]!.occurredAt).toEqual(on('2019-07-04'));
    });
  });
});

describe('isInForce', () => {
  it.each([
    ['announced', true],
    ['active', true],
    ['effective', true],
    ['lifted', false],
  ] as const)('given a measure %s, then in force: %s', (status, inForce) => expect(isInForce({ status })).toBe(inForce));
});

// ---- against a plain reading of the rules ------------------------------------------------------

/**
 * The rules read literally, with no index: every step scans every measure. The fold must agree with
 * it on any log.
 */
function referenceMeasuresAt(developments: readonly Development[], at: Date): Measure[] {
  type Ref = Measure & { effectiveOn?: Date; liftedOn?: Date | null; announcedOn?: Date };
  const k = (s: string) => s.trim().toLowerCase();
  const c = (s: string) => s.trim().toUpperCase();
  const refs: Ref[] = [];
  const activeControls = (actor: string, target: string) =>
    refs.filter((m) => m.kind === 'export_control' && m.status === 'active' && c(m.actor) === c(actor) && c(m.target) === c(target));
  for (const d of developments) {
    if (d.occurredAt > at) break;
    if (d.type === 'export_control_tightened') {
      const items = d.data.items.filter((item, i, all) => all.findIndex((other) => k(other) === k(item)) === i);
      refs.push({ id: d.eventId, eventId: d.eventId, kind: 'export_control', actor: d.data.actor, target: d.data.target, items, list: null, status: 'active', since: d.occurredAt, licensesIssued: 0 });
    } else if (d.type === 'export_control_eased') {
      const eased = d.data.items.map(k);
      for (const m of activeControls(d.data.actor, d.data.target)) {
        const remaining = m.items.filter((item) => !eased.includes(k(item)));
        if (remaining.length === m.items.length) continue;
        if (remaining.length === 0) Object.assign(m, { status: 'lifted', since: d.occurredAt });
        else m.items = remaining;
      }
    } else if (d.type === 'export_license_issued') {
      const controls = activeControls(d.data.actor, d.data.target);
      const covering = controls.find((m) => m.items.some((item) => d.data.items.map(k).includes(k(item)))) ?? controls[0];
      if (covering) covering.licensesIssued += d.data.count ?? d.data.items.length;
    } else if (d.type === 'export_list_removal') {
      refs.push({ id: d.eventId, eventId: d.eventId, kind: 'export_list_removal', actor: d.data.actor, target: d.data.target, items: [], list: d.data.list, status: 'announced', since: d.occurredAt, licensesIssued: 0, effectiveOn: new Date(d.data.effectiveOn), liftedOn: null, announcedOn: d.occurredAt });
    } else if (d.type === 'export_list_reinstatement') {
      const effectiveOn = new Date(d.data.effectiveOn);
      for (const m of refs) {
        if (m.kind !== 'export_list_removal' || c(m.actor) !== c(d.data.actor) || c(m.target) !== c(d.data.target) || k(m.list!) !== k(d.data.list)) continue;
        if (m.liftedOn && m.liftedOn <= d.occurredAt) continue;
        m.liftedOn = m.liftedOn && m.liftedOn < effectiveOn ? m.liftedOn : effectiveOn;
      }
    }
  }
  return refs.map(({ effectiveOn, liftedOn, announcedOn, ...m }) => {
    if (m.kind === 'export_control') return { ...m, items: [...m.items] };
    if (liftedOn && at >= liftedOn) return { ...m, status: 'lifted' as const, since: liftedOn };
    if (at >= effectiveOn!) return { ...m, status: 'effective' as const, since: effectiveOn! };
    return { ...m, status: 'announced' as const, since: announcedOn! };
  });
}

describe('measuresAt against the rules read literally', () => {
  const day = fc.integer({ min: 0, max: 60 });
  const dateOf = (n: number) => new Date(Date.UTC(2019, 6, 1) + n * 86_400_000).toISOString();
  const dyad = fc.constantFrom(['JP', 'KR'], ['KR', 'JP'], ['jp', 'KR']);
  const items = fc.uniqueArray(fc.constantFrom('resist', 'Resist ', 'hydrogen fluoride', 'polyimide', 'steel'), { minLength: 1, maxLength: 3 });
  const list = fc.constantFrom('white list', 'White List', 'group A');
  const development = fc.oneof(
    fc.record({ type: fc.constant('export_control_tightened' as const), day, dyad, items }),
    fc.record({ type: fc.constant('export_control_eased' as const), day, dyad, items }),
    fc.record({ type: fc.constant('export_license_issued' as const), day, dyad, items, count: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }) }),
    fc.record({ type: fc.constant('export_list_removal' as const), day, dyad, list, effective: fc.integer({ min: -5, max: 30 }) }),
    fc.record({ type: fc.constant('export_list_reinstatement' as const), day, dyad, list, effective: fc.integer({ min: -5, max: 30 }) }),
  );

  it('given any log of measure developments, then as of any day the fold and the literal rules agree (and inForceAt agrees with isInForce)', () => {
    fc.assert(
      fc.property(fc.array(development, { maxLength: 25 }), fc.integer({ min: 0, max: 95 }), (steps, asOfDay) => {
        const log = steps
          .map((step, i) => {
            const [actor, target] = step.dyad as [string, string];
            const occurredAt = dateOf(step.day);
            const recordedAt = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
            if (step.type === 'export_list_removal' || step.type === 'export_list_reinstatement') {
              return recorded(step.type, occurredAt, { actor, target, list: step.list, effectiveOn: dateOf(step.day + step.effective) }, recordedAt);
            }
            if (step.type === 'export_license_issued') {
              return recorded(step.type, occurredAt, { actor, target, items: step.items, ...(step.count === undefined ? {} : { count: step.count }) }, recordedAt);
            }
            return recorded(step.type, occurredAt, { actor, target, items: step.items }, recordedAt);
          })
          .sort(byOccurrence);
        const at = new Date(dateOf(asOfDay));
        const measures = measuresAt(log, at);
        expect(measures).toEqual(referenceMeasuresAt(log, at));
        const fold = new MeasuresFold();
        for (const d of log) if (d.occurredAt <= at) fold.apply(d);
        expect(fold.inForceAt(at)).toEqual(measures.filter(isInForce).map((m) => m.id));
      }),
      { numRuns: 300 },
    );
  });
});
