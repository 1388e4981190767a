import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startTestPlatform } from '../scripts/local/test-platform.js';
import pl from 'nodejs-polars';
import { readCostSlice, sliceSql, STRING_COLUMNS, toNanos, weekOf } from '../shared/costs/slice.js';
import { byProviderView, byServiceView, filterFrame, summaryView, trendView } from '../shared/costs/views.js';
import { chargeDayInRangeSql, countedOnce } from '../shared/focus/counted-once.js';
import { orgDatasetOf } from '../shared/steps/common.js';
import { fixed, rssSampler } from './support.js';
import type { Benchmark, Rows } from './run.js';

const START = '2026-01-01';
const END = '2026-03-31';
const DAYS = 90;
const DEFAULT_ROWS = 10_000_000;
/** Rows generated per INSERT ... SELECT (bounds DuckDB's working memory while generating). */
const CHUNK = 1_000_000;
const VIEWS = ['summary', 'by-provider', 'by-service', 'trend'] as const;
type View = (typeof VIEWS)[number];

/** `--rows N` (default 10,000,000), `--cold N` (5), `--warm N` (50) after `npm run bench -- costs`. */
function option(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const raw = args[i]!.includes('=') ? args[i]!.split('=')[1]! : args[i + 1];
  const n = Number(String(raw).replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a positive integer, not ${raw}`);
  return n;
}

interface Service {
  cost_type: 'cloud' | 'genai' | 'subscription';
  cloud?: string;
  genai?: string;
  provider: string;
  service: string;
  category: string;
  model?: string;
  pipeline: string;
  source: string;
  /** Relative share of rows. */
  weight: number;
}

const aws = (service: string, category: string, weight: number): Service => ({
  cost_type: 'cloud',
  cloud: 'aws',
  provider: 'AWS',
  service,
  category,
  pipeline: 'aws/cost/billing',
  source: 'cloud_aws_billing_raw_daily',
  weight,
});
const gcp = (service: string, category: string, weight: number): Service => ({
  cost_type: 'cloud',
  cloud: 'gcp',
  provider: 'Google Cloud',
  service,
  category,
  pipeline: 'gcp/cost/billing',
  source: 'cloud_gcp_billing_raw_daily',
  weight,
});
const azure = (service: string, category: string, weight: number): Service => ({
  cost_type: 'cloud',
  cloud: 'azure',
  provider: 'Microsoft',
  service,
  category,
  pipeline: 'azure/cost/billing',
  source: 'cloud_azure_billing_raw_daily',
  weight,
});
const oci = (service: string, category: string, weight: number): Service => ({
  cost_type: 'cloud',
  cloud: 'oci',
  provider: 'Oracle',
  service,
  category,
  pipeline: 'oci/cost/billing',
  source: 'cloud_oci_billing_raw_daily',
  weight,
});
const genai = (
  genaiId: string,
  provider: string,
  service: string,
  model: string,
  weight: number,
): Service => ({
  cost_type: 'genai',
  genai: genaiId,
  provider,
  service,
  category: 'AI and Machine Learning',
  model,
  pipeline: `${genaiId}/genai/usage`,
  source: 'genai_payg_costs_daily',
  weight,
});
const saas = (provider: string, category: string, weight: number): Service => ({
  cost_type: 'subscription',
  provider,
  service: provider,
  category,
  pipeline: 'saas/subscription/costs',
  source: 'saas_subscription_plans',
  weight,
});

/** 40 services of 4 clouds, 3 GenAI providers (one entry per model) and 6 SaaS tools; cloud rows dominate. */
const CATALOG: Service[] = [
  aws('Amazon Elastic Compute Cloud', 'Compute', 24),
  aws('Amazon Simple Storage Service', 'Storage', 12),
  aws('Amazon Relational Database Service', 'Databases', 8),
  aws('AWS Lambda', 'Compute', 6),
  aws('Amazon CloudWatch', 'Management and Governance', 5),
  aws('Amazon Elastic Kubernetes Service', 'Compute', 5),
  aws('Amazon Virtual Private Cloud', 'Networking', 4),
  aws('Amazon DynamoDB', 'Databases', 3),
  gcp('Compute Engine', 'Compute', 14),
  gcp('Cloud Storage', 'Storage', 7),
  gcp('BigQuery', 'Analytics', 6),
  gcp('Cloud SQL', 'Databases', 4),
  gcp('Kubernetes Engine', 'Compute', 4),
  gcp('Networking', 'Networking', 3),
  azure('Virtual Machines', 'Compute', 8),
  azure('Storage', 'Storage', 4),
  azure('Azure SQL Database', 'Databases', 3),
  azure('Azure Kubernetes Service', 'Compute', 2),
  oci('Compute', 'Compute', 2),
  oci('Object Storage', 'Storage', 1),
  genai('openai', 'OpenAI', 'OpenAI API', 'gpt-4o', 4),
  genai('openai', 'OpenAI', 'OpenAI API', 'gpt-4o-mini', 5),
  genai('openai', 'OpenAI', 'OpenAI API', 'gpt-5', 3),
  genai('openai', 'OpenAI', 'OpenAI API', 'gpt-5-mini', 3),
  genai('openai', 'OpenAI', 'OpenAI API', 'text-embedding-3-small', 2),
  genai('anthropic', 'Anthropic', 'Claude API', 'claude-sonnet-4-5', 4),
  genai('anthropic', 'Anthropic', 'Claude API', 'claude-haiku-4-5', 3),
  genai('anthropic', 'Anthropic', 'Claude API', 'claude-opus-4-1', 1),
  genai('gemini', 'Google', 'Gemini API', 'gemini-2.5-pro', 2),
  genai('gemini', 'Google', 'Gemini API', 'gemini-2.5-flash', 2),
  saas('Slack', 'Business Applications', 1),
  saas('GitHub', 'Developer Tools', 1),
  saas('Datadog', 'Management and Governance', 1),
  saas('Atlassian', 'Business Applications', 1),
  saas('Figma', 'Business Applications', 1),
  saas('Notion', 'Business Applications', 1),
];

const DEPARTMENTS = ['Engineering', 'Data', 'Sales', 'Marketing'];
const PROJECTS = ['Platform', 'Checkout', 'Search'];
const TEAMS = ['Core', 'Infra', 'Growth'];

/** 4 departments x 3 projects x 3 teams (codes numbered per level, as the hierarchy service assigns them). */
function entities() {
  const out: { id: string; name: string; level: string; path: string; names: string; weight: number }[] = [];
  let p = 0;
  let t = 0;
  DEPARTMENTS.forEach((dept, d) => {
    const deptId = `DEPT-${String(d + 1).padStart(3, '0')}`;
    out.push({
      id: deptId,
      name: dept,
      level: 'department',
      path: `/${deptId}`,
      names: `/${dept}`,
      weight: 1,
    });
    for (const project of PROJECTS) {
      const projId = `PROJ-${String(++p).padStart(3, '0')}`;
      out.push({
        id: projId,
        name: `${dept} ${project}`,
        level: 'project',
        path: `/${deptId}/${projId}`,
        names: `/${dept}/${project}`,
        weight: 2,
      });
      for (const team of TEAMS) {
        const teamId = `TEAM-${String(++t).padStart(3, '0')}`;
        out.push({
          id: teamId,
          name: `${dept} ${project} ${team}`,
          level: 'team',
          path: `/${deptId}/${projId}/${teamId}`,
          names: `/${dept}/${project}/${team}`,
          weight: 6,
        });
      }
    }
  });
  return out;
}

const lit = (v: string | null | undefined) =>
  v === null || v === undefined ? 'NULL' : `'${v.replace(/'/g, "''")}'`;

