/**
 * The figures of the costs router's views (bound to their routes in shared/costs/cost-views.ts), computed in
 * memory (nodejs-polars) from one cost slice (shared/costs/slice.ts).
 * Filters narrow the slice first: provider, service category, cost type, hierarchy entity (the entity and all its
 * descendants: rows whose x_hierarchy_path holds the entity id as a segment), and the org's currency (money is
 * reported in it; rows billed in another currency are left out and counted in `other_currency_records`).
 * Money comes out as JSON numbers (API.md) from exact integer nano-unit sums.
 */
import pl from 'nodejs-polars';
import { COST_TYPES, type CostType, type Granularity } from '../contracts/costs.js';
import { Exact } from '../money/decimal.js';
import { addDays, monthStart, nextMonthStart, weekStart, type Day } from '../time/day.js';

export interface CostFilters {
  provider?: string | undefined;
  service_category?: string | undefined;
  cost_type?: CostType | undefined;
  hierarchy_entity_id?: string | undefined;
}

/** Nano-units (integer text from polars) as a JSON number of the currency. */
export const money = (nanos: string | number | null | undefined): number =>
  nanos === null || nanos === undefined ? 0 : new Exact(String(nanos)).div(1e9).toNumber();

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The slice narrowed by the filters, and to one currency unless `currency` is null. */
export function filterFrame(
  frame: pl.DataFrame,
  filters: CostFilters,
  currency: string | null,
): pl.DataFrame {
  let f = frame;
  if (filters.provider !== undefined) f = f.filter(pl.col('provider').eq(pl.lit(filters.provider)));
  if (filters.service_category !== undefined) {
    f = f.filter(pl.col('service_category').eq(pl.lit(filters.service_category)));
  }
  if (filters.cost_type !== undefined) f = f.filter(pl.col('cost_type').eq(pl.lit(filters.cost_type)));
  if (filters.hierarchy_entity_id !== undefined) {
    const segment = `(^|/)${escapeRegex(filters.hierarchy_entity_id)}(/|$)`;
    f = f.filter(pl.col('path').str.contains(segment));
  }
  return currency === null ? f : f.filter(pl.col('currency').eq(pl.lit(currency)));
}

/**
 * FOCUS rows of the filtered slice billed in a currency other than the org's (left out of the money), given the
 * slice already narrowed to the filters and the org's currency (`inCurrency`), so that filter runs once.
 */
export function otherCurrencyRecords(
  frame: pl.DataFrame,
  filters: CostFilters,
  inCurrency: pl.DataFrame,
): number {
  const count = (df: pl.DataFrame) => (df.height === 0 ? 0 : Number(df.getColumn('records').sum()));
  return count(filterFrame(frame, filters, null)) - count(inCurrency);
}

interface Sums {
  billed_cost: number;
  effective_cost: number;
  records: number;
}

/** Σ billed, effective and records per `keys` (all rows when `keys` is empty), as plain objects. */
export function sums(df: pl.DataFrame, keys: string[]): (Sums & { k: Record<string, string | null> })[] {
  const aggs = [
    pl.col('billed_nanos').sum().cast(pl.Utf8).alias('b'),
    pl.col('effective_nanos').sum().cast(pl.Utf8).alias('e'),
    pl.col('records').sum().cast(pl.Utf8).alias('n'),
  ];
  if (df.height === 0)
    return keys.length === 0 ? [{ k: {}, billed_cost: 0, effective_cost: 0, records: 0 }] : [];
  const out = keys.length === 0 ? df.select(...aggs) : df.groupBy(keys).agg(...aggs);
  return (out.toRecords() as Record<string, string | null>[]).map((r) => {
    const keyed: Record<string, string | null> = {};
    for (const k of keys) keyed[k] = r[k] ?? null;
    return { k: keyed, billed_cost: money(r.b), effective_cost: money(r.e), records: Number(r.n ?? 0) };
  });
}

const byBilledDesc = (a: { billed_cost: number; key: string }, b: { billed_cost: number; key: string }) =>
  b.billed_cost - a.billed_cost || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function sorted<T extends Sums>(items: T[], key: (t: T) => string): T[] {
  return items
    .map((t) => ({ t, billed_cost: t.billed_cost, key: key(t) }))
    .sort(byBilledDesc)
    .map((x) => x.t);
}

export function summaryView(df: pl.DataFrame) {
  const [total] = sums(df, []);
  const byType = Object.fromEntries(COST_TYPES.map((t) => [t, 0])) as Record<CostType, number>;
  for (const r of sums(df, ['cost_type'])) {
    if ((COST_TYPES as readonly string[]).includes(r.k.cost_type!))
      byType[r.k.cost_type as CostType] = r.billed_cost;
  }
  return {
    total_billed_cost: total!.billed_cost,
    total_effective_cost: total!.effective_cost,
    by_cost_type: byType,
    record_count: total!.records,
  };
}

/**
 * Billed and effective cost per combination of `keys` (each null where a row has none), most billed first and then by
 * `order` of the keys.
 */
function costsBy<K extends string>(
  df: pl.DataFrame,
  keys: readonly K[],
  order: (k: Record<string, string | null>) => string,
) {
  return sorted(sums(df, [...keys]), (r) => order(r.k)).map((r) => ({
    ...(Object.fromEntries(keys.map((k) => [k, r.k[k] ?? null])) as Record<K, string | null>),
    billed_cost: r.billed_cost,
    effective_cost: r.effective_cost,
  }));
}

