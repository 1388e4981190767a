import type { TableDef } from '../ports/warehouse/schema.js';
import { col } from './columns.js';
import { lineageColumns } from './lineage.js';

/**
 * Source rows of the engine's reference pipeline `sample/demo/costs`: deterministic synthetic daily costs
 * (labelled `x_source_system = 'cloudact-sample'` downstream) that exercise fan-out, fan-in, procedures and
 * data-quality checks without a provider.
 */
export const sampleCostsRawDaily: TableDef = {
  name: 'sample_costs_raw_daily',
  description: 'Synthetic daily cost rows of the sample/demo/costs reference pipeline.',
  version: 1,
  columns: [
    col('usage_date', 'DATE', 'Day the cost was incurred (UTC).', true),
    col('flow', 'STRING', 'cloud or genai.', true),
    col('provider', 'STRING', 'Provider id, e.g. gcp or openai.', true),
    col('provider_name', 'STRING', 'Provider display name.', true),
    col('service_name', 'STRING', 'Service (or model) name.', true),
    col('service_category', 'STRING', 'FOCUS ServiceCategory.', true),
    col('sku_id', 'STRING', 'SKU identifier.', true),
    col('usage_quantity', 'NUMERIC', 'Quantity consumed.', true),
    col('usage_unit', 'STRING', 'Unit of usage_quantity.', true),
    col('unit_price', 'NUMERIC', 'List price per unit.', true),
    col('cost', 'NUMERIC', 'usage_quantity x unit_price, exact.', true),
    col('currency', 'STRING', 'ISO 4217 currency.', true),
    ...lineageColumns,
  ],
  partitionBy: 'usage_date',
  clusterBy: ['flow', 'provider'],
};
