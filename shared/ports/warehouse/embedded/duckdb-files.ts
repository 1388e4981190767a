/**
 * `replaceSliceFromFiles` on DuckDB: export files are read by DuckDB itself (read_csv with every column as text,
 * read_parquet / read_json with every column cast to text) and inserted through the caller's SELECT, in the slice's
 * transaction. No row passes through JS; memory is DuckDB's (bounded by its memory_limit, spilling beyond it).
 */
import type { FileReader, FilesLoad, LoadFile, Slice } from '../port.js';
import type { TableDef } from '../schema.js';
import { sliceWhere } from '../slice.js';
import type { Session } from './duckdb.js';

type Run = Session['run'];
type InTransaction = <T>(session: Pick<Session, 'conn' | 'run'>, fn: () => Promise<T>) => Promise<T>;

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Column types read as they are; any other (MAP, STRUCT, LIST, …) is cast to its JSON text. */
const SCALAR =
  /^(VARCHAR|BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w*INT|FLOAT|DOUBLE|DECIMAL.*|DATE|TIME.*|UUID|BLOB)$/;

const CSV_OPTIONS = `all_varchar = true, null_padding = true, auto_detect = false, delim = ',', quote = '"', escape = '"'`;

/**
 * A CSV file read as text with its own header: the header line is read first (the sniffer would invent names for
 * the extra cells of long rows), then the rows against it plus one spare column, so that a row longer than the
 * header fails unless its extra cell is empty; rows longer still fail in the scanner. Short rows get NULLs for
 * their missing trailing cells (koku's CURs), as the JS reader does. `serial`: a file with quoted line breaks,
 * which DuckDB's parallel scanner cannot pad.
 */
