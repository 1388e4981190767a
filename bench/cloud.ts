import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Decimal } from 'decimal.js';
import type { TestPlatform } from '../scripts/local/test-platform.js';
import { testAwsKeys } from '../shared/testing/provider-credentials.js';
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
import { PLAIN_RUNS, plainDuckDbLoads } from './cloud-plain.js';
import { DAYS, SAMPLE, START, type CurExport } from './cloud-data.js';

const PIPELINE = 'aws/cost/billing';
const DEFAULT_ROWS = 1_000_000;

/** Rows of the generated CUR: `--rows N`, read when this benchmark runs (run.ts imports every benchmark, and
 * another one's --rows may be below this one's minimum). */
let ROWS = DEFAULT_ROWS;
/**
 * The embedded warehouse's DuckDB settings for the run: DUCKDB_MEMORY_LIMIT / DUCKDB_THREADS from the environment,
 * else a 512MB memory limit (DuckDB's own default is 80% of RAM: its buffer pool would grow far beyond the goal;
 * a 300k-row load took 962 MB RSS with 512MB, 1334 MB with 1GB, at about the same speed).
 */
const DUCKDB: Record<string, string> = {
  DUCKDB_MEMORY_LIMIT: process.env.DUCKDB_MEMORY_LIMIT ?? '512MB',
  ...(process.env.DUCKDB_THREADS ? { DUCKDB_THREADS: process.env.DUCKDB_THREADS } : {}),
};
const END = '2023-11-30';
const BUCKET = 'bench-cur-bucket';
const PREFIX = 'cur/bench/';
const FILE = 'bench-cur-00001.csv';
const STEPS = ['extract', 'focus', 'allocate', 'reconcile'] as const;
/** Exact sums: decimal.js's default 20 significant digits could round a month of 10-decimal costs. */
const Exact = Decimal.clone({ precision: 60 });

const mb = (kb: number) => fixed(kb / 1024, 0);

type Step = (typeof STEPS)[number];

/** AWS CUR conversion through the real `aws/cost/billing` pipeline on the embedded defaults. */
export const cloud: Benchmark = {
  name: 'cloud',
  description: `${PIPELINE} on DuckDB + PGlite: one legacy CUR CSV of --rows N rows (default ${DEFAULT_ROWS.toLocaleString('en-US')}; 30 days of ${START.slice(0, 7)}) from CLOUD_EXPORTS_DIR`,
  async run() {
    ROWS = intOption('rows', DEFAULT_ROWS, DAYS);
    const exportsDir = mkdtempSync(join(os.tmpdir(), 'cloudact-bench-cloud-'));
    const dir = join(exportsDir, 'aws', BUCKET, PREFIX);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, FILE);
    try {
      return await withBenchOrg(
        { CLOUD_EXPORTS_DIR: exportsDir, ...DUCKDB },
        async ({ p, providers, org, headers }) => {
          const aws = testAwsKeys();
          await providers.send('setValid', 'aws', [{ ...aws.fake, access: [BUCKET] }]);
          await setUpIntegration(p, org, headers, 'aws', {
            credential: aws.credential,
            config: { export_bucket: BUCKET, export_prefix: PREFIX, region: 'us-east-1' },
          });

          const tGen = performance.now();
          // Written by the fake provider's process, as AWS writes it: none of this process's memory or time.
          const gen = await providers.send('curExport', file, ROWS);
          const genSeconds = (performance.now() - tGen) / 1000;
          const bytes = statSync(file).size;

          const { run_id, wall, cpu, rss, maxRss, steal } = await triggerAndDrain(
            p,
            org,
            headers,
            PIPELINE,
            START,
            END,
          );
          const run = await completedRun(p, org, run_id, headers);
          const focus = await focusEqualsFile(p, org, new Exact(gen.total));
          const plain = await plainDuckDbLoads(file, ROWS);

          const s = stepWindows(run, STEPS);
          const { rows, total } = resultRows(s, rss, wall, plain);
          return {
            rows,
            notes: [
              ...retryNotes(run_id, run, STEPS, s),
              ...inputNotes({
                focus,
                total,
                wall,
                plain,
                file: file.slice(exportsDir.length + 1),
                bytes,
                gen,
                genSeconds,
              }),
              ...memoryNotes(rss, maxRss),
              cpuNote(cpu, plain),
              machineNote(),
              stealNote(steal),
              `DuckDB: ${Object.entries(DUCKDB)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')}; the plain load runs on DuckDB's defaults.`,
              resultLine(wall, plain, rss, maxRss),
            ],
          };
        },
      );
    } finally {
      rmSync(exportsDir, { recursive: true, force: true });
    }
  },
};

/** FOCUS SUM(BilledCost) and its row count; throws unless the sum equals the file's Σ UnblendedCost exactly. */
async function focusEqualsFile(p: TestPlatform, org: string, fileTotal: Decimal) {
  const focus = await focusTotal(p, org);
  const billed = new Exact(String(focus?.billed ?? 0));
  if (!billed.equals(fileTotal))
    throw new Error(
      `FOCUS SUM(BilledCost) ${billed.toFixed()} ≠ file Σ UnblendedCost ${fileTotal.toFixed()}`,
    );
  return { billed, n: focus?.n };
}

type Plain = Awaited<ReturnType<typeof plainDuckDbLoads>>;

