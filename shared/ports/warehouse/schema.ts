/** BigQuery column types; the DuckDB adapter maps each to its own. */
export type ColumnType =
  'STRING' | 'INT64' | 'NUMERIC' | 'BIGNUMERIC' | 'FLOAT64' | 'BOOL' | 'DATE' | 'TIMESTAMP' | 'JSON';

export interface Column {
  name: string;
  type: ColumnType;
  /** REQUIRED columns are NOT NULL. */
  mode?: 'REQUIRED' | 'NULLABLE';
  description?: string;
}

/** A warehouse table, declared once and created the same way in BigQuery and DuckDB. */
export interface TableDef {
  name: string;
  description: string;
  /** Bumped whenever columns are added; recorded in the dataset's `schema_versions`. */
  version: number;
  columns: readonly Column[];
  /** DATE or TIMESTAMP column to partition by day (BigQuery). */
  partitionBy?: string;
  clusterBy?: readonly string[];
}

export const DATASET_NAME = /^[a-z0-9_]{3,64}$/;
export const TABLE_NAME = /^[a-z_][a-z0-9_]{0,127}$/;
export const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;

/** Throws unless every identifier in the definition is safe to splice into DDL. */
export function assertTableDef(def: TableDef): void {
  if (!TABLE_NAME.test(def.name)) throw new Error(`Invalid table name: ${def.name}`);
  const seen = new Set<string>();
  for (const c of def.columns) {
    if (!COLUMN_NAME.test(c.name)) throw new Error(`Invalid column name ${def.name}.${c.name}`);
    if (seen.has(c.name.toLowerCase())) throw new Error(`Duplicate column ${def.name}.${c.name}`);
    seen.add(c.name.toLowerCase());
  }
  for (const c of [def.partitionBy, ...(def.clusterBy ?? [])]) {
    if (c && !seen.has(c.toLowerCase()))
      throw new Error(`${def.name}: unknown partition/cluster column ${c}`);
  }
}

export function assertDataset(dataset: string): void {
  if (!DATASET_NAME.test(dataset)) throw new Error(`Invalid dataset name: ${dataset}`);
}
