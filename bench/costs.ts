import { performance } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { startTestPlatform, type TestPlatform } from '../scripts/local/test-platform.js';
import { readCostSlice } from '../shared/costs/slice.js';
import { rollupNanosSql, rollupTable } from '../shared/costs/rollup.js';
import { byProviderView, byServiceView, filterFrame, summaryView, trendView } from '../shared/costs/views.js';
import { costDataStandard13 } from '../shared/datasets/index.js';
import { refreshDerived } from '../shared/ports/warehouse/derived.js';
import type { Warehouse } from '../shared/ports/warehouse/port.js';
import { orgDatasetOf } from '../shared/steps/common.js';
import { bigQueryReadBytes, type ReadBytes } from './costs-bytes.js';
import { CATALOG, DAYS, END, entities, generateSql, START } from './costs-data.js';
import { checkViewsEqualPlain, plainSql, VIEWS, type View } from './costs-plain.js';
import { fixed, intOption, machineNote, rssSampler } from './support.js';
import type { Benchmark, Rows } from './run.js';

const DEFAULT_ROWS = 10_000_000;
/** Rows generated per INSERT ... SELECT (bounds DuckDB's working memory while generating). */
const CHUNK = 1_000_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
/** Nearest-rank percentile. */
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (n: number) => fixed(n, n < 10 ? 2 : n < 100 ? 1 : 0);

/** Samples per view, one list per view. */
const perView = (): Record<View, number[]> => ({
  summary: [],
  'by-provider': [],
  'by-service': [],
  trend: [],
});

/** The onboarded org the benchmark reads, and its options. */
interface Bench {
  p: TestPlatform;
  slug: string;
  headers: Record<string, string>;
  wh: Warehouse;
  dataset: string;
  table: string;
  ROWS: number;
  COLD: number;
  WARM: number;
}

type Rss = ReturnType<typeof rssSampler>;
type Generation = Awaited<ReturnType<typeof generateRows>>;
type Http = Awaited<ReturnType<typeof measureHttp>>;
type Plain = Awaited<ReturnType<typeof measurePlainSql>>;
type Profile = Awaited<ReturnType<typeof profileColdRead>>;

/** The cost read path (costs router) on the embedded warehouse, against DuckDB's own aggregation of the same rows. */
export const costs: Benchmark = {
  name: 'costs',
  description: `costs router on DuckDB + PGlite: summary, by-provider, by-service, trend over ${DAYS} days of one org's generated FOCUS rows (--rows N, default ${DEFAULT_ROWS.toLocaleString('en-US')})`,
  async run() {
    // `--rows N` (default 10,000,000), `--cold N` (5), `--warm N` (50) after `npm run bench -- costs`.
    const ROWS = intOption('rows', DEFAULT_ROWS);
    const COLD = intOption('cold', 5);
    const WARM = intOption('warm', 50);
    const rss = rssSampler();
    const p = await startTestPlatform({ LOG_LEVEL: 'error' });
    try {
      const org = await p.onboard();
      const slug = org.org_slug;
      const headers = { 'x-api-key': org.api_key };
      const wh = await p.ctx.warehouse();
      const dataset = await orgDatasetOf(p.ctx, slug);
      const table = wh.table(dataset, 'cost_data_standard_1_3');
      const bench: Bench = { p, slug, headers, wh, dataset, table, ROWS, COLD, WARM };

      const generation = await generateRows(bench);
      const http = await measureHttp(bench);
      const plain = await measurePlainSql(bench, http.currency);
      const items = checkViewsEqualPlain(http.bodies, plain.rows);
      const profile = await profileColdRead(bench, http.currency);
      const bytes = await bytesNote(bench);
      rss.stop();
      const rows = resultRows(http, plain, items);
      return {
        rows,
        notes: [...notes(bench, rss, generation, http, profile), bytes, resultLine(ROWS, http, plain, rss)],
      };
    } finally {
      rss.stop();
      await p.close();
    }
  },
};

/**
 * 1. Generates the rows inside DuckDB, then their daily rollup with the pipeline's refresh (neither timed with
 * the latencies), and checks their count and days.
 */
