export interface SamplePlan {
  warmupMs: number;
  measureMs: number;
  /** Slow operations run at least this often, however long it takes (p99 of 3 samples is their max). */
  minSamples: number;
  signal: AbortSignal;
}

/**
 * Latency of one operation at a time (no concurrency: what one caller waits, not what a queue adds),
 * each call given its index. Returns the measured latencies in ms, sorted.
 */
export async function sampleLatency(plan: SamplePlan, operation: (index: number) => Promise<unknown>): Promise<number[]> {
  let index = 0;
  const warmupEnd = performance.now() + plan.warmupMs;
  // At least one warm-up call: the first one pays for plans, connections and cold pages.
  do {
    plan.signal.throwIfAborted();
    await operation(index++);
  } while (performance.now() < warmupEnd);
  const latencies: number[] = [];
  const end = performance.now() + plan.measureMs;
  while (performance.now() < end || latencies.length < plan.minSamples) {
    plan.signal.throwIfAborted();
    const began = performance.now();
    await operation(index++);
    latencies.push(performance.now() - began);
  }
  return latencies.sort((a, b) => a - b);
}
