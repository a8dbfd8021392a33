import { appendSuite } from './append.suite.js';
import type { BenchSuite } from './bench.types.js';
import { projectionSuite } from './projection.suite.js';
import { scaleSuite } from './scale.suite.js';

/** Every suite, in the order a full run takes them: add new suites here. */
export const SUITES: readonly BenchSuite[] = [appendSuite, projectionSuite, scaleSuite];