async function csvReader(run: Run, file: LoadFile, serial: boolean): Promise<TextReader> {
  const options = `${CSV_OPTIONS}, compression = '${file.format === 'csv.gz' ? 'gzip' : 'none'}'`;
  const path = literal(pathOf(file));
  const sniffed = await run(
    `DESCRIBE SELECT * FROM read_csv(${path}, header = true, all_varchar = true, null_padding = true)`,
  );
  const probe = Array.from({ length: sniffed.length + 1 }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const first =
    (
      await run(
        `SELECT * FROM read_csv(${path}, header = false, parallel = false, ${options}, columns = {${probe}}) LIMIT 1`,
      )
    )[0] ?? {};
  const cells = Object.values(first);
  const count = cells.length - [...cells].reverse().findIndex((v) => v !== null);
  const header = cells
    .slice(0, count > cells.length ? 0 : count)
    // An empty name stays empty, as in the JS reader (no spec matches it, no raw key is made of it).
    .map((v, i) => (i === 0 ? String(v ?? '').replace(/^\uFEFF/, '') : String(v ?? '')).trim());
  // Columns by position (c0, c1, …): header names may repeat, or differ in case only, which DuckDB's names may not.
  const columns = [...header.map((_, i) => `c${i}`), EXTRA]
    .map((name) => `${literal(name)}: 'VARCHAR'`)
    .join(', ');
  const scan = `read_csv(${path}, header = true, ${options}, columns = {${columns}}${serial ? ', parallel = false' : ''})`;
  const reader = `(SELECT * EXCLUDE (${q(EXTRA)}) FROM ${scan}
    WHERE ${q(EXTRA)} IS NULL OR ${q(EXTRA)} = '' OR error('a row has more fields than the header'))`;
  return { reader, header, column: (i) => q(`c${i}`) };
}

/** A file read as text: the table expression, the file's header and each column's SQL by position. */
interface TextReader {
  reader: string;
  header: string[];
  column(index: number): string;
}
const EXTRA = '__cloudact_extra_cell';

/** The local path DuckDB reads a file at (the step gives one whenever the warehouse is DuckDB). */
function pathOf(file: LoadFile): string {
  if (file.path === undefined) throw new Error(`${file.name}: the embedded warehouse reads local files only`);
  return file.path;
}

/** The table function reading one file: every column as text, in the file's column order. */
async function fileReader(run: Run, file: LoadFile, serial: boolean): Promise<TextReader> {
  const path = literal(pathOf(file));
  if (file.format === 'csv' || file.format === 'csv.gz') return csvReader(run, file, serial);
  const source =
    file.format === 'parquet'
      ? `read_parquet(${path}, hive_partitioning = false)`
      : `read_json(${path}, format = 'newline_delimited', compression = '${file.format === 'jsonl.gz' ? 'gzip' : 'uncompressed'}')`;
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
  return { reader: `(SELECT ${casts.join(', ')} FROM ${source})`, header, column: (i) => q(header[i]!) };
}

/**
 * Deletes the slice and inserts each file's rows by name in one transaction (`inTransaction`); a failure rolls it
 * all back and `load.explain` names the file. Returns the rows inserted.
 */
export async function replaceSliceFromFiles(
  session: Session,
  inTransaction: InTransaction,
  dataset: string,
  def: TableDef,
  slice: Slice,
  load: FilesLoad,
): Promise<number> {
  const serial = new Set<string>();
  for (;;) {
    try {
      return await loadOnce(session, inTransaction, dataset, def, slice, load, serial);
    } catch (err) {
      const file = (err as { file?: LoadFile }).file;
      // Quoted line breaks with short-row padding need the serial CSV scanner: the load is run again.
      if (
        file &&
        !serial.has(pathOf(file)) &&
        /does not support null_padding in conjunction with quoted new lines/.test(String(err))
      ) {
        serial.add(pathOf(file));
        continue;
      }
      if (file && load.explain) throw await load.explain(file, err);
      throw err;
    }
  }
}

/** DuckDB settings of a load (see `loadOnce`). */
const loadSettings = (session: Session) =>
  [
    ['preserve_insertion_order', 'false'],
    ['force_compression', `'${session.textCompression}'`],
  ] as const;

/** One attempt: the transaction; an error is thrown with the file it happened in (`file`), if any. */
async function loadOnce(
  session: Session,
  inTransaction: InTransaction,
  dataset: string,
  def: TableDef,
  slice: Slice,
  load: FilesLoad,
  serial: ReadonlySet<string>,
): Promise<number> {
  const { run } = session;
  const t = session.table(dataset, def.name);
  const { where, params: sp } = sliceWhere(def, slice, q);
  let current: LoadFile | undefined;
  // In insertion order, DuckDB buffers each thread's batches to reorder them: with rows of ~1.5 KB (the raw
  // JSON), that buffer outgrows memory_limit and the insert thrashes (300k CUR rows: 2x slower, super-linear).
  // The raw table has no order; reads sort. One compression method is forced for text: analysing the others held
  // ~450 MB more per 300k rows. ZSTD where the file's format has it (see duckdb.ts): 1M CUR rows insert in ~9.4 s
  // instead of ~11.1 s with FSST (three runs each), into 270 MB of file instead of 700 MB; FSST in older files.
  // Both are reset after the load: the session's other statements keep the defaults.
  const settings = loadSettings(session);
  for (const [name, value] of settings) await run(`SET ${name} = ${value}`);
  try {
    return await inTransaction(session, async () => {
      await run(`DELETE FROM ${t} WHERE ${where}`, sp);
      let inserted = 0;
      for (const file of load.files) {
        current = file;
        const { reader, header, column } = await fileReader(run, file, serial.has(pathOf(file)));
        const from: FileReader = { dialect: 'duckdb', header, from: reader, column };
        const select = load.select(file, from);
        const n = Number((await run(`INSERT INTO ${t} BY NAME (${select})`, load.params))[0]?.Count ?? 0);
        // None inserted: outside the slice's dates, or no rows at all (checked on the first rows only).
        if (n === 0 && load.requireRows && !(await run(`SELECT 1 AS x FROM ${reader} LIMIT 1`)).length)
          throw new Error(`${file.name}: no rows`);
        inserted += n;
      }
      current = undefined;
      await load.finish?.(run, 'duckdb');
      const inSlice = Number((await run(`SELECT count(*) AS n FROM ${t} WHERE ${where}`, sp))[0]!.n);
      // Rows outside the slice would never be replaced by a re-run and would be counted twice.
      if (inSlice !== inserted)
        throw new Error(`${def.name}: the load wrote ${inserted - inSlice} rows outside its slice.`);
      return inserted;
    });
  } catch (err) {
    throw current
      ? Object.assign(err instanceof Error ? err : new Error(String(err)), { file: current })
      : err;
  } finally {
    // A connection that cannot reset is broken: the load's own error (or result) is the one to report.
    for (const [name] of settings) await run(`RESET ${name}`).catch(() => undefined);
  }
}
