/**
 * Local reader of cloud billing export files, shared by the `{gcp|aws|azure|oci}/cost/billing` pipelines:
 * AWS CUR 2.0 / legacy CUR / AWS FOCUS exports (CSV, CSV.gz, Parquet), Azure cost exports (CSV, CSV.gz,
 * Parquet), OCI FOCUS reports (CSV.gz), GCP exports (CSV, JSON lines). The README beside this file lists the
 * accepted value forms and every error.
 *
 * - `listBillingFiles(path)`: a file, or a directory walked recursively (sorted by path), keeping only known
 *   extensions. Directory walks skip dot-files and `*manifest.json` (AWS / Azure export manifests).
 * - `readBillingFile(file, { columns, keepOther, maxErrors, onError, nullValues })`: an async generator of typed
 *   rows. CSV and CSV.gz stream (fs read stream → zlib gunzip → csv-parse stream API); JSON lines stream line by
 *   line; Parquet is read with nodejs-polars in batches of `PARQUET_BATCH_ROWS` rows (lazy scan + slice).
 *
 * Value typing (empty cells → null): decimal → exact plain-notation string (canonical: no exponent, no
 * trailing zeros, never through a double for CSV/JSON text; Parquet floats use polars' shortest round-trip
 * text); integer → number (safe range); date → 'YYYY-MM-DD'; timestamp → 'YYYY-MM-DDTHH:MM:SS[.fff…]Z';
 * boolean → boolean; json → parsed value; string → string.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse';
import { Decimal } from 'decimal.js';
import { AppError, isPermanent } from '../errors/index.js';
import { JsonNumber, parseJsonExact, setJsonKey, toJsonText, toPlainJson } from '../json/exact.js';

export type BillingFileFormat = 'csv' | 'csv.gz' | 'parquet' | 'jsonl' | 'jsonl.gz';

export interface BillingFile {
  path: string;
  format: BillingFileFormat;
  bytes: number;
}

export type ColumnType = 'string' | 'decimal' | 'integer' | 'date' | 'timestamp' | 'boolean' | 'json';

export interface ColumnSpec {
  /** Output key, and the first header name tried. */
  name: string;
  type: ColumnType;
  /** The column must exist in the header (JSON lines: in the first record). */
  required?: boolean;
  /** Other header names, tried in order after `name`, e.g. lineItem/UnblendedCost vs line_item_unblended_cost. */
  aliases?: string[];
}

export interface ReadOptions {
  columns: readonly ColumnSpec[];
  /** Keep the other columns too (as strings, or null) under their own names. */
  keepOther?: boolean;
  /**
   * How many rows with a bad value may be skipped (default 0: the first bad value throws). Each skipped row is
   * passed to `onError`; one more bad row than `maxErrors` throws.
   */
  maxErrors?: number;
  /** Called with the error of each skipped row (only when `maxErrors` > 0). */
  onError?: (error: BillingFileError) => void;
  /** Cell texts that also mean null, compared exactly, e.g. ['NULL'] for the official FOCUS sample. */
  nullValues?: readonly string[];
}

/** A billing file that cannot be read as asked: permanent (retrying will not help). */
export class BillingFileError extends AppError {
  override name = 'BillingFileError';
  /** The file (or directory) path. */
  readonly file: string;
  /** What is wrong, without the file / row / column prefix. */
  readonly problem: string;
  /** Data row number, counted from 1 (the header is not a row). */
  readonly row?: number;
  readonly column?: string;
  /** The offending value (as text) for a value error. */
  readonly value?: string;
  /** The missing columns for a missing-required-columns error. */
  readonly columns?: string[];

  constructor(
    file: string,
    problem: string,
    details: { row?: number; column?: string; value?: string; columns?: string[]; cause?: unknown } = {},
  ) {
    const where = [
      details.row !== undefined ? `row ${details.row}` : undefined,
      details.column !== undefined ? `column ${details.column}` : undefined,
    ].filter((part) => part !== undefined);
    super('invalid', `billing file ${file}: ${where.length > 0 ? `${where.join(', ')}: ` : ''}${problem}`, {
      cause: details.cause,
      retryable: false,
    });
    this.file = file;
    this.problem = problem;
    if (details.row !== undefined) this.row = details.row;
    if (details.column !== undefined) this.column = details.column;
    if (details.value !== undefined) this.value = details.value;
    if (details.columns !== undefined) this.columns = details.columns;
  }
}

