/**
 * Cost breakdowns by FOCUS columns the cost slice (shared/costs/slice.ts) does not carry: cloud cost per sub account
 * (SubAccountId / SubAccountName) and per region (RegionId / RegionName), SaaS cost per plan (the plan name of the
 * SkuId `saas/<provider>/<plan_name>` written by procedures/saas/sp_subscription_3_convert_to_focus.sql).
 *
 * Each request is one grouped warehouse read of the org's FOCUS table, written like the slice read: pruned by
 * ChargePeriodStart (`chargeDayInRangeSql`), every value a query parameter, sums exact in the warehouse and added
 * up exactly here (`Exact`). The filters mean what they mean for the other cost views: provider (x_cloud_provider
 * for cloud rows, the provider slug of the SkuId for SaaS rows: `SAAS_PROVIDER_SQL`), ServiceCategory, cost type,
 * and a hierarchy entity with its descendants (its id is a segment of x_hierarchy_path). Money is in the org's
 * currency; rows billed in another are counted in `other_currency_records`. Counted-once needs no care here: it
 * only drops GenAI rows.
 *
 * Not cached: the cost cache (shared/costs/cache.ts) keeps slices per (org, range) and memoises views computed from
 * a slice; these figures are not in a slice, and reading one just to hang them on it would cost a second read.
 */
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { costRoutes, type CostQuery, type CostType } from '../contracts/costs.js';
import { notFound } from '../errors/index.js';
import { SAAS_PROVIDER_SQL } from '../datasets/cost-rollup.js';
import { chargeDayInRangeSql } from '../focus/counted-once.js';
import { Exact } from '../money/decimal.js';
import { orgRecord } from '../orgs/org-record.js';

/** The plan name of a SaaS SkuId `saas/<provider>/<plan_name>` (provider and plan names hold no `/`), else NULL. */
export const PLAN_NAME_SQL = `CASE WHEN STARTS_WITH(f.SkuId, 'saas/') AND STRPOS(SUBSTR(f.SkuId, 6), '/') > 0
    THEN SUBSTR(f.SkuId, 6 + STRPOS(SUBSTR(f.SkuId, 6), '/')) END`;

/** The provider id of a row of the cost type, as the cost slice derives it. */
const PROVIDER_SQL: Record<'cloud' | 'subscription', string> = {
  cloud: 'f.x_cloud_provider',
  subscription: SAAS_PROVIDER_SQL,
};

interface BreakdownDef<R extends z.ZodType = z.ZodType> {
  readonly route: { readonly id: string; readonly response: R };
  readonly costType: 'cloud' | 'subscription';
  /** The item's two key fields besides provider and provider_name, each with its SQL expression over `f`. */
  readonly keys: readonly [readonly [string, string], readonly [string, string]];
}

const define = <R extends z.ZodType>(def: BreakdownDef<R>) => def;

export const costBreakdowns = {
  cloudAccounts: define({
    route: costRoutes.cloudAccounts,
    costType: 'cloud',
    keys: [
      ['sub_account_id', 'f.SubAccountId'],
      ['sub_account_name', 'f.SubAccountName'],
    ],
  }),
  cloudRegions: define({
    route: costRoutes.cloudRegions,
    costType: 'cloud',
    keys: [
      ['region_id', 'f.RegionId'],
      ['region_name', 'f.RegionName'],
    ],
  }),
  subscriptionPlans: define({
    route: costRoutes.subscriptionPlans,
    costType: 'subscription',
    keys: [
      ['service_name', 'f.ServiceName'],
      ['plan_name', PLAN_NAME_SQL],
    ],
  }),
};

/** The grouped read of one breakdown (BigQuery SQL the embedded warehouse also runs); filters as parameters. */
export function breakdownSql(table: string, def: BreakdownDef, q: CostQuery): string {
  const provider = PROVIDER_SQL[def.costType];
  const where = [
    'f.x_org_slug = @org',
    chargeDayInRangeSql('f', 'start', 'end'),
    'f.x_cost_type = @cost_type',
  ];
  if (q.provider !== undefined) where.push(`${provider} = @provider`);
  if (q.service_category !== undefined) where.push('f.ServiceCategory = @service_category');
  if (q.hierarchy_entity_id !== undefined) {
    where.push(`STRPOS(CONCAT('/', f.x_hierarchy_path, '/'), CONCAT('/', @entity, '/')) > 0`);
  }
  return `SELECT
  ${provider} AS provider,
  f.ServiceProviderName AS provider_name,
  ${def.keys[0][1]} AS k0,
  ${def.keys[1][1]} AS k1,
  f.BillingCurrency AS currency,
  SUM(f.BilledCost) AS billed,
  SUM(f.EffectiveCost) AS effective,
  COUNT(*) AS records
FROM ${table} AS f
WHERE ${where.join('\n  AND ')}
GROUP BY 1, 2, 3, 4, 5`;
}