async function generateRows({ wh, dataset, table, slug, ROWS }: Bench) {
  const tGen0 = Date.now();
  const g0 = performance.now();
  for (let from = 0; from < ROWS; from += CHUNK) {
    await wh.query(generateSql(table, slug, from, Math.min(ROWS, from + CHUNK)));
  }
  const genSeconds = (performance.now() - g0) / 1000;
  // The rollup as a pipeline's replace writes it in its transaction (shared/ports/warehouse/derived.ts): the
  // same statements, for the generated days.
  const r0 = performance.now();
  const session = { run: wh.query.bind(wh), table: wh.table.bind(wh) };
  await refreshDerived(session, dataset, costDataStandard13, [{ from: START, to: END }]);
  const rollupSeconds = (performance.now() - r0) / 1000;
  const tGen1 = Date.now();
  const [count] = await wh.query<{ n: number; days: number; min_day: string; max_day: string }>(
    `SELECT COUNT(*) AS n, COUNT(DISTINCT CAST(ChargePeriodStart AS DATE)) AS days,
       CAST(MIN(CAST(ChargePeriodStart AS DATE)) AS STRING) AS min_day,
       CAST(MAX(CAST(ChargePeriodStart AS DATE)) AS STRING) AS max_day
     FROM ${table} WHERE x_org_slug = @org`,
    { org: slug },
  );
  if (count?.n !== ROWS) throw new Error(`generated ${count?.n} rows, not ${ROWS}`);
  if (ROWS >= DAYS * 24 && (count.min_day !== START || count.max_day !== END || count.days !== DAYS)) {
    throw new Error(
      `generated days ${count.min_day}..${count.max_day} (${count.days}), not ${START}..${END}`,
    );
  }
  return { genSeconds, rollupSeconds, tGen0, tGen1 };
}

/** GET a view (timed) and POST cache/invalidate through the HTTP path. */
function costsApi({ p, slug, headers }: Bench) {
  const path = (view: View) =>
    `/api/v1/costs/${slug}/${view}?start_date=${START}&end_date=${END}${view === 'trend' ? '&granularity=day' : ''}`;
  const get = async (view: View) => {
    const t0 = performance.now();
    const res = await p.request(path(view), { headers });
    const body = (await res.json()) as Record<string, unknown>;
    const elapsed = performance.now() - t0;
    if (res.status !== 200) throw new Error(`GET ${view}: ${res.status} ${JSON.stringify(body)}`);
    return { elapsed, body };
  };
  const invalidate = async () => {
    const res = await p.request(`/api/v1/costs/${slug}/cache/invalidate`, { method: 'POST', headers });
    if (res.status !== 200) throw new Error(`invalidate: ${res.status} ${await res.text()}`);
  };
  return { get, invalidate };
}

/**
 * 2. Cold (cache invalidated before each sample) and warm (repeats) latencies through the HTTP path, after one
 * unmeasured round; the last cold body of each view, and the cache stats.
 */
async function measureHttp(bench: Bench) {
  const { p, slug, headers, COLD, WARM } = bench;
  const { get, invalidate } = costsApi(bench);
  // One unmeasured round first: module loading, JIT and DuckDB's first read of the table's blocks.
  await invalidate();
  const { body: first } = await get('summary');
  const currency = String(first.currency);

  const tMeasure0 = Date.now();
  const cold = perView();
  const warm = perView();
  const bodies = {} as Record<View, Record<string, unknown>>;
  for (let i = 0; i < COLD; i++) {
    for (const view of VIEWS) {
      await invalidate();
      const r = await get(view);
      cold[view].push(r.elapsed);
      bodies[view] = r.body;
    }
  }
  for (const view of VIEWS) {
    await get(view);
    for (let i = 0; i < WARM; i++) warm[view].push((await get(view)).elapsed);
  }
  const statsRes = await p.request(`/api/v1/costs/${slug}/cache/stats`, { headers });
  const stats = (await statsRes.json()) as {
    entries: number;
    bytes: number;
    hits: number;
    misses: number;
  };
  const tMeasure1 = Date.now();
  return { currency, cold, warm, bodies, stats, tMeasure0, tMeasure1 };
}

/** The practical limit: each view as one plain SQL aggregation on the warehouse, COLD runs after one unmeasured. */
async function measurePlainSql({ wh, table, slug, COLD }: Bench, currency: string) {
  const params = { org: slug, start: START, end: END, currency };
  const plain = perView();
  const plainRows = {} as Record<View, Record<string, unknown>[]>;
  for (const view of VIEWS) {
    const sql = plainSql(view, table);
    await wh.query(sql, params);
    for (let i = 0; i < COLD; i++) {
      const t0 = performance.now();
      plainRows[view] = await wh.query(sql, params);
      plain[view].push(performance.now() - t0);
    }
  }
  return { ms: plain, rows: plainRows };
}

