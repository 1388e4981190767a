import type { Column, TableDef } from '../ports/warehouse/schema.js';
import { tableFromSchema } from '../ports/warehouse/tables/schema-file.js';
import { cloudProviderColumns, genaiProviderColumns, hierarchyColumns, lineageColumns } from './lineage.js';
import columns from './schemas/cost_data_standard_1_3.json' with { type: 'json' };
import { costDailyRollupDerived } from './cost-rollup.js';

// FOCUS 1.3 Cost and Usage dataset: all 65 columns (23 Mandatory + 37 Conditional + 5 Recommended), spec
// PascalCase IDs, alphabetical as in the spec's dataset table (/work/shared/reference/focus-1.3-columns.md §3.3).
// Types: Decimal -> BIGNUMERIC for costs, unit prices and pricing / consumed quantities (GenAI per-token prices,
// cloud usage amounts like 0.0000009052 GB need more than NUMERIC's 9 decimals to stay exact), else NUMERIC, Date/Time -> TIMESTAMP (UTC), String -> STRING, JSON -> JSON.
// REQUIRED only where the spec says MUST NOT be null unconditionally and every flow (cloud, GenAI, SaaS) can
// always fill the value; other spec rules (conditional nullability, allowed values) belong to validation.
// The schema file holds the 65 FOCUS columns, then the table's own x_ columns (model, cost flow, source system).

/**
 * `cost_data_standard_1_3`: every cost (cloud, GenAI, SaaS) as FOCUS 1.3 Cost and Usage rows. Platform columns
 * (all `x_`) follow the FOCUS columns: lineage, provider, cost-flow and hierarchy.
 */
export const costDataStandard13: TableDef = tableFromSchema(columns, {
  name: 'cost_data_standard_1_3',
  description: 'FOCUS 1.3 Cost and Usage rows for all cloud, GenAI and SaaS subscription costs of the org.',
  version: 3,
  after: { Tags: [...lineageColumns, ...cloudProviderColumns, ...genaiProviderColumns] },
  append: hierarchyColumns,
  partitionBy: 'ChargePeriodStart',
  clusterBy: ['x_cost_type', 'ServiceProviderName', 'ServiceCategory'],
  // Every replace of a FOCUS slice recomputes the daily rollup of the days it touched, in its transaction.
  derived: [costDailyRollupDerived],
});

/** The 65 FOCUS 1.3 Cost and Usage columns (FOCUS ColumnHandling: every custom column is `x_` prefixed). */
export const focusCostAndUsageColumns: readonly Column[] = costDataStandard13.columns.filter(
  (c) => !c.name.startsWith('x_'),
);
