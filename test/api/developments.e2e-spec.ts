import { describe, expect, it } from '@jest/globals';
import { disputeStreamId } from '@app/domain';
import { EventStore } from '@app/event-store';
import { useApi } from '../support/api-server.js';
import { agreementBody, developmentBody, disputeBody } from '../support/fixtures.js';
import { useTestEnvironment } from '../support/test-environment.js';

const env = useTestEnvironment();
const api = useApi(env);

describe('recording developments over HTTP', () => {
  it('records every development type and reads each back from the log', async () => {
    expect((await api.post('/disputes', disputeBody('every-type'))).status).toBe(201);
    expect((await api.post('/agreements', agreementBody('gsomia', 'every-type'))).status).toBe(201);
    // In an order the agreement rules accept: notice, suspension, withdrawal, renewal.
    const types = [
      'export_control_tightened',
      'export_license_issued',
      'export_control_eased',
      'export_list_removal',
      'export_list_reinstatement',
      'protest',
      'statement',
      'deadline_set',
      'other',
      'agreement_non_renewal',
      'agreement_non_renewal_suspended',
      'agreement_non_renewal_withdrawn',
      'agreement_renewed',
    ];
    const answers = [];
    for (const [i, type] of types.entries()) {
      const body = developmentBody(type, { occurredAt: `2019-08-${String(10 + i).padStart(2, '0')}` });
      const response = await api.post('/disputes/every-type/developments', body);
      expect([type, response.status, response.body]).toEqual([type, 201, expect.objectContaining({ streamId: 'dispute-every-type' })]);
      answers.push({ type, body, answer: response.body });
    }
    const log = await new EventStore(env.db).readStream(disputeStreamId('every-type'));
    expect(log.map((e) => e.type)).toEqual(['dispute_opened', ...types]);
    for (const { type, body, answer } of answers) {
      const event = log.find((e) => e.id === answer.eventId)!;
      expect(event).toMatchObject({ type, streamVersion: answer.version, globalPosition: answer.globalPosition });
      expect(event.occurredAt).toEqual(new Date(`${body.occurredAt as string}T00:00:00Z`));
      expect(event.metadata).toMatchObject({ recordedBy: 'analyst (API_KEYS)', correlationId: expect.any(String) });
      const data = event.data as Record<string, unknown>;
      expect(data).toMatchObject({ disputeId: 'every-type', summary: body.summary, sources: body.sources });
      expect(typeof data.cameoCode === 'string' || data.cameoCode === null).toBe(true);
    }
    const notice = log.find((e) => e.type === 'agreement_non_renewal')!;
    // The expiry defaults to the agreement's current one: renewed yearly from 2017-11-23.
    expect(notice.data).toMatchObject({ agreementId: 'gsomia', actor: 'KR', expiresOn: '2019-11-23T00:00:00.000Z', cameoCode: '160' });
    expect(log.find((e) => e.type === 'statement')!.data).toMatchObject({ cameoCode: '111', stance: 'concern' });
    expect(log.find((e) => e.type === 'protest')!.data).toMatchObject({ cameoCode: '114' });
  });

  it('appends a batch atomically: one refused development refuses them all', async () => {
    await api.post('/disputes', disputeBody('batch'));
    await api.post('/agreements', agreementBody('batch-pact', 'batch'));
    const ok = developmentBody('protest');
    const refused = await api.post('/disputes/batch/developments:batch', {
      developments: [ok, ok, developmentBody('agreement_non_renewal_suspended', {}, 'batch-pact')],
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: '/problems/no-active-notice', errors: [{ field: 'developments[2]' }] });
    expect(await new EventStore(env.db).readStream(disputeStreamId('batch'))).toHaveLength(1);

    // Later developments of a batch see the earlier ones: a notice, then its suspension.
    const accepted = await api.post('/disputes/batch/developments:batch', {
      developments: [ok, developmentBody('agreement_non_renewal', {}, 'batch-pact'), developmentBody('agreement_non_renewal_suspended', { occurredAt: '2019-11-22' }, 'batch-pact')],
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.events.map((e: { version: number }) => e.version)).toEqual([2, 3, 4]);
  });

  it('retracts a development once; a retraction cannot be retracted', async () => {
    await api.post('/disputes', disputeBody('retract'));
    const recorded = await api.post('/disputes/retract/developments', developmentBody('protest'));
    const path = `/disputes/retract/developments/${recorded.body.eventId}/retraction`;
    const retraction = await api.post(path, { reason: 'misattributed: the protest was lodged by the foreign ministry later' });
    expect(retraction.status).toBe(201);
    expect((await api.post(path, { reason: 'again' })).body).toMatchObject({ status: 409, type: '/problems/already-retracted' });
    expect((await api.post(`/disputes/retract/developments/${retraction.body.eventId}/retraction`, { reason: 'x' })).body).toMatchObject({
      status: 409,
      type: '/problems/retraction-of-retraction',
    });
    const log = await new EventStore(env.db).readStream(disputeStreamId('retract'));
    expect(log.map((e) => e.type)).toEqual(['dispute_opened', 'protest', 'development_retracted']);
    expect(log[2]!.data).toMatchObject({ developmentId: recorded.body.eventId });
  });

  it('a retracted notice no longer counts for the rules: a new notice is accepted', async () => {
    await api.post('/disputes', disputeBody('renotice'));
    await api.post('/agreements', agreementBody('renotice-pact', 'renotice'));
    const notice = await api.post('/disputes/renotice/developments', developmentBody('agreement_non_renewal', {}, 'renotice-pact'));
    expect((await api.post('/disputes/renotice/developments', developmentBody('agreement_non_renewal', {}, 'renotice-pact'))).body.type).toBe(
      '/problems/notice-already-given',
    );
    await api.post(`/disputes/renotice/developments/${notice.body.eventId}/retraction`, { reason: 'recorded twice' });
    expect((await api.post('/disputes/renotice/developments', developmentBody('agreement_non_renewal', {}, 'renotice-pact'))).status).toBe(201);
  });
});