/**
 * 3. Where a cold read goes: the rollup scan written as Parquet by DuckDB, polars reading it, the whole
 * readCostSlice (plus week and month, the frame's size) and each view on the frame; then one read of the same
 * slice by the fallback (the GROUP BY over the FOCUS table, what every cold read did before the rollup).
 */
async function profileColdRead({ p, wh, dataset, slug, COLD }: Bench, currency: string) {
  const params = { org: slug, start: START, end: END };
  const prof: ColdReadProfile = { scan: [], parquet: [], read: [], groups: 0, bytes: 0, focusMs: 0 };
  const viewMs = perView();
  const file = join(tmpdir(), `cloudact-bench-costs-${process.pid}.parquet`);
  for (let i = 0; i < Math.min(COLD, 3); i++) {
    let t0 = performance.now();
    await wh.queryToParquet!(rollupNanosSql(rollupTable(wh, dataset)), params, file);
    prof.scan.push(performance.now() - t0);
    t0 = performance.now();
    pl.readParquet(file);
    prof.parquet.push(performance.now() - t0);
    rmSync(file, { force: true });
    const slice = await readCostSlice(p.ctx, slug, START, END, 0);
    prof.read.push(slice.readMs);
    prof.groups = slice.groups;
    prof.bytes = slice.bytes;
    const timed = (view: View, fn: () => unknown) => {
      const t = performance.now();
      fn();
      viewMs[view].push(performance.now() - t);
    };
    const df = () => filterFrame(slice.frame, {}, currency);
    timed('summary', () => summaryView(df()));
    timed('by-provider', () => byProviderView(df()));
    timed('by-service', () => byServiceView(df()));
    timed('trend', () => trendView(df(), START, END, 'day'));
  }
  const focus = await readCostSlice(p.ctx, slug, START, END, 0, dataset, 'focus');
  if (focus.groups !== prof.groups) {
    throw new Error(`the FOCUS fallback read ${focus.groups} groups, the rollup ${prof.groups}`);
  }
  prof.focusMs = focus.readMs;
  return { prof, viewMs };
}

/** Cold-read samples in ms per step (scan: the rollup query to Parquet; parquet: polars reading it), sizes. */
interface ColdReadProfile {
  scan: number[];
  parquet: number[];
  read: number[];
  groups: number;
  bytes: number;
  /** One read of the slice by the fallback (GROUP BY over FOCUS). */
  focusMs: number;
}

/** One row per view: items, cold and warm latencies, the plain SQL's, and cold / plain. */
function resultRows(http: Http, plain: Plain, items: Record<View, number>): Rows {
  const { cold, warm } = http;
  return VIEWS.map((view) => {
    const plainMs = median(plain.ms[view]);
    const coldMs = median(cold[view]);
    return {
      view,
      items: items[view],
      cold_median_ms: ms(coldMs),
      cold_p95_ms: ms(percentile(cold[view], 95)),
      warm_median_ms: ms(median(warm[view])),
      warm_p95_ms: ms(percentile(warm[view], 95)),
      plain_sql_ms: ms(plainMs),
      x_cold_plain: fixed(coldMs / plainMs, 1),
    };
  });
}

