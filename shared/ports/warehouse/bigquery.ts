import { randomUUID } from 'node:crypto';
import { BigQuery, type TableField } from '@google-cloud/bigquery';
import type { Column, TableDef } from './schema.js';
import { assertDataset, TABLE_NAME } from './schema.js';
import {
  type QueryParams,
  type SliceExpectation,
  type Slice,
  type Warehouse,
  type WarehouseOptions,
  type WarehouseRow,
} from './port.js';
import {
  asSlice,
  assertRowInSlice,
  assertRowsInSlice,
  eachRow,
  SliceChangedError,
  sliceStateSql,
  sliceWhere,
} from './slice.js';
import { ensureTable, type TablePrimitives } from './ensure-table.js';
import { derivedScript } from './derived.js';
import { schemaVersionsTable } from './tables/schema-versions.js';
import { normaliseRow, nullParamTypes } from './bigquery-values.js';
import { replaceSliceFromFiles, type StagingBucket } from './bigquery-files.js';

/** The GCS staging bucket of export loads; the Storage client is loaded only when a load needs it. */
async function stagingBucket(options: WarehouseOptions): Promise<StagingBucket> {
  const { Storage } = await import('@google-cloud/storage');
  return new Storage({ projectId: options.projectId }).bucket(options.stagingBucket!);
}

const field = (c: Column, allowRequired = true): TableField => ({
  name: c.name,
  type: c.type,
  mode: allowRequired && c.mode === 'REQUIRED' ? 'REQUIRED' : 'NULLABLE',
  ...(c.description ? { description: c.description } : {}),
});

/** The client and the two primitives every operation shares: quoted table names and a normalising query. */
export interface Connection {
  bq: BigQuery;
  location: string | undefined;
  table(dataset: string, name: string): string;
  query<T>(sql: string, params?: QueryParams, types?: Record<string, string>): Promise<T[]>;
}

type BigQueryTable = ReturnType<ReturnType<BigQuery['dataset']>['table']>;

/** Production warehouse: BigQuery, one dataset per org plus `organizations`. */
export function openBigQuery(
  options: WarehouseOptions,
  client?: BigQuery,
  staging?: StagingBucket,
): Warehouse {
  const conn = connect(options, client);
  const primitives = tablePrimitives(conn);
  const { bq, table, query } = conn;
  const wh: Warehouse = {
    kind: 'bigquery',
    table,
    query,
    async ensureDataset(dataset) {
      assertDataset(dataset);
      const ds = bq.dataset(dataset);
      const [exists] = await ds.exists();
      if (!exists) await bq.createDataset(dataset, { location: options.location });
      await ensureTable(wh, primitives, dataset, schemaVersionsTable);
      return exists ? 'existing' : 'created';
    },
    ensureTable: (dataset, def) => ensureTable(wh, primitives, dataset, def),
    async datasetExists(dataset) {
      assertDataset(dataset);
      const [exists] = await bq.dataset(dataset).exists();
      return exists;
    },
    async listTables(dataset) {
      const [tables] = await bq.dataset(dataset).getTables();
      return tables.map((t) => String(t.id)).sort();
    },
    replaceSlice: (dataset, def, given, rows, expected) =>
      replaceSlice(conn, dataset, def, given, rows, expected),
    replaceSliceFromQuery: (dataset, def, slice, select, params = {}, expected) =>
      replaceSliceFromQuery(conn, dataset, def, slice, select, params, expected),
    // Export files through the GCS staging bucket and load jobs, when there is one (bigquery-files.ts).
    ...(staging || options.stagingBucket
      ? {
          replaceSliceFromFiles: async (dataset, def, slice, load) =>
            replaceSliceFromFiles(conn, staging ?? (await stagingBucket(options)), dataset, def, slice, load),
        }
      : {}),
    async close() {},
  };
  return wh;
}

