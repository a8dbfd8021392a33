/** A scenario as request bodies: what a client would POST, checked by the same schemas. */
export interface SeedStep {
  /** Stable: it names the write's idempotency key, so a second run appends nothing. */
  key: string;
  /** The reference timeline's facts this step records. */
  facts: string[];
  development: Record<string, unknown>;
}

export interface SeedScenario {
  dispute: Record<string, unknown> & { id: string };
  agreements: Array<Record<string, unknown>>;
  steps: SeedStep[];
  skipped: Record<string, string>;
}