/** What was measured and how: the data, the method, the cache, the cold-read profile, memory and machine. */
function notes(
  { table, ROWS, COLD, WARM }: Bench,
  rss: Rss,
  { genSeconds, rollupSeconds, tGen0, tGen1 }: Generation,
  { currency, stats, tMeasure0, tMeasure1 }: Http,
  { prof, viewMs }: Profile,
): string[] {
  const scan = median(prof.scan);
  const parquet = median(prof.parquet);
  const read = median(prof.read);
  const mib = (b: number) => fixed(b / 2 ** 20, 1);
  return [
    `\nData: ${ROWS.toLocaleString('en-US')} FOCUS rows of one org in ${table}, ${START}..${END} (${DAYS} days x 24 hours), ` +
      `${new Set(CATALOG.map((c) => c.service)).size} services (${CATALOG.length} with the GenAI models) of ${new Set(CATALOG.map((c) => c.provider)).size} providers (cloud, GenAI, SaaS), ` +
      `${entities().length} hierarchy entities (20% unallocated), 95% USD / 4% EUR / 1% GBP; generated inside DuckDB by ` +
      `${Math.ceil(ROWS / CHUNK)} INSERT ... SELECT FROM range() in ${fixed(genSeconds, 1)} s ` +
      `(${fixed(ROWS / genSeconds, 0)} rows/s, not part of the latencies; peak RSS ${fixed(rss.peak(tGen0, tGen1), 0)} MB); ` +
      `its daily rollup (cost_daily_rollup) by the pipeline's refresh statements for the ${DAYS} days in ${fixed(rollupSeconds, 1)} s.`,
    `Cold = POST /cache/invalidate, then the first GET of the view (${COLD} samples per view, p95 = nearest rank, ` +
      `i.e. the slowest of ${COLD}); warm = ${WARM} repeats after one unmeasured; both through p.request (gateway, ` +
      `API-key auth, router), over the full range. plain_sql_ms = median of ${COLD} runs of the view as one SQL ` +
      `aggregation through wh.query (org, range, org currency ${currency}; summary also per cost type and the other-currency count); ` +
      `x_cold_plain = cold median / plain SQL median. Every view's figures equal the plain SQL's (checked).`,
    `Cache: ${stats.entries} slice(s), ${mib(stats.bytes)} MiB (cache/stats bytes: the slice's estimate), ` +
      `${prof.groups.toLocaleString('en-US')} groups (rollup rows: day x cost type x provider x service x entity x model x currency) ` +
      `from ${ROWS.toLocaleString('en-US')} rows; ${stats.hits} hits / ${stats.misses} misses.`,
    `Cold read profile (median of ${prof.read.length}): the rollup's ${prof.groups.toLocaleString('en-US')} rows of the range ` +
      `written as Parquet by DuckDB ${ms(scan)} ms, read by polars ${ms(parquet)} ms; readCostSlice ${ms(read)} ms ` +
      `(+${ms(read - scan - parquet)} ms: org dataset, week and month, frame size); views on the frame: ` +
      VIEWS.map((v) => `${v} ${ms(median(viewMs[v]))} ms`).join(', ') +
      `; the rest of a request (gateway, auth, org state, JSON) is about the warm latency. The fallback read of ` +
      `the same slice (GROUP BY over the FOCUS table, every cold read before the rollup) ${ms(prof.focusMs)} ms.`,
    `Peak RSS ${fixed(rss.peak(0, Infinity), 0)} MB over the whole bench (generation ${fixed(rss.peak(tGen0, tGen1), 0)} MB, ` +
      `measurement ${fixed(rss.peak(tMeasure0, tMeasure1), 0)} MB; process maxRSS ${fixed(process.resourceUsage().maxRSS / 1024, 0)} MB), ` +
      `peak V8 heapUsed ${fixed(rss.peakHeap(), 0)} MB (the rest is native: DuckDB, polars, PGlite).`,
    machineNote(),
  ];
}

/** BigQuery's logical bytes of a dashboard read of one month and of the whole range (bench/costs-bytes.ts). */
async function bytesNote({ wh, dataset, slug, ROWS }: Bench): Promise<string> {
  const rollup = rollupTable(wh, dataset);
  const month = await bigQueryReadBytes(wh, rollup, slug, START, '2026-01-31');
  const all = await bigQueryReadBytes(wh, rollup, slug, START, END);
  const mb = (b: number) => fixed(b / 1e6, 1);
  const perRow = (r: ReadBytes) => fixed(r.bytes / Math.max(r.rows, 1), 0);
  return (
    `BigQuery bytes of a cold read (computed from BigQuery's logical data sizes over the rollup rows, no dry run ` +
    `here; bench/costs-bytes.ts): January ${mb(month.bytes)} MB (${month.rows.toLocaleString('en-US')} rollup rows, ` +
    `${perRow(month)} B each), all ${DAYS} days ${mb(all.bytes)} MB (${all.rows.toLocaleString('en-US')} rows), ` +
    `for ${ROWS.toLocaleString('en-US')} FOCUS rows; on-demand billing counts at least 10 MB per query.`
  );
}

/** The machine-readable result: the last line of the benchmark's output. */
function resultLine(rows: number, { cold, warm }: Http, plain: Plain, rss: Rss): string {
  const round = (n: number) => Math.round(n * 100) / 100;
  const views = Object.fromEntries(
    VIEWS.map((v) => [
      v,
      {
        cold_median_ms: round(median(cold[v])),
        plain_ms: round(median(plain.ms[v])),
        warm_median_ms: round(median(warm[v])),
      },
    ]),
  );
  const peak = Math.round(rss.peak(0, Infinity));
  return `RESULT costs ${JSON.stringify({ rows, views, peak_rss_mb: peak })}`;
}
