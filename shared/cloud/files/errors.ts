/** The reader's errors: a bad file (permanent), a failing stream (retried), and stream failures mapped to them. */
import { AppError } from '../../errors/index.js';

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
 * A row a format's normaliser (`ReadOptions.toRow`) cannot use, naming the column: the reader turns it into a
 * BillingFileError with the file and the row number (the normaliser knows neither).
 */
export class RowProblem extends AppError {
  override name = 'RowProblem';
  constructor(
    /** The column (spec name) whose value is missing or wrong. */
    readonly column: string,
    /** What is wrong, without the column (the message is `column <column>: <problem>`). */
    readonly problem: string,
    /** The data row, when the problem is found after the row itself (a held row refused at the end of the file). */
    readonly row?: number,
  ) {
    super('invalid', `column ${column}: ${problem}`, { retryable: false });
  }
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

/** What a file-system error means, for a message. */
export function fsProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read (${code ?? (err instanceof Error ? err.message : String(err))})`;
}