function connect(options: WarehouseOptions, client?: BigQuery): Connection {
  const bq = client ?? new BigQuery({ projectId: options.projectId, location: options.location });
  const project = options.projectId ?? '';
  const table = (dataset: string, name: string) => {
    assertDataset(dataset);
    if (!TABLE_NAME.test(name)) throw new Error(`Invalid table name: ${name}`);
    return project ? `\`${project}.${dataset}.${name}\`` : `\`${dataset}.${name}\``;
  };
  const query = async <T>(
    sql: string,
    params?: QueryParams,
    types?: Record<string, string>,
  ): Promise<T[]> => {
    const [rows] = await bq.query({
      query: sql,
      params,
      ...(types ? { types } : {}),
      location: options.location,
    });
    return (rows as WarehouseRow[]).map(normaliseRow) as T[];
  };
  return { bq, location: options.location, table, query };
}

// tables.get answers with legacy names for some types (INTEGER, FLOAT, BOOLEAN) and aliases for others.
const TYPE_ALIAS: Record<string, string> = {
  INTEGER: 'INT64',
  FLOAT: 'FLOAT64',
  BOOLEAN: 'BOOL',
  DECIMAL: 'NUMERIC',
  BIGDECIMAL: 'BIGNUMERIC',
};

/** The table operations `ensureTable` builds on: table metadata for reads and schema changes, DDL for types. */
function tablePrimitives({ bq, table, query }: Connection): TablePrimitives {
  return {
    async existingColumns(dataset, name) {
      const t = bq.dataset(dataset).table(name);
      const [exists] = await t.exists();
      if (!exists) return undefined;
      const [meta] = await t.getMetadata();
      return ((meta.schema?.fields ?? []) as TableField[]).map(existingColumn);
    },
    async createTable(dataset, def) {
      await bq.dataset(dataset).createTable(def.name, {
        description: def.description,
        schema: { fields: def.columns.map((c) => field(c)) },
        ...(def.partitionBy ? { timePartitioning: { type: 'DAY', field: def.partitionBy } } : {}),
        ...(def.clusterBy?.length ? { clustering: { fields: [...def.clusterBy] } } : {}),
      });
    },
    async addColumns(dataset, def, columns) {
      const t = bq.dataset(dataset).table(def.name);
      const [meta] = await t.getMetadata();
      const fields = [
        ...((meta.schema?.fields ?? []) as TableField[]),
        ...columns.map((c) => field(c, false)),
      ];
      await t.setMetadata({ ...meta, schema: { fields } });
    },
    async alterColumns(dataset, def, { widen, relax }) {
      const t = bq.dataset(dataset).table(def.name);
      if (relax.length > 0) await relaxColumns(t, relax);
      // A type changes only by DDL (a schema update refuses it: "Field c has changed type"), and only to a
      // type its values coerce to.
      for (const c of widen)
        await query(
          `ALTER TABLE ${table(dataset, def.name)} ALTER COLUMN \`${c.name}\` SET DATA TYPE ${c.type}`,
        );
    },
  };
}

/** A column as tables.get describes it, in the port's type names. */
function existingColumn(f: TableField) {
  let type: string | undefined = f.type ? (TYPE_ALIAS[f.type] ?? f.type) : undefined;
  // Parameterised (NUMERIC(10,2)) and repeated columns are other types than the port's.
  if (type && (f.precision || f.scale))
    type = `${type}(${[f.precision, f.scale].filter((x) => x).join(',')})`;
  if (type && f.mode === 'REPEATED') type = `ARRAY<${type}>`;
  return { name: String(f.name), type, required: f.mode === 'REQUIRED' };
}

/** REQUIRED -> NULLABLE through the table's schema (tables.patch), all columns in one update. */
async function relaxColumns(t: BigQueryTable, relax: readonly string[]) {
  const [meta] = await t.getMetadata();
  const names = new Set(relax.map((n) => n.toLowerCase()));
  const fields = ((meta.schema?.fields ?? []) as TableField[]).map((f) =>
    names.has(String(f.name).toLowerCase()) ? { ...f, mode: 'NULLABLE' } : f,
  );
  await t.setMetadata({ ...meta, schema: { fields } });
}

const CAS_FAILED = 'cloudact: slice changed since it was read';

