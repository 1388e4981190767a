import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { Column, ColumnType, TableDef } from '../schema.js';
import { assertDataset, TABLE_NAME } from '../schema.js';
import {
  type EnsureResult,
  type SliceExpectation,
  type QueryParams,
  type Slice,
  type DuckDbSettings,
  type Warehouse,
  type WarehouseRow,
} from '../port.js';
import {
  asSlice,
  assertRowInSlice,
  eachRow,
  SliceChangedError,
  sliceHolds,
  sliceStateSql,
  sliceWhere,
} from '../slice.js';
import { ensureTable, type TablePrimitives } from '../ensure-table.js';
import { schemaVersionsTable } from '../tables/schema-versions.js';
import { toDuckDbSql } from './dialect.js';
import { replaceSliceFromFiles } from './duckdb-files.js';
import { refreshDerived, touchedDays } from '../derived.js';
import { runOn, timed } from './duckdb-run.js';

const TYPES: Record<ColumnType, string> = {
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

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
const colDdl = (c: Column, allowRequired: boolean) =>
  `${q(c.name)} ${TYPES[c.type]}${allowRequired && c.mode === 'REQUIRED' ? ' NOT NULL' : ''}`;

/** One open DuckDB connection and the primitives every operation shares (duckdb-files.ts too). */
export interface Session {
  conn: DuckDBConnection;
  /** Runs BigQuery-dialect SQL on the connection directly (callers hold the serial chain). */
  run(sql: string, params?: QueryParams): Promise<WarehouseRow[]>;
  table(dataset: string, name: string): string;
  /** What export loads compress text with: ZSTD where the file's format has it, else FSST. */
  textCompression: 'zstd' | 'fsst';
}

/**
 * The storage format of the files this adapter creates (DuckDB's own default stays readable by v0.10.2): it writes
 * faster (a 243k-row GenAI FOCUS insert ~20% less time) and allows ZSTD for long text (see duckdb-files.ts). A
 * file keeps the format it was created with: one made before keeps the old one (its loads use FSST, as before).
 * A file in this format is not readable by DuckDB releases before 1.5.
 */
const STORAGE_VERSION = 'v1.5.0';

/** Whether the open file's format (`v1.0.0+`, `v1.5.0+`, …) compresses text with ZSTD (from v1.2.0 on). */
async function hasZstdText(conn: DuckDBConnection): Promise<boolean> {
  const reader = await conn.runAndReadAll(
    "SELECT tags['storage_version'] AS v FROM duckdb_databases() WHERE database_name = current_database()",
  );
  const m = /^v(\d+)\.(\d+)/.exec(String(reader.getRowObjectsJson()[0]?.v ?? ''));
  return m !== null && (Number(m[1]) > 1 || (Number(m[1]) === 1 && Number(m[2]) >= 2));
}

/**
 * Embedded warehouse: one DuckDB file, one schema per dataset. Statements run one at a time. `settings`: DuckDB's
 * memory_limit (beyond it, large operators spill to disk) and threads, from DUCKDB_MEMORY_LIMIT / DUCKDB_THREADS;
 * statements slower than DUCKDB_SLOW_STATEMENT_MS are logged.
 */
export async function openDuckDb(file: string, settings: DuckDbSettings = {}): Promise<Warehouse> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const instance = await DuckDBInstance.create(file, {
    storage_compatibility_version: STORAGE_VERSION,
    ...(settings.memoryLimit ? { memory_limit: settings.memoryLimit } : {}),
    ...(settings.threads ? { threads: String(settings.threads) } : {}),
  });
  const conn = await instance.connect();
  // TIMESTAMP <-> TIMESTAMPTZ casts follow the session zone: pin it to UTC as BigQuery is.
  await conn.run("SET TimeZone = 'UTC'");
  const serial = serialiser();
  const session: Session = {
    conn,
    run: timed(settings.slowStatementMs, (sql, params) => runOn(conn, toDuckDbSql(sql), params)),
    table,
    textCompression: (await hasZstdText(conn)) ? 'zstd' : 'fsst',
  };
  const { run } = session;
  const primitives = tablePrimitives(session);
  // Inside serialised sections, call the connection directly (the chain is already held).
  const inner: Pick<Warehouse, 'query' | 'table'> = {
    table,
    query: (sql, params) => run(sql, params) as never,
  };
  return {
    kind: 'duckdb',
    table,
    query: (sql, params) => serial(() => run(sql, params)) as never,
    queryToParquet: (sql, params, file) =>
      serial(async () => {
        if (!isAbsolute(file) || file.includes("'")) throw new Error(`Not a Parquet file path: ${file}`);
        await run(`COPY (${sql}) TO '${file}' (FORMAT parquet)`, params);
      }),
    ensureDataset: (dataset) => serial(() => ensureDataset(session, inner, primitives, dataset)),
    ensureTable: (dataset, def) => serial(() => ensureTable(inner, primitives, dataset, def)),
    datasetExists: (dataset) => serial(() => datasetExists(session, dataset)),
    listTables: (dataset) => serial(() => listTables(session, dataset)),
    replaceSlice: (dataset, def, given, rows, expected) =>
      serial(() => replaceSlice(session, dataset, def, given, rows, expected)),
    replaceSliceFromQuery: (dataset, def, slice, select, params = {}, expected) =>
      serial(() => replaceSliceFromQuery(session, dataset, def, slice, select, params, expected)),
    replaceSliceFromFiles: (dataset, def, slice, load) =>
      serial(() => replaceSliceFromFiles(session, inTransaction, dataset, def, slice, load)),
    close: () =>
      serial(async () => {
        conn.closeSync();
        instance.closeSync();
      }),
  };
}