/** A weighted choice table as VALUES: entry i appears `weight` times, keyed 0..total-1. */
function weighted<T extends { weight: number }>(items: T[], cells: (t: T) => string[]) {
  const rows: string[] = [];
  for (const item of items)
    for (let w = 0; w < item.weight; w++) rows.push(`(${rows.length}, ${cells(item).join(', ')})`);
  return { values: rows.join(',\n      '), size: rows.length };
}

/**
 * INSERT ... SELECT of FOCUS rows [from, to) of `org`: row i's choices are hashes of i (DuckDB's hash(), so the
 * data is the same on every run), spread uniformly over the 90 days and 24 hours. Every REQUIRED column and the
 * lineage filled; money with up to 9 decimals (billed up to 250, effective 70-100% of billed on 30% of rows,
 * list 20% above billed), ~1% credits (negative), ~2% tax; 95% USD, 4% EUR, 1% GBP; 20% unallocated.
 */
export function generateSql(table: string, org: string, from: number, to: number): string {
  const cat = weighted(CATALOG, (s) => [
    lit(s.cost_type),
    lit(s.cloud),
    lit(s.genai),
    lit(s.provider),
    lit(s.service),
    lit(s.category),
    lit(s.model),
    lit(s.pipeline),
    lit(s.source),
  ]);
  const ent = weighted(entities(), (e) => [lit(e.id), lit(e.name), lit(e.level), lit(e.path), lit(e.names)]);
  const h = (salt: number, mod: number) => `(hash(g.i, ${salt}) % ${mod})`;
  return `INSERT INTO ${table} BY NAME
WITH cat(k, cost_type, cloud, genai, provider, service, category, model, pipeline, source) AS (VALUES
      ${cat.values}),
ent(k, id, name, lvl, path, names) AS (VALUES
      ${ent.values}),
g AS (
  SELECT range AS i FROM range(${from}, ${to})
),
r AS (
  SELECT
    g.i,
    ${h(1, cat.size)} AS ck,
    CASE WHEN ${h(2, 100)} < 20 THEN NULL ELSE ${h(3, ent.size)} END AS ek,
    TIMESTAMPTZ '${START} 00:00:00+00' + to_days(CAST(${h(4, DAYS)} AS INTEGER)) AS day,
    CAST(${h(5, 24)} AS INTEGER) AS hour,
    CASE WHEN ${h(6, 100)} < 95 THEN 'USD' WHEN ${h(6, 100)} < 99 THEN 'EUR' ELSE 'GBP' END AS currency,
    ${h(7, 100)} AS kind,
    CAST(${h(8, 1000000000)} * (1 + ${h(9, 250)}) AS BIGINT) AS nanos,
    ${h(10, 100)} < 30 AS discounted,
    CAST(70 + ${h(11, 31)} AS BIGINT) AS pct,
    ${h(12, 5000)} AS resource
  FROM g
),
x AS (
  SELECT r.*, CASE WHEN r.kind = 0 THEN -r.nanos // 10 ELSE r.nanos END AS billed_nanos
  FROM r
)
SELECT
  CAST(CAST(x.billed_nanos AS DECIMAL(18, 0)) * CAST(0.000000001 AS DECIMAL(10, 9)) AS DECIMAL(38, 18)) AS BilledCost,
  CAST(CAST(CASE WHEN x.discounted THEN x.billed_nanos * x.pct // 100 ELSE x.billed_nanos END AS DECIMAL(18, 0))
    * CAST(0.000000001 AS DECIMAL(10, 9)) AS DECIMAL(38, 18)) AS EffectiveCost,
  CAST(CAST(x.billed_nanos + x.billed_nanos // 5 AS DECIMAL(18, 0)) * CAST(0.000000001 AS DECIMAL(10, 9))
    AS DECIMAL(38, 18)) AS ListCost,
  CAST(CAST(x.billed_nanos AS DECIMAL(18, 0)) * CAST(0.000000001 AS DECIMAL(10, 9)) AS DECIMAL(38, 18)) AS ContractedCost,
  x.currency AS BillingCurrency,
  COALESCE(cat.cloud, cat.genai, lower(cat.provider)) || '-billing-0001' AS BillingAccountId,
  cat.provider || ' billing account' AS BillingAccountName,
  date_trunc('month', x.day) AS BillingPeriodStart,
  date_trunc('month', x.day) + INTERVAL 1 MONTH AS BillingPeriodEnd,
  CASE WHEN x.kind = 0 THEN 'Credit' WHEN x.kind < 3 THEN 'Tax' ELSE 'Usage' END AS ChargeCategory,
  cat.service || ' usage' AS ChargeDescription,
  CASE WHEN cat.cost_type = 'subscription' THEN 'Recurring' ELSE 'Usage-Based' END AS ChargeFrequency,
  x.day + to_hours(x.hour) AS ChargePeriodStart,
  x.day + to_hours(x.hour + 1) AS ChargePeriodEnd,
  cat.provider AS InvoiceIssuerName,
  cat.provider AS ProviderName,
  cat.provider AS PublisherName,
  cat.provider AS ServiceProviderName,
  cat.provider AS HostProviderName,
  cat.service AS ServiceName,
  cat.category AS ServiceCategory,
  CASE WHEN cat.cloud IS NOT NULL THEN cat.cloud || '-region-' || (x.resource % 4) END AS RegionId,
  CASE WHEN cat.cloud IS NOT NULL THEN cat.cloud || ':resource/' || x.resource END AS ResourceId,
  CASE WHEN cat.cloud IS NOT NULL THEN cat.cloud || '-account-' || (x.resource % 12) END AS SubAccountId,
  '${org}' AS x_org_slug,
  cat.pipeline AS x_pipeline_id,
  CASE WHEN cat.cost_type = 'subscription' THEN NULL ELSE 'cred-' || COALESCE(cat.cloud, cat.genai) END AS x_credential_id,
  CAST(x.day AS DATE) AS x_pipeline_run_date,
  md5(cat.pipeline || CAST(CAST(x.day AS DATE) AS VARCHAR)) AS x_run_id,
  x.day + INTERVAL 1 DAY + INTERVAL 3 HOUR AS x_ingested_at,
  CAST(x.day + INTERVAL 1 DAY AS DATE) AS x_ingestion_date,
  cat.cloud AS x_cloud_provider,
  CASE WHEN cat.cloud IS NOT NULL THEN cat.cloud || '-billing-0001' END AS x_cloud_account_id,
  cat.genai AS x_genai_provider,
  CASE WHEN cat.genai IS NOT NULL THEN cat.genai || '-org-0001' END AS x_genai_account_id,
  cat.model AS x_genai_model,
  cat.cost_type AS x_cost_type,
  cat.source AS x_source_system,
  ent.id AS x_hierarchy_entity_id,
  ent.name AS x_hierarchy_entity_name,
  ent.lvl AS x_hierarchy_level_code,
  ent.path AS x_hierarchy_path,
  ent.names AS x_hierarchy_path_names
FROM x
JOIN cat ON cat.k = x.ck
LEFT JOIN ent ON ent.k = x.ek`;
}

