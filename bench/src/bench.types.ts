/** One figure of bench/results/latest.json, in the shape CONTRACT.md fixes. */
export interface BenchResult {
  value: number;
  unit: string;
  /** The same run's reference figure (e.g. raw INSERTs), when the figure is held to one. */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  note?: string;
}

export type BenchResults = Record<string, BenchResult>;

export interface BenchContext {
  /** A freshly migrated database of this run only; dropped afterwards, so suites may litter it. */
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly measureSeconds: number;
  readonly warmupSeconds: number;
  /** Aborted on Ctrl-C: suites stop early so that the database still gets dropped. */
  readonly signal: AbortSignal;
  /** Progress goes to stderr; stdout carries the results table only. */
  log(message: string): void;
}

export interface BenchSuite {
  readonly name: string;
  run(ctx: BenchContext): Promise<BenchResults>;
}
