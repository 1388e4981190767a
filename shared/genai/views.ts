/**
 * Read views of the genai router over the org's GenAI tables: usage, costs, a cost summary by one dimension,
 * unpriced usage and the reconciliation of computed cost with what the provider bills. Every query is
 * parameterised and prunes by the partition date; money is summed exactly in the warehouse and returned as JSON
 * numbers (API.md), with the currency beside it.
 *
 * Money (costs, summary) comes from the org's FOCUS rows tagged with a GenAI provider: those of the GenAI
 * pipelines and the GenAI rows of cloud bills (Bedrock in the CUR, Azure OpenAI, Vertex / Gemini), counted once
 * (shared/focus/counted-once.ts: where a cloud bill has a provider's day, its imported usage is not money).
 * Usage (tokens) stays the GenAI pipelines' detail.
 */
import type { AppContext } from '../context.js';
import {
  costDataStandard13,
  genaiPaygBilledCostsDaily,
  genaiPaygCostsDaily,
  genaiUsageDailyUnified,
  genaiPaygPricing,
  genaiCommitmentPricing,
  genaiInfrastructurePricing,
} from '../datasets/index.js';
import { chargeDayInRangeSql, countedOnceSql } from '../focus/counted-once.js';
import type { PricingFlow, SummaryDimension } from '../contracts/genai.js';
import { GENAI_PROVIDERS, type GenAiProvider } from '../contracts/providers.js';
import { Exact } from '../money/decimal.js';
import { orgDatasetOf } from '../orgs/org-record.js';
import type { QueryParams } from '../ports/warehouse/port.js';
import { defaultPriceEntries } from './pricing/default-prices.js';
import { BOOK_PROVIDER } from './ingest/raw.js';
import { listPricing } from './overrides.js';

export interface RangeFilter {
  start_date: string;
  end_date: string;
  provider?: GenAiProvider | undefined;
  model?: string | undefined;
}

const money = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const int = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** `base` conditions plus the optional provider / model filters on the given columns, ANDed, with their params. */
function filtered(org: string, f: RangeFilter, base: string[], columns: { provider: string; model: string }) {
  const parts = [...base];
  const params: QueryParams = { start: f.start_date, end: f.end_date, org };
  if (f.provider) {
    parts.push(`${columns.provider} = @provider`);
    params.provider = f.provider;
  }
  if (f.model) {
    parts.push(`${columns.model} = @model`);
    params.model = f.model;
  }
  return { sql: parts.join(' AND '), params };
}

/** WHERE clause over a date column, the org and the optional provider / model filters. */
const where = (org: string, f: RangeFilter, dateColumn: string) =>
  filtered(
    org,
    f,
    [`${dateColumn} BETWEEN CAST(@start AS DATE) AND CAST(@end AS DATE)`, 'x_org_slug = @org'],
    { provider: 'provider', model: 'model' },
  );

/** The head of a daily usage or cost item: its day, provider and model (null when none). */
const dayProviderModel = (r: Record<string, unknown>) => ({
  date: String(r.date),
  provider: String(r.provider),
  model: (r.model as string | null) ?? null,
});

async function open(ctx: AppContext, org: string) {
  const dataset = await orgDatasetOf(ctx, org);
  const wh = await ctx.warehouse();
  return { wh, t: (name: string) => wh.table(dataset, name) };
}

/** Daily token usage by provider and model. */
export async function usageView(ctx: AppContext, org: string, f: RangeFilter) {
  const { wh, t } = await open(ctx, org);
  const w = where(org, f, 'usage_date');
  const rows = await wh.query(
    `SELECT usage_date AS date, provider, model,
       SUM(input_tokens) AS input_tokens, SUM(cached_input_tokens) AS cached_input_tokens,
       SUM(cache_write_tokens) AS cache_write_tokens, SUM(output_tokens) AS output_tokens,
       SUM(reasoning_tokens) AS reasoning_tokens, SUM(total_tokens) AS total_tokens,
       SUM(request_count) AS request_count
     FROM ${t(genaiUsageDailyUnified.name)} WHERE ${w.sql}
     GROUP BY usage_date, provider, model ORDER BY usage_date, provider, model`,
    w.params,
  );
  return {
    items: rows.map((r) => ({
      ...dayProviderModel(r),
      input_tokens: int(r.input_tokens),
      cached_input_tokens: int(r.cached_input_tokens),
      cache_write_tokens: int(r.cache_write_tokens),
      output_tokens: int(r.output_tokens),
      reasoning_tokens: int(r.reasoning_tokens),
      total_tokens: int(r.total_tokens),
      request_count: int(r.request_count),
    })),
    next_cursor: null,
  };
}

