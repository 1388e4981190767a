import { performance } from 'node:perf_hooks';
import { Decimal } from 'decimal.js';
import type { TestPlatform } from '../scripts/local/test-platform.js';
import { genaiPaygCostsDaily } from '../shared/datasets/index.js';
import { orgDatasetOf } from '../shared/steps/common.js';
import { DAYS, START, type ServedMonth } from './genai-data.js';
import {
  completedRun,
  fixed,
  intOption,
  focusTotal,
  machineNote,
  stealNote,
  retryNotes,
  setUpIntegration,
  stepWindows,
  triggerAndDrain,
  withBenchOrg,
  type rssSampler,
  type StepWindow,
} from './support.js';
import type { Benchmark, Rows } from './run.js';

const PIPELINE = 'openai/genai/usage';
const DEFAULT_ROWS = 100_000;

const STEPS = ['extract', 'price', 'usage_daily', 'costs_daily', 'focus', 'allocate', 'reconcile'] as const;
const ADMIN_KEY = 'sk-admin-bench-genai-0001';

/**
 * The embedded warehouse's DuckDB settings for the run: DUCKDB_MEMORY_LIMIT / DUCKDB_THREADS from the environment,
 * else a 256MB memory limit (DuckDB's own default is 80% of RAM: its buffer pool alone would pass the RSS goal).
 */
const DUCKDB: Record<string, string> = {
  DUCKDB_MEMORY_LIMIT: process.env.DUCKDB_MEMORY_LIMIT ?? '256MB',
  ...(process.env.DUCKDB_THREADS ? { DUCKDB_THREADS: process.env.DUCKDB_THREADS } : {}),
};

type Step = (typeof STEPS)[number];

