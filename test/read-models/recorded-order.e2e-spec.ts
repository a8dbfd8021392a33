import { describe, expect, it } from '@jest/globals';
import { useApi, type ApiClient } from '../support/api-server.js';
import { JP_KR_2019 } from '../support/scenario.js';
import { useTestEnvironment } from '../support/test-environment.js';
import { useProjections } from '../support/worker.js';

const env = useTestEnvironment();
useProjections(env);
const api = useApi(env, { RATE_LIMIT_PER_MINUTE: '0' });

/** The seed scenario plus developments whose rules depend on earlier ones (so some orders are refused at first). */
function scenarioFor(run: string) {
  const rename = (value: unknown): any => JSON.parse(JSON.stringify(value).replaceAll('jp-kr-gsomia', `gsomia-${run}`).replaceAll('"jp-kr-2019"', `"dispute-${run}"`));
  const source = JP_KR_2019.steps[0]!.development.sources;
  const extra = [
    { type: 'agreement_non_renewal_suspended', occurredAt: '2019-11-22', summary: 'Seoul suspends its notice, conditionally', sources: source, agreementId: 'jp-kr-gsomia', actor: 'KR', conditional: true },
    { type: 'export_control_eased', occurredAt: '2020-03-01', summary: 'Tokyo eases one control', sources: source, actor: 'JP', target: 'KR', items: ['photoresist (resist)'] },
    { type: 'export_list_reinstatement', occurredAt: '2021-05-01', summary: 'Seoul puts Tokyo back on its list', sources: source, actor: 'KR', target: 'JP', list: 'white list', effectiveOn: '2021-06-01' },
    { type: 'deadline_set', occurredAt: '2019-08-23', summary: 'WTO consultation window', sources: source, title: 'WTO consultations', dueAt: '2019-11-11' },
  ];
  return {
    dispute: rename(JP_KR_2019.dispute),
    agreements: JP_KR_2019.agreements.map(rename),
    developments: [...JP_KR_2019.steps.map((s) => rename(s.development)), ...extra.map(rename)],
  };
}

/** Records in the given order; what a rule refuses for lack of its premise is retried after the rest. */
async function record(client: ApiClient, run: string, order: (list: any[]) => any[]): Promise<number> {
  const scenario = scenarioFor(run);
  await client.post('/disputes', scenario.dispute);
  for (const a of scenario.agreements) await client.post('/agreements', a);
  let pending = order(scenario.developments);
  let last = 0;
  while (pending.length) {
    const refused: any[] = [];
    for (const development of pending) {
      const response = await client.post(`/disputes/dispute-${run}/developments`, development);
      if (response.status === 201) last = response.body.globalPosition;
      else if (response.status === 409) refused.push(development);
      else throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
    }
    if (refused.length === pending.length) throw new Error(`no progress: ${JSON.stringify(refused.map((d) => d.type))}`);
    pending = refused;
  }
  return last;
}

function shuffle<T>(list: T[], seed: number): T[] {
  const copy = [...list];
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Every state read model of one run at `asOf`, with its run-specific ids and event ids replaced by stable names. */
async function readModels(run: string, asOf: string, position: number) {
  const d = `dispute-${run}`;
  const q = `asOf=${asOf}&minPosition=${position}`;
  const timeline = (await api.get(`/disputes/${d}/timeline?limit=500`)).body.items as Array<{ eventId: string; summary: string }>;
  const names = new Map(timeline.map((i) => [i.eventId, i.summary]));
  const views = {
    agreement: (await api.get(`/agreements/gsomia-${run}?${q}`)).body,
    measures: (await api.get(`/measures?disputeId=${d}&${q}`)).body,
    escalation: (await api.get(`/disputes/${d}/escalation?${q}`)).body,
    deadlines: (await api.get(`/deadlines?disputeId=${d}&${q}`)).body,
  };
  let text = JSON.stringify(views).replaceAll(run, 'RUN');
  for (const [id, name] of names) text = text.replaceAll(id, `<${name}>`);
  const normal = JSON.parse(text);
  // Equal contributions of developments that occurred at the same instant have no meaningful order.
  normal.escalation.contributors.sort(
    (a: any, b: any) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.occurredAt.localeCompare(b.occurredAt) || a.eventId.localeCompare(b.eventId),
  );
  return normal;
}

describe('state read models are folds in occurred order', () => {
  it('gives identical read models whatever order the developments were recorded in', async () => {
    const positions = [await record(api, 'in-order', (l) => [...l].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)))];
    for (const seed of [1, 2, 3]) positions.push(await record(api, `shuffled-${seed}`, (l) => shuffle(l, seed)));
    positions.push(await record(api, 'reversed', (l) => [...l].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))));
    const last = Math.max(...positions);
    const runs = ['in-order', 'shuffled-1', 'shuffled-2', 'shuffled-3', 'reversed'];
    for (const asOf of ['2019-06-30', '2019-08-21', '2019-08-28', '2019-09-01', '2019-11-23', '2020-06-01', '2022-01-01']) {
      const expected = await readModels('in-order', asOf, last);
      expect(expected.agreement.id).toBe('gsomia-RUN');
      for (const run of runs.slice(1)) expect([run, asOf, await readModels(run, asOf, last)]).toEqual([run, asOf, expected]);
    }
    const suspended = await readModels('reversed', '2019-12-01', last);
    expect(suspended.agreement.status).toBe('notice_suspended');
  });
});
