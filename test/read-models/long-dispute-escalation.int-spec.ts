import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  agreementStreamId,
  agreementTerms,
  decideAgreementDevelopment,
  decideDevelopment,
  decideOpenDispute,
  decideRegisterAgreement,
  decideRetraction,
  disputeStreamId,
  plainFields,
  type DevelopmentInput,
  type EscalationInput,
} from '@app/domain';
import { EventStore, type NewEvent } from '@app/event-store';
import {
  activeSchema,
  escalationHistoryView,
  escalationInput,
  escalationView,
  LONG_DISPUTE_VERSION,
  longDisputes,
  TimelineReader,
  type PointOfView,
} from '@app/projections';
import { eventually } from '../support/eventually.js';
import { seededRandom } from '../support/seeded-random.js';
import { useTestEnvironment } from '../support/test-environment.js';
import { useProjections } from '../support/worker.js';

const env = useTestEnvironment();
useProjections(env);

const DISPUTE = 'long-dispute';
const AGREEMENT = 'long-gsomia';
const DAY = 86_400_000;
const START = Date.UTC(2017, 0, 1);
const SPAN = 6 * 365 * DAY;
const sources = [{ publisher: 'Yonhap', quote: 'officials said' }];
const AFTERNOON = new Date('2020-03-10T15:00:00.000Z');

/** A development as the api would record it: mostly protests and statements, some measures and their lifting, military acts. */
function development(random: () => number, occurredAt: Date): NewEvent {
  const r = random();
  const [actor, target] = random() < 0.5 ? ['JP', 'KR'] : ['KR', 'JP'];
  const item = `item-${Math.floor(random() * 20)}`;
  const input = (
    r < 0.4
      ? { type: 'protest', actor, target, form: 'formal_protest' }
      : r < 0.75
        ? { type: 'statement', actor: 'US', about: [actor, target], stance: ['support', 'concern', 'condemn', 'neutral'][Math.floor(random() * 4)] }
        : r < 0.82
          ? { type: 'export_control_tightened', actor, target, items: [item] }
          : r < 0.87
            ? { type: 'export_control_eased', actor, target, items: [item] }
            : r < 0.9
              ? { type: 'export_license_issued', actor, target, items: [item], count: 2 }
              : r < 0.92
                ? { type: 'export_list_removal', actor, target, list: 'white list', effectiveOn: new Date(occurredAt.getTime() + 20 * DAY).toISOString() }
                : r < 0.94
                  ? { type: 'export_list_reinstatement', actor, target, list: 'white list', effectiveOn: new Date(occurredAt.getTime() + 10 * DAY).toISOString() }
                  : { type: 'other', actor, target, cameoCode: ['036', '1031', '150', '112', '190'][Math.floor(random() * 5)] }
  ) as Record<string, unknown>;
  const full = { ...input, occurredAt, summary: `${String(input.type)} ${occurredAt.toISOString()}`, sources } as unknown as DevelopmentInput;
  return { id: randomUUID(), type: full.type, occurredAt, data: decideDevelopment(DISPUTE, full as never, plainFields(full as never) as never), metadata: { recordedBy: 'analyst:test' } };
}

/** Every state read a dashboard makes of the dispute's escalation, at `asOf` (and as known at `knownAt`). */
async function reads(reader: TimelineReader, view: PointOfView) {
  const row = (await reader.dispute(DISPUTE, view))!;
  const at = view.asOf ?? new Date('2030-01-01T00:00:00.000Z');
  const to = view.asOf ?? at;
  const from = new Date(to.getTime() - 120 * DAY);
  // As the api reads it (a long dispute: from memory), and as it read it before: every row, whole.
  const cached = await escalationInput(reader, row, view);
  const whole = await escalationInput(reader, row, view, await reader.developments(DISPUTE, view));
  // The same developments in the same order (ties included), and the same agreements, before any fold.
  const counted = (input: EscalationInput) => ({ developments: input.developments.map((d) => `${d.eventId} ${d.occurredAt.toISOString()}`), agreements: input.agreements });
  return {
    cached: { input: counted(cached), now: escalationView(cached, at), history: escalationHistoryView(cached, from, to) },
    whole: { input: counted(whole), now: escalationView(whole, at), history: escalationHistoryView(whole, from, to) },
  };
}

