import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, PinoNestLogger, type AppConfig } from '@app/config';
import { ApiModule } from './api.module.js';

/** Paths outside the /api/v1 base: probes, metrics, docs and the dashboard. */
export const UNPREFIXED_PATHS = ['health/live', 'health/ready', 'metrics'];

/** Builds the HTTP application (used by main.ts and by the e2e tests). */
export async function createApi(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel, 'api');
  if (config.usingDevelopmentKeys) {
    logger.warn('API_KEYS is not set: using the development keys from the README. Never do this in production.');
  }
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), new FastifyAdapter({ bodyLimit: 1_048_576 }), {
    logger: new PinoNestLogger(logger),
  });
  app.setGlobalPrefix('api/v1', { exclude: UNPREFIXED_PATHS });
  app.enableShutdownHooks();
  return app;
}