/**
 * The org's GenAI FOCUS rows over the range that count in money totals (alias `f`), with the optional provider /
 * model filters: the GenAI pipelines' rows and the cloud-billed GenAI rows, counted once.
 */
function genaiMoney(org: string, f: RangeFilter, focus: string) {
  const base = [
    chargeDayInRangeSql('f', 'start', 'end'),
    'f.x_org_slug = @org',
    'f.x_genai_provider IS NOT NULL',
    countedOnceSql({ alias: 'f', table: focus, range: { start: 'start', end: 'end' } }),
  ];
  return filtered(org, f, base, { provider: 'f.x_genai_provider', model: 'f.x_genai_model' });
}

/** The token type of a GenAI pipeline's FOCUS row (sp_genai_3's SkuMeter); NULL for cloud-billed rows. */
const TOKEN_TYPE = `CASE WHEN f.x_cost_type = 'genai' THEN (CASE f.SkuMeter
    WHEN 'Input Tokens' THEN 'input'
    WHEN 'Cached Input Tokens' THEN 'cached_input'
    WHEN 'Cache Write Tokens (5m)' THEN 'cache_write_5m'
    WHEN 'Cache Write Tokens (1h)' THEN 'cache_write_1h'
    WHEN 'Audio Input Tokens' THEN 'audio_input'
    WHEN 'Image Input Tokens' THEN 'image_input'
    WHEN 'Output Tokens' THEN 'output'
    WHEN 'Audio Output Tokens' THEN 'audio_output'
    WHEN 'Images' THEN 'image'
    WHEN 'Characters' THEN 'character'
    WHEN 'Seconds' THEN 'second'
    ELSE f.SkuMeter
  END) END`;

/** Daily cost by provider, model and token type: GenAI pipelines and cloud bills, counted once. */
export async function costsView(ctx: AppContext, org: string, f: RangeFilter) {
  const { wh, t } = await open(ctx, org);
  const focus = t(costDataStandard13.name);
  const w = genaiMoney(org, f, focus);
  const rows = await wh.query(
    `SELECT CAST(f.ChargePeriodStart AS DATE) AS date, f.x_genai_provider AS provider, f.x_genai_model AS model,
       ${TOKEN_TYPE} AS token_type, COALESCE(f.PricingUnit, 'Units') AS unit, f.BillingCurrency AS currency,
       SUM(f.PricingQuantity) AS quantity, SUM(f.ListCost) AS list_cost, SUM(f.BilledCost) AS total_cost
     FROM ${focus} AS f WHERE ${w.sql}
     GROUP BY date, provider, model, token_type, unit, currency
     ORDER BY date, provider, model, token_type, currency`,
    w.params,
  );
  return {
    items: rows.map((r) => ({
      ...dayProviderModel(r),
      token_type: (r.token_type as string | null) ?? null,
      quantity: money(r.quantity),
      unit: String(r.unit),
      list_cost: money(r.list_cost),
      total_cost: money(r.total_cost),
      currency: String(r.currency),
    })),
    next_cursor: null,
  };
}

/** Each dimension over the FOCUS rows: project / workspace is the sub account, the API key the resource. */
const DIMENSION_COLUMN: Record<SummaryDimension, string> = {
  provider: 'f.x_genai_provider',
  model: 'f.x_genai_model',
  workspace: 'f.SubAccountId',
  api_key: "CASE WHEN f.ResourceType = 'API Key' THEN f.ResourceId END",
  token_type: TOKEN_TYPE,
};

/**
 * Total cost over the range and the breakdown by one dimension, per currency (GenAI pipelines and cloud bills,
 * counted once); plus unpriced usage.
 */