/** GenAI usage ingestion through the real `openai/genai/usage` pipeline on the embedded defaults. */
export const genai: Benchmark = {
  name: 'genai',
  description: `${PIPELINE} on DuckDB + PGlite (--control-plane postgres: a Postgres server): OpenAI usage rows (--rows N, default ${DEFAULT_ROWS.toLocaleString('en-US')}) over ${DAYS} days from the fake Usage API`,
  async run() {
    const usageRows = intOption('rows', DEFAULT_ROWS, DAYS);
    return withBenchOrg(DUCKDB, async ({ p, providers, org, headers, controlPlane }) => {
      await providers.send('setValid', 'openai', [ADMIN_KEY]);
      await setUpIntegration(p, org, headers, 'openai', { credential: ADMIN_KEY });

      const tGen = performance.now();
      const month = await providers.send('openaiMonth', usageRows);
      const genSeconds = (performance.now() - tGen) / 1000;

      const end = new Date(Date.parse(`${START}T00:00:00Z`) + (DAYS - 1) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const { run_id, wall, cpu, rss, maxRss, steal } = await triggerAndDrain(
        p,
        org,
        headers,
        PIPELINE,
        START,
        end,
      );
      const run = await completedRun(p, org, run_id, headers);
      const totals = await focusEqualsPriced(p, org);

      const s = stepWindows(run, STEPS);
      return {
        rows: resultRows(usageRows, s, rss, wall),
        notes: [
          ...retryNotes(run_id, run, STEPS, s),
          ...totalsNotes(totals),
          ...inputNotes(usageRows, month, genSeconds),
          // The sampler's first sample is taken at the trigger: what the run starts from.
          `Control plane: ${controlPlane === 'postgres' ? 'a Postgres server outside the process (as in production)' : 'PGlite in the process (WASM)'} (--control-plane ${controlPlane}).`,
          `RSS at the trigger (the platform, before the run): ${fixed(rss.peak(0, 0), 0)} MB; ` +
            `peak V8 heapUsed during the run ${fixed(rss.peakHeap(), 0)} MB (the rest of the RSS is native: DuckDB, PGlite).`,
          `Process CPU from the trigger to the drain: ${fixed(cpu, 2)} s (${fixed(cpu / wall, 2)} of the wall; ` +
            `${fixed(usageRows / cpu, 0)} usage rows per CPU second: a measure other work on the machine hardly moves).`,
          machineNote(),
          stealNote(steal),
          `DuckDB: ${Object.entries(DUCKDB)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}.`,
          resultLine(usageRows, wall, maxRss, controlPlane),
        ],
      };
    });
  },
};

/** FOCUS SUM(BilledCost) and the priced lines' SUM(total_cost); throws unless they are equal. */
async function focusEqualsPriced(p: TestPlatform, org: string) {
  const wh = await p.ctx.warehouse();
  const dataset = await orgDatasetOf(p.ctx, org);
  const focus = await focusTotal(p, org);
  const [priced] = await wh.query<{ total: string | number | null; unpriced: number; n: number }>(
    `SELECT SUM(total_cost) AS total, COUNT(*) AS n,
       COUNT(CASE WHEN pricing_status = 'unpriced' THEN 1 END) AS unpriced
     FROM ${wh.table(dataset, genaiPaygCostsDaily.name)}`,
  );
  const billed = new Decimal(focus?.billed ?? 0);
  const total = new Decimal(priced?.total ?? 0);
  if (!billed.equals(total)) throw new Error(`FOCUS BilledCost ${billed} ≠ priced total_cost ${total}`);
  return { billed, total, focus, priced };
}

/** One row per step, then the steps' span and the wall time. */
function resultRows(
  usageRows: number,
  s: Record<Step, StepWindow>,
  rss: ReturnType<typeof rssSampler>,
  wall: number,
): Rows {
  const written = (id: Step) => s[id].rows_written ?? 0;
  const rowsIn: Record<Step, number> = {
    extract: usageRows,
    price: written('extract'),
    usage_daily: written('extract'),
    costs_daily: written('price'),
    focus: written('costs_daily'),
    allocate: written('focus'),
    // The slices it sums: raw usage, unified usage, cost lines and FOCUS rows.
    reconcile: written('extract') + written('usage_daily') + written('price') + written('focus'),
  };
  const line = (name: string, rowsInN: number, rowsOut: number, seconds: number, peak: number) => ({
    step: name,
    rows_in: rowsInN,
    rows_written: rowsOut,
    seconds: fixed(seconds, 3),
    usage_rows_per_s: fixed(usageRows / seconds, 0),
    peak_rss_mb: fixed(peak, 0),
  });
  const rows: Rows = STEPS.map((id) => {
    const x = s[id];
    return line(id, rowsIn[id], written(id), (x.end - x.start) / 1000, rss.peak(x.start, x.end));
  });
  const first = Math.min(...STEPS.map((id) => s[id].start));
  const last = Math.max(...STEPS.map((id) => s[id].end));
  const sumWritten = STEPS.reduce((n, id) => n + written(id), 0);
  rows.push(
    line(
      'total (first start → last finish)',
      usageRows,
      sumWritten,
      (last - first) / 1000,
      rss.peak(first, last),
    ),
  );
  rows.push(line('pipeline (trigger → drained, wall)', usageRows, sumWritten, wall, rss.peak(0, Infinity)));
  return rows;
}

function totalsNotes({
  billed,
  total,
  focus,
  priced,
}: Awaited<ReturnType<typeof focusEqualsPriced>>): string[] {
  return [
    `SUM(BilledCost) of FOCUS cost_data_standard_1_3 = ${billed.toFixed()} (${focus?.n} rows)`,
    `SUM(total_cost) of genai_payg_costs_daily      = ${total.toFixed()} (${priced?.n} lines, ${priced?.unpriced} unpriced)`,
  ];
}

/** The generated input and what each column means. */
function inputNotes(usageRows: number, month: ServedMonth, genSeconds: number): string[] {
  return [
    `Input: ${usageRows} Usage API results (${month.counts.completions} completions, ${month.counts.embeddings} embeddings; ` +
      `${month.counts.unknown} of unknown models), ${DAYS} daily buckets from ${START}, ${month.pricedModels} priced models, ` +
      `${month.projects} projects, ${month.keys} API keys, batch and default/priority/flex tiers; generated in ${fixed(genSeconds, 1)} s (not timed).`,
    "Served over HTTP by the fake provider server in a child process (its memory and CPU are not this process's); the Costs API answers no buckets.",
    'seconds = finished_at - started_at of each step (control-plane clock, ms); usage_rows_per_s = usage rows / seconds.',
    'price and usage_daily both depend only on extract and may overlap, so the total is not the sum of the steps.',
    'rows_in: extract = API results; price, usage_daily = raw rows; costs_daily = cost lines; focus = daily cost rows;',
    '  reconcile = rows of the four slices it sums (raw, unified usage, cost lines, FOCUS).',
    `peak_rss_mb: process.memoryUsage().rss sampled every 50 ms within each step window;` +
      ` process maxRSS ${fixed(process.resourceUsage().maxRSS / 1024, 0)} MB.`,
  ];
}

/**
 * The machine-readable last line: usage rows per second of pipeline wall time (trigger → drained), the
 * process's peak RSS (its high-water mark at the drain: the platform, and PGlite when the control plane runs in
 * it; the fake provider has a process of its own) and which control plane was used.
 */
function resultLine(
  usageRows: number,
  wall: number,
  maxRssKb: number,
  controlPlane: 'pglite' | 'postgres',
): string {
  const result = {
    rows: usageRows,
    rows_per_s: Math.round(usageRows / wall),
    peak_rss_mb: Math.round(maxRssKb / 1024),
    control_plane: controlPlane,
  };
  return `RESULT genai ${JSON.stringify(result)}`;
}
