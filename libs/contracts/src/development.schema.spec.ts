import { describe, expect, it } from '@jest/globals';
import { developmentBatchSchema, developmentSchema } from './development.schema.js';
import { toFieldErrors } from './validation-errors.js';

const valid = {
  type: 'protest',
  occurredAt: '2019-08-22',
  summary: 'Japan lodges a formal protest',
  sources: [{ publisher: 'Bloomberg', url: 'https://www.bloomberg.com/x', quote: 'lodged a formal protest' }],
  actor: 'JP',
  target: 'KR',
  form: 'formal_protest',
};

const errorsOf = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } }, body: unknown) => {
  const result = schema.safeParse(body);
  return result.success ? [] : toFieldErrors(result.error!.issues as never);
};

describe('developmentSchema', () => {
  it('accepts a valid development and turns dates into instants', () => {
    const parsed = developmentSchema.parse({ ...valid, occurredAt: '2019-08-22T09:30:00+09:00' });
    expect(parsed.occurredAt).toEqual(new Date('2019-08-22T00:30:00Z'));
    expect(developmentSchema.parse(valid).occurredAt).toEqual(new Date('2019-08-22T00:00:00Z'));
  });

  it('names each unknown field', () => {
    expect(errorsOf(developmentSchema, { ...valid, colour: 'red', size: 3 })).toEqual([
      { field: 'colour', pointer: '/colour', message: 'is not a known field' },
      { field: 'size', pointer: '/size', message: 'is not a known field' },
    ]);
  });

  it('names an unknown type and lists the known ones', () => {
    const [error] = errorsOf(developmentSchema, { ...valid, type: 'invasion' });
    expect(error).toMatchObject({ field: 'type' });
    expect(error!.message).toContain('export_control_tightened');
  });

  it('refuses deadline_reached from clients', () => {
    const [error] = errorsOf(developmentSchema, { type: 'deadline_reached', deadlineId: 'x' });
    expect(error).toEqual({ field: 'type', pointer: '/type', message: 'deadline_reached is recorded only by the service itself' });
  });

  it('names every bad field with its path', () => {
    const errors = errorsOf(developmentSchema, {
      ...valid,
      occurredAt: '2019-02-30',
      actor: 'jp',
      sources: [{ publisher: '', url: 'ftp://x' }],
      cameoCode: '999',
    });
    expect(errors.map((e) => e.field).sort()).toEqual(['actor', 'cameoCode', 'occurredAt', 'sources[0].publisher', 'sources[0].url']);
  });

  it('requires a code for other and refuses an unknown one', () => {
    expect(errorsOf(developmentSchema, { ...valid, type: 'other', form: undefined }).map((e) => e.field)).toContain('cameoCode');
    expect(developmentSchema.safeParse({ ...valid, type: 'other', form: undefined, cameoCode: '0314' }).success).toBe(false); // form is unknown there
    const { form: _form, ...rest } = valid;
    expect(developmentSchema.safeParse({ ...rest, type: 'other', cameoCode: '0314' }).success).toBe(true);
  });

  it('names the index of a bad development in a batch', () => {
    const errors = errorsOf(developmentBatchSchema, { developments: [valid, { ...valid, target: 'XX' }] });
    expect(errors).toEqual([{ field: 'developments[1].target', pointer: '/developments/1/target', message: expect.any(String) }]);
  });
});
