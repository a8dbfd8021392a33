import { z } from 'zod';
import { PROTEST_FORMS, STANCES } from '@app/domain';
import { cameo, countryCode, dateInput, instantInput, isoDuration, items, slug, source, text } from './common.schema.js';

const common = {
  occurredAt: dateInput,
  summary: text(2000),
  sources: z.array(source).min(1, 'must cite at least one source').max(50, 'must cite at most 50 sources'),
  cameoCode: cameo.optional(),
  alertLeadTimes: z.array(isoDuration).min(1).max(20).optional(),
};

const dyad = { actor: countryCode, target: countryCode };

const variant = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), ...common, ...shape });

/** The developments a client may record; `deadline_reached` is the service's own. */
const variants = [
  variant('export_control_tightened', { ...dyad, items }),
  variant('export_control_eased', { ...dyad, items }),
  variant('export_list_removal', { ...dyad, list: text(200), effectiveOn: instantInput }),
  variant('export_list_reinstatement', { ...dyad, list: text(200), effectiveOn: instantInput }),
  variant('export_license_issued', { ...dyad, items, count: z.number().int().min(1).max(1_000_000).optional() }),
  variant('agreement_non_renewal', { agreementId: slug, actor: countryCode, expiresOn: instantInput.optional() }),
  variant('agreement_non_renewal_suspended', { agreementId: slug, actor: countryCode, conditional: z.boolean() }),
  variant('agreement_non_renewal_withdrawn', { agreementId: slug, actor: countryCode }),
  variant('agreement_renewed', { agreementId: slug, expiresOn: instantInput }),
  variant('protest', { ...dyad, form: z.enum(PROTEST_FORMS) }),
  variant('statement', { actor: countryCode, about: z.array(countryCode).min(1).max(50), stance: z.enum(STANCES) }),
  variant('deadline_set', {
    title: text(200),
    dueAt: instantInput,
    subject: z.strictObject({ type: z.enum(['dispute', 'agreement', 'measure', 'deadline', 'other']), id: text(200) }).optional(),
  }),
  variant('other', { actor: countryCode.optional(), target: countryCode.optional(), cameoCode: cameo }),
] as const;

export const CLIENT_DEVELOPMENT_TYPES = variants.map((v) => v.shape.type.value);

export const developmentSchema = z.discriminatedUnion('type', variants, {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return undefined;
    const type = (issue.input as { type?: unknown } | undefined)?.type;
    if (type === 'deadline_reached') return 'deadline_reached is recorded only by the service itself';
    return `must be one of: ${CLIENT_DEVELOPMENT_TYPES.join(', ')}`;
  },
});

export type DevelopmentBody = z.output<typeof developmentSchema>;

export const developmentBatchSchema = z.strictObject({
  developments: z.array(developmentSchema).min(1, 'must hold at least one development').max(1000, 'must hold at most 1000 developments'),
});

export const retractionSchema = z.strictObject({ reason: text(2000) });
