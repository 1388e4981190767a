/** Reading a billing file's rows: from a local path, or from a byte stream. */
import { Readable } from 'node:stream';
import { isPermanent } from '../../errors/index.js';
import { checkedBytes, readHead } from './bytes.js';
import { readCsv } from './csv.js';
import { BillingFileError, BillingSourceError } from './errors.js';
import { checkOptions } from './headers.js';
import { readJsonLines } from './jsonl.js';
import { billingFileFormat, KNOWN_EXTENSIONS, statOrThrow } from './list.js';
import { readParquet, readStreamedParquet } from './parquet.js';
import type { BillingFile, BillingStream, Input, ReadOptions } from './types.js';

/**
 * Reads every row of a billing file; values typed per spec: decimals as exact strings (never through a double
 * for CSV/JSON; Parquet floats as their shortest round-trip text), dates 'YYYY-MM-DD', timestamps ISO 8601 UTC
 * with Z, empty cells → null. Missing non-required columns are null in every row. Throws BillingFileError
 * (see the README for the list).
 */
export async function* readBillingFile(
  file: BillingFile | string,
  options: ReadOptions,
): AsyncGenerator<Record<string, unknown>> {
  checkOptions(options);
  const path = typeof file === 'string' ? file : file.path;
  const info = await statOrThrow(path);
  if (info.isDirectory()) throw new BillingFileError(path, 'is a directory (list it with listBillingFiles)');
  let target: BillingFile;
  if (typeof file === 'string') {
    const format = billingFileFormat(file);
    if (format === undefined)
      throw new BillingFileError(file, `unknown extension (expected ${KNOWN_EXTENSIONS})`);
    target = { path: file, format, bytes: info.size };
  } else {
    target = file;
  }
  if (info.size === 0) throw new BillingFileError(path, 'no rows (the file is empty, 0 bytes)');
  if (target.format === 'csv' || target.format === 'jsonl') {
    const head = await readHead(path, 2);
    if (head[0] === 0x1f && head[1] === 0x8b) {
      throw new BillingFileError(
        path,
        `gzip-compressed data in a ${target.format} file (name it .${target.format}.gz)`,
      );
    }
  }
  switch (target.format) {
    case 'csv':
    case 'csv.gz':
      yield* readCsv(target, options);
      return;
    case 'jsonl':
    case 'jsonl.gz':
      yield* readJsonLines(target, options);
      return;
    case 'parquet':
      yield* readParquet(target, options);
      return;
    default:
      throw new BillingFileError(path, `unknown format ${String(target.format)}`);
  }
}

/**
 * Reads every row of a billing file given as a byte stream (an object store download, a query result as JSON
 * lines), exactly as `readBillingFile` reads a local file: same typing, same errors, named by `file.name`. CSV
 * and JSON lines stream; Parquet is first copied to a temporary file (removed afterwards).
 */
export async function* readBillingStream(
  file: BillingStream,
  options: ReadOptions,
): AsyncGenerator<Record<string, unknown>> {
  checkOptions(options);
  if (file.bytes === 0) throw new BillingFileError(file.name, 'no rows (the file is empty, 0 bytes)');
  const open = file.emptyIsNoRows ? await unlessEmpty(file) : file.open;
  if (open === undefined) return;
  const input: Input = {
    path: file.name,
    format: file.format,
    bytes: file.bytes ?? -1,
    open: async () => checkedBytes(file, await open()),
  };
  switch (file.format) {
    case 'csv':
    case 'csv.gz':
      yield* readCsv(input, options);
      return;
    case 'jsonl':
    case 'jsonl.gz':
      yield* readJsonLines(input, options);
      return;
    case 'parquet':
      yield* readStreamedParquet(file, options);
      return;
    default:
      throw new BillingFileError(file.name, `unknown format ${String(file.format)}`);
  }
}

/**
 * For a stream whose emptiness means no rows: undefined when it holds no bytes, else an opener of the (already
 * opened) stream. A failure before the first chunk is a BillingSourceError unless the source's error is permanent.
 */
async function unlessEmpty(file: BillingStream): Promise<(() => Promise<Readable>) | undefined> {
  const source = await file.open();
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first: IteratorResult<Buffer>;
  try {
    first = await chunks.next();
  } catch (err) {
    source.destroy();
    if (isPermanent(err)) throw err;
    throw new BillingSourceError(file.name, err);
  }
  if (first.done) return undefined;
  const head = first.value;
  const rest = Readable.from(
    (async function* () {
      yield head;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    })(),
    { objectMode: false },
  );
  rest.once('close', () => source.destroy());
  return async () => rest;
}
