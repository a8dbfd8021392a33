import { randomUUID } from 'node:crypto';
import {
  addDays,
  agreementStreamId,
  agreementTerms,
  byOccurrence,
  decideAgreementDevelopment,
  decideDevelopment,
  decideOpenDispute,
  decideRegisterAgreement,
  disputeStreamId,
  plainFields,
  type AgreementEvent,
  type AgreementTerms,
  type Development,
  type DevelopmentInput,
} from '@app/domain';
import type { ExpectedVersion, NewEvent } from '@app/event-store';

export interface DisputeLogPlan {
  /** Events in all: dispute openings, agreement registrations and developments. */
  events: number;
  disputes: number;
  /** Agreements, each in a dispute of its own, with a running notice/suspension/withdrawal cycle. */
  agreements: number;
  /** Developments per append to a dispute (one appends per stream, as the API's batch endpoint does). */
  eventsPerAppend: number;
  /** Number of the first dispute and agreement: a log grown in steps gets new ids at each step. */
  firstDispute?: number;
  firstAgreement?: number;
  /** Time between a dispute's developments (default 12 hours). */
  spacingMs?: number;
  /** Every n-th development of a dispute with an agreement is the next step of its cycle (default 20). */
  agreementStepEvery?: number;
}

/** One EventStore.append: a stream, its events and the expectation the API would send. */
export interface PlannedAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedVersion;
}

const PAIRS = [['JP', 'KR'], ['US', 'CN'], ['RU', 'UA'], ['IN', 'PK'], ['GR', 'TR'], ['AR', 'GB'], ['CN', 'PH'], ['IL', 'IR']] as const;
const PUBLISHERS = ['Reuters', 'Kyodo', 'Yonhap', 'Bloomberg', 'Nikkei Asia', 'AP', 'The Korea Herald', 'METI'];
const ITEMS = ['hydrogen fluoride', 'photoresist', 'fluorinated polyimide', 'machine tools', 'carbon fibre', 'lithography equipment'];
const OTHER_CODES = ['036', '040', '042', '046', '130', '150', '172'];
const FORMS = ['statement', 'formal_protest', 'ambassador_summoned'] as const;
const STANCES = ['support', 'concern', 'condemn', 'neutral'] as const;
/** The mix of plain developments (per mille); agreement developments come on top in disputes with one. */
const MIX: ReadonlyArray<readonly [PlainType, number]> = [
  ['protest', 300],
  ['statement', 250],
  ['export_control_tightened', 150],
  ['other', 200],
  ['deadline_set', 100],
];
type PlainType = 'protest' | 'statement' | 'export_control_tightened' | 'other' | 'deadline_set';
/** Every n-th development of a dispute with an agreement is the next step of the agreement's cycle. */
const AGREEMENT_STEP_EVERY = 20;
const LOG_START = Date.UTC(2019, 0, 1);
const HOUR = 3_600_000;

/**
 * A realistic log, built with the domain's own decide functions (so every event's data is what the
 * API would record): the openings, then the agreements, then developments in rounds over the
 * disputes (each round appends `eventsPerAppend` to every dispute), so that disputes interleave in
 * the log as they do in use. Seeded: every run writes the same shapes (ids are random).
 */
