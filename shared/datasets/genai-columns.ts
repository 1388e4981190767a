import type { Column } from '../ports/warehouse/schema.js';
import { col } from './columns.js';
import { genaiProviderColumns, hierarchyColumns, lineageColumns } from './lineage.js';

/** The x_* columns after a GenAI pipeline table's own: lineage, GenAI provider, hierarchy. */
export const genaiPipelineColumns: readonly Column[] = [
  ...lineageColumns,
  ...genaiProviderColumns,
  ...hierarchyColumns,
];

/** Validity and origin of a dated price (the three GenAI pricing tables). */
export const pricingValidity: readonly Column[] = [
  col('effective_from', 'DATE', 'First day the price applies.', true),
  col('effective_to', 'DATE', 'Last day the price applies; NULL while current.'),
  col('status', 'STRING', 'active | deprecated | preview.'),
  col('is_override', 'BOOL', 'True when the org negotiated this price (overrides the public list price).'),
  col('notes', 'STRING', 'Free text, e.g. the contract reference of an override.'),
];
