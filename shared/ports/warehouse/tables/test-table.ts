import type { Column, TableDef } from '../schema.js';
import { schemaColumns } from './schema-file.js';

// Tables for the warehouse adapters' tests, their columns written as in DDL: `name TYPE [REQUIRED|NULLABLE]`.

/** `'org_slug STRING REQUIRED, cost NUMERIC'` as columns (mode left out when not written), checked like a schema file. */
export function testColumns(spec: string): Column[] {
  const fields = spec.split(',').map((part) => {
    const [name, type, mode] = part.trim().split(/\s+/);
    return { name, type, ...(mode ? { mode } : {}) };
  });
  return schemaColumns(`test columns '${spec}'`, fields);
}

/** A test table `costs` (version 1) with the columns of `spec`; `overrides` sets anything else. */
export const testTable = (spec: string, overrides: Partial<TableDef> = {}): TableDef => ({
  name: 'costs',
  description: 'test costs',
  version: 1,
  columns: testColumns(spec),
  ...overrides,
});
