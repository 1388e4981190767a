/** Bytes of a billing file: opened and gunzipped, split into lines, checked as they stream in. */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { isPermanent } from '../../errors/index.js';
import { BillingFileError, BillingSourceError, fsProblem } from './errors.js';
import type { BillingStream, Input } from './types.js';

/** A CSV record or a JSON line longer than this is an error (guards against a runaway unclosed quote). */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

/** A readable of the (decompressed) bytes, with source and gunzip errors propagated to it. */
export async function openBytes(file: Input, gzip: boolean): Promise<{ stream: Readable; source: Readable }> {
  const source = file.open ? await file.open() : createReadStream(file.path);
  if (!gzip) return { stream: source, source };
  const gunzip = createGunzip();
  pipeline(source, gunzip, () => {
    // errors surface on `gunzip`, which the caller iterates
  });
  return { stream: gunzip, source };
}

/** Lines of a (decompressed) byte stream, without the line break; '\r\n' accepted. */
export async function* lines(file: Input, stream: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let first = true;
  for await (const chunk of stream) {
    pending += decoder.write(chunk as Buffer);
    if (first && pending.length > 0) {
      if (pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
      first = false;
    }
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      yield pending.slice(start, nl).replace(/\r$/, '');
      start = nl + 1;
    }
    pending = pending.slice(start);
    if (pending.length > MAX_RECORD_CHARS) {
      throw new BillingFileError(file.path, `a line longer than ${MAX_RECORD_CHARS} characters`);
    }
  }
  pending += decoder.end();
  if (pending.length > 0) yield pending.replace(/\r$/, '');
}

/** Up to `length` bytes at `position` (negative: from the end); errors name `name` (default: the path). */
export async function readHead(path: string, length: number, position = 0, name = path): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new BillingFileError(name, fsProblem(err), { cause: err });
  }
  try {
    const size = (await handle.stat()).size;
    const start = position < 0 ? Math.max(0, size + position) : position;
    const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - start)));
    await handle.read(buffer, 0, buffer.length, start);
    return buffer;
  } finally {
    await handle.close();
  }
}

/**
 * The bytes of a stream source, checked as `readBillingFile` checks a local file: gzip bytes in a `.csv` / `.json`
 * file and an empty body are BillingFileErrors; a failure of the source itself is a BillingSourceError (retried)
 * unless the source threw a permanent AppError.
 */
export function checkedBytes(file: BillingStream, source: Readable): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    let first = true;
    try {
      for await (const chunk of source) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        if (buffer.length === 0) continue;
        if (
          first &&
          (file.format === 'csv' || file.format === 'jsonl') &&
          buffer[0] === 0x1f &&
          buffer[1] === 0x8b
        ) {
          throw new BillingFileError(
            file.name,
            `gzip-compressed data in a ${file.format} file (name it .${file.format}.gz)`,
          );
        }
        first = false;
        yield buffer;
      }
    } catch (err) {
      if (isPermanent(err)) throw err;
      throw new BillingSourceError(file.name, err);
    } finally {
      source.destroy();
    }
    if (first) throw new BillingFileError(file.name, 'no rows (the file is empty, 0 bytes)');
  }
  return Readable.from(chunks(), { objectMode: false });
}

function isGzipError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** A stream failure as a BillingFileError; `row` = data rows read so far, undefined while reading the header. */
export function streamError(file: Input, err: unknown, row: number | undefined): Error {
  if (err instanceof BillingFileError || err instanceof BillingSourceError) return err;
  // A stream source's own verdict (access denied mid-read) stays as it was.
  if (file.open && isPermanent(err)) return err;
  if (isGzipError(err)) {
    return new BillingFileError(
      file.path,
      `corrupt or truncated gzip (${(err as Error).message}) after ${row ?? 0} data rows`,
      { cause: err },
    );
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    const problem = `malformed CSV${row === undefined ? ' header' : ''}: ${(err as Error).message}`;
    return new BillingFileError(file.path, problem, {
      row: row === undefined ? undefined : row + 1,
      cause: err,
    });
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new BillingFileError(file.path, fsProblem(err), { cause: err });
  }
  return new BillingFileError(file.path, `cannot read: ${(err as Error).message ?? String(err)}`, {
    cause: err,
  });
}
