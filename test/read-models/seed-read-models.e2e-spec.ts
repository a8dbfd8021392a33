import { describe, expect, it } from '@jest/globals';
import { useApi } from '../support/api-server.js';
import { JP_KR_2019, recordScenario } from '../support/scenario.js';
import { useTestEnvironment } from '../support/test-environment.js';
import { useProjections } from '../support/worker.js';

const env = useTestEnvironment();
useProjections(env);
const api = useApi(env);
const D = JP_KR_2019.dispute.id;

describe('read models of the Japan–South Korea 2019 scenario', () => {
  let position = 0;

  it('records the scenario and reads its own writes (minPosition)', async () => {
    position = await recordScenario(api);
    const dispute = await api.get(`/disputes/${D}?minPosition=${position}`);
    expect(dispute.status).toBe(200);
    expect(dispute.headers.get('etag')).toBe(`"${dispute.body.version}"`);
    expect(dispute.body).toMatchObject({ id: D, parties: ['JP', 'KR'] });
    expect(dispute.body.version).toBe(1 + JP_KR_2019.steps.length);
  });

  it('GSOMIA: in force on 2019-08-21, termination notified on 2019-09-01', async () => {
    const before = await api.get(`/agreements/jp-kr-gsomia?asOf=2019-08-21&minPosition=${position}`);
    expect(before.body).toMatchObject({ status: 'in_force', expiresOn: '2019-11-23T00:00:00.000Z', notice: null });
    const after = await api.get('/agreements/jp-kr-gsomia?asOf=2019-09-01');
    expect(after.body).toMatchObject({
      status: 'termination_notified',
      notice: { actor: 'KR', givenOn: '2019-08-22T00:00:00.000Z', expiresOn: '2019-11-23T00:00:00.000Z' },
    });
    expect(after.body.history).toEqual([{ eventId: expect.any(String), occurredAt: '2019-08-22T00:00:00.000Z', status: 'termination_notified' }]);
  });

  it("Japan's removal of Korea from its list: announced on 2019-08-10, effective from 2019-08-28", async () => {
    const removal = (measures: any[]) => measures.find((m) => m.kind === 'export_list_removal' && m.actor === 'JP' && m.target === 'KR');
    expect(removal((await api.get(`/measures?disputeId=${D}&asOf=2019-08-10`)).body)).toMatchObject({ status: 'announced' });
    expect(removal((await api.get(`/measures?disputeId=${D}&asOf=2019-08-27T23:59:59Z`)).body)).toMatchObject({ status: 'announced' });
    expect(removal((await api.get(`/measures?disputeId=${D}&asOf=2019-08-28`)).body)).toMatchObject({ status: 'effective', since: '2019-08-28T00:00:00.000Z' });
    const controls = (await api.get(`/measures?disputeId=${D}&asOf=2019-08-31&status=active`)).body;
    expect(controls.find((m: any) => m.kind === 'export_control')).toMatchObject({ actor: 'JP', target: 'KR', licensesIssued: expect.any(Number) });
  });

  it('escalation in late August 2019 is above June 2019, and every reading names its contributors', async () => {
    const june = (await api.get(`/disputes/${D}/escalation?asOf=2019-06-30`)).body;
    const august = (await api.get(`/disputes/${D}/escalation?asOf=2019-08-31`)).body;
    expect(august.level).toBeGreaterThan(june.level);
    expect(august.rung.index).toBeGreaterThan(june.rung.index);
    expect(august.contributors.length).toBeGreaterThan(3);
    expect(august.contributors[0]).toMatchObject({ eventId: expect.any(String), type: expect.any(String), weight: expect.any(Number), contribution: expect.any(Number) });
    const history = (await api.get(`/disputes/${D}/escalation/history?from=2019-06-01&to=2019-08-31`)).body;
    expect(history).toHaveLength(92);
    expect(history[0]).toMatchObject({ date: '2019-06-01' });
    expect(history[91]).toMatchObject({ date: '2019-08-31', level: august.level });
  });

  it('knownAt: what was known before the scenario was recorded is nothing', async () => {
    const known = await api.get(`/disputes/${D}/timeline?knownAt=2019-01-01T00:00:00Z`);
    expect(known.status).toBe(404);
    const all = await api.get(`/disputes/${D}/timeline?limit=500`);
    expect(all.body.items).toHaveLength(JP_KR_2019.steps.length);
  });

  it('timeline pages in occurred order with a cursor', async () => {
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.get(`/disputes/${D}/timeline?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(JP_KR_2019.steps.length);
    const order = seen.map((i) => `${i.occurredAt}|${i.recordedAt}`);
    expect([...order].sort()).toEqual(order);
    expect(seen[0]).toMatchObject({ recordedBy: 'analyst (API_KEYS)', retracted: false, sources: [expect.objectContaining({ publisher: expect.any(String) })] });
    expect((await api.get(`/disputes/${D}/timeline?cursor=nonsense`)).status).toBe(400);
  });

  it('lists disputes with their escalation, agreements, and the deadline queue', async () => {
    expect((await api.get('/disputes')).body).toEqual([
      expect.objectContaining({ id: D, title: JP_KR_2019.dispute.title, escalation: { level: expect.any(Number), rung: expect.objectContaining({ index: expect.any(Number) }) } }),
    ]);
    expect((await api.get('/agreements')).body.map((a: any) => a.id)).toEqual(['jp-kr-gsomia']);
    const deadlines = (await api.get(`/deadlines?disputeId=${D}`)).body;
    expect(deadlines.map((d: any) => d.kind)).toEqual(expect.arrayContaining(['agreement_expiry', 'measure_effective']));
    const expiry = deadlines.find((d: any) => d.kind === 'agreement_expiry');
    expect(expiry).toMatchObject({ dueAt: '2019-11-23T00:00:00.000Z', status: 'reached' });
    // Backfilled: due before it was recorded, so it alerts nobody.
    expect(expiry.alerts.every((a: any) => a.status === 'skipped')).toBe(true);
    expect((await api.get('/agreements/nope')).status).toBe(404);
    expect((await api.get('/disputes/nope')).status).toBe(404);
    expect((await api.get(`/measures?status=sideways`)).status).toBe(400);
  });
});