const PROVIDER = `CASE f.x_cost_type
    WHEN 'cloud' THEN f.x_cloud_provider
    WHEN 'genai' THEN f.x_genai_provider
    ELSE LOWER(f.ServiceProviderName)
  END`;

/**
 * Each view as one plain SQL aggregation over the org's rows of the range (same money: the org's currency; same
 * grouping). No cloud-billed GenAI rows are generated, so the counted-once rule changes nothing and is left out.
 */
export function plainSql(view: View, table: string): string {
  const where = `f.x_org_slug = @org AND ${chargeDayInRangeSql('f', 'start', 'end')}`;
  const inCur = `f.BillingCurrency = @currency`;
  switch (view) {
    case 'summary':
      return `SELECT
  SUM(CASE WHEN ${inCur} THEN f.BilledCost END) AS billed,
  SUM(CASE WHEN ${inCur} THEN f.EffectiveCost END) AS effective,
  SUM(CASE WHEN ${inCur} AND f.x_cost_type = 'cloud' THEN f.BilledCost END) AS cloud,
  SUM(CASE WHEN ${inCur} AND f.x_cost_type = 'genai' THEN f.BilledCost END) AS genai,
  SUM(CASE WHEN ${inCur} AND f.x_cost_type = 'subscription' THEN f.BilledCost END) AS subscription,
  SUM(CASE WHEN ${inCur} THEN 1 ELSE 0 END) AS records,
  SUM(CASE WHEN ${inCur} THEN 0 ELSE 1 END) AS other_currency_records
FROM ${table} AS f WHERE ${where}`;
    case 'by-provider':
      return `SELECT ${PROVIDER} AS provider, f.ServiceProviderName AS provider_name, f.x_cost_type AS cost_type,
  SUM(f.BilledCost) AS billed, SUM(f.EffectiveCost) AS effective
FROM ${table} AS f WHERE ${where} AND ${inCur}
GROUP BY 1, 2, 3 ORDER BY billed DESC`;
    case 'by-service':
      return `SELECT ${PROVIDER} AS provider, f.ServiceName AS service_name, f.ServiceCategory AS service_category,
  SUM(f.BilledCost) AS billed, SUM(f.EffectiveCost) AS effective
FROM ${table} AS f WHERE ${where} AND ${inCur}
GROUP BY 1, 2, 3 ORDER BY billed DESC`;
    case 'trend':
      return `SELECT CAST(CAST(f.ChargePeriodStart AS DATE) AS STRING) AS period,
  SUM(f.BilledCost) AS billed, SUM(f.EffectiveCost) AS effective
FROM ${table} AS f WHERE ${where} AND ${inCur}
GROUP BY 1 ORDER BY 1`;
  }
}

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

