import os from 'node:os';

/** A whole-number setting from the environment, or `fallback` when unset; a bad one stops the suite with its name. */
export function wholeNumber(variable: string, fallback: number, min: number): number {
  const text = process.env[variable];
  const value = text === undefined || text === '' ? fallback : Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`Invalid configuration: ${variable} must be a whole number of at least ${min} (got "${text}")`);
  return value;
}

/** The 1-minute load average against the CPU count: figures taken on a busy machine say so. */
export function loadAverage(): string {
  return `${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} CPUs`;
}
