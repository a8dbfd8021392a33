// The fault-injection suite (`npm run test:faults`): restarts and kills PostgreSQL, Redis, the api
// and the worker. It starts its own PostgreSQL and Redis on free ports (test/faults/support), never
// the shared ones, so it needs none of the main suite's global setup. One file at a time: each
// starts servers and processes of its own and times faults against them.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: undefined,
  globalTeardown: undefined,
  maxWorkers: 1,
  testTimeout: 120_000,
};
