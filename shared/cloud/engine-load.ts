/**
 * The `extract-cloud-billing` load through the warehouse engine (`Warehouse.replaceSliceFromFiles`): the engine
 * reads the export files itself and the format's SQL (`BillingFormat.engine`) normalises them into the raw table,
 * in the slice's transaction. Used when the warehouse can load files (DuckDB from local paths, a remote source's
 * files copied to a temp directory first; BigQuery through its GCS staging bucket, from any source's byte
 * streams), the format has SQL and every file is CSV, CSV.gz or Parquet; otherwise the step streams rows through
 * JS (`readExportObject`).
 * A failed load rolls back whole; the failing file is then re-read in JS, so the error names its file, row, column
 * and problem exactly as the JS reader words them.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { BillingSource, ExportObject } from '../ports/billing-source/port.js';
import { readExportObject } from '../ports/billing-source/read.js';
import type { FilesLoad, LoadFile, Slice, Warehouse } from '../ports/warehouse/port.js';
import { sliceWhere } from '../ports/warehouse/slice.js';
import type { BillingFormat } from './format.js';
import { engineDialect } from './engine-dialect.js';
import { BillingFileError } from './files/index.js';
import { logger } from '../logging/logger.js';

const ENGINE_FORMATS = new Set(['csv', 'csv.gz', 'parquet']);
const BIGQUERY_GZIP_MAX = 4 * 2 ** 30;

/** Whether this load can go through the engine. */
export function engineLoads(
  wh: Warehouse,
  format: BillingFormat,
  source: BillingSource | null,
  files: readonly ExportObject[],
): boolean {
  return Boolean(
    wh.replaceSliceFromFiles &&
    format.engine &&
    source &&
    files.length > 0 &&
    files.every((f) => ENGINE_FORMATS.has(f.format) && f.bytes !== 0) &&
    // BigQuery loads a gzip file of at most 4 GB.
    (wh.kind !== 'bigquery' || files.every((f) => !f.format.endsWith('.gz') || f.bytes < BIGQUERY_GZIP_MAX)),
  );
}

/** The error of a failed engine load of `file`: the JS reader's own, else the engine's naming the file. */
async function explain(
  source: BillingSource,
  object: ExportObject,
  format: BillingFormat,
  err: unknown,
): Promise<Error> {
  if (err instanceof BillingFileError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const failed = () =>
    new Error(`billing file ${object.name}: the warehouse could not load it: ${message}`, { cause: err });
  // Not the file's fault (memory, disk): no re-read, the step is retried.
  if (/Out of Memory Error|IO Error|Interrupt/i.test(message)) return failed();
  try {
    const rows = readExportObject(source, object, {
      ...format.read,
      columns: format.columns,
      toRow: format.toRaw,
    });
    for await (const row of rows) void row;
  } catch (jsErr) {
    return jsErr as Error;
  }
  return failed();
}

/**
 * Throws when a `.gz` file does not decompress to its end: DuckDB reads a truncated gzip stream up to where it
 * stops without an error, so its integrity is checked first (decompressed and dropped, nothing parsed).
 */
async function checkGzip(path: string): Promise<void> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  await pipeline(createReadStream(path), createGunzip(), sink);
}

/** The run's files as DuckDB reads them: a local path per file, and the source they are read from in JS. */
interface LocalFiles {
  path(f: ExportObject): string | undefined;
  /** The source over the same bytes (a remote source's local copies), for the explaining JS re-read. */
  source: BillingSource;
  remove(): Promise<void>;
}

/**
 * Where DuckDB reads the run's files: the source's own paths (local exports), else each file's bytes as stored
 * (`.gz` still compressed, nothing parsed) copied from the source into a private directory under the OS temp
 * directory (TMPDIR; it needs the run's export size free), which `remove` deletes after the load. BigQuery reads
 * nothing locally: it stages each file's byte stream itself.
 */
async function localFiles(
  wh: Warehouse,
  source: BillingSource,
  files: readonly ExportObject[],
): Promise<LocalFiles> {
  const none = async () => undefined;
  if (wh.kind !== 'duckdb') return { path: () => undefined, source, remove: none };
  if (source.localPath) return { path: (f) => source.localPath!(f), source, remove: none };
  const dir = await mkdtemp(join(tmpdir(), 'cloudact-exports-'));
  // The load's own outcome stands: a directory that cannot be removed is logged, not thrown.
  const remove = () =>
    rm(dir, { recursive: true, force: true }).catch((err: unknown) =>
      logger.warn('export copies not removed', {
        dir,
        error: err instanceof Error ? err.message : String(err),
      }),
    );
  try {
    const paths = new Map<ExportObject, string>();
    for (const [i, f] of files.entries()) {
      const path = join(dir, `${i}.${f.format}`);
      await pipeline(await source.open(f), createWriteStream(path, { mode: 0o600 }));
      paths.set(f, path);
    }
    const copies: BillingSource = { ...source, open: async (f) => createReadStream(paths.get(f)!) };
    return { path: (f) => paths.get(f), source: copies, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

/** Loads the run's files into the format's raw table through the engine; returns the rows written. */
export async function loadThroughEngine(m: {
  wh: Warehouse;
  dataset: string;
  format: BillingFormat;
  source: BillingSource;
  files: readonly ExportObject[];
  slice: Slice;
  params: Record<string, string | null>;
}): Promise<number> {
  const local = await localFiles(m.wh, m.source, m.files);
  try {
    return await loadFiles({ ...m, source: local.source }, local.path);
  } finally {
    await local.remove();
  }
}

/** loadThroughEngine with the files' local paths (DuckDB's) known. */
async function loadFiles(
  m: Parameters<typeof loadThroughEngine>[0],
  pathOf: (f: ExportObject) => string | undefined,
): Promise<number> {
  const { wh, dataset, format, source, files, slice } = m;
  const engine = format.engine!;
  const byName = new Map(files.map((f) => [f.name, f]));
  const { where, params: sliceParams } = sliceWhere(format.table, slice, engineDialect(wh.kind).ident);
  // DuckDB's local files (the BigQuery adapter checks each stream as it stages it).
  for (const f of files.filter((f) => f.format.endsWith('.gz') && wh.kind === 'duckdb')) {
    await checkGzip(pathOf(f)!).catch(async (err: unknown) => {
      throw await explain(source, f, format, err);
    });
  }
  const load: FilesLoad = {
    files: files.map((f): LoadFile => {
      const path = pathOf(f);
      return {
        ...(path === undefined ? {} : { path }),
        open: () => source.open(f),
        name: f.name,
        format: f.format as LoadFile['format'],
      };
    }),
    select: (file, reader) => engine.select(file.name, reader),
    params: m.params,
    requireRows: true,
    ...(engine.finish
      ? {
          finish: (run, dialect) =>
            engine.finish!(run as never, wh.table(dataset, format.table.name), where, sliceParams, dialect),
        }
      : {}),
    explain: (file, err) => explain(source, byName.get(file.name)!, format, err),
  };
  return wh.replaceSliceFromFiles!(dataset, format.table, slice, load);
}
