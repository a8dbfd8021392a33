import { JP_KR_2019 } from '../../apps/cli/src/seed/jp-kr-2019.scenario.js';
import type { ApiClient } from './api-server.js';

/** Records the Japan–South Korea scenario over HTTP (as an analyst would), in the order given. */
export async function recordScenario(api: ApiClient, steps = JP_KR_2019.steps): Promise<number> {
  let last = 0;
  const check = (r: { status: number; body: any }, what: string) => {
    if (r.status !== 201) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    last = Math.max(last, r.body.globalPosition ?? 0);
  };
  check(await api.post('/disputes', JP_KR_2019.dispute), 'dispute');
  for (const agreement of JP_KR_2019.agreements) check(await api.post('/agreements', agreement), 'agreement');
  for (const step of steps) check(await api.post(`/disputes/${JP_KR_2019.dispute.id}/developments`, step.development), step.key);
  return last;
}

export { JP_KR_2019 };
