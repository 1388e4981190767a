import type { TableDef } from '../ports/warehouse/schema.js';
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
    { name: 'usage_date', type: 'DATE', mode: 'REQUIRED', description: 'Day the cost was incurred (UTC).' },
    { name: 'flow', type: 'STRING', mode: 'REQUIRED', description: 'cloud or genai.' },
    { name: 'provider', type: 'STRING', mode: 'REQUIRED', description: 'Provider id, e.g. gcp or openai.' },
    { name: 'provider_name', type: 'STRING', mode: 'REQUIRED', description: 'Provider display name.' },
    { name: 'service_name', type: 'STRING', mode: 'REQUIRED', description: 'Service (or model) name.' },
    { name: 'service_category', type: 'STRING', mode: 'REQUIRED', description: 'FOCUS ServiceCategory.' },
    { name: 'sku_id', type: 'STRING', mode: 'REQUIRED', description: 'SKU identifier.' },
    { name: 'usage_quantity', type: 'NUMERIC', mode: 'REQUIRED', description: 'Quantity consumed.' },
    { name: 'usage_unit', type: 'STRING', mode: 'REQUIRED', description: 'Unit of usage_quantity.' },
    { name: 'unit_price', type: 'NUMERIC', mode: 'REQUIRED', description: 'List price per unit.' },
    { name: 'cost', type: 'NUMERIC', mode: 'REQUIRED', description: 'usage_quantity x unit_price, exact.' },
    { name: 'currency', type: 'STRING', mode: 'REQUIRED', description: 'ISO 4217 currency.' },
    ...lineageColumns,
  ],
  partitionBy: 'usage_date',
  clusterBy: ['flow', 'provider'],
};
