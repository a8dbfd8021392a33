import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { BenchResults } from './bench.types.js';
import type { MachineInfo } from './machine.probe.js';

export interface ResultsFile {
  machine: MachineInfo;
  at: string;
  results: BenchResults;
}

/**
 * Writes this run's figures over the file's, keeping the figures of suites that did not run, so
 * `npm run bench -- append` does not wipe the projection or http figures.
 */
export async function mergeResults(file: string, machine: MachineInfo, results: BenchResults): Promise<ResultsFile> {
  const previous = await readResults(file);
  const merged = { ...previous, ...results };
  const sorted = Object.fromEntries(Object.keys(merged).sort().map((name) => [name, merged[name]!]));
  const content: ResultsFile = { machine, at: new Date().toISOString(), results: sorted };
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Through a temporary file: an interrupted write must not leave half a JSON file behind.
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`);
  await fs.rename(temporary, file);
  return content;
}

async function readResults(file: string): Promise<BenchResults> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<ResultsFile>;
  return parsed.results ?? {};
}

export function formatTable(results: BenchResults): string {
  const header = ['name', 'value', 'unit', 'baseline', 'ratio'];
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    formatNumber(r.value),
    r.unit,
    r.baseline === undefined ? '' : formatNumber(r.baseline),
    r.ratio === undefined ? '' : r.ratio.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  // Text left, numbers right.
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const notes = Object.entries(results)
    .filter(([, r]) => r.note)
    .map(([name, r]) => `  ${name}: ${r.note}`);
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

function formatNumber(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : 2 });
}
