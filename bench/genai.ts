import { performance } from 'node:perf_hooks';
import { Decimal } from 'decimal.js';
import type { TestPlatform } from '../scripts/local/test-platform.js';
import { genaiPaygCostsDaily } from '../shared/datasets/index.js';
import { orgDatasetOf } from '../shared/steps/common.js';
import { fakeUsage, type FakeOpenAiBucket } from '../shared/testing/fake-providers/genai.js';
import {
  completedRun,
  fixed,
  intOption,
  focusTotal,
  machineNote,
  prng,
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
const START = '2026-10-01';
const DAYS = 30;
const DEFAULT_ROWS = 100_000;

/** Share of rows whose model no price book knows (they become unpriced lines, never a silent zero). */
const UNKNOWN_SHARE = 0.01;
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

type Tier = 'default' | 'priority' | 'flex';

/** A model as OpenAI reports it, its popularity, and the tiers / batch its price-book entry prices. */
interface Model {
  model: string;
  kind: 'completions' | 'embeddings';
  weight: number;
  tiers: Tier[];
  batch: boolean;
  cached: boolean;
  /** Output tokens per request relative to a chat model (reasoning models write more). */
  out: number;
}

const chat = (
  model: string,
  weight: number,
  tiers: Tier[],
  batch: boolean,
  out = 1,
  cached = true,
): Model => ({
  model,
  kind: 'completions',
  weight,
  tiers,
  batch,
  cached,
  out,
});
const DP: Tier[] = ['default', 'priority'];
const DFP: Tier[] = ['default', 'flex', 'priority'];

/** ~20 OpenAI models of the price book (snapshot names as the Usage API reports them) and 2 unknown ones. */
const MODELS: Model[] = [
  chat('gpt-4o-2024-08-06', 6, DP, true),
  chat('gpt-4o', 5, DP, true),
  chat('gpt-4o-mini-2024-07-18', 10, DP, true),
  chat('gpt-4o-mini', 8, DP, true),
  chat('gpt-4.1-2025-04-14', 6, DP, true),
  chat('gpt-4.1-mini-2025-04-14', 6, DP, true),
  chat('gpt-4.1-nano-2025-04-14', 3, DP, true),
  chat('o3-2025-04-16', 3, DFP, true, 4),
  chat('o3-mini-2025-01-31', 2, ['default'], false, 3),
  chat('o4-mini-2025-04-16', 3, DFP, false, 3),
  chat('o1-2024-12-17', 1, ['default'], false, 4),
  chat('gpt-5-2025-08-07', 5, DFP, true, 3),
  chat('gpt-5-mini-2025-08-07', 6, DFP, true, 2),
  chat('gpt-5-nano-2025-08-07', 4, ['default', 'flex'], true, 2),
  chat('gpt-5.1-2025-11-13', 2, DP, false, 3),
  chat('gpt-5.2-2025-12-11', 2, DP, true, 3),
  chat('gpt-5.4-mini', 3, DFP, true, 2),
  chat('gpt-5.4', 3, DFP, true, 3),
  chat('ft:gpt-4o-mini-2024-07-18:acme::B7x3kQ9z', 1, ['default'], false),
  { ...chat('text-embedding-3-small', 6, ['default'], false, 0, false), kind: 'embeddings' },
  { ...chat('text-embedding-3-large', 2, ['default'], false, 0, false), kind: 'embeddings' },
];
const UNKNOWN: Model[] = [
  chat('acme-llm-internal-v2', 1, ['default'], false),
  chat('my-private-model', 1, ['default'], false),
];

/** One group of the Usage API answer: a (project, key, model, batch, tier) combination. */
interface Combo {
  project: string;
  key: string;
  model: Model;
  batch: boolean;
  tier: Tier;
  weight: number;
}

/** Projects with their API keys; the group-by has no user dimension, so distinct rows need enough keys. */
function projectKeys(rand: () => number) {
  const names = ['prod_chat', 'search', 'batch_etl', 'support_bot', 'research', 'internal_tools'];
  return names.flatMap((name) =>
    Array.from({ length: 16 }, (_, i) => ({
      project: `proj_${name}`,
      key: `key_${name}_${String(i).padStart(2, '0')}`,
      weight: Math.exp(rand() * 3),
    })),
  );
}

function combos(models: Model[], keys: ReturnType<typeof projectKeys>): Combo[] {
  const share = { default: 0.7, priority: 0.1, flex: 0.1 };
  const variants = models.flatMap((model) => [
    ...model.tiers.map((tier) => ({ model, tier, batch: false, w: share[tier] })),
    ...(model.batch ? [{ model, tier: 'default' as const, batch: true, w: 0.15 }] : []),
  ]);
  return keys.flatMap((k) =>
    variants.map(({ model, tier, batch, w }) => ({
      project: k.project,
      key: k.key,
      model,
      batch,
      tier,
      weight: k.weight * model.weight * w,
    })),
  );
}

/** `n` distinct combos drawn by weight without replacement (Efraimidis–Spirakis). */
function draw(pool: Combo[], n: number, rand: () => number): Combo[] {
  return pool
    .map((c) => ({ c, k: -Math.log(1 - rand()) / c.weight }))
    .sort((a, b) => a.k - b.k)
    .slice(0, n)
    .map((x) => x.c);
}

/** One Usage API result for a combo on a day: integer token counts, cached <= input, reasoning inside output. */
function result(c: Combo, rand: () => number): Record<string, unknown> {
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const requests = Math.max(1, Math.min(200_000, Math.round(Math.exp(3.5 + 1.6 * normal()))));
  const ids = { project_id: c.project, user_id: null, api_key_id: c.key, model: c.model.model };
  if (c.model.kind === 'embeddings') {
    const input = Math.round(requests * (200 + rand() * 1500));
    return {
      object: 'organization.usage.embeddings.result',
      input_tokens: input,
      num_model_requests: requests,
      ...ids,
    };
  }
  const input = Math.round(requests * Math.exp(Math.log(400) + rand() * Math.log(20)));
  const cached = c.model.cached && !c.batch && rand() < 0.7 ? Math.floor(input * rand() * 0.6) : 0;
  const output = Math.round(requests * (30 + rand() * 800) * c.model.out);
  return {
    object: 'organization.usage.completions.result',
    input_tokens: input,
    output_tokens: output,
    input_cached_tokens: cached,
    input_audio_tokens: 0,
    output_audio_tokens: 0,
    num_model_requests: requests,
    ...ids,
    batch: c.batch,
    service_tier: c.tier,
  };
}

/** A month of Usage API buckets (one per day) holding `usageRows` results in all. */
function syntheticMonth(usageRows: number) {
  const rand = prng(20261001);
  const keys = projectKeys(rand);
  const known = combos(MODELS, keys);
  const unknown = combos(UNKNOWN, keys);
  const completions: FakeOpenAiBucket[] = [];
  const embeddings: FakeOpenAiBucket[] = [];
  const day0 = Date.parse(`${START}T00:00:00Z`) / 1000;
  let unknownRows = 0;
  for (let d = 0; d < DAYS; d++) {
    const rows = Math.floor(usageRows / DAYS) + (d < usageRows % DAYS ? 1 : 0);
    const u = Math.round(((d + 1) * usageRows * UNKNOWN_SHARE) / DAYS) - unknownRows;
    unknownRows += u;
    const picked = [...draw(unknown, u, rand), ...draw(known, rows - u, rand)];
    const bucket = (results: Record<string, unknown>[]) => ({
      start_time: day0 + d * 86_400,
      end_time: day0 + (d + 1) * 86_400,
      results,
    });
    const results = picked.map((c) => result(c, rand));
    completions.push(bucket(results.filter((r) => r.object === 'organization.usage.completions.result')));
    embeddings.push(bucket(results.filter((r) => r.object === 'organization.usage.embeddings.result')));
  }
  const count = (b: FakeOpenAiBucket[]) => b.reduce((n, x) => n + x.results.length, 0);
  return {
    completions,
    embeddings,
    counts: { completions: count(completions), embeddings: count(embeddings), unknown: unknownRows },
    projects: new Set(keys.map((k) => k.project)).size,
    keys: keys.length,
  };
}

type Step = (typeof STEPS)[number];

/**
 * Generates the month and installs it in the fake Usage API; returns only its description. The fake keeps its own
 * copy (setUsage clones the buckets), so the generated ones are garbage before the run, not a second copy of the
 * input in the measured RSS.
 */
function serveMonth(fake: Parameters<typeof fakeUsage>[0], usageRows: number) {
  const { completions, embeddings, ...month } = syntheticMonth(usageRows);
  const usage = fakeUsage(fake);
  usage.reset();
  usage.setUsage('openai', { completions, embeddings });
  return month;
}

/** GenAI usage ingestion through the real `openai/genai/usage` pipeline on the embedded defaults. */
export const genai: Benchmark = {
  name: 'genai',
  description: `${PIPELINE} on DuckDB + PGlite (--control-plane postgres: a Postgres server): OpenAI usage rows (--rows N, default ${DEFAULT_ROWS.toLocaleString('en-US')}) over ${DAYS} days from the fake Usage API`,
  async run() {
    const usageRows = intOption('rows', DEFAULT_ROWS, DAYS);
    return withBenchOrg(DUCKDB, async ({ p, fake, org, headers, controlPlane }) => {
      fake.setValid('openai', [ADMIN_KEY]);
      await setUpIntegration(p, org, headers, 'openai', { credential: ADMIN_KEY });

      const tGen = performance.now();
      const month = serveMonth(fake, usageRows);
      const genSeconds = (performance.now() - tGen) / 1000;

      const end = new Date(Date.parse(`${START}T00:00:00Z`) + (DAYS - 1) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const { run_id, wall, cpu, rss, maxRss } = await triggerAndDrain(p, org, headers, PIPELINE, START, end);
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
          `RSS at the trigger (platform, fake provider, generated input; before the run): ${fixed(rss.peak(0, 0), 0)} MB; ` +
            `peak V8 heapUsed during the run ${fixed(rss.peakHeap(), 0)} MB (the rest of the RSS is native: DuckDB, PGlite).`,
          `Process CPU from the trigger to the drain: ${fixed(cpu, 2)} s (${fixed(cpu / wall, 2)} of the wall; ` +
            `${fixed(usageRows / cpu, 0)} usage rows per CPU second: a measure other work on the machine hardly moves).`,
          machineNote(),
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
function inputNotes(usageRows: number, month: ReturnType<typeof serveMonth>, genSeconds: number): string[] {
  return [
    `Input: ${usageRows} Usage API results (${month.counts.completions} completions, ${month.counts.embeddings} embeddings; ` +
      `${month.counts.unknown} of unknown models), ${DAYS} daily buckets from ${START}, ${MODELS.length} priced models, ` +
      `${month.projects} projects, ${month.keys} API keys, batch and default/priority/flex tiers; generated in ${fixed(genSeconds, 1)} s (not timed).`,
    'Served by the fake provider server over HTTP (one page per usage kind); the Costs API answers no buckets.',
    'seconds = finished_at - started_at of each step (control-plane clock, ms); usage_rows_per_s = usage rows / seconds.',
    'price and usage_daily both depend only on extract and may overlap, so the total is not the sum of the steps.',
    'rows_in: extract = API results; price, usage_daily = raw rows; costs_daily = cost lines; focus = daily cost rows;',
    '  reconcile = rows of the four slices it sums (raw, unified usage, cost lines, FOCUS).',
    `peak_rss_mb: process.memoryUsage().rss sampled every 50 ms within each step window (the process also runs the fake);` +
      ` process maxRSS ${fixed(process.resourceUsage().maxRSS / 1024, 0)} MB.`,
  ];
}

/**
 * The machine-readable last line: usage rows per second of pipeline wall time (trigger → drained), the
 * process's peak RSS (its high-water mark at the drain: everything in the process, the fake provider included,
 * and PGlite when the control plane runs in it) and which control plane was used.
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
