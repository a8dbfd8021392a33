import pg from 'pg';
import { withDatabase } from './global-setup.mjs';

export default async function globalTeardown() {
  const server = process.env.DT_TEST_SERVER_URL;
  const template = process.env.DT_TEST_TEMPLATE;
  if (server && template) {
    const admin = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
    await admin.connect();
    await admin.query(`drop database if exists ${pg.escapeIdentifier(template)} with (force)`);
    await admin.end();
  }
  await Promise.all((globalThis.__dtContainers ?? []).map((c) => c.stop()));
}
