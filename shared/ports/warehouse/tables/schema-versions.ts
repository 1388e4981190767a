import type { TableDef } from '../schema.js';

/** One row per table version applied to a dataset (bootstrap and org sync write it). */
export const schemaVersionsTable: TableDef = {
  name: 'schema_versions',
  description: 'Versions of the table definitions applied to this dataset.',
  version: 1,
  columns: [
    { name: 'table_name', type: 'STRING', mode: 'REQUIRED' },
    { name: 'version', type: 'INT64', mode: 'REQUIRED' },
    { name: 'applied_at', type: 'TIMESTAMP', mode: 'REQUIRED' },
  ],
};
