import { promises as fs } from 'node:fs';
import type { BenchResult } from './bench.types.js';
import type { ResultsFile } from './results.store.js';

const BEGIN = '<!-- results:begin (written by npm run bench from bench/results/latest.json; edit around it) -->';
const END = '<!-- results:end -->';

interface Goal {
  /** What the goal is held against: the figure itself, or its ratio to the baseline. */
  of: 'value' | 'ratio';
  atLeast?: number;
  atMost?: number;
}

/** The goals the issues set, by figure name (growth figures: any name ending in `.growth`). */
const GOALS: Record<string, Goal> = {
  'append.single': { of: 'ratio', atLeast: 0.8 },
  'append.batch': { of: 'ratio', atLeast: 0.8 },
  'projection.rebuild': { of: 'value', atLeast: 25_000 },
  'projection.lag.p99': { of: 'value', atMost: 100 },
  'alerts.lateness.p99': { of: 'value', atMost: 250 },
  'alerts.lost': { of: 'value', atMost: 0 },
  'alerts.duplicated': { of: 'value', atMost: 0 },
  'http.write': { of: 'value', atLeast: 2_000 },
  'http.write.p99': { of: 'value', atMost: 25 },
  'http.read': { of: 'value', atLeast: 8_000 },
  'http.read.p99': { of: 'value', atMost: 10 },
};
// The raw HTTP baseline held to the api's goals: what a bare server gives on this machine.
for (const name of ['http.write', 'http.write.p99', 'http.read', 'http.read.p99']) GOALS[name.replace('http.', 'http.raw.')] = GOALS[name]!;

const goalOf = (name: string): Goal | undefined => GOALS[name] ?? (name.endsWith('.growth') ? { of: 'value', atMost: 1.3 } : undefined);

/**
 * Rewrites the results section of docs/benchmarks.md from the results file, so the table a reader
 * sees is always the one the last run wrote (the prose around it is kept as it is).
 */
export async function writeBenchmarksDoc(file: string, results: ResultsFile): Promise<boolean> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) return false;
  const section = `${BEGIN}\n${renderResults(results)}\n${END}`;
  await fs.writeFile(file, text.slice(0, begin) + section + text.slice(end + END.length));
  return true;
}

export function renderResults({ machine, at, results }: ResultsFile): string {
  const rows = Object.entries(results).map(([name, r]) => {
    const goal = goalOf(name);
    return `| \`${name}\` | ${number(r.value)} | ${r.unit} | ${r.baseline === undefined ? '' : number(r.baseline)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(3)} | ${goal ? describe(goal) : ''} | ${goal ? verdict(goal, r) : ''} |`;
  });
  const notes = Object.entries(results)
    .filter(([, r]) => r.note)
    .map(([name, r]) => `- \`${name}\`: ${r.note}`);
  return [
    `Machine: ${machine.cpus} CPUs, ${machine.memoryGb} GB, Node ${machine.node}, PostgreSQL ${machine.postgres}, Redis ${machine.redis ?? '(not reached)'}; last written ${at}.`,
    '',
    '| figure | value | unit | raw baseline | ratio | goal | met |',
    '|---|--:|---|--:|--:|---|---|',
    ...rows,
    '',
    'What each figure measured, as the run recorded it:',
    '',
    ...notes,
  ].join('\n');
}

function describe(goal: Goal): string {
  const what = goal.of === 'ratio' ? 'ratio ' : '';
  if (goal.atLeast !== undefined) return `${what}≥ ${number(goal.atLeast)}`;
  return goal.atMost === 0 ? `${what}0` : `${what}≤ ${number(goal.atMost!)}`;
}

function verdict(goal: Goal, result: BenchResult): string {
  const value = goal.of === 'ratio' ? result.ratio : result.value;
  if (value === undefined) return '';
  const met = (goal.atLeast === undefined || value >= goal.atLeast) && (goal.atMost === undefined || value <= goal.atMost);
  return met ? 'yes' : '**no**';
}

function number(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : 2 });
}
