import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';

/**
 * The HTTP baseline: what this machine gives a bare Fastify server with none of our work, run as a
 * process of its own like the api. Reads answer one of the api's own answers, held in memory as
 * text; writes take the same JSON body and INSERT it as one row of a table built like `events`
 * (one statement, no stream version check, no read model behind it). `npm run bench -- http` starts
 * it and measures it with the same connections as the api.
 *
 * Environment: DATABASE_URL, PORT, RAW_HTTP_BODIES (a JSON file: the answers to serve, as text).
 */
const bodies = JSON.parse(readFileSync(process.env.RAW_HTTP_BODIES!, 'utf8')) as string[];
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, application_name: 'dispute-tracker-bench-raw-http' });
await pool.query(`
  create table if not exists raw_http_events (like events including all);
  create sequence if not exists raw_http_events_global_position_seq owned by raw_http_events.global_position;
  alter table raw_http_events alter column global_position set default nextval('raw_http_events_global_position_seq');
`);

let version = 0;
const app = Fastify({ bodyLimit: 4 * 1024 * 1024 });
app.get<{ Params: { n: string } }>('/raw/read/:n', (request, reply) => {
  void reply.header('content-type', 'application/json; charset=utf-8').send(bodies[Number(request.params.n) % bodies.length]);
});
app.post<{ Params: { id: string }; Body: { type: string; occurredAt: string } }>('/raw/write/:id', async (request, reply) => {
  const { rows } = await pool.query<{ global_position: string }>({
    name: 'raw_http_insert',
    text: `insert into raw_http_events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
           values ($1, $2, $3, $4, 1, $5, '{}', $6) returning global_position`,
    values: [randomUUID(), request.params.id, ++version, request.body.type, request.body, request.body.occurredAt],
  });
  return reply.code(201).send({ globalPosition: Number(rows[0]!.global_position) });
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('listening\n');
process.on('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