export async function costSummary(
  ctx: AppContext,
  org: string,
  f: RangeFilter & { group_by: SummaryDimension },
) {
  const { wh, t } = await open(ctx, org);
  const focus = t(costDataStandard13.name);
  const w = genaiMoney(org, f, focus);
  const rows = await wh.query(
    `SELECT ${DIMENSION_COLUMN[f.group_by]} AS k, f.BillingCurrency AS currency,
       SUM(f.BilledCost) AS total_cost, SUM(f.ListCost) AS list_cost
     FROM ${focus} AS f WHERE ${w.sql}
     GROUP BY k, currency ORDER BY total_cost DESC, k`,
    w.params,
  );
  const totals = new Map<string, { total: Exact; list: Exact }>();
  for (const r of rows) {
    const c = String(r.currency);
    const cur = totals.get(c) ?? { total: new Exact(0), list: new Exact(0) };
    cur.total = cur.total.plus(String(r.total_cost));
    cur.list = cur.list.plus(String(r.list_cost));
    totals.set(c, cur);
  }
  const unpriced = await unpricedView(ctx, org, f);
  return {
    start_date: f.start_date,
    end_date: f.end_date,
    group_by: f.group_by,
    totals: [...totals].map(([currency, v]) => ({
      currency,
      total_cost: v.total.toNumber(),
      list_cost: v.list.toNumber(),
    })),
    items: rows.map((r) => ({
      key: (r.k as string | null) ?? null,
      currency: String(r.currency),
      total_cost: money(r.total_cost),
      list_cost: money(r.list_cost),
    })),
    unpriced: unpriced.items,
  };
}

/** Usage without a price (listed with its quantities and reason, never costed at zero). */
export async function unpricedView(ctx: AppContext, org: string, f: RangeFilter) {
  const { wh, t } = await open(ctx, org);
  const w = where(org, f, 'cost_date');
  const rows = await wh.query(
    `SELECT provider, model, usage_kind, token_type, pricing_unit, unpriced_reason,
       SUM(quantity) AS quantity, MIN(cost_date) AS first_date, MAX(cost_date) AS last_date
     FROM ${t(genaiPaygCostsDaily.name)} WHERE ${w.sql} AND pricing_status = 'unpriced'
     GROUP BY provider, model, usage_kind, token_type, pricing_unit, unpriced_reason
     ORDER BY provider, model, token_type`,
    w.params,
  );
  return {
    items: rows.map((r) => ({
      provider: String(r.provider),
      model: (r.model as string | null) ?? null,
      usage_kind: String(r.usage_kind),
      token_type: String(r.token_type),
      quantity: money(r.quantity),
      unit: String(r.pricing_unit),
      reason: String(r.unpriced_reason),
      first_date: String(r.first_date),
      last_date: String(r.last_date),
    })),
    next_cursor: null,
  };
}

