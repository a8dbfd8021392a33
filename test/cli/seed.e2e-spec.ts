import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { runCli } from '../support/run-cli.js';
import { useTestEnvironment } from '../support/test-environment.js';

const env = useTestEnvironment();

const outcome = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as { appended: number; alreadyRecorded: number };

describe('npm run seed', () => {
  it('records the Japan–South Korea 2019 scenario through the command path; a second run changes nothing', async () => {
    const first = await runCli(['seed'], env.childEnv({ LOG_LEVEL: 'info' }));
    expect([first.code, first.stderr]).toEqual([0, '']);
    const recorded = outcome(first.stdout);
    expect(recorded.appended).toBeGreaterThan(20);
    expect(recorded.alreadyRecorded).toBe(0);

    const { rows } = await sql<{ type: string; stream_id: string; data: any; metadata: any }>`
      select type, stream_id, data, metadata from events order by global_position`.execute(env.db);
    expect(rows).toHaveLength(recorded.appended);
    expect(rows[0]).toMatchObject({ type: 'dispute_opened', stream_id: 'dispute-jp-kr-2019' });
    expect(rows.find((r) => r.type === 'agreement_registered')).toMatchObject({ stream_id: 'agreement-jp-kr-gsomia' });
    const developments = rows.filter((r) => r.stream_id === 'dispute-jp-kr-2019' && r.type !== 'dispute_opened');
    for (const d of developments) {
      expect(d.metadata).toMatchObject({ recordedBy: 'seed' });
      expect(d.data.sources.length).toBeGreaterThan(0);
      expect(d.data.sources.every((s: { quote?: string }) => typeof s.quote === 'string' && s.quote.length > 0)).toBe(true);
    }
    const types = new Set(developments.map((d) => d.type));
    for (const type of ['agreement_non_renewal', 'export_list_removal', 'export_control_tightened', 'export_license_issued', 'protest', 'statement']) {
      expect(types).toContain(type);
    }

    const second = await runCli(['seed'], env.childEnv({ LOG_LEVEL: 'info' }));
    expect(second.code).toBe(0);
    expect(outcome(second.stdout)).toMatchObject({ appended: 0, alreadyRecorded: recorded.appended });
    const count = await sql<{ n: string }>`select count(*) as n from events`.execute(env.db);
    expect(Number(count.rows[0]!.n)).toBe(recorded.appended);
  });
});
