import type { TableDef } from './schema.js';
import type { QueryParams, Slice, SliceExpectation, WarehouseRow } from './port.js';

// What both adapters share to replace a slice: its WHERE clause, the row checks, the compare-and-swap state.

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

/** The rows of an array or an async iterable, one by one. */
export async function* eachRow(
  rows: readonly WarehouseRow[] | AsyncIterable<WarehouseRow>,
): AsyncGenerator<WarehouseRow> {
  if (Symbol.asyncIterator in rows) yield* rows as AsyncIterable<WarehouseRow>;
  else yield* rows as readonly WarehouseRow[];
}
