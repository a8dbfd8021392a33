import { z } from 'zod';
import { PROTEST_FORMS, STANCES } from '@app/domain';
import { cameo, countryCode, dateInput, instantInput, isoDuration, items, slug, source, text } from './common.schema.js';

const common = {
  occurredAt: dateInput.meta({ description: 'When it happened: `YYYY-MM-DD` (00:00 UTC) or an ISO 8601 instant with an offset.', example: '2019-08-22' }),
  summary: text(2000),
  sources: z.array(source).min(1, 'must cite at least one source').max(50, 'must cite at most 50 sources'),
  cameoCode: cameo.optional().meta({ description: "Overrides the type's default CAMEO code (required for `other`)." }),
  alertLeadTimes: z
    .array(isoDuration)
    .min(1)
    .max(20)
    .optional()
    .meta({ description: 'ISO 8601 durations before each deadline this development creates at which alerts fire (instead of ALERT_LEAD_TIMES).', example: ['P7D', 'P1D'] }),
};

const dyad = { actor: countryCode, target: countryCode };

const variant = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), ...common, ...shape });

/** What each type means for the read models (CONTRACT.md), shown in the API documentation. */
const doc = <T extends z.ZodObject>(schema: T, id: string, description: string): T => schema.meta({ id, description });

/** The developments a client may record; `deadline_reached` is the service's own. */
const variants = [
  doc(variant('export_control_tightened', { ...dyad, items }), 'ExportControlTightened', 'The actor tightens export controls on the target for these items: the measure is `active`.'),
  doc(variant('export_control_eased', { ...dyad, items }), 'ExportControlEased', "The actor eases its controls on these items: those items' measure is `lifted`."),
  doc(
    variant('export_list_removal', { ...dyad, list: text(200), effectiveOn: instantInput }),
    'ExportListRemoval',
    'The actor removes the target from an export list: the measure is `announced`, then `effective` on `effectiveOn` (a deadline).',
  ),
  doc(variant('export_list_reinstatement', { ...dyad, list: text(200), effectiveOn: instantInput }), 'ExportListReinstatement', 'The target is put back on the list: the removal is `lifted` from `effectiveOn`.'),
  doc(
    variant('export_license_issued', { ...dyad, items, count: z.number().int().min(1).max(1_000_000).optional() }),
    'ExportLicenseIssued',
    'Licences issued under a control (de-escalating); counted on the measure.',
  ),
  doc(
    variant('agreement_non_renewal', { agreementId: slug, actor: countryCode, expiresOn: instantInput.optional() }),
    'AgreementNonRenewal',
    "Notice not to renew an agreement: it is `termination_notified`, with an `agreement_expiry` deadline at `expiresOn` (default: the agreement's current expiry).",
  ),
  doc(
    variant('agreement_non_renewal_suspended', { agreementId: slug, actor: countryCode, conditional: z.boolean() }),
    'AgreementNonRenewalSuspended',
    'The notice is suspended: the agreement is `notice_suspended`; the expiry deadline and its pending alerts are cancelled.',
  ),
  doc(variant('agreement_non_renewal_withdrawn', { agreementId: slug, actor: countryCode }), 'AgreementNonRenewalWithdrawn', 'The notice is withdrawn: the agreement is `in_force` again; the deadline is cancelled.'),
  doc(variant('agreement_renewed', { agreementId: slug, expiresOn: instantInput }), 'AgreementRenewed', 'The agreement is renewed: `in_force` with the new expiry.'),
  doc(variant('protest', { ...dyad, form: z.enum(PROTEST_FORMS) }), 'Protest', 'A protest by the actor against the target (escalating).'),
  doc(
    variant('statement', { actor: countryCode, about: z.array(countryCode).min(1).max(50), stance: z.enum(STANCES) }),
    'Statement',
    'A statement by the actor about other states; it weighs by its stance.',
  ),
  doc(
    variant('deadline_set', {
      title: text(200),
      dueAt: instantInput,
      subject: z.strictObject({ type: z.enum(['dispute', 'agreement', 'measure', 'deadline', 'other']), id: text(200) }).optional(),
    }),
    'DeadlineSet',
    "An analyst's own deadline (kind `custom`), alerted like any other.",
  ),
  doc(
    variant('other', { actor: countryCode.optional(), target: countryCode.optional(), cameoCode: cameo }),
    'OtherDevelopment',
    'Any other interaction, weighed by its required CAMEO code.',
  ),
] as const;

export const CLIENT_DEVELOPMENT_TYPES = variants.map((v) => v.shape.type.value);

export const developmentSchema = z.discriminatedUnion('type', variants, {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return undefined;
    const type = (issue.input as { type?: unknown } | undefined)?.type;
    if (type === 'deadline_reached') return 'deadline_reached is recorded only by the service itself';
    return `must be one of: ${CLIENT_DEVELOPMENT_TYPES.join(', ')}`;
  },
}).meta({
  id: 'Development',
  description:
    'One development: `type`, when it occurred, a summary and its sources, and the fields of its type. Any development may carry `alertLeadTimes` ' +
    'to override ALERT_LEAD_TIMES for the deadlines it creates. Unknown types or fields are refused (400); `deadline_reached` is recorded only by the service itself.',
});

export type DevelopmentBody = z.output<typeof developmentSchema>;

export const developmentBatchSchema = z
  .strictObject({
    developments: z.array(developmentSchema).min(1, 'must hold at least one development').max(1000, 'must hold at most 1000 developments'),
  })
  .meta({ id: 'DevelopmentBatch', description: 'Up to 1000 developments, appended atomically (all or none).' });

export const retractionSchema = z.strictObject({ reason: text(2000) }).meta({ id: 'Retraction', description: 'Why the development is retracted.' });
