import { alerts } from './alerts.js';
import { bundles } from './bundles.js';
import { cloud } from './cloud.js';
import { costs } from './costs.js';
import { genai } from './genai.js';
import { pipelines } from './pipelines.js';
import { web } from './web.js';

/** A table of results: one row per measured thing, same keys in every row. */
export type Rows = Record<string, string | number>[];

/** One benchmark: measures something and returns rows for the runner to print. */
export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<{ rows: Rows; notes?: string[] }>;
}

/** Every benchmark `npm run bench` runs; `npm run bench -- <name>...` runs only those named. */
const benchmarks: Benchmark[] = [bundles, pipelines, genai, cloud, costs, web, alerts];

/** Formats rows as an aligned text table; columns of numbers (or blanks) align right. */
export function formatTable(rows: Rows): string {
  const keys = Object.keys(rows[0] ?? {});
  const cells = rows.map((r) => keys.map((k) => String(r[k] ?? '')));
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => c[i]!.length)));
  const numeric = keys.map((_, i) => cells.every((c) => /^(-?\d+(\.\d+)?)?$/.test(c[i]!)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(keys), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Benchmark names; `--option value` / `--option=value` pairs are options a benchmark reads itself. */
const only = process.argv.slice(2).filter((a, i, all) => {
  if (a.startsWith('--')) return false;
  const prev = all[i - 1];
  return !(prev?.startsWith('--') && !prev.includes('='));
});
const unknown = only.filter((n) => !benchmarks.some((b) => b.name === n));
if (unknown.length) {
  console.error(
    `Unknown benchmark(s): ${unknown.join(', ')}. Known: ${benchmarks.map((b) => b.name).join(', ')}.`,
  );
  process.exit(1);
}
for (const b of benchmarks.filter((b) => !only.length || only.includes(b.name))) {
  try {
    console.log(`\n## ${b.name}: ${b.description}\n`);
    const { rows, notes = [] } = await b.run();
    console.log(formatTable(rows));
    for (const note of notes) console.log(note);
  } catch (err) {
    console.error(`Benchmark ${b.name} failed:`, err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