export const byProviderView = (df: pl.DataFrame) =>
  costsBy(df, ['provider', 'provider_name', 'cost_type'], (k) => `${k.cost_type}/${k.provider}`);

export const byServiceView = (df: pl.DataFrame) =>
  costsBy(df, ['provider', 'service_name', 'service_category'], (k) => `${k.provider}/${k.service_name}`);

/** Every period start of [start, end] at the granularity (weeks start on Monday, months on the 1st). */
export function periods(start: Day, end: Day, granularity: Granularity): Day[] {
  const first =
    granularity === 'week' ? weekStart(start) : granularity === 'month' ? monthStart(start) : start;
  const next = (d: Day) =>
    granularity === 'day' ? addDays(d, 1) : granularity === 'week' ? addDays(d, 7) : nextMonthStart(d);
  const out: Day[] = [];
  for (let d = first; d <= end; d = next(d)) out.push(d);
  return out;
}

/** Totals per period of the range, every period listed (0 where nothing was spent). */
export function trendView(df: pl.DataFrame, start: string, end: string, granularity: Granularity) {
  const got = new Map(sums(df, [granularity]).map((r) => [r.k[granularity]!, r]));
  return periods(start, end, granularity).map((period) => ({
    period,
    billed_cost: got.get(period)?.billed_cost ?? 0,
    effective_cost: got.get(period)?.effective_cost ?? 0,
  }));
}

/** Totals per period, cost type and provider (only combinations with rows), by period then cost. */
export function trendGranularView(df: pl.DataFrame, granularity: Granularity) {
  return sums(df, [granularity, 'cost_type', 'provider'])
    .map((r) => ({
      period: r.k[granularity]!,
      cost_type: r.k.cost_type ?? null,
      provider: r.k.provider ?? null,
      billed_cost: r.billed_cost,
      effective_cost: r.effective_cost,
    }))
    .sort(
      (a, b) =>
        (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) ||
        b.billed_cost - a.billed_cost ||
        `${a.cost_type}/${a.provider}`.localeCompare(`${b.cost_type}/${b.provider}`),
    );
}

const COST_TYPE_KEYS = {
  cloud: ['provider', 'provider_name', 'service_name', 'service_category'],
  subscription: ['provider', 'provider_name', 'service_name', 'service_category'],
  genai: ['provider', 'provider_name', 'genai_model'],
} as const;
type Key = (typeof COST_TYPE_KEYS)[CostType][number];
/** A cost type view's row: its keys (`genai_model` answered as `model`), totals and FOCUS row count. */
export type CostTypeItem<T extends CostType> = {
  [K in (typeof COST_TYPE_KEYS)[T][number] as K extends 'genai_model' ? 'model' : K]: string | null;
} & { billed_cost: number; effective_cost: number; record_count: number };

/** One cost type's totals with its breakdown: by provider and service (GenAI: by provider and model). */
export function costTypeView<T extends CostType>(df: pl.DataFrame, costType: T) {
  const only = df.filter(pl.col('cost_type').eq(pl.lit(costType)));
  const [total] = sums(only, []);
  const keys: readonly Key[] = COST_TYPE_KEYS[costType];
  const items = sorted(sums(only, [...keys]), (r) => keys.map((k) => r.k[k] ?? '').join('/')).map((r) => {
    const item: Record<string, string | null> = {};
    for (const k of keys) item[k === 'genai_model' ? 'model' : k] = r.k[k] ?? null;
    return { ...item, billed_cost: r.billed_cost, effective_cost: r.effective_cost, record_count: r.records };
  });
  return {
    total_billed_cost: total!.billed_cost,
    total_effective_cost: total!.effective_cost,
    record_count: total!.records,
    items: items as CostTypeItem<T>[],
  };
}

/** Both totals of the range, and both per cost type (0 for a type without rows). */
export function totalView(df: pl.DataFrame) {
  const [all] = sums(df, []);
  const byType = Object.fromEntries(
    COST_TYPES.map((t) => [t, { billed_cost: 0, effective_cost: 0 }]),
  ) as Record<CostType, { billed_cost: number; effective_cost: number }>;
  for (const r of sums(df, ['cost_type'])) {
    const t = r.k.cost_type as CostType;
    if (t in byType) byType[t] = { billed_cost: r.billed_cost, effective_cost: r.effective_cost };
  }
  return {
    total_billed_cost: all!.billed_cost,
    total_effective_cost: all!.effective_cost,
    by_cost_type: byType,
  };
}

/** Totals per hierarchy entity the cost is allocated to; `entity_id: null` is the unallocated cost. */
export function byHierarchyView(df: pl.DataFrame) {
  return sorted(sums(df, ['entity_id', 'entity_name', 'level_code', 'path']), (r) => r.k.entity_id ?? '').map(
    (r) => ({
      entity_id: r.k.entity_id ?? null,
      entity_name: (r.k.entity_id ?? null) === null ? 'Unallocated' : (r.k.entity_name ?? null),
      level_code: r.k.level_code ?? null,
      path: r.k.path ?? null,
      billed_cost: r.billed_cost,
      effective_cost: r.effective_cost,
    }),
  );
}
