import type { DevelopmentFieldsByType, DevelopmentType, ProtestForm, Stance } from '../developments/development.types.js';
import { CAMEO_CODES_TEXT } from './cameo-codes.data.js';

export interface CameoCode {
  code: string;
  label: string;
  /** Goldstein scale value: −10 (most conflictual) … +10 (most cooperative). */
  goldstein: number;
}

const CODES: ReadonlyMap<string, CameoCode> = new Map(
  CAMEO_CODES_TEXT.trim()
    .split('\n')
    .map((line) => {
      const [code, goldstein, label] = line.split('|') as [string, string, string];
      return [code, { code, label, goldstein: Number(goldstein) }] as const;
    }),
);

export const cameoCode = (code: string): CameoCode | undefined => CODES.get(code);
export const isCameoCode = (code: string): boolean => CODES.has(code);

const PROTEST_CODES: Record<ProtestForm, string> = {
  statement: '111', // criticize or denounce
  formal_protest: '114', // complain officially
  ambassador_summoned: '114', // CAMEO has no code for summoning; recalling or expelling would be 161
};

const STANCE_CODES: Record<Stance, string> = {
  support: '051', // praise or endorse
  concern: '012', // make pessimistic comment
  condemn: '111', // criticize or denounce
  neutral: '010', // make statement
};

/**
 * The code a development weighs by when the analyst gives none (see README, "Escalation").
 * Null: the development is not an interaction between states and weighs nothing.
 */
export function defaultCameoCode<T extends DevelopmentType>(type: T, fields: DevelopmentFieldsByType[T]): string | null {
  switch (type) {
    case 'export_control_tightened':
    case 'export_list_removal':
      return '163'; // impose embargo, boycott, or sanctions
    case 'export_control_eased':
      return '081'; // ease administrative sanctions (those items; the regime may stay)
    case 'export_list_reinstatement':
      return '085'; // ease economic sanctions, boycott, embargo
    case 'export_license_issued':
      return '061'; // cooperate economically (weighed at half: a licence, not a lifting)
    case 'agreement_non_renewal':
      return '160'; // reduce relations: ending an existing tie (CAMEO category 16)
    case 'agreement_non_renewal_suspended':
      return '0314'; // express intent to cooperate on intelligence
    case 'agreement_non_renewal_withdrawn':
      return '062'; // cooperate militarily: the tie is restored
    case 'agreement_renewed':
      return '057'; // sign formal agreement
    case 'protest':
      return PROTEST_CODES[(fields as DevelopmentFieldsByType['protest']).form];
    case 'statement':
      return STANCE_CODES[(fields as DevelopmentFieldsByType['statement']).stance];
    default:
      return null; // deadline_set, deadline_reached; `other` must name its code
  }
}

/**
 * Goldstein values say nothing of size ("two riots … receive the same score"), so a few kinds are
 * weighed down by configuration of our own: a licence inside a regime that stays, and a conditional
 * suspension, count half.
 */
export function magnitude<T extends DevelopmentType>(type: T, fields: DevelopmentFieldsByType[T]): number {
  if (type === 'export_license_issued') return 0.5;
  if (type === 'agreement_non_renewal_suspended' && (fields as DevelopmentFieldsByType['agreement_non_renewal_suspended']).conditional) return 0.5;
  return 1;
}
