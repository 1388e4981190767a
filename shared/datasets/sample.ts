import type { TableDef } from '../ports/warehouse/schema.js';
import { tableFromSchema } from '../ports/warehouse/tables/schema-file.js';
import { lineageColumns } from './lineage.js';
import columns from './schemas/sample_costs_raw_daily.json' with { type: 'json' };

/**
 * Source rows of the engine's reference pipeline `sample/demo/costs`: deterministic synthetic daily costs
 * (labelled `x_source_system = 'cloudact-sample'` downstream) that exercise fan-out, fan-in, procedures and
 * data-quality checks without a provider.
 */
export const sampleCostsRawDaily: TableDef = tableFromSchema(columns, {
  name: 'sample_costs_raw_daily',
  description: 'Synthetic daily cost rows of the sample/demo/costs reference pipeline.',
  version: 1,
  append: lineageColumns,
  partitionBy: 'usage_date',
  clusterBy: ['flow', 'provider'],
});
