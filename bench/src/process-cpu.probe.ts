import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far; NaN where /proc cannot tell. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Cores each named group of processes kept busy from now until `stop()` (processes gone by then are left out). */
export function cpuMeter(groups: Record<string, readonly number[]>): { stop(): Record<string, number> } {
  const began = performance.now();
  const before = new Map(Object.values(groups).flat().map((pid) => [pid, cpuSeconds(pid)]));
  return {
    stop() {
      const seconds = (performance.now() - began) / 1000;
      const used = (pid: number) => cpuSeconds(pid) - before.get(pid)!;
      return Object.fromEntries(
        Object.entries(groups).map(([name, pids]) => [name, Math.round((pids.map(used).filter(Number.isFinite).reduce((a, b) => a + b, 0) / seconds) * 100) / 100]),
      );
    },
  };
}

