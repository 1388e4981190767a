/**
 * `replaceSliceFromFiles` on BigQuery: export files never pass through JS as rows. Each file's bytes stream from
 * its source (S3, Blob Storage, Object Storage, a local path) into the GCS staging bucket as they are (`.gz` still
 * compressed), a load job loads the object into a staging table (CSV: every column STRING, named by position;
 * Parquet: as is), and the format's SELECT over it is inserted in one multi-statement transaction of a BigQuery
 * session: delete the slice, insert each file, `finish`, check the slice, commit. Any error rolls the transaction
 * back; the staging objects, the staging tables and the session are removed whatever happens (the objects also
 * expire by the bucket's lifecycle rule, the tables by their expiration, should the function die first).
 */
import { randomUUID } from 'node:crypto';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import type { BigQuery, TableField } from '@google-cloud/bigquery';
import { parse } from 'csv-parse/sync';
import type { Connection } from './bigquery.js';
import { selectedColumns } from './bigquery.js';
import { normaliseRow, nullParamTypes } from './bigquery-values.js';
import {
  ROW_REFUSED,
  type FileReader,
  type FilesLoad,
  type LoadFile,
  type QueryParams,
  type Slice,
  type WarehouseRow,
} from './port.js';
import type { TableDef } from './schema.js';
import { sliceWhere } from './slice.js';

/** The part of a GCS bucket (`@google-cloud/storage` Bucket) staging uses. */
export interface StagingBucket {
  readonly name: string;
  file(name: string): { createWriteStream(options: object): Writable };
  deleteFiles(query: { prefix: string; force?: boolean }): Promise<unknown>;
}

/** How much of a file's start is kept to read its CSV header from (a header longer than this is refused). */
const HEADER_BYTES = 1 << 20;
/** Staging tables expire by themselves after this long, should the function die before it deletes them. */
const STAGING_TTL_MS = 6 * 3_600_000;
const EXTRA = 'extra_cell';
const q = (id: string) => `\`${id}\``;

/**
 * The first bytes of a stream, kept while every byte passes through; for a `.gz` file also the gzip check: the
 * bytes are decompressed (and dropped) as they pass, so a truncated stream fails here, before any load.
 */
function peek(gzip: boolean): { tap: Transform; head: () => Buffer; checked: Promise<void> } {
  const chunks: Buffer[] = [];
  let kept = 0;
  const check = gzip ? createGunzip() : undefined;
  const checked = check
    ? new Promise<void>((resolve, reject) => {
        check.on('error', reject).on('end', resolve).resume();
      })
    : Promise.resolve();
  checked.catch(() => undefined);
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (kept < HEADER_BYTES) {
        chunks.push(chunk);
        kept += chunk.length;
      }
      check?.write(chunk);
      done(null, chunk);
    },
    flush(done) {
      check?.end();
      done();
    },
  });
  return { tap, head: () => Buffer.concat(chunks), checked };
}

/** The header of a CSV file from its first bytes: trimmed names, the BOM dropped (an empty name stays empty). */
export function csvHeader(file: LoadFile, head: Buffer): string[] {
  const bytes = file.format === 'csv.gz' ? gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }) : head;
  // The first record only: the bytes after it may end mid-record (a header may hold a quoted line break).
  const records = parse(bytes.toString('utf8'), { bom: true, to: 1, relax_column_count: true }) as string[][];
  const cells = (records[0] ?? []).map((name) => name.trim());
  // Trailing empty cells are no columns, as on DuckDB (duckdb-files.ts); an empty one before them stays, unnamed, as
  // in the JS reader (columns are read by position).
  while (cells.length > 0 && cells.at(-1) === '') cells.pop();
  if (cells.length === 0) throw new Error(`${file.name}: no rows (the file is empty)`);
  return cells;
}

/** A Parquet column as text, the way the embedded warehouse reads it: scalars cast, maps as objects, the rest JSON. */
function asText(f: TableField): string {
  const name = q(String(f.name));
  const fields = (f.fields ?? []).map((x) => String(x.name));
  // A MAP (loaded as ARRAY<STRUCT<key, value>>, mapTargetType below) as DuckDB's to_json of a map: {"k":"v"}.
  if (f.mode === 'REPEATED' && fields.length === 2 && fields.includes('key') && fields.includes('value'))
    return `(SELECT NULLIF(CONCAT('{', IFNULL(STRING_AGG(CONCAT(TO_JSON_STRING(CAST(e.key AS STRING)), ':',
      TO_JSON_STRING(e.value)), ',' ORDER BY o), ''), '}'), '{}') FROM UNNEST(${name}) AS e WITH OFFSET o)`;
  return f.mode === 'REPEATED' || ['RECORD', 'STRUCT', 'JSON'].includes(String(f.type))
    ? `TO_JSON_STRING(${name})`
    : `CAST(${name} AS STRING)`;
}

interface Staged {
  file: LoadFile;
  table: string;
  reader: FileReader;
}

