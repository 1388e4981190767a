import type { Readable } from 'node:stream';
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
   * Embedded warehouse only: writes the query's rows as a Parquet file at `file` (absolute path), for a columnar
   * reader (nodejs-polars) to load without one JS object per row. BigQuery has none: read rows with `query`.
   */
  queryToParquet?(sql: string, params: QueryParams, file: string): Promise<void>;
  /**
   * Replaces exactly the rows matching `slice` (column = value for each entry, or a Slice with a date range)
   * with `rows`, atomically: readers see either the old slice or the new one, never both or neither. A row
   * outside the slice is refused and nothing is written (a re-run would never replace it). `rows` may be an async
   * iterable (streamed: never all in memory); if it throws, nothing is written either. With `expected`, a
   * compare-and-swap: the slice is replaced only if it still holds what was read (checked in the same
   * transaction), else SliceChangedError is thrown and nothing is written. Tables derived from `def`
   * (TableDef.derived) are recomputed for the UTC days the replace deleted or wrote, in the same transaction.
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
   * delete and insert in one transaction, inserting the select's columns by name, derived tables refreshed as
   * replaceSlice does. Returns rows inserted. With `expected`, a compare-and-swap as in replaceSlice (checked in
   * the transaction before the delete; SliceChangedError and nothing written when the slice changed).
   */
  replaceSliceFromQuery(
    dataset: string,
    def: TableDef,
    slice: Slice,
    select: string,
    params?: QueryParams,
    expected?: SliceExpectation,
  ): Promise<number>;
  /**
   * Atomically replaces the rows of `slice` with export files the engine reads itself, never row by row in JS.
   * DuckDB reads each local file in place (read_csv with every column as text, read_parquet, read_json); BigQuery
   * streams each file's bytes into its GCS staging bucket, loads them with a load job (CSV: every column STRING;
   * Parquet as is) and deletes the staging objects and tables afterwards (absent when no staging bucket is
   * configured). In one transaction: delete the slice; per file, `load.select` over the file's reader is inserted
   * by column name; then `load.finish`. Any error (an unreadable file, a value the select refuses) rolls it all
   * back and is passed to `load.explain` for the error to throw. Returns the rows inserted.
   */
  replaceSliceFromFiles?(dataset: string, def: TableDef, slice: Slice, load: FilesLoad): Promise<number>;
  close(): Promise<void>;
}

/**
 * An export file the warehouse engine reads: a local path (DuckDB reads it in place) or, for a warehouse that stages
 * the bytes itself (BigQuery: a GCS staging object and a load job), `open` for its bytes as stored.
 */
export interface LoadFile {
  /** Local path (the embedded warehouse needs one). */
  path?: string;
  /** The bytes as stored (`.gz` still compressed), streamed. */
  open?(): Promise<Readable>;
  /** What errors name (`s3://…`, the path). */
  name: string;
  format: 'csv' | 'csv.gz' | 'parquet' | 'jsonl' | 'jsonl.gz';
}

/**
 * One loaded file as the format's SELECT reads it: `FROM ${from}`, every column text, the column at header
 * position `i` written `column(i)` (DuckDB: its header name quoted; BigQuery: the staging table's positional
 * column, since export headers such as `lineItem/UnblendedCost` are not BigQuery column names).
 */
export interface FileReader {
  dialect: Warehouse['kind'];
  header: readonly string[];
  from: string;
  column(i: number): string;
}

/**
 * How a FilesLoad SELECT refuses a row, the file's fault (a value of the wrong type, a required value missing): the
 * statement fails with an error whose message holds this (after the engine's own prefix), and the adapter has the
 * file explained (`FilesLoad.explain`).
 */
export const ROW_REFUSED = 'row refused: ';

/** How replaceSliceFromFiles turns export files into rows of the table. */
export interface FilesLoad {
  files: readonly LoadFile[];
  /**
   * The SELECT (parameters `@name`, otherwise in the reader's dialect) of one file's rows for the table, reading
   * `FROM ${reader.from}`; it must keep only rows inside the slice.
   */
  select(file: LoadFile, reader: FileReader): string;
  params?: QueryParams;
  /** A file with no rows at all (header only) fails the load (explained by `explain`). */
  requireRows?: boolean;
  /** Runs inside the transaction after every file is inserted (e.g. a few per-distinct-value updates). */
  finish?(
    run: (sql: string, params?: QueryParams) => Promise<WarehouseRow[]>,
    dialect: Warehouse['kind'],
  ): Promise<void>;
  /** The error to throw for a failed file (the transaction is already rolled back); default: the error. */
  explain?(file: LoadFile, err: unknown): Promise<Error>;
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
  /** DuckDB `memory_limit` (e.g. `1GB`) and `threads` (embedded; unset: DuckDB's defaults). */
  duckdb?: DuckDbSettings;
  projectId?: string;
  location: string;
  /** BigQuery: the GCS bucket export files are staged in for load jobs (unset: export rows stream through JS). */
  stagingBucket?: string;
}

/**
 * DuckDB settings applied when the embedded warehouse opens (DUCKDB_MEMORY_LIMIT, DUCKDB_THREADS), and the time
 * from which a statement is logged (DUCKDB_SLOW_STATEMENT_MS).
 */
export interface DuckDbSettings {
  memoryLimit?: string;
  threads?: number;
  slowStatementMs?: number;
}