/**
 * A billing file read from a byte stream rather than a local path (an object in S3, Blob or Object Storage, a
 * BigQuery result as JSON lines). `name` is what messages show (e.g. `s3://bucket/key.csv.gz`).
 */
export interface BillingStream {
  name: string;
  format: BillingFileFormat;
  /** The size when the listing said it; 0 means empty (checked before opening). */
  bytes?: number;
  /** Opens the bytes (as stored: still gzip-compressed for `.gz` formats). */
  open(): Promise<Readable>;
  /** No bytes at all means no rows rather than an error (a query result for days without data). */
  emptyIsNoRows?: boolean;
}

/**
 * Reading the bytes of a stream source failed (a network error, a reset connection): not a problem of the file,
 * so it is not permanent; the step is retried. A source throws a permanent AppError itself for what retrying cannot
 * fix (access denied, no such object).
 */
export class BillingSourceError extends Error {
  override name = 'BillingSourceError';
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`billing file ${file}: reading failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** A file being read: `path` is the name in messages; `open` / `local` say where the bytes are when not at `path`. */
interface Input extends BillingFile {
  open?: () => Promise<Readable>;
  /** Local copy of a streamed Parquet file (polars reads a path). */
  local?: string;
}

/** Rows per polars batch when reading Parquet. */
export const PARQUET_BATCH_ROWS = 10_000;
/** A CSV record or a JSON line longer than this is an error (guards against a runaway unclosed quote). */
const MAX_RECORD_CHARS = 64 * 1024 * 1024;
const KNOWN_EXTENSIONS = '.csv, .csv.gz, .parquet, .json, .jsonl, .ndjson (each also .gz except .parquet)';

/** The format of a path from its extension (case-insensitive), or undefined. */
export function billingFileFormat(path: string): BillingFileFormat | undefined {
  const name = path.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.csv.gz')) return 'csv.gz';
  if (name.endsWith('.parquet')) return 'parquet';
  if (/\.(json|jsonl|ndjson)$/.test(name)) return 'jsonl';
  if (/\.(json|jsonl|ndjson)\.gz$/.test(name)) return 'jsonl.gz';
  return undefined;
}

function fsProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read (${code ?? (err instanceof Error ? err.message : String(err))})`;
}

async function statOrThrow(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    throw new BillingFileError(path, fsProblem(err), { cause: err });
  }
}

/**
 * A file or a directory (recursive, sorted by path); only known extensions (.csv, .csv.gz, .parquet,
 * .snappy.parquet, .json/.jsonl/.ndjson (.gz)). A missing path, a file with an unknown extension or a
 * directory with no billing file is an error naming it. Directory walks skip dot-files / dot-directories and
 * `*manifest.json` (AWS CUR and Azure export manifests); symbolic links to files are followed, to directories
 * not.
 */