/** Runs each function after the previous one settles, whatever its outcome: one statement at a time. */
function serialiser(): <T>(fn: () => Promise<T>) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
}

function table(dataset: string, name: string): string {
  assertDataset(dataset);
  if (!TABLE_NAME.test(name)) throw new Error(`Invalid table name: ${name}`);
  return `${q(dataset)}.${q(name)}`;
}

/**
 * Runs `fn` in one transaction: committed when it returns, rolled back when it throws. The COMMIT goes through
 * `run` (it may checkpoint: a slow one is logged like any statement).
 */
async function inTransaction<T>(
  { conn, run }: Pick<Session, 'conn' | 'run'>,
  fn: () => Promise<T>,
): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const result = await fn();
    await run('COMMIT');
    return result;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

// DuckDB spells each type as TYPES does, except TIMESTAMPTZ (in full). Others keep their spelling.
const PORT_TYPE = new Map(
  Object.entries({ ...TYPES, TIMESTAMP: 'TIMESTAMP WITH TIME ZONE' }).map(([port, duck]) => [duck, port]),
);

/** The table operations `ensureTable` builds on, as DuckDB DDL. */
function tablePrimitives({ conn, run, table }: Session): TablePrimitives {
  return {
    async existingColumns(dataset, name) {
      // pragma_table_info looks the one table up; information_schema.columns scans every column of every
      // dataset (90 ms per call at 300 orgs, so onboarding grew with the number of orgs).
      let rows: Record<string, unknown>[];
      try {
        rows = await run(`SELECT name, type, "notnull" FROM pragma_table_info('${table(dataset, name)}')`);
      } catch (err) {
        if (/Catalog Error: Table with name .* does not exist/.test(String(err))) return undefined;
        throw err;
      }
      return rows.map((r) => ({
        name: String(r.name),
        type: PORT_TYPE.get(String(r.type)) ?? String(r.type),
        required: r.notnull === true,
      }));
    },
    async createTable(dataset, def) {
      await run(
        `CREATE TABLE IF NOT EXISTS ${table(dataset, def.name)} (${def.columns.map((c) => colDdl(c, true)).join(', ')})`,
      );
    },
    async addColumns(dataset, def, columns) {
      for (const c of columns)
        await run(`ALTER TABLE ${table(dataset, def.name)} ADD COLUMN ${colDdl(c, false)}`);
    },
    async alterColumns(dataset, def, { widen, relax }) {
      const t = table(dataset, def.name);
      // DuckDB's DDL is transactional: all of the changes or none. Widening rewrites the column, casting
      // every value; one that does not fit fails the statement (DECIMAL(38,18) keeps 20 integer digits).
      await inTransaction({ conn, run }, async () => {
        for (const c of widen) await run(`ALTER TABLE ${t} ALTER COLUMN ${q(c.name)} TYPE ${TYPES[c.type]}`);
        for (const name of relax) await run(`ALTER TABLE ${t} ALTER COLUMN ${q(name)} DROP NOT NULL`);
      });
    },
  };
}

async function ensureDataset(
  session: Session,
  inner: Pick<Warehouse, 'query' | 'table'>,
  primitives: TablePrimitives,
  dataset: string,
): Promise<EnsureResult> {
  assertDataset(dataset);
  const exists = await datasetExists(session, dataset);
  await session.run(`CREATE SCHEMA IF NOT EXISTS ${q(dataset)}`);
  await ensureTable(inner, primitives, dataset, schemaVersionsTable);
  return exists ? 'existing' : 'created';
}

async function datasetExists({ run }: Session, dataset: string): Promise<boolean> {
  const rows = await run('SELECT 1 FROM information_schema.schemata WHERE schema_name = @s', {
    s: dataset,
  });
  return rows.length > 0;
}

async function listTables({ run }: Session, dataset: string): Promise<string[]> {
  const rows = await run(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = @s ORDER BY table_name',
    { s: dataset },
  );
  return rows.map((r) => String(r.table_name));
}