/** Loads the rows into a staging table, then swaps the slice in one transaction (see Warehouse.replaceSlice). */
async function replaceSlice(
  { bq, table, query }: Connection,
  dataset: string,
  def: TableDef,
  given: QueryParams | Slice,
  rows: readonly WarehouseRow[] | AsyncIterable<WarehouseRow>,
  expected?: SliceExpectation,
): Promise<void> {
  const slice = asSlice(given);
  const { where, params } = sliceWhere(def, slice, (c) => `\`${c}\``);
  // An array is checked before anything is created; a stream row by row while it loads (a bad row fails the
  // load, and the staging table is dropped).
  if (!(Symbol.asyncIterator in rows)) assertRowsInSlice(def, slice, rows);
  // Rows are loaded into a staging table by a load job (no streaming buffer, so DML can follow at once),
  // then one multi-statement transaction swaps the slice.
  const staging = `${def.name}__staging_${randomUUID().replace(/-/g, '')}`;
  const ds = bq.dataset(dataset);
  await ds.createTable(staging, {
    schema: { fields: def.columns.map((c) => field(c, false)) },
    expirationTime: String(Date.now() + 3_600_000),
  });
  try {
    const it = eachRow(rows)[Symbol.asyncIterator]();
    const first = await it.next();
    if (!first.done) {
      await loadJson(ds.table(staging), def, withFirst(first.value, it), (row, i) =>
        assertRowInSlice(def, slice, row, i),
      );
    }
    const cols = def.columns.map((c) => `\`${c.name}\``).join(', ');
    // The client cannot infer a type for a NULL parameter (a NULL slice key): give it the column's.
    const nullTypes = Object.fromEntries(
      Object.entries(slice.equals)
        .filter(([, v]) => v === null)
        .map(([k]) => [`slice_${k}`, def.columns.find((c) => c.name === k)?.type ?? 'STRING']),
    );
    // A compare-and-swap checks the slice inside the transaction, before anything is deleted.
    const state = sliceStateSql(table(dataset, def.name), where);
    const check = expected
      ? `IF EXISTS (SELECT 1 FROM (${state}) WHERE n != @cas_rows OR ids != @cas_ids) THEN
           ROLLBACK TRANSACTION;
           RAISE USING MESSAGE = '${CAS_FAILED}';
         END IF;`
      : '';
    const cas: QueryParams = expected
      ? { cas_rows: expected.rows, cas_ids: [...new Set(expected.runIds)].sort().join(',') }
      : {};
    // Derived tables (TableDef.derived) are refreshed for the touched days in the same transaction.
    // The days of the rows written are read from the staging table; the DELETE prunes to the old rows' days.
    const derived = derivedScript(table, dataset, def, where, table(dataset, staging));
    await query(
      `${derived.declare}
       BEGIN TRANSACTION;
       ${check}
       ${derived.before}
       DELETE FROM ${table(dataset, def.name)} WHERE ${where}${derived.deleteFilter};
       INSERT INTO ${table(dataset, def.name)} (${cols}) SELECT ${cols} FROM ${table(dataset, staging)};
       ${derived.after}
       COMMIT TRANSACTION;`,
      { ...params, ...cas },
      nullTypes,
    ).catch((err: unknown) => {
      if (expected && String((err as Error).message).includes(CAS_FAILED))
        throw new SliceChangedError(def.name, expected);
      throw err;
    });
  } finally {
    await ds
      .table(staging)
      .delete()
      .catch(() => undefined);
  }
}