export async function listBillingFiles(path: string): Promise<BillingFile[]> {
  const info = await statOrThrow(path);
  if (info.isFile()) {
    const format = billingFileFormat(path);
    if (format === undefined)
      throw new BillingFileError(path, `unknown extension (expected ${KNOWN_EXTENSIONS})`);
    return [{ path, format, bytes: info.size }];
  }
  if (!info.isDirectory()) throw new BillingFileError(path, 'not a file or a directory');
  const found: BillingFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      throw new BillingFileError(dir, fsProblem(err), { cause: err });
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(child);
        continue;
      }
      const format = billingFileFormat(entry.name);
      if (format === undefined || /manifest\.json$/i.test(entry.name)) continue;
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const childInfo = await statOrThrow(child);
      if (!childInfo.isFile()) continue;
      found.push({ path: child, format, bytes: childInfo.size });
    }
  };
  await walk(path);
  if (found.length === 0) {
    throw new BillingFileError(path, `directory holds no billing file (expected ${KNOWN_EXTENSIONS})`);
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------------------
// Value parsing.

class ValueProblem extends Error {}

const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Exact canonical decimal text: plain notation, no exponent, no trailing zeros, '-0' → '0'. */
function decimalText(text: string): string {
  const trimmed = text.trim();
  if (!DECIMAL_TEXT.test(trimmed)) throw new ValueProblem(TYPE_PROBLEM.decimal);
  const exponent = /[eE]([+-]?\d+)$/.exec(trimmed);
  if (exponent && Math.abs(Number(exponent[1])) > 1000)
    throw new ValueProblem('decimal exponent out of range');
  return new Decimal(trimmed).toFixed();
}

function integerValue(text: string): number {
  let exact: string;
  try {
    exact = decimalText(text);
  } catch {
    throw new ValueProblem('not an integer');
  }
  if (exact.includes('.')) throw new ValueProblem('not an integer');
  const number = Number(exact);
  if (!Number.isSafeInteger(number)) throw new ValueProblem('integer out of the safe range (±2^53)');
  return number;
}

function booleanValue(text: string): boolean {
  const word = text.trim().toLowerCase();
  if (word === 'true' || word === 't' || word === 'yes' || word === 'y' || word === '1') return true;
  if (word === 'false' || word === 'f' || word === 'no' || word === 'n' || word === '0') return false;
  throw new ValueProblem('not a boolean');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Milliseconds since the epoch for a valid calendar date-time, or undefined. */
function utcMillis(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | undefined {
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
    return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  return date.getTime();
}

function formatUtc(ms: number, fraction: string): string {
  const d = new Date(ms);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${date}T${time}${fraction ? `.${fraction}` : ''}Z`;
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** [epoch ms of the whole seconds, fraction digits without trailing zeros], or undefined. */
function parseInstant(text: string): [number, string] | undefined {
  const iso = ISO_DATE_TIME.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, fraction, zone] = iso;
    const ms = utcMillis(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
    if (ms === undefined) return undefined;
    let offsetMinutes = 0;
    if (zone !== undefined && /^[+-]/.test(zone)) {
      const digits = zone.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = Number(digits.slice(2) || '0');
      if (oh > 23 || om > 59) return undefined;
      offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
    }
    return [ms - offsetMinutes * 60_000, (fraction ?? '').replace(/0+$/, '')];
  }
  const us = US_DATE.exec(text);
  if (us) {
    const ms = utcMillis(Number(us[3]), Number(us[1]), Number(us[2]));
    return ms === undefined ? undefined : [ms, ''];
  }
  return undefined;
}

function timestampValue(text: string): string {
  const instant = parseInstant(text.trim());
  if (instant === undefined) throw new ValueProblem('not a timestamp');
  return formatUtc(...instant);
}

function dateValue(text: string): string {
  const instant = parseInstant(text.trim());
  if (instant === undefined) throw new ValueProblem('not a date');
  const [ms, fraction] = instant;
  if (ms % 86_400_000 !== 0 || fraction !== '')
    throw new ValueProblem('not a date (a time other than midnight UTC)');
  return formatUtc(ms, '').slice(0, 10);
}

function jsonValue(text: string): unknown {
  try {
    return toPlainJson(parseJsonExact(text));
  } catch (err) {
    // Azure EA / MCA cost exports write Tags as `"key": "value","key2": "value2"` without the braces.
    if (/^\s*"/.test(text)) {
      try {
        return toPlainJson(parseJsonExact(`{${text}}`));
      } catch {
        // report the original error below
      }
    }
    throw new ValueProblem(`not valid JSON (${(err as Error).message})`);
  }
}

const TEXT_PARSERS: Record<Exclude<ColumnType, 'string' | 'json'>, (text: string) => unknown> = {
  decimal: decimalText,
  integer: integerValue,
  date: dateValue,
  timestamp: timestampValue,
  boolean: booleanValue,
};

/** Text of a non-text source value (JSON scalar, Parquet nested value) for 'string' columns and messages. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof JsonNumber) return value.text;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return toJsonText(value);
}

/**
 * Converts one source value (CSV cell text, JSON value with JsonNumber, Parquet text or nested JS value) to
 * its typed form. Throws ValueProblem.
 */
function convert(type: ColumnType, value: unknown, nulls: ReadonlySet<string>): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (value === '' || nulls.has(value)) return null;
    if (type === 'string') return value;
    if (type === 'json') return jsonValue(value);
    return TEXT_PARSERS[type](value);
  }
  if (type === 'string') return asText(value);
  if (type === 'json') return toPlainJson(value);
  if (value instanceof JsonNumber || typeof value === 'number' || typeof value === 'bigint') {
    if (type === 'decimal' || type === 'integer') return TEXT_PARSERS[type](asText(value));
  } else if (typeof value === 'boolean' && type === 'boolean') {
    return value;
  }
  throw new ValueProblem(TYPE_PROBLEM[type]);
}

const TYPE_PROBLEM: Record<ColumnType, string> = {
  string: 'not a string',
  decimal: 'not a decimal',
  integer: 'not an integer',
  date: 'not a date',
  timestamp: 'not a timestamp',
  boolean: 'not a boolean',
  json: 'not JSON',
};

/** Other columns: kept as text (CSV cell verbatim, Parquet value cast to text, JSON scalar text / JSON text). */
function otherValue(value: unknown, nulls: ReadonlySet<string>): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' || nulls.has(value) ? null : value;
  return asText(value);
}

function shown(value: unknown): string {
  const text = asText(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

// ---------------------------------------------------------------------------------------------------------
// Column resolution.

/**
 * The header name a spec reads: `name`, then each alias, exactly (case-sensitive); then, when exactly one
 * header name equals `name` or an alias ignoring case, that one.
 */
function resolveName(
  spec: ColumnSpec,
  names: ReadonlySet<string>,
  lower: Map<string, string[]>,
): string | undefined {
  const candidates = [spec.name, ...(spec.aliases ?? [])];
  for (const candidate of candidates) if (names.has(candidate)) return candidate;
  for (const candidate of candidates) {
    const hits = lower.get(candidate.toLowerCase());
    if (hits?.length === 1) return hits[0];
  }
  return undefined;
}

function lowerIndex(names: Iterable<string>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const name of names) {
    const key = name.toLowerCase();
    const list = index.get(key);
    if (list) {
      if (!list.includes(name)) list.push(name);
    } else index.set(key, [name]);
  }
  return index;
}

function missingRequired(
  file: string,
  specs: readonly ColumnSpec[],
  found: (spec: ColumnSpec) => boolean,
): void {
  const missing = specs.filter((spec) => spec.required && !found(spec)).map((spec) => spec.name);
  if (missing.length > 0) {
    throw new BillingFileError(file, `missing required columns: ${missing.join(', ')}`, { columns: missing });
  }
}

function checkOptions(options: ReadOptions): void {
  const seen = new Set<string>();
  for (const spec of options.columns) {
    if (seen.has(spec.name)) throw new TypeError(`readBillingFile: column ${spec.name} is specified twice`);
    seen.add(spec.name);
    if (!['string', 'decimal', 'integer', 'date', 'timestamp', 'boolean', 'json'].includes(spec.type)) {
      throw new TypeError(`readBillingFile: column ${spec.name} has an unknown type ${String(spec.type)}`);
    }
  }
  const max = options.maxErrors ?? 0;
  if (!Number.isInteger(max) || max < 0)
    throw new TypeError('readBillingFile: maxErrors must be an integer ≥ 0');
}

// ---------------------------------------------------------------------------------------------------------
// Row assembly with the maxErrors budget.

class RowTyper {
  private bad = 0;
  private readonly nulls: ReadonlySet<string>;
  private readonly max: number;

  constructor(
    private readonly file: string,
    private readonly options: ReadOptions,
  ) {
    this.nulls = new Set(options.nullValues ?? []);
    this.max = options.maxErrors ?? 0;
  }

  /**
   * Builds the output row from (spec, value) pairs and other (name, value) pairs; undefined when the row has
   * a bad value and the error budget allows skipping it.
   */
  build(
    row: number,
    specValue: (index: number) => unknown,
    others: Iterable<[string, unknown]>,
  ): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    const specs = this.options.columns;
    for (let k = 0; k < specs.length; k++) {
      const spec = specs[k]!;
      const value = specValue(k);
      try {
        setJsonKey(out, spec.name, convert(spec.type, value, this.nulls));
      } catch (err) {
        if (!(err instanceof ValueProblem)) throw err;
        const text = shown(value);
        const error = new BillingFileError(this.file, `${err.message}: ${JSON.stringify(text)}`, {
          row,
          column: spec.name,
          value: text,
        });
        this.bad++;
        if (this.bad > this.max) {
          if (this.max === 0) throw error;
          throw new BillingFileError(
            this.file,
            `more than ${this.max} rows with bad values; this one: ${error.problem}`,
            { row, column: spec.name, value: text },
          );
        }
        this.options.onError?.(error);
        return undefined;
      }
    }
    if (this.options.keepOther) {
      for (const [name, value] of others) {
        if (!Object.prototype.hasOwnProperty.call(out, name))
          setJsonKey(out, name, otherValue(value, this.nulls));
      }
    }
    return out;
  }
}

interface TablePlan {
  /** Header index per spec, or -1 when the column is absent. */
  specIndex: number[];
  /** [output name, header index] of the other columns. */
  others: [string, number][];
}

function planTable(file: string, header: readonly string[], options: ReadOptions): TablePlan {
  const names = new Set(header);
  const lower = lowerIndex(header);
  const specIndex: number[] = [];
  const used = new Set<string>();
  for (const spec of options.columns) {
    const name = resolveName(spec, names, lower);
    if (name === undefined) {
      specIndex.push(-1);
      continue;
    }
    if (header.indexOf(name) !== header.lastIndexOf(name)) {
      throw new BillingFileError(file, `duplicate column ${name} in the header`, { column: spec.name });
    }
    used.add(name);
    specIndex.push(header.indexOf(name));
  }
  missingRequired(file, options.columns, (spec) => specIndex[options.columns.indexOf(spec)]! >= 0);
  const specNames = new Set(options.columns.map((spec) => spec.name));
  const others: [string, number][] = [];
  const seen = new Set<string>();
  header.forEach((name, index) => {
    if (name === '' || used.has(name) || specNames.has(name) || seen.has(name)) return;
    seen.add(name);
    others.push([name, index]);
  });
  return { specIndex, others };
}

/** Types the records (header excluded) of a table source (CSV, Parquet) against its header. */
async function* typedTable(
  file: Input,
  options: ReadOptions,
  header: readonly string[],
  records: AsyncIterable<readonly unknown[]>,
  checkWidth: boolean,
  noRowsProblem: string,
): AsyncGenerator<Record<string, unknown>> {
  const plan = planTable(file.path, header, options);
  const typer = new RowTyper(file.path, options);
  const width = header.length;
  let row = 0;
  for await (const record of records) {
    row++;
    if (checkWidth && record.length > width) {
      const extra = record.slice(width).some((cell) => cell !== '');
      if (extra) {
        throw new BillingFileError(
          file.path,
          `the row has ${record.length} fields, the header has ${width}`,
          {
            row,
          },
        );
      }
    }
    const out = typer.build(
      row,
      (k) => {
        const index = plan.specIndex[k]!;
        return index < 0 ? null : record[index];
      },
      options.keepOther ? plan.others.map(([name, index]): [string, unknown] => [name, record[index]]) : [],
    );
    if (out !== undefined) yield out;
  }
  if (row === 0) throw new BillingFileError(file.path, noRowsProblem);
}

// ---------------------------------------------------------------------------------------------------------
// Sources.

function isGzipError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** A readable of the (decompressed) bytes, with source and gunzip errors propagated to it. */
async function openBytes(file: Input, gzip: boolean): Promise<{ stream: Readable; source: Readable }> {
  const source = file.open ? await file.open() : createReadStream(file.path);
  if (!gzip) return { stream: source, source };
  const gunzip = createGunzip();
  pipeline(source, gunzip, () => {
    // errors surface on `gunzip`, which the caller iterates
  });
  return { stream: gunzip, source };
}

/** A stream failure as a BillingFileError; `row` = data rows read so far, undefined while reading the header. */
function streamError(file: Input, err: unknown, row: number | undefined): Error {
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

async function* readCsv(file: Input, options: ReadOptions): AsyncGenerator<Record<string, unknown>> {
  const { stream, source } = await openBytes(file, file.format === 'csv.gz');
  const parser = parseCsv({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  pipeline(stream, parser, () => {
    // errors surface on `parser`, which is iterated below
  });
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let dataRows = 0;
  try {
    let first: IteratorResult<string[]>;
    try {
      first = await records.next();
    } catch (err) {
      throw streamError(file, err, undefined);
    }
    if (first.done) throw new BillingFileError(file.path, 'no rows (the file is empty)');
    const header = first.value.map((name) => name.trim());
    const rest: AsyncIterable<string[]> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          try {
            const next = await records.next();
            if (!next.done) dataRows++;
            return next;
          } catch (err) {
            throw streamError(file, err, dataRows);
          }
        },
      }),
    };
    yield* typedTable(file, options, header, rest, true, 'no rows (the file has a header only)');
  } finally {
    parser.destroy();
    source.destroy();
  }
}

/** Lines of a (decompressed) byte stream, without the line break; '\r\n' accepted. */
async function* lines(file: Input, stream: Readable): AsyncGenerator<string> {
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

async function* readJsonLines(file: Input, options: ReadOptions): AsyncGenerator<Record<string, unknown>> {
  const { stream, source } = await openBytes(file, file.format === 'jsonl.gz');
  const typer = new RowTyper(file.path, options);
  const specNames = new Set(options.columns.map((spec) => spec.name));
  const plans = new Map<string, (string | undefined)[]>();
  let row = 0;
  let lineNumber = 0;
  const iterator = lines(file, stream);
  try {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await iterator.next();
      } catch (err) {
        throw streamError(file, err, row);
      }
      if (next.done) break;
      lineNumber++;
      const line = next.value;
      if (line.trim() === '') continue;
      row++;
      let record: unknown;
      try {
        record = parseJsonExact(line);
      } catch (err) {
        const hint = row === 1 && /^\s*\[/.test(line) ? ' (expected JSON lines: one object per line)' : '';
        throw new BillingFileError(
          file.path,
          `line ${lineNumber} is not valid JSON: ${(err as Error).message}${hint}`,
          {
            row,
            cause: err,
          },
        );
      }
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        throw new BillingFileError(
          file.path,
          `line ${lineNumber} is not a JSON object (expected JSON lines)`,
          {
            row,
          },
        );
      }
      const object = record as Record<string, unknown>;
      const keys = Object.keys(object);
      const signature = keys.join('\u0000');
      let plan = plans.get(signature);
      if (plan === undefined) {
        const names = new Set(keys);
        const lower = lowerIndex(keys);
        plan = options.columns.map((spec) => resolveName(spec, names, lower));
        if (plans.size > 1000) plans.clear();
        plans.set(signature, plan);
      }
      const resolved = plan;
      const specValue = (k: number): unknown => {
        const key = resolved[k];
        if (key !== undefined) return object[key];
        return nestedValue(object, options.columns[k]!);
      };
      if (row === 1) {
        missingRequired(file.path, options.columns, (spec) => {
          const k = options.columns.indexOf(spec);
          return resolved[k] !== undefined || nestedValue(object, spec) !== MISSING;
        });
      }
      const used = new Set(resolved.filter((key) => key !== undefined));
      const others = keys
        .filter((key) => !used.has(key) && !specNames.has(key))
        .map((key): [string, unknown] => [key, object[key]]);
      const out = typer.build(
        row,
        (k) => {
          const value = specValue(k);
          return value === MISSING ? null : value;
        },
        others,
      );
      if (out !== undefined) yield out;
    }
    if (row === 0) {
      throw new BillingFileError(
        file.path,
        lineNumber === 0 ? 'no rows (the file is empty)' : 'no rows (blank lines only)',
      );
    }
  } finally {
    await iterator.return(undefined).catch(() => undefined);
    stream.destroy();
    source.destroy();
  }
}

const MISSING = Symbol('missing');

/** A dotted name (`service.description`, as GCP flattened CSVs spell nested fields) walked into the object. */
function nestedValue(object: Record<string, unknown>, spec: ColumnSpec): unknown {
  for (const candidate of [spec.name, ...(spec.aliases ?? [])]) {
    if (!candidate.includes('.')) continue;
    let current: unknown = object;
    let found = true;
    for (const part of candidate.split('.')) {
      if (
        current !== null &&
        typeof current === 'object' &&
        !Array.isArray(current) &&
        Object.hasOwn(current, part)
      ) {
        current = (current as Record<string, unknown>)[part];
      } else {
        found = false;
        break;
      }
    }
    if (found) return current;
  }
  return MISSING;
}

const NESTED_DTYPES = new Set(['List', 'FixedSizeList', 'Array', 'Struct', 'Object']);

/** Up to `length` bytes at `position` (negative: from the end); errors name `name` (default: the path). */
async function readHead(path: string, length: number, position = 0, name = path): Promise<Buffer> {
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

async function checkParquetMagic(file: Input): Promise<void> {
  const local = file.local ?? file.path;
  const head = (await readHead(local, 4, 0, file.path)).toString('latin1');
  const tail = (await readHead(local, 4, -4, file.path)).toString('latin1');
  if (head !== 'PAR1') {
    throw new BillingFileError(
      file.path,
      'unreadable Parquet file: no PAR1 magic at the start (not Parquet)',
    );
  }
  if (tail !== 'PAR1') {
    throw new BillingFileError(file.path, 'unreadable Parquet file: no PAR1 magic at the end (truncated?)');
  }
}

async function* readParquet(file: Input, options: ReadOptions): AsyncGenerator<Record<string, unknown>> {
  await checkParquetMagic(file);
  const pl = await import('nodejs-polars');
  const unreadable = (err: unknown) =>
    err instanceof BillingFileError
      ? err
      : new BillingFileError(file.path, `unreadable Parquet file: ${(err as Error).message ?? String(err)}`, {
          cause: err,
        });
  const scan = () => pl.scanParquet(file.local ?? file.path, { glob: false, hivePartitioning: false });
  let header: string[];
  let schema: Record<string, { variant: string }>;
  try {
    const empty = await scan().limit(0).collect();
    header = empty.columns;
    schema = empty.schema as Record<string, { variant: string }>;
  } catch (err) {
    throw unreadable(err);
  }
  const plan = planTable(file.path, header, options);
  const wanted = new Set<number>(plan.specIndex.filter((index) => index >= 0));
  if (options.keepOther) for (const [, index] of plan.others) wanted.add(index);
  const selected = [...wanted].sort((a, b) => a - b);
  const exprs = selected.map((index) => {
    const name = header[index]!;
    const column = pl.col(name);
    return NESTED_DTYPES.has(schema[name]?.variant ?? '') ? column : column.cast(pl.DataType.String);
  });
  let offset = 0;
  async function* batches(): AsyncGenerator<unknown[]> {
    for (;;) {
      let rows: Record<string, unknown>[];
      try {
        const frame =
          selected.length > 0
            ? await scan()
                .select(...exprs)
                .slice(offset, PARQUET_BATCH_ROWS)
                .collect()
            : await scan().select(pl.len()).collect();
        if (selected.length === 0) {
          // No column to read (none of the specified columns exists): rows of nulls, one per file row.
          const total = Number((frame.toRecords()[0] as { len: number }).len);
          for (let k = 0; k < total; k++) yield [];
          return;
        }
        rows = frame.toRecords() as Record<string, unknown>[];
      } catch (err) {
        throw unreadable(err);
      }
      for (const record of rows) {
        const array: unknown[] = new Array<unknown>(header.length);
        for (const index of selected) array[index] = record[header[index]!];
        yield array;
      }
      offset += rows.length;
      if (rows.length < PARQUET_BATCH_ROWS) return;
    }
  }
  yield* typedTable(file, options, header, batches(), false, 'no rows (the Parquet file has a schema only)');
}

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
 * The bytes of a stream source, checked as `readBillingFile` checks a local file: gzip bytes in a `.csv` / `.json`
 * file and an empty body are BillingFileErrors; a failure of the source itself is a BillingSourceError (retried)
 * unless the source threw a permanent AppError.
 */
function checkedBytes(file: BillingStream, source: Readable): Readable {
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

/** Copies a streamed Parquet file to a temporary directory (polars reads paths); removed when reading ends. */
async function* readStreamedParquet(
  file: BillingStream,
  options: ReadOptions,
): AsyncGenerator<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'cloudact-billing-'));
  try {
    const local = join(dir, 'part.parquet');
    await pipelineAsync(checkedBytes(file, await file.open()), createWriteStream(local));
    const bytes = (await stat(local)).size;
    yield* readParquet({ path: file.name, format: 'parquet', bytes, local }, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
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
  let open = file.open;
  if (file.emptyIsNoRows) {
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
    if (first.done) return;
    const head = first.value;
    const rest = Readable.from(
      (async function* () {
        yield head;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
      })(),
      { objectMode: false },
    );
    rest.once('close', () => source.destroy());
    open = async () => rest;
  }
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

/** The message part of `listBillingFiles`' "no billing file" error, for sources listing a bucket prefix. */
export const NO_BILLING_FILE = `holds no billing file (expected ${KNOWN_EXTENSIONS})`;
