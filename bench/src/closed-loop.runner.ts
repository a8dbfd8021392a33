export interface LoadPlan {
  /** Concurrent writers, each awaiting its operation before starting the next (a closed loop). */
  writers: number;
  warmupMs: number;
  measureMs: number;
  signal: AbortSignal;
}

export interface LoadOutcome {
  /** Operations that completed inside the measured window. */
  operations: number;
  perSecond: number;
  /** Sorted latencies of the operations that both started and ended inside the window. */
  latenciesMs: number[];
}

/**
 * Runs `writers` closed loops for the warm-up and then the measured window. The first error stops
 * every writer and is rethrown, so a broken suite fails fast instead of reporting a low figure.
 */
export async function runClosedLoop(plan: LoadPlan, operationFor: (writer: number) => () => Promise<unknown>): Promise<LoadOutcome> {
  const start = performance.now();
  const from = start + plan.warmupMs;
  const to = from + plan.measureMs;
  let operations = 0;
  let failure: unknown;
  const latencies: number[] = [];
  const writer = async (index: number) => {
    const operation = operationFor(index);
    while (failure === undefined && !plan.signal.aborted && performance.now() < to) {
      const began = performance.now();
      try {
        await operation();
      } catch (error) {
        failure ??= error;
        return;
      }
      const ended = performance.now();
      // Completions in the window measure throughput; the ones begun before it still count.
      if (ended >= from && ended <= to) {
        operations += 1;
        if (began >= from) latencies.push(ended - began);
      }
    }
  };
  await Promise.all(Array.from({ length: plan.writers }, (_, i) => writer(i)));
  if (failure !== undefined) throw failure;
  plan.signal.throwIfAborted();
  return { operations, perSecond: operations / (plan.measureMs / 1000), latenciesMs: latencies.sort((a, b) => a - b) };
}

/** Nearest-rank percentile of sorted values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
