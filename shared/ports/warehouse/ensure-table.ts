import type { Column, TableDef } from './schema.js';
import { assertDataset, assertTableDef } from './schema.js';
import type { EnsureResult, Warehouse } from './port.js';
import { schemaVersionsTable } from './tables/schema-versions.js';

/** What an adapter provides so that table creation and evolution work the same way everywhere. */
export interface TablePrimitives {
  existingColumns(dataset: string, table: string): Promise<string[] | undefined>;
  createTable(dataset: string, def: TableDef): Promise<void>;
  addColumns(dataset: string, def: TableDef, columns: readonly Column[]): Promise<void>;
}

/**
 * Creates a table or adds its missing columns (never drops or retypes: data is kept), then records the
 * definition's version in the dataset's `schema_versions`. Re-runnable.
 */
export async function ensureTable(
  wh: Pick<Warehouse, 'query' | 'table'>,
  p: TablePrimitives,
  dataset: string,
  def: TableDef,
): Promise<EnsureResult> {
  assertDataset(dataset);
  assertTableDef(def);
  const existing = await p.existingColumns(dataset, def.name);
  let result: EnsureResult = 'existing';
  if (!existing) {
    await p.createTable(dataset, def);
    result = 'created';
  } else {
    const have = new Set(existing.map((c) => c.toLowerCase()));
    const missing = def.columns.filter((c) => !have.has(c.name.toLowerCase()));
    if (missing.length > 0) {
      // New columns are added as NULLABLE: existing rows have no value for them.
      await p.addColumns(dataset, def, missing);
      result = 'updated';
    }
  }
  if (def.name !== schemaVersionsTable.name) await recordVersion(wh, dataset, def);
  return result;
}

async function recordVersion(wh: Pick<Warehouse, 'query' | 'table'>, dataset: string, def: TableDef) {
  const t = wh.table(dataset, schemaVersionsTable.name);
  const rows = await wh.query<{ v: number | null }>(
    `SELECT MAX(version) AS v FROM ${t} WHERE table_name = @name`,
    {
      name: def.name,
    },
  );
  if ((rows[0]?.v ?? 0) >= def.version) return;
  await wh.query(
    `INSERT INTO ${t} (table_name, version, applied_at) VALUES (@name, @version, CURRENT_TIMESTAMP())`,
    {
      name: def.name,
      version: def.version,
    },
  );
}
