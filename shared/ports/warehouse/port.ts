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

/** A compare-and-swap replace found its slice changed since it was read; nothing was written. */
export class SliceChangedError extends Error {
  constructor(table: string, expected: SliceExpectation) {
    super(
      `${table}: the slice changed since it was read (expected ${expected.rows} rows of runs ${[...new Set(expected.runIds)].join(', ')}).`,
    );
    this.name = 'SliceChangedError';
  }
}

/** The rows and run ids of a slice, to compare with a SliceExpectation (BigQuery SQL, both adapters). */
export function sliceStateSql(table: string, where: string): string {
  return `SELECT COUNT(*) AS n, COALESCE(STRING_AGG(DISTINCT x_run_id, ',' ORDER BY x_run_id), '') AS ids
    FROM ${table} WHERE ${where}`;
}

/** Whether a slice's state (a row of sliceStateSql) is the expected one. */
export function sliceHolds(state: WarehouseRow | undefined, expected: SliceExpectation): boolean {
  const ids = [...new Set(expected.runIds)].sort().join(',');
  return Number(state?.n ?? 0) === expected.rows && String(state?.ids ?? '') === ids;
}

/** A Slice as given, or an equality map as a Slice (no table has a column named `equals`). */
export function asSlice(slice: QueryParams | Slice): Slice {
  const e = (slice as Slice).equals;
  const isSlice = typeof e === 'object' && e !== null && !Array.isArray(e) && !(e instanceof Date);
  return isSlice ? (slice as Slice) : { equals: slice as QueryParams };
}

const dayOf = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** Throws naming the first row that lies outside the slice (a value differs, or its date is out of range). */
export function assertRowsInSlice(def: TableDef, slice: Slice, rows: readonly WarehouseRow[]): void {
  rows.forEach((row, i) => assertRowInSlice(def, slice, row, i));
}

/** Throws when row `i` lies outside the slice. */
export function assertRowInSlice(def: TableDef, slice: Slice, row: WarehouseRow, i: number): void {
  const equals = Object.entries(slice.equals);
  const range = slice.dateRange;
  for (const [k, v] of equals) {
    const have = row[k] ?? null;
    const want = v ?? null;
    const same = have === want || (have !== null && want !== null && String(have) === String(want));
    if (!same)
      throw new Error(
        `${def.name}: row ${i} has ${k} = ${String(have)}, outside its slice (${String(want)}).`,
      );
  }
  if (range) {
    const d = dayOf(row[range.column]);
    if (!(d >= range.from && d <= range.to)) {
      throw new Error(
        `${def.name}: row ${i} has ${range.column} = ${d}, outside ${range.from}..${range.to}.`,
      );
    }
  }
}

/** The WHERE clause of a slice over quoted column names, with its parameters (prefixed `slice_`). */
export function sliceWhere(def: TableDef, slice: Slice, quote: (c: string) => string) {
  const known = new Set(def.columns.map((c) => c.name));
  const parts: string[] = [];
  const params: QueryParams = {};
  for (const [k, v] of Object.entries(slice.equals)) {
    if (!known.has(k)) throw new Error(`${def.name}: unknown slice column ${k}`);
    parts.push(`${quote(k)} IS NOT DISTINCT FROM @slice_${k}`);
    params[`slice_${k}`] = v;
  }
  if (slice.dateRange) {
    const c = slice.dateRange.column;
    if (!known.has(c)) throw new Error(`${def.name}: unknown slice column ${c}`);
    parts.push(`${quote(c)} BETWEEN CAST(@slice_from AS DATE) AND CAST(@slice_to AS DATE)`);
    params.slice_from = slice.dateRange.from;
    params.slice_to = slice.dateRange.to;
  }
  if (!parts.length) throw new Error('A slice needs at least one condition.');
  return { where: parts.join(' AND '), params };
}

export interface WarehouseOptions {
  kind: 'duckdb' | 'bigquery';
  /** DuckDB database file (embedded). */
  file: string;
  projectId?: string;
  location: string;
}

/** Chooses the adapter from configuration; each adapter is loaded only when chosen. */
export async function openWarehouse(options: WarehouseOptions): Promise<Warehouse> {
  if (options.kind === 'bigquery') {
    const { openBigQuery } = await import('./bigquery.js');
    return openBigQuery(options);
  }
  const { openDuckDb } = await import('./embedded/duckdb.js');
  return openDuckDb(options.file);
}

/** The rows of an array or an async iterable, one by one. */
export async function* eachRow(
  rows: readonly WarehouseRow[] | AsyncIterable<WarehouseRow>,
): AsyncGenerator<WarehouseRow> {
  if (Symbol.asyncIterator in rows) yield* rows as AsyncIterable<WarehouseRow>;
  else yield* rows as readonly WarehouseRow[];
}
