import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { developmentSchema, openDisputeSchema, registerAgreementSchema } from '@app/contracts';
import { JP_KR_2019 } from './jp-kr-2019.scenario.js';

/** Copies of the seed articles live with the test fixtures, so the check runs wherever the project does. */
const SEEDS = new URL('../../../../test/fixtures/seed-articles/', import.meta.url);

/** Each publisher the scenario cites, and the article it cites. */
const ARTICLE_FILES: Record<string, string> = {
  Bloomberg: '000_cf527f90e0085ed3.txt',
  'Troy Stangarone': '004_23eff234c481b831.txt',
};

/** The articles wrap lines (sometimes after a trailing space), so compare with whitespace collapsed. */
const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim();

const article = (publisher: string): string => {
  const file = ARTICLE_FILES[publisher];
  if (!file) throw new Error(`no seed article for publisher ${publisher}`);
  return normalise(readFileSync(fileURLToPath(new URL(file, SEEDS)), 'utf8'));
};

interface Source {
  publisher: string;
  title?: string;
  url?: string;
  publishedOn?: string;
  quote?: string;
}

const sourcesOf = (development: Record<string, unknown>): Source[] => development['sources'] as Source[];

const TIMELINE_IDS = Array.from({ length: 36 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`);

describe('JP_KR_2019 scenario', () => {
  it('opens a valid dispute between Japan and South Korea', () => {
    const dispute = openDisputeSchema.parse(JP_KR_2019.dispute);
    expect(dispute.id).toBe('jp-kr-2019');
    expect(dispute.parties).toEqual(['JP', 'KR']);
  });

  it('registers valid agreements, GSOMIA among them', () => {
    const agreements = JP_KR_2019.agreements.map((body) => registerAgreementSchema.parse(body));
    const gsomia = agreements.find((a) => a.id === 'jp-kr-gsomia');
    expect(gsomia).toMatchObject({ parties: ['JP', 'KR'], disputeId: 'jp-kr-2019', autoRenews: true, termMonths: 12, noticeDays: 90 });
    expect(gsomia!.signedOn).toEqual(new Date('2016-11-23T00:00:00Z'));
    expect(gsomia!.expiresOn).toEqual(new Date('2017-11-23T00:00:00Z'));
  });

  it.each(JP_KR_2019.steps.map((step) => [step.key, step] as const))('step %s is a valid development', (_key, step) => {
    const result = developmentSchema.safeParse(step.development);
    if (!result.success) throw new Error(`${step.key}: ${JSON.stringify(result.error.issues)}`);
    expect(result.success).toBe(true);
  });

  it('has unique step keys, each step covering at least one timeline fact', () => {
    const keys = JP_KR_2019.steps.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const step of JP_KR_2019.steps) expect(step.facts.length).toBeGreaterThan(0);
  });

  it('accounts for every timeline fact T01–T36 exactly once: in a step or skipped, never both', () => {
    const covered = new Set(JP_KR_2019.steps.flatMap((s) => s.facts));
    const skipped = new Set(Object.keys(JP_KR_2019.skipped));
    for (const id of TIMELINE_IDS) {
      expect({ id, accounted: covered.has(id) || skipped.has(id) }).toEqual({ id, accounted: true });
      expect({ id, both: covered.has(id) && skipped.has(id) }).toEqual({ id, both: false });
    }
    for (const id of [...covered, ...skipped]) expect(TIMELINE_IDS).toContain(id);
    for (const [id, reason] of Object.entries(JP_KR_2019.skipped)) expect({ id, reason: reason.trim().length > 0 }).toEqual({ id, reason: true });
  });

  it('cites each development with a verbatim quote and the title of its article', () => {
    for (const step of JP_KR_2019.steps) {
      const sources = sourcesOf(step.development);
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) {
        const text = article(source.publisher);
        expect(source.quote).toBeDefined();
        const quote = normalise(source.quote!);
        expect({ step: step.key, quote, verbatim: text.includes(quote) }).toEqual({ step: step.key, quote, verbatim: true });
        if (source.title) expect({ step: step.key, title: text.includes(normalise(source.title)) }).toEqual({ step: step.key, title: true });
      }
    }
  });

  it('meets the dates the read-model tests rely on', () => {
    const developments = JP_KR_2019.steps.map((s) => developmentSchema.parse(s.development));
    const nonRenewal = developments.find((d) => d.type === 'agreement_non_renewal');
    expect(nonRenewal).toMatchObject({ agreementId: 'jp-kr-gsomia', actor: 'KR', occurredAt: new Date('2019-08-22T00:00:00Z') });
    expect(nonRenewal).not.toHaveProperty('expiresOn');
    const removal = developments.find((d) => d.type === 'export_list_removal' && d.actor === 'JP');
    expect(removal).toMatchObject({ target: 'KR', effectiveOn: '2019-08-28T00:00:00.000Z' });
    expect(removal!.occurredAt.getTime()).toBeLessThanOrEqual(Date.parse('2019-08-10T00:00:00Z'));
    // Nothing but background (years earlier) is dated before July 2019.
    const early = JP_KR_2019.steps.filter((s) => developmentSchema.parse(s.development).occurredAt < new Date('2019-07-01T00:00:00Z'));
    for (const step of early) expect(developmentSchema.parse(step.development).occurredAt.getTime()).toBeLessThan(Date.parse('2019-01-01T00:00:00Z'));
  });
});