/** Streams one file into the bucket, loads it into a staging table and returns its reader. */
async function stage(
  conn: Connection,
  bucket: StagingBucket,
  dataset: string,
  { prefix, id, created }: { prefix: string; id: string; created: string[] },
  file: LoadFile,
  n: number,
): Promise<Staged> {
  if (!file.open) throw new Error(`${file.name}: BigQuery loads files from their byte stream`);
  if (file.format !== 'csv' && file.format !== 'csv.gz' && file.format !== 'parquet')
    throw new Error(`${file.name}: BigQuery loads CSV, CSV.gz and Parquet export files`);
  const object = `${prefix}${n}.${file.format}`;
  const { tap, head, checked } = peek(file.format === 'csv.gz');
  await pipeline(
    await file.open(),
    tap,
    bucket.file(object).createWriteStream({ resumable: true, validation: 'crc32c' }),
  );
  await checked.catch((err: unknown) => {
    throw dataError(`${file.name}: the gzip stream does not decompress to its end (${String(err)})`);
  });
  const csv = file.format !== 'parquet';
  const header = csv ? csvHeader(file, head()) : [];
  // Named without the dataset (it may start with a digit, which a table name may not), recorded before the job
  // creates it so that every failure after it drops it.
  const table = `_stage_${id}_${n}`;
  created.push(table);
  const destinationTable = { projectId: conn.bq.projectId, datasetId: dataset, tableId: table };
  const load = csv
    ? {
        sourceFormat: 'CSV',
        skipLeadingRows: 1,
        // One spare column: a row longer than the header fails unless its extra cell is empty (as on DuckDB).
        schema: {
          fields: [...header.map((_, i) => `c${i}`), EXTRA].map((name) => ({ name, type: 'STRING' })),
        },
        allowQuotedNewlines: true,
        allowJaggedRows: true,
        preserveAsciiControlCharacters: true,
        encoding: 'UTF-8',
      }
    : // Maps as ARRAY<STRUCT<key, value>> (asText makes them objects), LISTs as plain arrays.
      {
        sourceFormat: 'PARQUET',
        parquetOptions: { enableListInference: true, mapTargetType: 'ARRAY_OF_STRUCT' as const },
      };
  const [job] = await (conn.bq as BigQuery).createJob({
    configuration: {
      load: {
        ...load,
        sourceUris: [`gs://${bucket.name}/${object}`],
        destinationTable,
        createDisposition: 'CREATE_IF_NEEDED',
        writeDisposition: 'WRITE_TRUNCATE',
        maxBadRecords: 0,
      },
    },
    location: conn.location,
  });
  await job.promise().catch((err: unknown) => {
    // The load job refusing the file (reason `invalid`: a bad row, too many values) is the file's fault.
    const errors = (err as { errors?: { reason?: string }[] }).errors ?? [];
    throw errors.some((e) => e.reason === 'invalid') ? Object.assign(err as Error, { dataError: true }) : err;
  });
  const t = conn.bq.dataset(dataset).table(table);
  const [meta] = await t.getMetadata();
  await t.setMetadata({ expirationTime: String(Date.now() + STAGING_TTL_MS) });
  const fields = ((meta as { schema?: { fields?: TableField[] } }).schema?.fields ?? []) as TableField[];
  return { file, table, reader: stagedReader(conn.table(dataset, table), csv ? header : null, fields) };
}

/**
 * A staging table read as text columns c0…cN: a CSV's (`header`) as loaded, less the spare column; a Parquet
 * file's (`header` null) cast from its schema's `fields`.
 */
function stagedReader(ref: string, header: string[] | null, fields: readonly TableField[]): FileReader {
  const extra = q(EXTRA);
  const column = (i: number) => `c${i}`;
  if (header)
    return {
      dialect: 'bigquery',
      header,
      column,
      // IF, not OR: BigQuery may evaluate either side of an OR first, but IF only evaluates the branch it takes.
      from: `(SELECT * EXCEPT (${extra}) FROM ${ref}
      WHERE IF(${extra} IS NULL OR ${extra} = '', TRUE, ERROR('a row has more fields than the header')))`,
    };
  const from = `(SELECT ${fields.map((f, i) => `${asText(f)} AS c${i}`).join(', ')} FROM ${ref})`;
  return { dialect: 'bigquery', header: fields.map((f) => String(f.name)), column, from };
}

/** A BigQuery session: statements run one after another in it (a transaction may span them). */
async function openSession(conn: Connection) {
  const { bq, location } = conn;
  const [first] = await bq.createQueryJob({ query: 'SELECT 1', createSession: true, location });
  await first.getQueryResults();
  const [meta] = await first.getMetadata();
  const id = (meta as { statistics?: { sessionInfo?: { sessionId?: string } } }).statistics?.sessionInfo
    ?.sessionId;
  if (!id) throw new Error('BigQuery created no session');
  const connectionProperties = [{ key: 'session_id', value: id }];
  /** Runs one statement; returns its rows and, for DML, the rows it changed. */
  async function exec(sql: string, params: QueryParams = {}) {
    const types = nullParamTypes(params);
    const [job] = await bq.createQueryJob({ query: sql, params, types, location, connectionProperties });
    const [rows] = await job.getQueryResults();
    const [done] = await job.getMetadata();
    const changed = (done as { statistics?: { query?: { numDmlAffectedRows?: string } } }).statistics?.query
      ?.numDmlAffectedRows;
    return { rows: (rows as WarehouseRow[]).map(normaliseRow), changed: Number(changed ?? 0) };
  }
  return { exec, close: () => exec('CALL BQ.ABORT_SESSION()').then(() => undefined) };
}

