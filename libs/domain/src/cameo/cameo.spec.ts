import { describe, expect, it } from '@jest/globals';
import type { DevelopmentFieldsByType, DevelopmentType, ProtestForm, Stance } from '../developments/development.types.js';
import { CAMEO_CODES_TEXT } from './cameo-codes.data.js';
import { cameoCode, defaultCameoCode, isCameoCode, magnitude } from './cameo.js';

/** The code table's own lines, `code|goldstein|label`, as the data file holds them. */
const lines = CAMEO_CODES_TEXT.trim().split('\n');

describe('the CAMEO 1.1b3 table (GDELT Goldstein values)', () => {
  describe('given codes as strings', () => {
    it('then "010" (make statement) and "10" (demand) are different entries with different values', () => {
      expect(cameoCode('010')).toEqual({ code: '010', label: 'Make statement, not specified below', goldstein: 0 });
      expect(cameoCode('10')).toEqual({ code: '10', label: 'Demand', goldstein: -5 });
    });

    it('then a code is never found by its integer spelling: "01" is a root, "1" and "0010" are nothing', () => {
      expect(cameoCode('01')?.label).toBe('Make public statement');
      expect(isCameoCode('1')).toBe(false);
      expect(isCameoCode('0010')).toBe(false);
      expect(isCameoCode('')).toBe(false);
    });

    it('then 106 "Demand withdrawal", merged into 1056\'s line in GDELT\'s label file, has an entry of its own with -5', () => {
      expect(cameoCode('106')).toEqual({ code: '106', label: 'Demand withdrawal', goldstein: -5 });
      expect(cameoCode('1056')).toEqual({ code: '1056', label: 'Demand de-escalation of military engagement', goldstein: -5 });
    });

    it('then the values are GDELT\'s where GDELT and ICEWS disagree (016, 022, 164, 165)', () => {
      expect(cameoCode('016')?.goldstein).toBe(-2);
      expect(cameoCode('022')?.goldstein).toBe(3.2);
      expect(cameoCode('164')?.goldstein).toBe(-7);
      expect(cameoCode('165')?.goldstein).toBe(-6.5);
    });

    it('then the codes the reference names carry its values (163 -8, 160 -4, 114 -2, 061 6.4, 0314 5.2, 057 8)', () => {
      const values = Object.fromEntries(['163', '160', '114', '111', '061', '081', '085', '0314', '062', '057', '051', '012'].map((c) => [c, cameoCode(c)?.goldstein]));
      expect(values).toEqual({ '163': -8, '160': -4, '114': -2, '111': -2, '061': 6.4, '081': 5, '085': 7, '0314': 5.2, '062': 7.4, '057': 8, '051': 3.4, '012': -0.4 });
    });
  });

  describe('given every line of the data file', () => {
    it('then each is code|goldstein|label with a digit-string code, a value in [-10, 10] and a label', () => {
      for (const line of lines) {
        const parts = line.split('|');
        expect(parts).toHaveLength(3);
        const [code, goldstein, label] = parts as [string, string, string];
        expect(code).toMatch(/^\d{2,4}$/);
        expect(Number.isFinite(Number(goldstein))).toBe(true);
        expect(Math.abs(Number(goldstein))).toBeLessThanOrEqual(10);
        expect(label.trim()).not.toBe('');
        expect(cameoCode(code)).toEqual({ code, label, goldstein: Number(goldstein) });
      }
    });

    it('then no code appears twice', () => {
      const codes = lines.map((line) => line.split('|')[0]);
      expect(new Set(codes).size).toBe(codes.length);
    });
  });
});

