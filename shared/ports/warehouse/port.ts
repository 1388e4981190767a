import type { TableDef } from './schema.js';

export type WarehouseRow = Record<string, unknown>;
/** Named query parameters, referenced as `@name` in SQL (BigQuery syntax on both adapters). */
export type QueryParams = Record<string, string | number | boolean | null | Date | readonly string[]>;

export type EnsureResult = 'created' | 'updated' | 'existing';

/**
 * The warehouse port: BigQuery in production, DuckDB embedded. A dataset is a BigQuery dataset or a DuckDB
 * schema. Values come back normalised the same way on both: NUMERIC as decimal strings, INT64 as numbers,
 * DATE as 'YYYY-MM-DD', TIMESTAMP as ISO 8601 strings.
 */
export interface Warehouse {
  readonly kind: 'duckdb' | 'bigquery';
  ensureDataset(dataset: string): Promise<EnsureResult>;
  /** Creates the table, or adds the columns it lacks; records the version in the dataset's schema_versions. */
  ensureTable(dataset: string, def: TableDef): Promise<EnsureResult>;
  datasetExists(dataset: string): Promise<boolean>;
  listTables(dataset: string): Promise<string[]>;
  /** A fully qualified, quoted table reference for SQL, from validated names only. */
  table(dataset: string, table: string): string;
  query<T = WarehouseRow>(sql: string, params?: QueryParams): Promise<T[]>;
  /**
   * Replaces exactly the rows matching `slice` (column = value for each entry, or a Slice with a date range)
   * with `rows`, atomically: readers see either the old slice or the new one, never both or neither. A row
   * outside the slice is refused and nothing is written (a re-run would never replace it). `rows` may be an async
   * iterable (streamed: never all in memory); if it throws, nothing is written either. With `expected`, a
   * compare-and-swap: the slice is replaced only if it still holds what was read (checked in the same
   * transaction), else SliceChangedError is thrown and nothing is written.
   */
  replaceSlice(
    dataset: string,
    def: TableDef,
    slice: QueryParams | Slice,
    rows: readonly WarehouseRow[] | AsyncIterable<WarehouseRow>,
    expected?: SliceExpectation,
  ): Promise<void>;
  /**
   * Atomically replaces the rows of `slice` with the result of `select` (BigQuery SQL, `@name` parameters):
   * delete and insert in one transaction, inserting the select's columns by name. Returns rows inserted.
   */
  replaceSliceFromQuery(
    dataset: string,
    def: TableDef,
    slice: Slice,
    select: string,
    params?: QueryParams,
  ): Promise<number>;
  close(): Promise<void>;
}

/** Rows whose columns equal `equals` (NULL matches NULL) and, when given, whose date column is in [from, to]. */
export interface Slice {
  equals: QueryParams;
  dateRange?: { column: string; from: string; to: string };
}

/** What a slice held when it was read: its row count and the distinct run ids (`x_run_id`) of its rows. */
export interface SliceExpectation {
  rows: number;
  runIds: readonly string[];
}

export interface WarehouseOptions {
  kind: 'duckdb' | 'bigquery';
  /** DuckDB database file (embedded). */
  file: string;
  projectId?: string;
  location: string;
}
