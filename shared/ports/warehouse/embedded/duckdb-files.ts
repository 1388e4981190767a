/**
 * `replaceSliceFromFiles` on DuckDB: export files are read by DuckDB itself (read_csv with every column as text,
 * read_parquet / read_json with every column cast to text) and inserted through the caller's SELECT, in the slice's
 * transaction. No row passes through JS; memory is DuckDB's (bounded by its memory_limit, spilling beyond it).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FilesLoad, LoadFile, QueryParams, Slice, WarehouseRow } from '../port.js';
import type { TableDef } from '../schema.js';
import { sliceWhere } from '../slice.js';

type Run = (sql: string, params?: QueryParams) => Promise<WarehouseRow[]>;

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Column types read as they are; any other (MAP, STRUCT, LIST, …) is cast to its JSON text. */
const SCALAR =
  /^(VARCHAR|BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w*INT|FLOAT|DOUBLE|DECIMAL.*|DATE|TIME.*|UUID|BLOB)$/;

/** The table function reading one file: every column as text, in the file's column order. */
async function fileReader(run: Run, file: LoadFile): Promise<{ reader: string; header: string[] }> {
  const path = literal(file.path);
  if (file.format === 'csv' || file.format === 'csv.gz') {
    // Short rows get NULLs for their missing trailing cells (koku's CURs), as the JS reader does.
    const reader =
      `read_csv(${path}, header = true, all_varchar = true, null_padding = true, delim = ',', quote = '"', ` +
      `escape = '"', compression = '${file.format === 'csv.gz' ? 'gzip' : 'none'}')`;
    const cols = await run(`DESCRIBE SELECT * FROM ${reader}`);
    return { reader, header: cols.map((c) => String(c.column_name)) };
  }
  const source =
    file.format === 'parquet'
      ? `read_parquet(${path}, hive_partitioning = false)`
      : `read_json(${path}, format = 'newline_delimited', compression = '${file.format === 'jsonl.gz' ? 'gzip' : 'none'}')`;
  const cols = await run(`DESCRIBE SELECT * FROM ${source}`);
  const header = cols.map((c) => String(c.column_name));
  const casts = cols.map((c) => {
    const name = q(String(c.column_name));
    const type = String(c.column_type);
    // Timestamps keep their offset in the text ('+00'); nested values become JSON text.
    return SCALAR.test(type)
      ? `CAST(${name} AS VARCHAR) AS ${name}`
      : `CAST(to_json(${name}) AS VARCHAR) AS ${name}`;
  });
  return { reader: `(SELECT ${casts.join(', ')} FROM ${source})`, header };
}

/**
 * Deletes the slice and inserts each file's rows by name in one transaction (`inTransaction`); a failure rolls it
 * all back and `load.explain` names the file. Returns the rows inserted.
 */
export async function replaceSliceFromFiles(
  session: { conn: DuckDBConnection; run: Run; table(dataset: string, name: string): string },
  inTransaction: <T>(conn: DuckDBConnection, fn: () => Promise<T>) => Promise<T>,
  dataset: string,
  def: TableDef,
  slice: Slice,
  load: FilesLoad,
): Promise<number> {
  const { conn, run } = session;
  const t = session.table(dataset, def.name);
  const { where, params: sp } = sliceWhere(def, slice, q);
  let current: LoadFile | undefined;
  try {
    return await inTransaction(conn, async () => {
      await run(`DELETE FROM ${t} WHERE ${where}`, sp);
      let inserted = 0;
      for (const file of load.files) {
        current = file;
        const { reader, header } = await fileReader(run, file);
        const select = load.select(file, header, reader);
        inserted += Number((await run(`INSERT INTO ${t} BY NAME (${select})`, load.params))[0]?.Count ?? 0);
      }
      current = undefined;
      await load.finish?.(run);
      const inSlice = Number((await run(`SELECT count(*) AS n FROM ${t} WHERE ${where}`, sp))[0]!.n);
      // Rows outside the slice would never be replaced by a re-run and would be counted twice.
      if (inSlice !== inserted)
        throw new Error(`${def.name}: the load wrote ${inserted - inSlice} rows outside its slice.`);
      return inserted;
    });
  } catch (err) {
    if (current && load.explain) throw await load.explain(current, err);
    throw err;
  }
}