/**
 * Deletes the slice and appends the rows in one transaction, refreshing the table's derived tables for the days
 * touched (shared/ports/warehouse/derived.ts); a row outside the slice rolls it all back.
 */
async function replaceSlice(
  { conn, run, table }: Session,
  dataset: string,
  def: TableDef,
  given: QueryParams | Slice,
  rows: readonly WarehouseRow[] | AsyncIterable<WarehouseRow>,
  expected?: SliceExpectation,
): Promise<void> {
  const t = table(dataset, def.name);
  const slice = asSlice(given);
  // IS NOT DISTINCT FROM: a NULL key (e.g. no credential) is a slice of its own, not "matches nothing".
  const { where, params } = sliceWhere(def, slice, q);
  const session = { run, table };
  await inTransaction({ conn, run }, async () => {
    if (expected && !sliceHolds((await run(sliceStateSql(t, where), params))[0], expected))
      throw new SliceChangedError(def.name, expected);
    const touched = def.derived && (await touchedDays(session, dataset, def, where, params));
    await run(`DELETE FROM ${t} WHERE ${where}`, params);
    await insertRows(conn, t, def, rows, (row, i) => assertRowInSlice(def, slice, row, i));
    if (touched)
      await refreshDerived(
        session,
        dataset,
        def,
        await touchedDays(session, dataset, def, where, params, touched),
      );
  });
}

/** Deletes the slice and inserts the query's rows by name in one transaction; returns the rows inserted. */
async function replaceSliceFromQuery(
  { conn, run, table }: Session,
  dataset: string,
  def: TableDef,
  slice: Slice,
  select: string,
  params: QueryParams,
  expected?: SliceExpectation,
): Promise<number> {
  const t = table(dataset, def.name);
  const { where, params: sp } = sliceWhere(def, slice, q);
  const session = { run, table };
  return inTransaction({ conn, run }, async () => {
    if (expected && !sliceHolds((await run(sliceStateSql(t, where), sp))[0], expected))
      throw new SliceChangedError(def.name, expected);
    const touched = def.derived && (await touchedDays(session, dataset, def, where, sp));
    await run(`DELETE FROM ${t} WHERE ${where}`, sp);
    const inserted = Number((await run(`INSERT INTO ${t} BY NAME (${select})`, params))[0]?.Count ?? 0);
    const inSlice = Number((await run(`SELECT count(*) AS n FROM ${t} WHERE ${where}`, sp))[0]!.n);
    // Rows outside the slice would never be replaced by a re-run and would be counted twice.
    if (inSlice !== inserted)
      throw new Error(`${def.name}: the query wrote ${inserted - inSlice} rows outside its slice.`);
    if (touched)
      await refreshDerived(
        session,
        dataset,
        def,
        await touchedDays(session, dataset, def, where, sp, touched),
      );
    return inserted;
  });
}

let stagingCounter = 0;

/**
 * Inserts rows fast and exactly: the DuckDB appender fills a temporary all-VARCHAR staging table (every value as
 * its text, so decimals never pass through a double), then one INSERT ... SELECT casts each column to its type,
 * in the caller's transaction. Binding every value as a parameter cost ~17 µs a value; this is ~20x faster.
 */
async function insertRows(
  conn: DuckDBConnection,
  t: string,
  def: TableDef,
  rows: readonly WarehouseRow[] | AsyncIterable<WarehouseRow>,
  check: (row: WarehouseRow, i: number) => void = () => undefined,
) {
  if (Array.isArray(rows) && rows.length === 0) return;
  const cols = def.columns;
  const staging = `ca_staging_${process.pid}_${++stagingCounter}`;
  await conn.run(`CREATE TEMP TABLE ${q(staging)} (${cols.map((c) => `${q(c.name)} VARCHAR`).join(', ')})`);
  try {
    const appender = await conn.createAppender(staging, 'main', 'temp');
    try {
      let i = 0;
      for await (const row of eachRow(rows)) {
        check(row, i++);
        for (const c of cols) {
          const v = toDuckValue(row[c.name]);
          if (v === null) appender.appendNull();
          else appender.appendVarchar(String(v));
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    const casts = cols.map((c) => `CAST(${q(c.name)} AS ${TYPES[c.type]})`).join(', ');
    await conn.run(
      `INSERT INTO ${t} (${cols.map((c) => q(c.name)).join(', ')}) SELECT ${casts} FROM temp.main.${q(staging)}`,
    );
  } finally {
    // After a failed statement the transaction is aborted; its ROLLBACK removes the staging table too.
    await conn.run(`DROP TABLE IF EXISTS temp.main.${q(staging)}`).catch(() => undefined);
  }
}

function toDuckValue(v: unknown): DuckDBValue {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return String(v);
}