describe('the escalation of a dispute long enough to be kept in memory', () => {
  const store = () => new EventStore(env.db);
  const reader = async () => new TimelineReader(env.db, (await activeSchema(env.db, 'timeline'))!);
  let version = 0;
  const caughtUp = async () =>
    eventually(async () => {
      const schema = await activeSchema(env.db, 'timeline');
      return schema !== undefined && (await new TimelineReader(env.db, schema).dispute(DISPUTE))?.version === version;
    }, 'the timeline to reach the dispute\'s last event', 60_000);

  beforeAll(async () => {
    longDisputes.clear();
    const random = seededRandom(20190822);
    await store().append(disputeStreamId(DISPUTE), [{ type: 'dispute_opened', data: decideOpenDispute({ id: DISPUTE, title: 'Long', parties: ['JP', 'KR'] }) }], 'no_stream');
    const registered = decideRegisterAgreement({
      id: AGREEMENT,
      name: 'GSOMIA',
      parties: ['JP', 'KR'],
      disputeId: DISPUTE,
      signedOn: new Date(Date.UTC(2016, 10, 23)),
      expiresOn: new Date(Date.UTC(2017, 10, 23)),
      autoRenews: true,
      termMonths: 12,
      noticeDays: 90,
    });
    await store().append(agreementStreamId(AGREEMENT), [{ type: 'agreement_registered', data: registered, occurredAt: new Date(Date.UTC(2016, 10, 23)) }], 'no_stream');
    const noticeInput = { type: 'agreement_non_renewal', agreementId: AGREEMENT, actor: 'KR', occurredAt: new Date(Date.UTC(2019, 7, 22)), summary: 'notice', sources } as DevelopmentInput;
    const notice = decideDevelopment(DISPUTE, noticeInput as never, decideAgreementDevelopment(agreementTerms(registered), [], noticeInput as never) as never);
    // In batches as the api's batch endpoint takes them, dated anywhere in six years (so recorded
    // out of occurred order), every tenth at the instant of the one before (ties).
    let previous = new Date(START);
    for (let batch = 0; batch < Math.ceil((LONG_DISPUTE_VERSION + 200) / 1000); batch++) {
      const events = Array.from({ length: 1000 }, (_, i) => {
        const occurredAt = i % 10 === 9 ? previous : new Date(START + Math.floor(random() * SPAN));
        previous = occurredAt;
        return development(random, occurredAt);
      });
      if (batch === 2) events.push({ id: randomUUID(), type: 'agreement_non_renewal', occurredAt: noticeInput.occurredAt, data: notice });
      // After noon on a day read at noon: in the day's history entry only if the read takes more than it should.
      if (batch === 3) events.push({ ...development(() => 0.1, AFTERNOON), id: randomUUID() });
      version = (await store().append(disputeStreamId(DISPUTE), events, 'stream_exists')).version;
    }
    expect(version).toBeGreaterThanOrEqual(LONG_DISPUTE_VERSION);
    await caughtUp();
  }, 120_000);

  const instants = (): PointOfView[] => [
    {},
    ...[0.01, 0.2, 0.37, 0.5, 0.64, 0.81, 0.999, 1.2].map((share) => ({ asOf: new Date(START + Math.floor(share * SPAN)) })),
    // The notice's own instant (a development at exactly asOf counts), and the day before it.
    { asOf: new Date(Date.UTC(2019, 7, 22)) },
    { asOf: new Date(Date.UTC(2019, 7, 21, 23, 59, 59, 999)) },
    { asOf: new Date(AFTERNOON.getTime() - 3 * 3_600_000) },
  ];

  it('then every asOf reading and history is the one a read of every whole row gives', async () => {
    const r = await reader();
    for (const view of instants()) {
      const { cached, whole } = await reads(r, view);
      expect(cached).toEqual(whole);
    }
  });

  it('then reads as known at an earlier instant (not kept in memory) give the whole rows\' answer too', async () => {
    const r = await reader();
    const { rows } = await env.pool.query<{ recorded_at: Date }>(`select recorded_at from ${r.schema}.developments where dispute_id = $1 order by recorded_at limit 1 offset 2500`, [DISPUTE]);
    const knownAt = rows[0]!.recorded_at;
    for (const view of instants()) {
      const { cached, whole } = await reads(r, { ...view, knownAt });
      expect(cached).toEqual(whole);
    }
  });

  it('given a retraction and a backdated development, then the next read sees them (a new version is fetched again)', async () => {
    const r = await reader();
    const at = new Date(START + Math.floor(0.64 * SPAN));
    const before = (await reads(r, { asOf: at })).cached.now;
    // The largest contributor goes; a military act between the parties a day before `at` comes.
    const largest = before.contributors[0]!;
    const retraction = decideRetraction(DISPUTE, largest.eventId, 'misreported', { eventId: largest.eventId, type: largest.type, disputeId: DISPUTE, alreadyRetracted: false });
    const clash = development(() => 0.99, new Date(at.getTime() - DAY));
    version = (await store().append(disputeStreamId(DISPUTE), [{ type: 'development_retracted', data: retraction }, { ...clash, data: { ...(clash.data as object), cameoCode: '190' } }], 'stream_exists')).version;
    await caughtUp();
    const { cached, whole } = await reads(r, { asOf: at });
    expect(cached).toEqual(whole);
    expect(cached.now.contributors.map((c) => c.eventId)).not.toContain(largest.eventId);
    expect(cached.now.contributors.map((c) => c.eventId)).toContain(clash.id);
    expect(cached.now.rung.index).toBe(4);
  });
});
