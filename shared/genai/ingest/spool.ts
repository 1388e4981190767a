/**
 * A slice's rows spooled to a private temp NDJSON file before the warehouse sees them. The GenAI extract pages
 * the provider's usage API into the spool (network waits hold no warehouse connection: DuckDB has one, and every
 * other statement of the process would queue behind them), then loads it in one go: on the embedded warehouse
 * the engine reads the file itself (read_json, every column as text, cast to its type as row inserts are), on
 * BigQuery the rows stream from the file into the adapter's load job. Memory stays bounded by a page or two (the one
 * written and the one arriving), never the run.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ColumnType, TableDef } from '../../ports/warehouse/schema.js';
import type { Slice, Warehouse, WarehouseRow } from '../../ports/warehouse/port.js';

/** Lines are written in chunks of about this many characters (few writes, bounded memory). */
const CHUNK_CHARS = 1 << 20;

/** The DuckDB type each column's text is cast to (as the embedded adapter's row inserts cast it). */
const DUCK_TYPES: Record<ColumnType, string> = {
  STRING: 'VARCHAR',
  INT64: 'BIGINT',
  NUMERIC: 'DECIMAL(38,9)',
  BIGNUMERIC: 'DECIMAL(38,18)',
  FLOAT64: 'DOUBLE',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMPTZ',
  JSON: 'JSON',
};

/**
 * A spooled slice: its file, how many rows it holds, the columns every row shares (`constants`, not in the file),
 * its rows read back (with the constants), and its removal.
 */
export interface Spool {
  path: string;
  rows: number;
  constants: WarehouseRow;
  read(): AsyncGenerator<WarehouseRow>;
  remove(): Promise<void>;
}

/** Rows one at a time, or in batches (a provider's page): an item that is an array is a batch of rows. */
export type SpoolInput =
  Iterable<WarehouseRow | readonly WarehouseRow[]> | AsyncIterable<WarehouseRow | readonly WarehouseRow[]>;

const isBatch = (item: WarehouseRow | readonly WarehouseRow[]): item is readonly WarehouseRow[] =>
  Array.isArray(item);

/**
 * Writes `rows` to a new private temp file (0700 directory) as they come; waits for the disk when it lags.
 * `constants`: column values every row has (lineage, say), given once instead of written into each line.
 */
export async function spoolRows(
  def: TableDef,
  rows: SpoolInput,
  constants: WarehouseRow = {},
): Promise<Spool> {
  const dir = await mkdtemp(join(tmpdir(), 'cloudact-spool-'));
  const path = join(dir, `${def.name}.jsonl`);
  const remove = () => rm(dir, { recursive: true, force: true });
  let count = 0;
  try {
    const out = createWriteStream(path, { mode: 0o600 });
    const failed = new Promise<never>((_, reject) => out.on('error', reject));
    failed.catch(() => undefined);
    const write = async (text: string) => {
      if (!out.write(text))
        await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
    };
    let chunk = '';
    for await (const item of rows) {
      const batch = isBatch(item) ? item : [item];
      for (const row of batch) {
        // The row as it is, one JSON.stringify (V8's fast path; copying its columns first cost ~3x): Dates become
        // ISO text, JSON columns nested JSON (read back as their text), keys of no column are ignored by the load.
        chunk += `${JSON.stringify(row)}\n`;
        count += 1;
        if (chunk.length >= CHUNK_CHARS) {
          await write(chunk);
          chunk = '';
        }
      }
    }
    if (chunk) await write(chunk);
    await Promise.race([new Promise<void>((r) => out.end(r)), failed]);
  } catch (err) {
    await remove();
    throw err;
  }
  async function* read(): AsyncGenerator<WarehouseRow> {
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
    for await (const text of lines)
      if (text) yield Object.assign(JSON.parse(text) as WarehouseRow, constants);
  }
  return { path, rows: count, constants, read, remove };
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A constant column's text as the file would hold it (a Date as ISO text, an object as its JSON), or null. */
function constantText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * The DuckDB select of a spool file's rows: read_json with every column declared text (no type inference: a
 * column NULL throughout the sample would be guessed JSON and its later strings read back quoted; a nested value
 * is read as its JSON text as written), each cast to its type; the spool's constants are bound parameters (their
 * text, as the file would hold it) cast alike.
 */
export function spoolSelect(
  def: TableDef,
  path: string,
  constants: WarehouseRow = {},
): { sql: string; params: Record<string, string | null> } {
  const params: Record<string, string | null> = {};
  const read = def.columns.filter((c) => !Object.hasOwn(constants, c.name));
  if (read.length === 0)
    throw new Error(`${def.name}: every column is a constant; nothing to read from the spool.`);
  const columns = read.map((c) => `${literal(c.name)}: 'VARCHAR'`).join(', ');
  const casts = def.columns
    .map((c) => {
      let value = quoted(c.name);
      if (Object.hasOwn(constants, c.name)) {
        const name = `spool_constant_${Object.keys(params).length}`;
        params[name] = constantText(constants[c.name]);
        value = `@${name}`;
      }
      return `CAST(${value} AS ${DUCK_TYPES[c.type]}) AS ${quoted(c.name)}`;
    })
    .join(', ');
  return {
    sql: `SELECT ${casts} FROM read_json(${literal(path)}, format = 'newline_delimited', columns = {${columns}})`,
    params,
  };
}

/**
 * Replaces the slice with the spooled rows: on the embedded warehouse the engine reads the file itself in the
 * slice's transaction (replaceSliceFromQuery over read_json, which refuses rows outside the slice); elsewhere the
 * rows stream back from the file into the adapter's load.
 */
export async function replaceSliceFromSpool(
  wh: Warehouse,
  dataset: string,
  def: TableDef,
  slice: Slice,
  spool: Spool,
): Promise<void> {
  if (wh.kind === 'duckdb' && spool.rows > 0) {
    const { sql, params } = spoolSelect(def, spool.path, spool.constants);
    const n = await wh.replaceSliceFromQuery(dataset, def, slice, sql, params);
    if (n !== spool.rows) throw new Error(`${def.name}: loaded ${n} of ${spool.rows} spooled rows.`);
    return;
  }
  await wh.replaceSlice(dataset, def, slice, spool.read());
}

/**
 * Replaces the slice with `rows` (e.g. pages of a provider API as they arrive, a batch each) through a spool:
 * the rows are all read before the warehouse is used, then loaded at once; the file is removed afterwards.
 * `constants`: columns every row shares (see spoolRows).
 */
export async function replaceSliceSpooled(
  wh: Warehouse,
  dataset: string,
  def: TableDef,
  slice: Slice,
  rows: SpoolInput,
  constants: WarehouseRow = {},
): Promise<void> {
  const spool = await spoolRows(def, rows, constants);
  try {
    await replaceSliceFromSpool(wh, dataset, def, slice, spool);
  } finally {
    await spool.remove();
  }
}