/** Replaces the slice with a query's rows in one script that refuses rows outside the slice; returns the count. */
async function replaceSliceFromQuery(
  conn: Connection,
  dataset: string,
  def: TableDef,
  slice: Slice,
  select: string,
  params: QueryParams,
  expected?: SliceExpectation,
): Promise<number> {
  const { bq, table } = conn;
  const cols = await selectedColumns(conn, def, select, params);
  const list = cols.map((c) => `\`${c}\``).join(', ');
  const { where, params: sp } = sliceWhere(def, slice, (c) => `\`${c}\``);
  // The client cannot infer a type for a NULL parameter: slice keys get their column's, others STRING.
  const all = { ...params, ...sp };
  const colType = (k: string) => def.columns.find((c) => `slice_${c.name}` === k)?.type ?? 'STRING';
  const types = Object.fromEntries(
    Object.keys(all)
      .filter((k) => all[k] === null)
      .map((k) => [k, colType(k)]),
  );
  // Rows outside the slice would never be replaced by a re-run; the script refuses to commit them.
  // The days of the rows written are read from __rows; the DELETE prunes to the old rows' days.
  const derived = derivedScript(table, dataset, def, where, '__rows');
  // A compare-and-swap checks the slice inside the transaction, before anything is deleted.
  const check = expected
    ? `IF EXISTS (SELECT 1 FROM (${sliceStateSql(table(dataset, def.name), where)})
         WHERE n != @cas_rows OR ids != @cas_ids) THEN
         ROLLBACK TRANSACTION;
         RAISE USING MESSAGE = '${CAS_FAILED}';
       END IF;`
    : '';
  const cas: QueryParams = expected
    ? { cas_rows: expected.rows, cas_ids: [...new Set(expected.runIds)].sort().join(',') }
    : {};
  const [rows] = await bq
    .query({
      query: `${derived.declare}
      BEGIN TRANSACTION;
      ${check}
      ${derived.before}
      DELETE FROM ${table(dataset, def.name)} WHERE ${where}${derived.deleteFilter};
      CREATE TEMP TABLE __rows AS SELECT ${list} FROM (${select});
      IF (SELECT COUNTIF(NOT (${where})) FROM __rows) > 0 THEN
        ROLLBACK TRANSACTION;
        RAISE USING MESSAGE = 'the query wrote rows outside its slice';
      END IF;
      INSERT INTO ${table(dataset, def.name)} (${list}) SELECT ${list} FROM __rows;
      ${derived.after}
      COMMIT TRANSACTION;
      SELECT COUNT(*) AS n FROM __rows;`,
      params: { ...all, ...cas },
      types,
      location: conn.location,
    })
    .catch((err: unknown) => {
      if (expected && String((err as Error).message).includes(CAS_FAILED))
        throw new SliceChangedError(def.name, expected);
      throw err;
    });
  // The script's last statement counts the rows it inserted (the slice holds exactly those): no second scan.
  return Number((rows as { n?: unknown }[])[0]?.n ?? 0);
}

/** The select's output columns, by a dry run (BigQuery has no INSERT BY NAME); refuses columns the table lacks. */
export async function selectedColumns(
  { bq, location }: Connection,
  def: TableDef,
  select: string,
  params: QueryParams,
): Promise<string[]> {
  const [job] = await bq.createQueryJob({
    query: select,
    params,
    types: nullParamTypes(params),
    location,
    dryRun: true,
  });
  const fields = (job.metadata?.statistics?.query?.schema?.fields ?? []) as TableField[];
  const known = new Set(def.columns.map((c) => c.name));
  const cols = fields.map((f) => String(f.name));
  const unknown = cols.filter((c) => !known.has(c));
  if (unknown.length)
    throw new Error(`${def.name}: the procedure selects unknown columns ${unknown.join(', ')}`);
  return cols;
}

async function* withFirst(
  first: WarehouseRow,
  rest: AsyncIterator<WarehouseRow>,
): AsyncGenerator<WarehouseRow> {
  yield first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

/** Loads rows (streamed as NDJSON lines, never joined into one string) with a load job. */
async function loadJson(
  t: BigQueryTable,
  def: TableDef,
  rows: AsyncIterable<WarehouseRow>,
  check: (row: WarehouseRow, i: number) => void,
) {
  const { Readable } = await import('node:stream');
  async function* lines() {
    let i = 0;
    for await (const r of rows) {
      check(r, i++);
      yield `${JSON.stringify(Object.fromEntries(def.columns.map((c) => [c.name, r[c.name] ?? null])))}\n`;
    }
  }
  await new Promise<void>((resolve, reject) => {
    const source = Readable.from(lines());
    source.on('error', reject);
    source
      .pipe(t.createWriteStream({ sourceFormat: 'NEWLINE_DELIMITED_JSON', writeDisposition: 'WRITE_APPEND' }))
      .on('complete', () => resolve())
      .on('error', reject);
  });
}
