import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfigOrExit } from '@app/config';
import { migrateToLatest } from '@app/database';

/** Compiled migrations sit beside the compiled app: dist/apps/cli/migrations. */
const MIGRATIONS = fileURLToPath(new URL('../../../migrations', import.meta.url));

const USAGE = `usage: npm run cli -- <command>
  migrate     create the database if missing and apply pending migrations`;

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel, 'cli');
const [command] = process.argv.slice(2);

switch (command) {
  case 'migrate': {
    const { created, applied } = await migrateToLatest(config.databaseUrl, MIGRATIONS);
    logger.info({ created, applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database is up to date');
    break;
  }
  default:
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = command ? 2 : 0;
}
