import { chargeDayInRangeSql, countedOnceSql } from '../focus/counted-once.js';
import type { DerivedTable, TableDef } from '../ports/warehouse/schema.js';
import { tableFromSchema } from '../ports/warehouse/tables/schema-file.js';
import columns from './schemas/cost_daily_rollup.json' with { type: 'json' };

/**
 * `cost_daily_rollup`: the org's FOCUS rows summed per UTC day and every dimension the costs router's views group
 * or filter by (cost type, provider, service, hierarchy entity, GenAI model, currency), money summed exactly
 * (and as integer nano-units, what the views sum: computed once here, not on every read),
 * with the counted-once rule (shared/focus/counted-once.ts) applied: it holds only money counted in totals, so a
 * read needs no join. Derived from cost_data_standard_1_3 (its `derived` entry below): every replace of a FOCUS
 * slice recomputes the rollup of the days it touched in the same transaction (shared/ports/warehouse/derived.ts),
 * so the rollup always equals `rollupSelect` over the FOCUS table.
 */
export const costDailyRollup: TableDef = tableFromSchema(columns, {
  name: 'cost_daily_rollup',
  description:
    'FOCUS money per UTC day x cost type x provider x service x hierarchy entity x GenAI model x currency, counted once (derived from cost_data_standard_1_3).',
  // Bumped whenever its columns or `rollupSelect` change: a sync derives a dataset's rollup again when it was last
  // derived at an older version (shared/ports/warehouse/ensure-table.ts). 2: SaaS provider ids from the SkuId.
  version: 2,
  partitionBy: 'day',
  clusterBy: ['cost_type', 'provider', 'service_category', 'currency'],
});

/**
 * The provider id of a SaaS row (FOCUS alias `f`): the provider slug of its SkuId `saas/<provider>/<plan_name>`
 * (procedures/saas/sp_subscription_3_convert_to_focus.sql; slugs hold no `/`), the id the subscriptions API, the
 * catalogue and the web app use ('github_copilot'), not its ServiceProviderName, the catalogue's display name
 * ('GitHub Copilot'). A row without such a SkuId keeps its lower-cased ServiceProviderName. The one expression the
 * rollup, the fallback read over FOCUS (shared/costs/slice.ts) and the breakdowns (shared/costs/breakdowns.ts) use.
 */
export const SAAS_PROVIDER_SQL = `CASE WHEN STARTS_WITH(f.SkuId, 'saas/') AND STRPOS(SUBSTR(f.SkuId, 6), '/') > 1
    THEN SUBSTR(f.SkuId, 6, STRPOS(SUBSTR(f.SkuId, 6), '/') - 1)
    ELSE LOWER(f.ServiceProviderName) END`;

/**
 * The dimensions every cost read groups by after the day and cost type (FOCUS alias `f`): the rollup and the
 * fallback read over FOCUS (shared/costs/slice.ts) group by exactly these, so the two cannot drift apart.
 */
export const COST_DIMENSIONS_SQL = `f.x_cloud_provider AS x_cloud_provider,
f.x_genai_provider AS x_genai_provider,
CASE f.x_cost_type
WHEN 'cloud' THEN f.x_cloud_provider
WHEN 'genai' THEN f.x_genai_provider
ELSE ${SAAS_PROVIDER_SQL}
END AS provider,
f.ServiceProviderName AS provider_name,
f.ServiceName AS service_name,
f.ServiceCategory AS service_category,
f.x_hierarchy_entity_id AS entity_id,
f.x_hierarchy_entity_name AS entity_name,
f.x_hierarchy_level_code AS level_code,
f.x_hierarchy_path AS path,
f.x_genai_model AS genai_model,
f.BillingCurrency AS currency,`;

/**
 * The rollup rows of the UTC days [@refresh_from, @refresh_to] from the FOCUS table `focus` (BigQuery SQL the
 * embedded warehouse runs through its dialect layer): grouped first, then the counted-once rule over the groups
 * (a GenAI-pipeline group is dropped when a cloud-billed group of the same org, day and GenAI provider exists;
 * the groups keep both provider columns, so the rule reads them as it reads FOCUS rows).
 */
export function rollupSelect(focus: string): string {
  // The nano-units are NULL (SAFE_CAST) for a group beyond INT64's 9.2e9 units: the write never fails on them; the
  // read refuses such a group (shared/costs/slice.ts) as it refuses one it cannot hold exactly.
  return `WITH rollup_groups AS (
  SELECT
    CAST(f.ChargePeriodStart AS DATE) AS ChargePeriodStart,
    f.x_org_slug AS x_org_slug,
    f.x_cost_type AS x_cost_type,
    ${COST_DIMENSIONS_SQL}
    COALESCE(SUM(f.BilledCost), 0) AS billed_cost,
    COALESCE(SUM(f.EffectiveCost), 0) AS effective_cost,
    COUNT(*) AS records
  FROM ${focus} AS f
  WHERE ${chargeDayInRangeSql('f', 'refresh_from', 'refresh_to')}
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
)
SELECT
  g.ChargePeriodStart AS day,
  g.x_org_slug,
  g.x_cost_type AS cost_type,
  g.x_cloud_provider,
  g.x_genai_provider,
  g.provider,
  g.provider_name,
  g.service_name,
  g.service_category,
  g.entity_id,
  g.entity_name,
  g.level_code,
  g.path,
  g.genai_model,
  g.currency,
  g.billed_cost,
  g.effective_cost,
  SAFE_CAST(g.billed_cost * 1000000000 AS INT64) AS billed_nanos,
  SAFE_CAST(g.effective_cost * 1000000000 AS INT64) AS effective_nanos,
  g.records
FROM rollup_groups AS g
WHERE ${countedOnceSql({ alias: 'g', table: 'rollup_groups' })}`;
}

/** cost_daily_rollup as a derived table of the FOCUS table (TableDef.derived of cost_data_standard_1_3). */
export const costDailyRollupDerived: DerivedTable = {
  def: costDailyRollup,
  sourceDay: 'ChargePeriodStart',
  day: 'day',
  select: rollupSelect,
};
