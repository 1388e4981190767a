import type { Column, TableDef } from '../ports/warehouse/schema.js';
import { tableFromSchema, type SchemaTable } from '../ports/warehouse/tables/schema-file.js';
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

/** A GenAI usage or cost table written by a pipeline: its columns, then `genaiPipelineColumns`. */
export const genaiPipelineTable = (json: unknown, def: SchemaTable): TableDef =>
  tableFromSchema(json, { ...def, append: [...(def.append ?? []), ...genaiPipelineColumns] });

/** A GenAI price table (payg, commitment, infrastructure): its columns, then the price validity and lineage. */
export const genaiPricingTable = (json: unknown, def: SchemaTable): TableDef =>
  tableFromSchema(json, { ...def, append: [...pricingValidity, ...lineageColumns] });