interface GroupRow {
  provider: string | null;
  provider_name: string | null;
  k0: string | null;
  k1: string | null;
  currency: string | null;
  billed: unknown;
  effective: unknown;
  records: unknown;
}

interface Group {
  keys: (string | null)[];
  billed: Exact;
  effective: Exact;
  records: number;
}

const exact = (v: unknown) => new Exact(v === null || v === undefined ? 0 : String(v));
const orderKey = (keys: (string | null)[]) => keys.map((k) => k ?? '').join('\u0000');

/** Groups in the org's currency added up per key (exactly), largest effective cost first, then by key. */
function itemsOf(rows: GroupRow[], currency: string) {
  const groups = new Map<string, Group>();
  let other = 0;
  for (const r of rows) {
    if (r.currency !== currency) {
      other += Number(r.records);
      continue;
    }
    const keys = [r.provider, r.provider_name, r.k0, r.k1];
    const key = JSON.stringify(keys);
    const g = groups.get(key) ?? { keys, billed: new Exact(0), effective: new Exact(0), records: 0 };
    g.billed = g.billed.plus(exact(r.billed));
    g.effective = g.effective.plus(exact(r.effective));
    g.records += Number(r.records);
    groups.set(key, g);
  }
  const items = [...groups.values()].sort((a, b) => {
    const byCost = b.effective.cmp(a.effective);
    if (byCost !== 0) return byCost;
    const ka = orderKey(a.keys);
    const kb = orderKey(b.keys);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return { items, other };
}

/** One breakdown of the org for the request's range and filters (validated by the route's contract). */
export async function costBreakdown<R extends z.ZodType>(
  ctx: AppContext,
  def: BreakdownDef<R>,
  org: string,
  q: CostQuery,
): Promise<z.input<R>> {
  const { currency, dataset, entityExists } = await orgRecord(await ctx.db(), org, {
    entityId: q.hierarchy_entity_id,
  });
  if (entityExists === false) throw notFound(`Hierarchy entity ${q.hierarchy_entity_id} not found.`);
  let rows: GroupRow[] = [];
  // A cost type filter naming another cost type leaves no row of this one.
  if (q.cost_type === undefined || q.cost_type === (def.costType satisfies CostType)) {
    const wh = await ctx.warehouse();
    const params: Record<string, string> = {
      org,
      start: q.start_date,
      end: q.end_date,
      cost_type: def.costType,
    };
    if (q.provider !== undefined) params.provider = q.provider;
    if (q.service_category !== undefined) params.service_category = q.service_category;
    if (q.hierarchy_entity_id !== undefined) params.entity = q.hierarchy_entity_id;
    rows = await wh.query<GroupRow>(
      breakdownSql(wh.table(dataset, 'cost_data_standard_1_3'), def, q),
      params,
    );
  }
  const { items, other } = itemsOf(rows, currency);
  const total = (pick: (g: Group) => Exact) => items.reduce((s, g) => s.plus(pick(g)), new Exact(0));
  const [k0, k1] = def.keys;
  return {
    currency,
    start_date: q.start_date,
    end_date: q.end_date,
    other_currency_records: other,
    total_billed_cost: total((g) => g.billed).toNumber(),
    total_effective_cost: total((g) => g.effective).toNumber(),
    record_count: items.reduce((n, g) => n + g.records, 0),
    items: items.map((g) => ({
      provider: g.keys[0] ?? null,
      provider_name: g.keys[1] ?? null,
      [k0[0]]: g.keys[2] ?? null,
      [k1[0]]: g.keys[3] ?? null,
      billed_cost: g.billed.toNumber(),
      effective_cost: g.effective.toNumber(),
      record_count: g.records,
    })),
  } as z.input<R>;
}
