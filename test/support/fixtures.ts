/** Valid request bodies to start from; tests change what they are about. */
export const source = { publisher: 'Bloomberg', title: 'South Korea to Withdraw From Japan Intel Pact', quote: 'lodged a formal protest' };

export const disputeBody = (id: string) => ({ id, title: `Dispute ${id}`, parties: ['JP', 'KR'], description: 'test dispute' });

export const agreementBody = (id: string, disputeId?: string, overrides: Record<string, unknown> = {}) => ({
  id,
  name: `Agreement ${id}`,
  parties: ['JP', 'KR'],
  ...(disputeId ? { disputeId } : {}),
  signedOn: '2016-11-23',
  expiresOn: '2017-11-23',
  autoRenews: true,
  termMonths: 12,
  noticeDays: 90,
  ...overrides,
});

const base = (type: string, occurredAt = '2019-08-22') => ({ type, occurredAt, summary: `A ${type} development`, sources: [source] });

/** One valid body per development type a client may record. */
export function developmentBody(type: string, overrides: Record<string, unknown> = {}, agreementId = 'gsomia'): Record<string, unknown> {
  const fields: Record<string, Record<string, unknown>> = {
    export_control_tightened: { actor: 'JP', target: 'KR', items: ['hydrogen fluoride', 'photoresist'] },
    export_control_eased: { actor: 'JP', target: 'KR', items: ['photoresist'] },
    export_list_removal: { actor: 'JP', target: 'KR', list: 'white list', effectiveOn: '2019-08-28' },
    export_list_reinstatement: { actor: 'JP', target: 'KR', list: 'white list', effectiveOn: '2020-08-28' },
    export_license_issued: { actor: 'JP', target: 'KR', items: ['photoresist'], count: 2 },
    agreement_non_renewal: { agreementId, actor: 'KR' },
    agreement_non_renewal_suspended: { agreementId, actor: 'KR', conditional: true },
    agreement_non_renewal_withdrawn: { agreementId, actor: 'KR' },
    agreement_renewed: { agreementId, expiresOn: '2021-11-23' },
    protest: { actor: 'JP', target: 'KR', form: 'ambassador_summoned' },
    statement: { actor: 'US', about: ['KR'], stance: 'concern', cameoCode: '111' },
    deadline_set: { title: 'WTO consultation window closes', dueAt: '2019-10-11', subject: { type: 'dispute', id: 'x' } },
    other: { actor: 'KP', cameoCode: '150' },
  };
  return { ...base(type), ...fields[type], ...overrides };
}

export const CLIENT_TYPES = [
  'export_control_tightened',
  'export_control_eased',
  'export_list_removal',
  'export_list_reinstatement',
  'export_license_issued',
  'agreement_non_renewal',
  'agreement_non_renewal_suspended',
  'agreement_non_renewal_withdrawn',
  'agreement_renewed',
  'protest',
  'statement',
  'deadline_set',
  'other',
] as const;
