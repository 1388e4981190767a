/** The costs benchmark's practical limit: each view as one plain SQL aggregation, and the check that they agree. */
import { chargeDayInRangeSql } from '../shared/focus/counted-once.js';

export const VIEWS = ['summary', 'by-provider', 'by-service', 'trend'] as const;
export type View = (typeof VIEWS)[number];

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

/** Money equal within 1e-9 relative or 1e-6 absolute (views hold sums as nano-units, reported as numbers). */
export function close(a: unknown, b: unknown) {
  const x = Number(a ?? 0);
  const y = Number(b ?? 0);
  return Math.abs(x - y) <= Math.max(1e-6, 1e-9 * Math.max(Math.abs(x), Math.abs(y)));
}

/**
 * Throws unless every view's figures equal the plain SQL's (else the comparison is of different work); returns
 * the number of items of each view.
 */
export function checkViewsEqualPlain(
  bodies: Record<View, Record<string, unknown>>,
  plainRows: Record<View, Record<string, unknown>[]>,
): Record<View, number> {
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
  return {
    summary: 1,
    'by-provider': sameItems('by-provider', (r) => `${r.provider}/${r.provider_name}/${r.cost_type}`),
    'by-service': sameItems('by-service', (r) => `${r.provider}/${r.service_name}/${r.service_category}`),
    trend: sameItems('trend', (r) => String(r.period)),
  };
}
