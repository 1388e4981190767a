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
  /**
   * Tables derived from this one (e.g. a daily rollup): every replaceSlice / replaceSliceFromQuery of this table
   * recomputes them for the days it touched, in the same transaction (shared/ports/warehouse/derived.ts).
   */
  derived?: readonly DerivedTable[];
}

/** A table kept in step with its source table, day by day (see TableDef.derived). */
export interface DerivedTable {
  def: TableDef;
  /** The source's DATE or TIMESTAMP column whose UTC day a source row belongs to. */
  sourceDay: string;
  /** The derived table's DATE column (the UTC day of its rows). */
  day: string;
  /**
   * BigQuery SQL selecting the derived rows of the UTC days [@refresh_from, @refresh_to] (DATE parameters) from
   * the source table `source` (as `wh.table` names it), with every column of `def`, each by name.
   */
  select(source: string): string;
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