export function* disputeLog(plan: DisputeLogPlan): Generator<PlannedAppend> {
  const random = seeded(20190701);
  const developments = plan.events - plan.disputes - plan.agreements;
  if (plan.disputes < 1 || plan.agreements > plan.disputes || developments < 0) {
    throw new RangeError(`cannot fit ${plan.disputes} disputes and ${plan.agreements} agreements in ${plan.events} events`);
  }
  const metadata = () => ({ recordedBy: 'analyst:bench', correlationId: randomUUID() });
  const firstDispute = plan.firstDispute ?? 0;
  const firstAgreement = plan.firstAgreement ?? 0;
  const spacingMs = plan.spacingMs ?? 12 * HOUR;
  const stepEvery = plan.agreementStepEvery ?? AGREEMENT_STEP_EVERY;
  const disputes = Array.from({ length: plan.disputes }, (_, n) => {
    const i = firstDispute + n;
    const parties = PAIRS[i % PAIRS.length]!;
    // Spread the remainder, so the total is exactly `plan.events`.
    const count = Math.floor(developments / plan.disputes) + (n < developments % plan.disputes ? 1 : 0);
    return { id: `d${String(i).padStart(5, '0')}`, parties, count, written: 0, agreement: undefined as AgreementCycle | undefined };
  });

  for (const d of disputes) {
    const data = decideOpenDispute({ id: d.id, title: `${d.parties.join('–')} dispute ${d.id}`, parties: [...d.parties], description: 'Benchmark dispute' });
    yield { streamId: disputeStreamId(d.id), events: [{ id: randomUUID(), type: 'dispute_opened', data, metadata: metadata() }], expected: 'no_stream' };
  }
  // Agreements in disputes spread over the list, signed before the log starts, renewing yearly.
  for (let a = 0; a < plan.agreements; a++) {
    const d = disputes[Math.floor((a * plan.disputes) / plan.agreements)]!;
    const signedOn = new Date(Date.UTC(2016, 10, 23));
    const data = decideRegisterAgreement({
      id: `a${String(firstAgreement + a).padStart(3, '0')}`,
      name: `Information-sharing agreement ${firstAgreement + a}`,
      parties: [...d.parties],
      disputeId: d.id,
      signedOn,
      expiresOn: new Date(Date.UTC(2017, 10, 23)),
      autoRenews: true,
      termMonths: 12,
      noticeDays: 90,
    });
    d.agreement = { terms: agreementTerms(data), history: [], step: 0 };
    yield { streamId: agreementStreamId(data.agreementId), events: [{ id: randomUUID(), type: 'agreement_registered', data, occurredAt: signedOn, metadata: metadata() }], expected: 'no_stream' };
  }

  let remaining = developments;
  while (remaining > 0) {
    for (const d of disputes) {
      const n = Math.min(plan.eventsPerAppend, d.count - d.written);
      if (n <= 0) continue;
      const events: NewEvent[] = [];
      for (let k = 0; k < n; k++) {
        const index = d.written++;
        // Twelve hours apart by default: a dispute's thousand developments span a year and a half.
        const occurredAt = new Date(LOG_START + index * spacingMs);
        const id = randomUUID();
        const agreementStep = d.agreement && index % stepEvery === stepEvery - 1;
        const data = agreementStep ? nextAgreementStep(d.id, d.agreement!, id, occurredAt, random) : plainDevelopment(d.id, d.parties, occurredAt, random);
        events.push({ id, type: data.type, data: data.data, occurredAt, metadata: metadata() });
      }
      remaining -= n;
      yield { streamId: disputeStreamId(d.id), events, expected: 'stream_exists' };
    }
  }
}

/**
 * Single developments as analysts record them one at a time, each to a random one of the disputes
 * `disputeLog` opened (the same mix, dated now).
 */
export function liveDevelopments(disputes: number, seed: number): () => PlannedAppend {
  const random = seeded(seed);
  return () => {
    const i = Math.floor(random() * disputes);
    const disputeId = `d${String(i).padStart(5, '0')}`;
    const { type, data } = plainDevelopment(disputeId, PAIRS[i % PAIRS.length]!, new Date(), random);
    return {
      streamId: disputeStreamId(disputeId),
      events: [{ id: randomUUID(), type, data, occurredAt: new Date(), metadata: { recordedBy: 'analyst:bench', correlationId: randomUUID() } }],
      expected: 'stream_exists',
    };
  };
}

interface AgreementCycle {
  terms: AgreementTerms;
  history: AgreementEvent[];
  step: number;
}