/** One row per step, then the steps' span, the wall time and the plain load; `total` = the steps' span in s. */
function resultRows(
  s: Record<Step, StepWindow>,
  rss: ReturnType<typeof rssSampler>,
  wall: number,
  plain: Plain,
) {
  const written = (id: Step) => s[id].rows_written ?? 0;
  const rowsIn: Record<Step, number> = {
    extract: ROWS,
    focus: written('extract'),
    // The two tables it sums (raw and FOCUS), twice (billed and effective cost).
    // FOCUS rows read for the hierarchy allocation (rows_written: the ones it rewrote).
    allocate: written('focus'),
    reconcile: written('extract') + written('focus'),
  };
  const line = (name: string, rowsInN: number, rowsOut: number | '', seconds: number, peak: number | '') => ({
    step: name,
    rows_in: rowsInN,
    rows_written: rowsOut,
    seconds: fixed(seconds, 2),
    rows_per_s: fixed(ROWS / seconds, 0),
    x_plain: fixed(seconds / plain.seconds, 1),
    peak_rss_mb: peak === '' ? '' : fixed(peak, 0),
  });
  const rows: Rows = STEPS.map((id) => {
    const x = s[id];
    return line(id, rowsIn[id], written(id), (x.end - x.start) / 1000, rss.peak(x.start, x.end));
  });
  const first = Math.min(...STEPS.map((id) => s[id].start));
  const last = Math.max(...STEPS.map((id) => s[id].end));
  const total = (last - first) / 1000;
  rows.push(line('total (first start → last finish)', ROWS, written('focus'), total, rss.peak(first, last)));
  rows.push(line('pipeline (trigger → drained, wall)', ROWS, written('focus'), wall, rss.peak(0, Infinity)));
  rows.push(line(`plain DuckDB read_csv (limit, median of ${PLAIN_RUNS})`, ROWS, plain.n, plain.seconds, ''));
  return { rows, total };
}

/** The totals check, pipeline against plain load, the input file and what each column means. */
function inputNotes(m: {
  focus: Awaited<ReturnType<typeof focusEqualsFile>>;
  total: number;
  wall: number;
  plain: Plain;
  file: string;
  bytes: number;
  gen: CurExport;
  genSeconds: number;
}): string[] {
  const { focus, total, wall, plain, file, bytes, gen, genSeconds } = m;
  return [
    `SUM(BilledCost) of FOCUS cost_data_standard_1_3 = ${focus.billed.toFixed()} (${focus.n} rows)` +
      ` = Σ lineItem/UnblendedCost of the file (decimal.js, while generating).`,
    `Pipeline / plain DuckDB load: ${fixed(total / plain.seconds, 1)}x (steps), ${fixed(wall / plain.seconds, 1)}x (wall);` +
      ` plain = CREATE TABLE x AS SELECT * FROM read_csv(file, header = true, all_varchar = true) on a fresh in-memory DuckDB` +
      ` in this process, run ${PLAIN_RUNS} times after the pipeline: ${plain.runs.map((x) => fixed(x, 2)).join(' / ')} s;` +
      ` the median ${fixed(plain.seconds, 2)} s, ${fixed(ROWS / plain.seconds, 0)} rows/s, is the ratio's denominator.`,
    `Input: ${file} under a temp CLOUD_EXPORTS_DIR: plain CSV (not gzipped), ` +
      `${fixed(bytes / 2 ** 20, 1)} MB, ${ROWS.toLocaleString('en-US')} rows x ${gen.columns} columns (legacy CUR headers: the ` +
      `${gen.sampleRows} rows of ${SAMPLE.split('/').pop()} repeated and varied, all 94 columns kept, lineItem/ResourceId added); ` +
      `${Math.min(...gen.perDay)}-${Math.max(...gen.perDay)} rows a day over ${DAYS} days; generated by the fake provider's process in ${fixed(genSeconds, 1)} s (not timed; not this process's memory).`,
    `seconds = finished_at - started_at of each step (control-plane clock, ms); rows_per_s = ${ROWS.toLocaleString('en-US')} source rows / seconds;` +
      ' x_plain = seconds / plain DuckDB load seconds.',
    'rows_in: extract = file rows; focus = raw rows; allocate = FOCUS rows it reads (allocate-hierarchy); reconcile = raw + FOCUS rows it sums (billed and effective cost).',
  ];
}

/**
 * The machine-readable last line: pipeline wall seconds, the plain load's, their ratio and the process's peak
 * RSS up to the end of the pipeline (the larger of the 50 ms samples and the kernel's maxRSS high-water mark).
 */
function resultLine(wall: number, plain: Plain, rss: ReturnType<typeof rssSampler>, maxRss: number): string {
  const result = {
    rows: ROWS,
    pipeline_s: Number(wall.toFixed(2)),
    plain_load_s: Number(plain.seconds.toFixed(2)),
    ratio_to_plain: Number((wall / plain.seconds).toFixed(2)),
    peak_rss_mb: Math.round(Math.max(rss.peak(0, Infinity), maxRss / 1024)),
  };
  return `RESULT cloud ${JSON.stringify(result)}`;
}

/**
 * CPU seconds (every thread of the process) of the pipeline and of the plain load: hardly changed by other work on
 * the machine, unlike their wall times, so their ratio compares runs made under different loads.
 */
function cpuNote(cpu: number, plain: Plain): string {
  return (
    `CPU: pipeline ${fixed(cpu, 1)} s (trigger → drained, the whole process: JS, DuckDB, PGlite), plain load ` +
    `${fixed(plain.cpu, 1)} s: ${fixed(cpu / plain.cpu, 1)}x.`
  );
}

function memoryNotes(rss: ReturnType<typeof rssSampler>, pipelineMaxRss: number): string[] {
  return [
    `peak_rss_mb: process.memoryUsage().rss sampled every 50 ms within each step window;` +
      ` peak V8 heapUsed ${fixed(rss.peakHeap(), 0)} MB (the rest is native: DuckDB, PGlite);` +
      ` process maxRSS ${mb(pipelineMaxRss)} MB after the pipeline, ${mb(process.resourceUsage().maxRSS)} MB after the plain loads.`,
  ];
}