/** The messages of the SELECT's own refusals (ROW_REFUSED, the reader's ERROR()). */
const REFUSALS = new RegExp(`${ROW_REFUSED}|more fields than the header|: no rows`);

/** An error that is the file's fault: the JS reader re-reads the file to name its row and column. */
const dataError = (message: string) => Object.assign(new Error(message), { dataError: true });
const isDataError = (err: unknown) =>
  (err as { dataError?: boolean }).dataError === true || REFUSALS.test(String((err as Error)?.message));

/**
 * Replaces the slice with the files' rows (see the module comment); returns the rows inserted. Everything staged
 * is removed before a failure is explained (the explanation re-reads the file); only a failure that is the file's
 * fault is explained: a service error (quota, a concurrent update, a backend error) is thrown as it is.
 */
export async function replaceSliceFromFiles(
  conn: Connection,
  bucket: StagingBucket,
  dataset: string,
  def: TableDef,
  slice: Slice,
  load: FilesLoad,
): Promise<number> {
  if (def.derived?.length)
    throw new Error(`${def.name}: tables with derived tables are not loaded from files`);
  const id = randomUUID().replace(/-/g, '');
  const prefix = `${dataset}/${def.name}/${id}/`;
  const created: string[] = [];
  const staged: Staged[] = [];
  let current: LoadFile | undefined;
  let session: Awaited<ReturnType<typeof openSession>> | undefined;
  let failure: { err: unknown; file: LoadFile | undefined } | undefined;
  let objectsLeft = true;
  try {
    for (const [n, file] of load.files.entries()) {
      current = file;
      staged.push(await stage(conn, bucket, dataset, { prefix, id, created }, file, n));
    }
    current = undefined;
    // Loaded: the objects go now, not after the transaction (finally deletes them only if this failed).
    objectsLeft = !(await bucket.deleteFiles({ prefix, force: true }).then(
      () => true,
      () => false,
    ));
    session = await openSession(conn);
    return await transaction(conn, session.exec, dataset, def, slice, load, staged, (f) => (current = f));
  } catch (err) {
    failure = { err, file: current };
    throw err;
  } finally {
    await session?.close().catch(() => undefined);
    for (const table of created)
      await conn.bq
        .dataset(dataset)
        .table(table)
        .delete()
        .catch(() => undefined);
    if (objectsLeft) await bucket.deleteFiles({ prefix, force: true }).catch(() => undefined);
    // Thrown from finally: it replaces the error the catch rethrew, once everything is cleaned up.
    if (failure?.file && load.explain && isDataError(failure.err))
      // eslint-disable-next-line no-unsafe-finally
      throw await load.explain(failure.file, failure.err);
  }
}

/** The transaction of a load: everything or nothing; `at` is told which file is being inserted. */
async function transaction(
  conn: Connection,
  exec: Awaited<ReturnType<typeof openSession>>['exec'],
  dataset: string,
  def: TableDef,
  slice: Slice,
  load: FilesLoad,
  staged: readonly Staged[],
  at: (file: LoadFile | undefined) => void,
): Promise<number> {
  const t = conn.table(dataset, def.name);
  const { where, params: sp } = sliceWhere(def, slice, q);
  await exec('BEGIN TRANSACTION');
  try {
    await exec(`DELETE FROM ${t} WHERE ${where}`, sp);
    let inserted = 0;
    for (const s of staged) {
      at(s.file);
      const select = load.select(s.file, s.reader);
      const params = load.params ?? {};
      const list = (await selectedColumns(conn, def, select, params)).map(q).join(', ');
      const n = (await exec(`INSERT INTO ${t} (${list}) SELECT ${list} FROM (${select})`, params)).changed;
      // None inserted: outside the slice's dates, or no rows at all.
      if (
        n === 0 &&
        load.requireRows &&
        !(await exec(`SELECT 1 AS x FROM ${s.reader.from} LIMIT 1`)).rows.length
      )
        throw dataError(`${s.file.name}: no rows`);
      inserted += n;
    }
    at(undefined);
    await load.finish?.(async (sql, params) => (await exec(sql, params)).rows, 'bigquery');
    const inSlice = Number((await exec(`SELECT COUNT(*) AS n FROM ${t} WHERE ${where}`, sp)).rows[0]!.n);
    // Rows outside the slice would never be replaced by a re-run and would be counted twice.
    if (inSlice !== inserted)
      throw new Error(`${def.name}: the load wrote ${inserted - inSlice} rows outside its slice.`);
    await exec('COMMIT TRANSACTION');
    return inserted;
  } catch (err) {
    await exec('ROLLBACK TRANSACTION').catch(() => undefined);
    throw err;
  }
}