/** Notice, suspension, withdrawal, notice again…: each one allowed by the rules at its date. */
function nextAgreementStep(disputeId: string, cycle: AgreementCycle, eventId: string, occurredAt: Date, random: () => number): { type: string; data: unknown } {
  const { terms } = cycle;
  const actor = terms.parties[cycle.step % terms.parties.length]!;
  const common = { occurredAt, summary: '', sources: [source(random)] };
  const kind = cycle.step % 3;
  const input = (
    kind === 0
      ? { ...common, type: 'agreement_non_renewal', agreementId: terms.id, actor, summary: `${actor} gives notice it will not renew ${terms.name}` }
      : kind === 1
        ? { ...common, type: 'agreement_non_renewal_suspended', agreementId: terms.id, actor, conditional: random() < 0.5, summary: `${actor} suspends its notice on ${terms.name}` }
        : { ...common, type: 'agreement_non_renewal_withdrawn', agreementId: terms.id, actor, summary: `${actor} withdraws its notice on ${terms.name}` }
  ) as DevelopmentInput;
  const fields = decideAgreementDevelopment(terms, cycle.history, input as never);
  const data = decideDevelopment(disputeId, input as never, fields as never);
  const recorded = { eventId, type: input.type, occurredAt, recordedAt: new Date(), data } as Development;
  cycle.history = [...cycle.history, recorded as AgreementEvent].sort(byOccurrence);
  cycle.step += 1;
  return { type: input.type, data };
}

function plainDevelopment(disputeId: string, [actor, target]: readonly [string, string], occurredAt: Date, random: () => number): { type: string; data: unknown } {
  const type = pick(random);
  const sources = [source(random), ...(random() < 0.3 ? [source(random)] : [])];
  let input: DevelopmentInput;
  switch (type) {
    case 'protest': {
      const form = FORMS[Math.floor(random() * FORMS.length)]!;
      input = { type, occurredAt, sources, actor, target, form, summary: `${actor} lodges a ${form.replace('_', ' ')} with ${target} over its export controls` };
      break;
    }
    case 'statement': {
      const stance = STANCES[Math.floor(random() * STANCES.length)]!;
      input = { type, occurredAt, sources, actor: 'US', about: [actor, target], stance, summary: `The United States voices ${stance} about the dispute between ${actor} and ${target}` };
      break;
    }
    case 'export_control_tightened': {
      const items = ITEMS.filter(() => random() < 0.4);
      input = { type, occurredAt, sources, actor, target, items: items.length ? items : [ITEMS[0]!], summary: `${actor} tightens export controls on ${items.join(', ') || ITEMS[0]} to ${target}` };
      break;
    }
    case 'other': {
      const cameoCode = OTHER_CODES[Math.floor(random() * OTHER_CODES.length)]!;
      input = { type, occurredAt, sources, actor: target, target: actor, cameoCode, summary: `${target} responds to ${actor} (CAMEO ${cameoCode})` };
      break;
    }
    case 'deadline_set': {
      const dueAt = addDays(occurredAt, 30 + Math.floor(random() * 60)).toISOString();
      input = { type, occurredAt, sources, title: 'WTO consultation window closes', dueAt, subject: { type: 'dispute', id: disputeId }, summary: `Consultations must conclude by ${dueAt.slice(0, 10)}` };
      break;
    }
  }
  return { type, data: decideDevelopment(disputeId, input as never, plainFields(input as never) as never) };
}

function source(random: () => number) {
  const publisher = PUBLISHERS[Math.floor(random() * PUBLISHERS.length)]!;
  return { publisher, quote: `${publisher} reported the move, citing officials familiar with the matter (${Math.floor(random() * 1e6)}).` };
}

function pick(random: () => number): PlainType {
  let r = random() * 1000;
  for (const [type, weight] of MIX) {
    if ((r -= weight) < 0) return type;
  }
  return MIX[0]![0];
}

/** mulberry32: a small seeded generator, so every run writes the same mix. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
