import { alertsSuite } from './alerts.suite.js';
import { appendSuite } from './append.suite.js';
import type { BenchSuite } from './bench.types.js';
import { httpAdapterSuite } from './http-adapter.suite.js';
import { httpSuite } from './http.suite.js';
import { projectionSuite } from './projection.suite.js';
import { scaleSuite } from './scale.suite.js';

/** Every suite, in the order a full run takes them: add new suites here. */
export const SUITES: readonly BenchSuite[] = [appendSuite, projectionSuite, alertsSuite, httpSuite, httpAdapterSuite, scaleSuite];