/** Money equal within 1e-9 relative or 1e-6 absolute (views hold sums as nano-units, reported as numbers). */
function close(a: unknown, b: unknown) {
  const x = Number(a ?? 0);
  const y = Number(b ?? 0);
  return Math.abs(x - y) <= Math.max(1e-6, 1e-9 * Math.max(Math.abs(x), Math.abs(y)));
}

/** The cost read path (costs router) on the embedded warehouse, against DuckDB's own aggregation of the same rows. */
export const costs: Benchmark = {
  name: 'costs',
  description: `costs router on DuckDB + PGlite: summary, by-provider, by-service, trend over ${DAYS} days of one org's generated FOCUS rows (--rows N, default ${DEFAULT_ROWS.toLocaleString('en-US')})`,
  async run() {
    const ROWS = option('rows', DEFAULT_ROWS);
    const COLD = option('cold', 5);
    const WARM = option('warm', 50);
    const rss = rssSampler();
    const p = await startTestPlatform({ LOG_LEVEL: 'error' });
    try {
      const org = await p.onboard();
      const slug = org.org_slug;
      const headers = { 'x-api-key': org.api_key };
      const wh = await p.ctx.warehouse();
      const dataset = await orgDatasetOf(p.ctx, slug);
      const table = wh.table(dataset, 'cost_data_standard_1_3');

      // 1. Generate the rows inside DuckDB (not timed with the latencies).
      const tGen0 = Date.now();
      const g0 = performance.now();
      for (let from = 0; from < ROWS; from += CHUNK) {
        await wh.query(generateSql(table, slug, from, Math.min(ROWS, from + CHUNK)));
      }
      const genSeconds = (performance.now() - g0) / 1000;
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

      // One unmeasured round first: module loading, JIT and DuckDB's first read of the table's blocks.
      await invalidate();
      const { body: first } = await get('summary');
      const currency = String(first.currency);

      // 2. Cold (cache invalidated before each sample) and warm (repeats) latencies through the HTTP path.
      const tMeasure0 = Date.now();
      const cold: Record<View, number[]> = { summary: [], 'by-provider': [], 'by-service': [], trend: [] };
      const warm: Record<View, number[]> = { summary: [], 'by-provider': [], 'by-service': [], trend: [] };
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

      // The practical limit: each view as one plain SQL aggregation on the warehouse, median of COLD runs.
      const params = { org: slug, start: START, end: END, currency };
      const plain: Record<View, number[]> = { summary: [], 'by-provider': [], 'by-service': [], trend: [] };
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

      // The views must equal the plain SQL (else the comparison is of different work).
      const s = bodies.summary;
      const ps = plainRows.summary[0]!;
      const byType = s.by_cost_type as Record<string, number>;
      if (
        !close(s.total_billed_cost, ps.billed) ||
        !close(s.total_effective_cost, ps.effective) ||
        !close(byType.cloud, ps.cloud) ||
        !close(byType.genai, ps.genai) ||
        !close(byType.subscription, ps.subscription) ||
        s.record_count !== ps.records ||
        s.other_currency_records !== ps.other_currency_records
      ) {
        throw new Error(`summary ${JSON.stringify(s)} ≠ plain SQL ${JSON.stringify(ps)}`);
      }
      const sameItems = (view: View, key: (r: Record<string, unknown>) => string) => {
        const items = bodies[view].items as Record<string, unknown>[];
        const want = new Map(plainRows[view].map((r) => [key(r), r]));
        const ok =
          items.length === want.size &&
          items.every((it) => {
            const w = want.get(key(it));
            return w && close(it.billed_cost, w.billed) && close(it.effective_cost, w.effective);
          });
        if (!ok)
          throw new Error(`${view}: ${items.length} items ≠ plain SQL's ${want.size} groups or sums differ`);
        return items.length;
      };
      const items: Record<View, number> = {
        summary: 1,
        'by-provider': sameItems('by-provider', (r) => `${r.provider}/${r.provider_name}/${r.cost_type}`),
        'by-service': sameItems('by-service', (r) => `${r.provider}/${r.service_name}/${r.service_category}`),
        trend: sameItems('trend', (r) => String(r.period)),
      };

      // 3. Where a cold read goes: the slice query alone in DuckDB, the query with its rows returned through the
      // port, the whole readCostSlice (plus counted-once, nano-units, polars frame) and each view on the frame.
      const sliceQuery = sliceSql(table);
      const sliceParams = { org: slug, start: START, end: END };
      const prof = {
        duck: [] as number[],
        port: [] as number[],
        read: [] as number[],
        counted: [] as number[],
        nanos: [] as number[],
        columns: [] as number[],
        frame: [] as number[],
        groups: 0,
        bytes: 0,
      };
      const viewMs: Record<View, number[]> = { summary: [], 'by-provider': [], 'by-service': [], trend: [] };
      for (let i = 0; i < Math.min(COLD, 3); i++) {
        let t0 = performance.now();
        await wh.query(`SELECT COUNT(*) AS n FROM (${sliceQuery}) AS s`, sliceParams);
        prof.duck.push(performance.now() - t0);
        t0 = performance.now();
        const groups = await wh.query<Record<string, string | null>>(sliceQuery, sliceParams);
        prof.port.push(performance.now() - t0);
        // readCostSlice's in-memory steps one by one, on the rows just read (same work, timed apart).
        t0 = performance.now();
        const lineage = (r: Record<string, string | null>) => ({
          x_org_slug: slug,
          ChargePeriodStart: r.day!,
          x_cost_type: r.cost_type!,
          x_cloud_provider: r.x_cloud_provider ?? null,
          x_genai_provider: r.x_genai_provider ?? null,
        });
        const counted = countedOnce(groups.map(lineage));
        const kept = groups.filter((r) => counted(lineage(r)));
        prof.counted.push(performance.now() - t0);
        t0 = performance.now();
        const billed = kept.map((r) => toNanos(r.billed));
        const effective = kept.map((r) => toNanos(r.effective));
        prof.nanos.push(performance.now() - t0);
        t0 = performance.now();
        const columns = Object.fromEntries(
          STRING_COLUMNS.map((c) => [
            c,
            kept.map((r) =>
              c === 'week' ? weekOf(r.day!) : c === 'month' ? `${r.day!.slice(0, 7)}-01` : (r[c] ?? null),
            ),
          ]),
        );
        const records = kept.map((r) => Number(r.records));
        prof.columns.push(performance.now() - t0);
        t0 = performance.now();
        pl.DataFrame({
          ...Object.fromEntries(STRING_COLUMNS.map((c) => [c, pl.Series(c, columns[c]!, pl.Utf8)])),
          billed_nanos: pl.Series('billed_nanos', billed, pl.Int64),
          effective_nanos: pl.Series('effective_nanos', effective, pl.Int64),
          records: pl.Series('records', records, pl.Int64),
        });
        prof.frame.push(performance.now() - t0);
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
      rss.stop();

      const rows: Rows = VIEWS.map((view) => {
        const plainMs = median(plain[view]);
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

      const cpus = os.cpus();
      const duck = median(prof.duck);
      const port = median(prof.port);
      const read = median(prof.read);
      const mib = (b: number) => fixed(b / 2 ** 20, 1);
      return {
        rows,
        notes: [
          `\nData: ${ROWS.toLocaleString('en-US')} FOCUS rows of one org in ${table}, ${START}..${END} (${DAYS} days x 24 hours), ` +
            `${new Set(CATALOG.map((c) => c.service)).size} services (${CATALOG.length} with the GenAI models) of ${new Set(CATALOG.map((c) => c.provider)).size} providers (cloud, GenAI, SaaS), ` +
            `${entities().length} hierarchy entities (20% unallocated), 95% USD / 4% EUR / 1% GBP; generated inside DuckDB by ` +
            `${Math.ceil(ROWS / CHUNK)} INSERT ... SELECT FROM range() in ${fixed(genSeconds, 1)} s ` +
            `(${fixed(ROWS / genSeconds, 0)} rows/s, not part of the latencies; peak RSS ${fixed(rss.peak(tGen0, tGen1), 0)} MB).`,
          `Cold = POST /cache/invalidate, then the first GET of the view (${COLD} samples per view, p95 = nearest rank, ` +
            `i.e. the slowest of ${COLD}); warm = ${WARM} repeats after one unmeasured; both through p.request (gateway, ` +
            `API-key auth, router), over the full range. plain_sql_ms = median of ${COLD} runs of the view as one SQL ` +
            `aggregation through wh.query (org, range, org currency ${currency}; summary also per cost type and the other-currency count); ` +
            `x_cold_plain = cold median / plain SQL median. Every view's figures equal the plain SQL's (checked).`,
          `Cache: ${stats.entries} slice(s), ${mib(stats.bytes)} MiB (cache/stats bytes: the slice's estimate), ` +
            `${prof.groups.toLocaleString('en-US')} groups (day x cost type x provider x service x entity x model x currency) ` +
            `from ${ROWS.toLocaleString('en-US')} rows; ${stats.hits} hits / ${stats.misses} misses.`,
          `Cold read profile (median of ${prof.read.length}): slice GROUP BY in DuckDB alone (SELECT COUNT(*) over it) ${ms(duck)} ms; ` +
            `the same query returning its ${prof.groups.toLocaleString('en-US')} rows through wh.query ${ms(port)} ms ` +
            `(+${ms(port - duck)} ms materialising and normalising rows as JS objects); readCostSlice ${ms(read)} ms ` +
            `(+${ms(read - port)} ms in memory; its steps timed apart: counted-once ${ms(median(prof.counted))} ms, ` +
            `Decimal nano-units ${ms(median(prof.nanos))} ms, string columns with week and month ${ms(median(prof.columns))} ms, ` +
            `pl.DataFrame ${ms(median(prof.frame))} ms); views on the frame: ` +
            VIEWS.map((v) => `${v} ${ms(median(viewMs[v]))} ms`).join(', ') +
            `; the rest of a request (gateway, auth, org state, JSON) is about the warm latency.`,
          `Peak RSS ${fixed(rss.peak(0, Infinity), 0)} MB over the whole bench (generation ${fixed(rss.peak(tGen0, tGen1), 0)} MB, ` +
            `measurement ${fixed(rss.peak(tMeasure0, tMeasure1), 0)} MB; process maxRSS ${fixed(process.resourceUsage().maxRSS / 1024, 0)} MB), ` +
            `peak V8 heapUsed ${fixed(rss.peakHeap(), 0)} MB (the rest is native: DuckDB, polars, PGlite).`,
          `Machine: ${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? '?'}), ` +
            `${fixed(os.totalmem() / 2 ** 30, 1)} GB RAM, loadavg ${os
              .loadavg()
              .map((l) => fixed(l, 2))
              .join(' ')}, Node ${process.version}.`,
        ],
      };
    } finally {
      rss.stop();
      await p.close();
    }
  },
};