/** Computed cost vs provider-billed cost per provider, day and currency, with the difference. */
export async function reconciliation(ctx: AppContext, org: string, f: RangeFilter) {
  const { wh, t } = await open(ctx, org);
  const w = where(org, { ...f, model: undefined }, 'cost_date');
  const computed = await wh.query(
    `SELECT cost_date AS d, provider, currency, SUM(total_cost) AS amount
     FROM ${t(genaiPaygCostsDaily.name)} WHERE ${w.sql} AND pricing_status = 'priced'
     GROUP BY cost_date, provider, currency`,
    w.params,
  );
  const billed = await wh.query(
    `SELECT cost_date AS d, provider, currency, SUM(amount) AS amount
     FROM ${t(genaiPaygBilledCostsDaily.name)} WHERE ${w.sql}
     GROUP BY cost_date, provider, currency`,
    w.params,
  );
  const key = (r: Record<string, unknown>) => `${String(r.d)}|${String(r.provider)}|${String(r.currency)}`;
  const merged = new Map<
    string,
    { computed: Exact | null; billed: Exact | null; r: Record<string, unknown> }
  >();
  for (const r of computed) merged.set(key(r), { computed: new Exact(String(r.amount)), billed: null, r });
  for (const r of billed) {
    const m = merged.get(key(r)) ?? { computed: null, billed: null, r };
    m.billed = new Exact(String(r.amount));
    merged.set(key(r), m);
  }
  const items = [...merged.values()]
    .map(({ computed: c, billed: b, r }) => ({
      date: String(r.d),
      provider: String(r.provider),
      currency: String(r.currency),
      computed_cost: c === null ? null : c.toNumber(),
      billed_cost: b === null ? null : b.toNumber(),
      difference: c !== null && b !== null ? c.minus(b).toNumber() : null,
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.provider.localeCompare(b.provider));
  return { items, next_cursor: null };
}

/**
 * Prices by flow. payg: the public price book and the org's overrides (what pricing uses). commitment and
 * infrastructure: the org's `genai_commitment_pricing` / `genai_infrastructure_pricing` tables.
 */
export async function pricingByFlow(
  ctx: AppContext,
  org: string,
  flow: PricingFlow,
  provider: GenAiProvider | undefined,
) {
  if (flow === 'payg') {
    const providers = provider ? [provider] : [...GENAI_PROVIDERS];
    const items = [];
    for (const p of providers) {
      for (const item of (await listPricing(ctx, org, p)).items) items.push({ provider: p, ...item });
    }
    return { flow, items, next_cursor: null };
  }
  const { wh, t } = await open(ctx, org);
  const def = flow === 'commitment' ? genaiCommitmentPricing : genaiInfrastructurePricing;
  const rows = await wh.query(
    `SELECT * FROM ${t(def.name)} WHERE x_org_slug = @org${provider ? ' AND provider = @provider' : ''} ORDER BY provider`,
    { org, ...(provider ? { provider } : {}) },
  );
  return {
    flow,
    items: rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('x_')))),
    next_cursor: null,
  };
}

const batchPrice = (rate: string | undefined, pct: string | undefined) =>
  rate === undefined || pct === undefined
    ? null
    : new Exact(rate).times(new Exact(100).minus(pct)).div(100).toFixed();

/**
 * Writes the public payg price book into the org's `genai_payg_pricing` table (for SQL and BI tools), replacing
 * what an earlier seed wrote. Overrides stay in the control plane and are listed by the pricing endpoints.
 */
export async function seedDefaultPricing(ctx: AppContext, org: string) {
  const dataset = await orgDatasetOf(ctx, org);
  const wh = await ctx.warehouse();
  const now = new Date().toISOString();
  const byBook = new Map(Object.entries(BOOK_PROVIDER).map(([p, b]) => [b, p]));
  const rows = defaultPriceEntries()
    .filter((e) => e.unit_kind === 'token' && e.rates.input !== undefined && e.rates.output !== undefined)
    .map((e) => ({
      provider: byBook.get(e.provider) ?? e.provider,
      model: e.model,
      model_family: e.model,
      region: e.region ?? 'global',
      input_per_1m: e.rates.input,
      output_per_1m: e.rates.output,
      cached_input_per_1m: e.rates.cached_input ?? null,
      cache_write_per_1m: e.rates.cache_write_5m ?? null,
      batch_input_per_1m: batchPrice(e.rates.input, e.batch_discount_pct),
      batch_output_per_1m: batchPrice(e.rates.output, e.batch_discount_pct),
      volume_discount_pct: null,
      currency: e.currency,
      context_window: null,
      max_output_tokens: null,
      effective_from: e.effective_from,
      effective_to: e.effective_to ?? null,
      status: 'active',
      is_override: false,
      notes: e.source_ref,
      x_org_slug: org,
      x_pipeline_id: 'genai/pricing/seed_defaults',
      x_credential_id: null,
      x_pipeline_run_date: now.slice(0, 10),
      x_run_id: 'seed-defaults',
      x_ingested_at: now,
      x_ingestion_date: now.slice(0, 10),
    }));
  await wh.replaceSlice(
    dataset,
    genaiPaygPricing,
    { x_org_slug: org, x_pipeline_id: 'genai/pricing/seed_defaults' },
    rows,
  );
  return { table: genaiPaygPricing.name, rows: rows.length };
}
