import { describe, expect, it, jest } from '@jest/globals';
import { sql } from 'kysely';
import { listGenerations, TimelineReader } from '@app/projections';
import { useApi, TOKENS } from '../support/api-server.js';
import { eventually } from '../support/eventually.js';
import { ReadModelsService } from '../../apps/api/src/read-models/read-models.service.js';
import { agreementBody, developmentBody, disputeBody } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { useTestEnvironment } from '../support/test-environment.js';
import { useProjections } from '../support/worker.js';

const env = useTestEnvironment();
useProjections(env);
const api = useApi(env);

/** Reads server-sent events with fetch (EventSource cannot send a bearer token). */
async function* serverSentEvents(path: string, signal: AbortSignal): AsyncGenerator<{ event: string; data: any }> {
  const response = await fetch(`${api.url}/api/v1${path}`, { headers: { authorization: `Bearer ${TOKENS.viewer}` }, signal });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: ?(.*)$/m.exec(block)?.[1];
      if (data) yield { event, data: JSON.parse(data) };
    }
  }
}

describe('the read API', () => {
  it('streams a change event when a write reaches the read models', async () => {
    await api.post('/disputes', disputeBody('streamed'));
    const abort = new AbortController();
    const events = serverSentEvents('/stream', abort.signal);
    const first = events.next(); // connects
    const written = await api.post('/disputes/streamed/developments', developmentBody('protest'));
    let received = await first;
    while (!(received.value?.event === 'change' && received.value.data.id === 'streamed' && received.value.data.globalPosition >= written.body.globalPosition)) {
      received = await events.next();
    }
    expect(received.value!.data).toMatchObject({ projection: 'disputes', id: 'streamed' });
    abort.abort();
  });

  it('answers reads of the present with what a write just recorded (minPosition)', async () => {
    await api.post('/disputes', disputeBody('ryw'));
    for (let i = 0; i < 10; i++) {
      const written = await api.post('/disputes/ryw/developments', developmentBody('protest', { summary: `write ${i}` }));
      const timeline = await api.get(`/disputes/ryw/timeline?limit=500&minPosition=${written.body.globalPosition}`);
      expect(timeline.body.items.map((item: { summary: string }) => item.summary)).toContain(`write ${i}`);
    }
    expect((await api.get('/disputes/ryw?minPosition=abc')).body).toMatchObject({ status: 400, errors: [{ field: 'minPosition' }] });
    expect((await api.get('/disputes/ryw?colour=red')).body).toMatchObject({ status: 400, errors: [{ field: 'colour' }] });
  });

  it('lists each dispute as it stands: a write to one changes its line at once and leaves the others', async () => {
    await api.post('/disputes', disputeBody('listed-a'));
    const opened = await api.post('/disputes', disputeBody('listed-b'));
    const line = async (minPosition: number, id: string) => ((await api.get(`/disputes?minPosition=${minPosition}`)).body as Array<{ id: string }>).find((d) => d.id === id);
    const before = await line(opened.body.globalPosition, 'listed-a');
    const untouched = await line(opened.body.globalPosition, 'listed-b');
    expect(before).toMatchObject({ version: 1, escalation: { level: 0 } });
    for (let i = 1; i <= 3; i++) {
      const written = await api.post('/disputes/listed-a/developments', developmentBody('protest', { summary: `protest ${i}`, occurredAt: new Date().toISOString() }));
      const after = await line(written.body.globalPosition, 'listed-a');
      expect(after).toMatchObject({ version: 1 + i });
      expect((after as unknown as { escalation: { level: number } }).escalation.level).toBeGreaterThan(0);
      expect(await line(written.body.globalPosition, 'listed-b')).toEqual(untouched);
    }
  });

  it("given a notice on an agreement that two disputes cite, then the lines of those two change, and no other line is refolded", async () => {
    type Line = { id: string; escalation: { rung: { index: number } } };
    const lines = async (minPosition: number) => Object.fromEntries(((await api.get(`/disputes?minPosition=${minPosition}`)).body as Line[]).map((line) => [line.id, line]));
    for (const id of ['pact-p', 'pact-q', 'pact-r']) await api.post('/disputes', disputeBody(id));
    // A pact of no dispute's own, renewed in pact-p's log.
    await api.post('/agreements', agreementBody('pact-a'));
    const before = await lines((await api.post('/disputes/pact-p/developments', developmentBody('agreement_renewed', {}, 'pact-a'))).body.globalPosition);
    expect(before['pact-p']!.escalation.rung.index).toBe(0);
    const refolded = jest.spyOn(ReadModelsService.prototype as unknown as { disputeLine: (reader: unknown, row: { id: string }) => Promise<unknown> }, 'disputeLine');
    const refoldedIds = () => new Set(refolded.mock.calls.map(([, row]) => row.id));
    try {
      // Notice given on it in pact-r's log: a rupture for both disputes that cite it.
      const after = await lines((await api.post('/disputes/pact-r/developments', developmentBody('agreement_non_renewal', {}, 'pact-a'))).body.globalPosition);
      expect([after['pact-p']!.escalation.rung.index, after['pact-r']!.escalation.rung.index]).toEqual([3, 3]);
      expect(after['pact-q']).toEqual(before['pact-q']);
      expect(refoldedIds()).toEqual(new Set(['pact-p', 'pact-r']));

      // A pact registered for pact-q: its line now folds it, so it is folded again.
      refolded.mockClear();
      await lines((await api.post('/agreements', agreementBody('pact-b', 'pact-q'))).body.globalPosition);
      expect(refoldedIds()).toEqual(new Set(['pact-q']));
    } finally {
      refolded.mockRestore();
    }
  });

  it('given a development noticed while the list reads its rows, then its line shows it, and is not kept from the row before', async () => {
    const opened = await api.post('/disputes', disputeBody('raced'));
    expect((await api.get(`/disputes/raced/timeline?minPosition=${opened.body.globalPosition}`)).status).toBe(200);
    const readRows = TimelineReader.prototype.disputes;
    jest.spyOn(TimelineReader.prototype, 'disputes').mockImplementationOnce(async function (this: TimelineReader, view) {
      const rows = await readRows.call(this, view);
      // Recorded and noticed by the api after the rows were read, before the lines are folded.
      const written = await api.post('/disputes/raced/developments', developmentBody('protest', { occurredAt: new Date().toISOString() }));
      expect((await api.get(`/disputes/raced/timeline?minPosition=${written.body.globalPosition}`)).status).toBe(200);
      return rows;
    });
    const version = async () => ((await api.get('/disputes')).body as Array<{ id: string; version: number }>).find((line) => line.id === 'raced')?.version;
    try {
      expect(await version()).toBe(2);
      expect(await version()).toBe(2);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('given a change notice the api never got (its LISTEN connection cut), then reads still show the change within seconds', async () => {
    const opened = await api.post('/disputes', disputeBody('unannounced'));
    const read = async (query = '') => (await api.get(`/disputes/unannounced${query}`)).body as { version: number; escalation: { level: number } };
    expect(await read(`?minPosition=${opened.body.globalPosition}`)).toMatchObject({ version: 1, escalation: { level: 0 } });
    // Notices sent before the api listens again (a second later) are lost to it.
    const { rows } = await sql<{ cut: boolean }>`
      select pg_terminate_backend(pid) as cut from pg_stat_activity
      where application_name = 'dispute-tracker-api-listen' and datname = current_database()`.execute(env.db);
    expect(rows.map((r) => r.cut)).toEqual([true]);
    await api.post('/disputes/unannounced/developments', developmentBody('protest', { occurredAt: new Date().toISOString() }));
    // The api's own re-read of the checkpoints (every 2 s) finds the read model moved on, and forgets
    // what it kept; rows kept until a notice would otherwise stay old for a minute.
    await eventually(async () => (await read()).version === 2, 'the dispute at version 2', 8_000);
    expect((await read()).escalation.level).toBeGreaterThan(0);
  });

  it('rebuilds from the CLI, blue/green, and reads keep answering', async () => {
    const [before] = (await listGenerations(env.db, ['active'])).filter((g) => g.name === 'timeline');
    const result = await runCli(['projections', 'rebuild', 'timeline'], env.childEnv());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.split('\n')[0]!)).toMatchObject({ name: 'timeline', status: 'building', generation: before!.generation + 1 });
    await eventually(async () => {
      expect((await api.get('/disputes/ryw/timeline')).status).toBe(200);
      const [active] = (await listGenerations(env.db, ['active'])).filter((g) => g.name === 'timeline');
      return active!.generation === before!.generation + 1;
    }, 'the new generation to take over');
    expect((await api.get('/disputes/ryw/timeline?limit=500')).body.items).toHaveLength(10);
    expect((await runCli(['projections', 'rebuild', 'nothing'], env.childEnv())).code).toBe(2);
    expect((await api.request('POST', '/admin/projections/nothing/rebuild', { token: TOKENS.admin })).status).toBe(404);
    expect((await api.request('GET', '/admin/projections', { token: TOKENS.analyst })).status).toBe(403);
    const listed = await api.request('GET', '/admin/projections', { token: TOKENS.admin });
    expect(listed.body.map((p: { name: string }) => p.name).sort()).toEqual(['deadlines', 'timeline']);
    expect(listed.body[0]).toMatchObject({ status: 'active', checkpoint: { globalPosition: expect.any(Number) }, lag: { events: expect.any(Number), ms: expect.any(Number) } });
  });
});
