/** The shapes of the billing file reader: formats, column specs, read options, streamed files. */
import type { Readable } from 'node:stream';
import type { BillingFileError } from './errors.js';

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
  /**
   * A normaliser applied to each typed row inside the reader (a format's `toRaw`): the generator yields what it
   * returns. A permanent AppError it throws becomes a BillingFileError naming the file, the row and the column
   * (a RowProblem's; normalisers throw RowProblems); other errors pass through.
   */
  toRow?: (row: Record<string, unknown>) => Record<string, unknown>;
  /**
   * Makes the per-file stage after `toRow` (one per file read), for a value only the file as a whole gives (OCI: the
   * report's currency for rows without one). Its errors are named like `toRow`'s.
   */
  perFile?: () => FileRows;
}

/** Rows of one file after `toRow`, with state across rows: may hold rows back and release them later. */
export interface FileRows {
  /** The rows to yield now (held ones released, or none when this one is held). */
  row(row: Record<string, unknown>, rowNumber: number): readonly Record<string, unknown>[];
  /** The rows still held at the end of the file. */
  end(): readonly Record<string, unknown>[];
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

/** A file being read: `path` is the name in messages; `open` / `local` say where the bytes are when not at `path`. */
export interface Input extends BillingFile {
  open?: () => Promise<Readable>;
  /** Local copy of a streamed Parquet file (polars reads a path). */
  local?: string;
}