describe('defaultCameoCode', () => {
  const cases: { [T in DevelopmentType]: { fields: DevelopmentFieldsByType[T]; code: string | null } } = {
    export_control_tightened: { fields: { actor: 'JP', target: 'KR', items: ['fluorinated polyimide'] }, code: '163' },
    export_control_eased: { fields: { actor: 'JP', target: 'KR', items: ['resist'] }, code: '081' },
    export_list_removal: { fields: { actor: 'JP', target: 'KR', list: 'white list', effectiveOn: '2019-08-28T00:00:00.000Z' }, code: '163' },
    export_list_reinstatement: { fields: { actor: 'JP', target: 'KR', list: 'white list', effectiveOn: '2023-07-21T00:00:00.000Z' }, code: '085' },
    export_license_issued: { fields: { actor: 'JP', target: 'KR', items: ['resist'], count: 1 }, code: '061' },
    agreement_non_renewal: { fields: { agreementId: 'gsomia', actor: 'KR', expiresOn: '2019-11-23T00:00:00.000Z' }, code: '160' },
    agreement_non_renewal_suspended: { fields: { agreementId: 'gsomia', actor: 'KR', conditional: true }, code: '0314' },
    agreement_non_renewal_withdrawn: { fields: { agreementId: 'gsomia', actor: 'KR' }, code: '062' },
    agreement_renewed: { fields: { agreementId: 'gsomia', expiresOn: '2020-11-23T00:00:00.000Z' }, code: '057' },
    protest: { fields: { actor: 'JP', target: 'KR', form: 'formal_protest' }, code: '114' },
    statement: { fields: { actor: 'US', about: ['KR', 'JP'], stance: 'concern' }, code: '012' },
    deadline_set: { fields: { title: 'GSOMIA expiry', dueAt: '2019-11-23T00:00:00.000Z' }, code: null },
    other: { fields: { actor: 'KR' }, code: null },
    deadline_reached: { fields: { deadlineId: 'agreement-gsomia-expiry-20191123T000000Z', agreementId: 'gsomia' }, code: null },
  };

  describe.each(Object.entries(cases))('given a development of type %s', (type, { fields, code }) => {
    it(`then it weighs by ${code ?? 'no code'}${code ? ` (Goldstein ${cameoCode(code)?.goldstein})` : ''}`, () => {
      expect(defaultCameoCode(type as DevelopmentType, fields as never)).toBe(code);
      if (code) expect(isCameoCode(code)).toBe(true);
    });
  });

  describe.each<[ProtestForm, string, number]>([
    ['statement', '111', -2],
    ['formal_protest', '114', -2],
    ['ambassador_summoned', '114', -2],
  ])('given a protest in the form %s', (form, code, goldstein) => {
    it(`then it weighs by ${code} (${goldstein})`, () => {
      expect(defaultCameoCode('protest', { actor: 'JP', target: 'KR', form })).toBe(code);
      expect(cameoCode(code)?.goldstein).toBe(goldstein);
    });
  });

  describe.each<[Stance, string, number]>([
    ['support', '051', 3.4],
    ['concern', '012', -0.4],
    ['condemn', '111', -2],
    ['neutral', '010', 0],
  ])('given a statement with the stance %s', (stance, code, goldstein) => {
    it(`then it weighs by ${code} (${goldstein})`, () => {
      expect(defaultCameoCode('statement', { actor: 'US', about: ['KR'], stance })).toBe(code);
      expect(cameoCode(code)?.goldstein).toBe(goldstein);
    });
  });
});

describe('magnitude', () => {
  describe('given a licence issued under a regime that stays', () => {
    it('then it counts half', () => {
      expect(magnitude('export_license_issued', { actor: 'JP', target: 'KR', items: ['resist'] })).toBe(0.5);
    });
  });

  describe('given a suspension of a non-renewal notice', () => {
    it('when conditional, then it counts half', () => {
      expect(magnitude('agreement_non_renewal_suspended', { agreementId: 'gsomia', actor: 'KR', conditional: true })).toBe(0.5);
    });
    it('when unconditional, then it counts in full', () => {
      expect(magnitude('agreement_non_renewal_suspended', { agreementId: 'gsomia', actor: 'KR', conditional: false })).toBe(1);
    });
  });

  describe('given any other development', () => {
    it('then it counts in full', () => {
      expect(magnitude('export_control_tightened', { actor: 'JP', target: 'KR', items: ['hydrogen fluoride'] })).toBe(1);
      expect(magnitude('export_control_eased', { actor: 'JP', target: 'KR', items: ['hydrogen fluoride'] })).toBe(1);
      expect(magnitude('agreement_non_renewal', { agreementId: 'gsomia', actor: 'KR', expiresOn: '2019-11-23T00:00:00.000Z' })).toBe(1);
      expect(magnitude('protest', { actor: 'JP', target: 'KR', form: 'ambassador_summoned' })).toBe(1);
    });
  });
});
