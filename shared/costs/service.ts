/**
 * The cost read service behind the costs router: per request, the org's currency and cost-data version (one
 * Postgres read), the cached slice of (org, range) or one warehouse read (shared/costs/slice.ts), then the view
 * computed in memory and kept with the slice (keyed by view and filters), so a repeated request is a map lookup.
 */
import type { AppContext } from '../context.js';
import { costCacheOf } from './cache.js';
import { readCostSlice } from './slice.js';
import { bumpCostVersion } from './version.js';
import {
  byHierarchyView,
  byProviderView,
  byServiceView,
  COST_TYPES,
  costTypeView,
  filterFrame,
  otherCurrencyRecords,
  summaryView,
  sums,
  trendGranularView,
  trendView,
  type CostFilters,
  type CostType,
  type Granularity,
} from './views.js';
import { invalidInput, notFound } from '../errors/index.js';

/** The longest range one request may read (days, both ends included). */
export const MAX_RANGE_DAYS = 1096;

export const COST_VIEWS = [
  'summary',
  'by-provider',
  'by-service',
  'by-hierarchy',
  'trend',
  'trend-granular',
  'cloud',
  'genai',
  'subscriptions',
  'total',
] as const;
export type CostView = (typeof COST_VIEWS)[number];

export interface CostRequest extends CostFilters {
  start_date: string;
  end_date: string;
  granularity?: Granularity | undefined;
}

function checkRange(q: CostRequest) {
  if (q.end_date < q.start_date) {
    throw invalidInput('end_date is before start_date.', [
      { path: 'end_date', message: 'before start_date' },
    ]);
  }
  const days = (Date.parse(q.end_date) - Date.parse(q.start_date)) / 86_400_000 + 1;
  if (days > MAX_RANGE_DAYS) {
    throw invalidInput(`The range has ${days} days; at most ${MAX_RANGE_DAYS} are read at once.`, [
      { path: 'end_date', message: `more than ${MAX_RANGE_DAYS} days` },
    ]);
  }
}

/** The org's currency and cost-data version, in one read. */
async function orgState(ctx: AppContext, org: string): Promise<{ currency: string; version: number }> {
  const db = await ctx.db();
  const { rows } = await db.query<{ currency: string; version: string | number | null }>(
    `SELECT o.currency, v.version FROM organizations AS o
     LEFT JOIN org_cost_versions AS v ON v.org_slug = o.org_slug WHERE o.org_slug = $1`,
    [org],
  );
  if (rows.length === 0) throw notFound(`Organization ${org} not found.`);
  return { currency: rows[0]!.currency, version: Number(rows[0]!.version ?? 0) };
}

/** Refuses a hierarchy filter naming no entity of the org (404), so a typo is not an empty result. */
async function checkEntity(ctx: AppContext, org: string, entityId: string | undefined) {
  if (entityId === undefined) return;
  const db = await ctx.db();
  const { rows } = await db.query('SELECT 1 FROM hierarchy_entities WHERE org_slug = $1 AND entity_id = $2', [
    org,
    entityId,
  ]);
  if (rows.length === 0) throw notFound(`Hierarchy entity ${entityId} not found.`);
}

function compute(
  view: CostView,
  frame: Parameters<typeof filterFrame>[0],
  q: CostRequest,
  currency: string,
): Record<string, unknown> {
  const filters: CostFilters = {
    provider: q.provider,
    service_category: q.service_category,
    cost_type: q.cost_type,
    hierarchy_entity_id: q.hierarchy_entity_id,
  };
  const df = filterFrame(frame, filters, currency);
  const base = {
    currency,
    start_date: q.start_date,
    end_date: q.end_date,
    other_currency_records: otherCurrencyRecords(frame, filters, df),
  };
  const granularity = q.granularity ?? 'day';
  switch (view) {
    case 'summary':
      return { ...base, ...summaryView(df) };
    case 'by-provider':
      return { ...base, items: byProviderView(df) };
    case 'by-service':
      return { ...base, items: byServiceView(df) };
    case 'by-hierarchy':
      return { ...base, items: byHierarchyView(df) };
    case 'trend':
      return { ...base, granularity, items: trendView(df, q.start_date, q.end_date, granularity) };
    case 'trend-granular':
      return { ...base, granularity, items: trendGranularView(df, granularity) };
    case 'cloud':
      return { ...base, ...costTypeView(df, 'cloud') };
    case 'genai':
      return { ...base, ...costTypeView(df, 'genai') };
    case 'subscriptions':
      return { ...base, ...costTypeView(df, 'subscription') };
    case 'total': {
      const [all] = sums(df, []);
      const byType = Object.fromEntries(
        COST_TYPES.map((t) => [t, { billed_cost: 0, effective_cost: 0 }]),
      ) as Record<CostType, { billed_cost: number; effective_cost: number }>;
      for (const r of sums(df, ['cost_type'])) {
        const t = r.k.cost_type as CostType;
        if (t in byType) byType[t] = { billed_cost: r.billed_cost, effective_cost: r.effective_cost };
      }
      return {
        ...base,
        total_billed_cost: all!.billed_cost,
        total_effective_cost: all!.effective_cost,
        by_cost_type: byType,
      };
    }
  }
}

/** One cost view of the org for the request's range and filters. */
export async function costView(
  ctx: AppContext,
  org: string,
  view: CostView,
  q: CostRequest,
): Promise<Record<string, unknown>> {
  checkRange(q);
  const [{ currency, version }] = await Promise.all([
    orgState(ctx, org),
    checkEntity(ctx, org, q.hierarchy_entity_id),
  ]);
  const cache = costCacheOf(ctx);
  const entry =
    cache.get(org, q.start_date, q.end_date, version) ??
    cache.set(await readCostSlice(ctx, org, q.start_date, q.end_date, version));
  const key = JSON.stringify([
    view,
    currency,
    q.provider ?? null,
    q.service_category ?? null,
    q.cost_type ?? null,
    q.hierarchy_entity_id ?? null,
    view === 'trend' || view === 'trend-granular' ? (q.granularity ?? 'day') : null,
  ]);
  let result = entry.views.get(key) as Record<string, unknown> | undefined;
  if (!result) {
    result = compute(view, entry.slice.frame, q, currency);
    entry.views.set(key, result);
  }
  return result;
}

export async function costCacheStats(ctx: AppContext, org: string) {
  const { version } = await orgState(ctx, org);
  return { ...costCacheOf(ctx).statsOf(org), version };
}

/** Drops this instance's slices of the org and bumps its version, so every instance reads again. */
export async function invalidateCostCache(ctx: AppContext, org: string) {
  await orgState(ctx, org);
  const version = await bumpCostVersion(await ctx.db(), org);
  return { invalidated: costCacheOf(ctx).invalidate(org), version };
}
