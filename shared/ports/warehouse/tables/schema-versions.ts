import type { TableDef } from '../schema.js';
import { tableFromSchema } from './schema-file.js';
import columns from './schemas/schema_versions.json' with { type: 'json' };

/** One row per table version applied to a dataset (bootstrap and org sync write it). */
export const schemaVersionsTable: TableDef = tableFromSchema(columns, {
  name: 'schema_versions',
  description: 'Versions of the table definitions applied to this dataset.',
  version: 1,
});
