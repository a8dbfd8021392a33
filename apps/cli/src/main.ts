import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { createLogger, loadConfigOrExit, PinoNestLogger } from '@app/config';
import { createKysely, createPool, DATABASE, migrateToLatest, type Db } from '@app/database';
import { createProjections } from '@app/projections';
import { apiKeyCommand } from './api-keys/api-key.commands.js';
import { CliModule } from './cli.module.js';
import { projectionsCommand } from './projections/projections.commands.js';
import { JP_KR_2019 } from './seed/jp-kr-2019.scenario.js';
import { SeedRunner } from './seed/seed-runner.js';

/** Compiled migrations sit beside the compiled apps: dist/migrations. */
const MIGRATIONS = fileURLToPath(new URL('../../../migrations', import.meta.url));

const USAGE = `usage: npm run cli -- <command>
  migrate                                   create the database if missing and apply pending migrations
  seed                                      record the Japan–South Korea 2019 scenario (twice changes nothing)
  api-key create --role <role> [--name <n>] create an API key (admin, analyst or viewer); prints the token once
  api-key list                              list API keys (never their tokens)
  api-key revoke <id>                       revoke an API key
  projections list                          the read models' generations and checkpoints
  projections rebuild <name>                rebuild a projection blue/green (a running worker does the work)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { role: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
const [command, ...rest] = positionals;
const config = loadConfigOrExit();
const logger = createLogger(config.logLevel, 'cli');
const out = (line: string): void => void process.stdout.write(`${line}\n`);

if (command === 'migrate') {
  const { created, applied } = await migrateToLatest(config.databaseUrl, MIGRATIONS);
  logger.info({ created, applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database is up to date');
} else if (command === 'projections') {
  const db = createKysely(createPool(config.databaseUrl, { max: 2, applicationName: 'dispute-tracker-cli' }));
  try {
    process.exitCode = await projectionsCommand(db, createProjections(config), rest, out);
  } finally {
    await db.destroy();
  }
} else if (command === 'seed' || command === 'api-key') {
  // Nest's start-up chatter stays out of a command's output; warnings and errors still show.
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: new PinoNestLogger(logger.child({}, { level: 'warn' })) });
  try {
    if (command === 'seed') {
      const outcome = await app.get(SeedRunner).run(JP_KR_2019);
      logger.info(outcome, `seed: ${outcome.appended} recorded, ${outcome.alreadyRecorded} already there`);
    } else {
      process.exitCode = await apiKeyCommand(app.get<Db>(DATABASE), rest, values, out);
    }
  } finally {
    await app.close();
  }
} else {
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = command && !values.help ? 2 : 0;
}
