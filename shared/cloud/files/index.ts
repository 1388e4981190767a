/**
 * Reader of cloud billing export files, shared by the `{gcp|aws|azure|oci}/cost/billing` pipelines: AWS CUR 2.0 /
 * legacy CUR / AWS FOCUS exports (CSV, CSV.gz, Parquet), Azure cost exports (CSV, CSV.gz, Parquet), OCI FOCUS
 * reports (CSV.gz), GCP exports (CSV, JSON lines). `../README.md` lists the accepted value forms and every error.
 *
 * - `listBillingFiles(path)` (list.ts): a file, or a directory walked recursively (sorted by path).
 * - `readBillingFile(file, options)` / `readBillingStream(stream, options)` (read.ts): an async generator of typed
 *   rows, from a local path or a byte stream. CSV streams through csv-parse (csv.ts), JSON lines line by line
 *   (jsonl.ts), Parquet through nodejs-polars in batches (parquet.ts); headers.ts matches specs to columns,
 *   values.ts types each value, row-typer.ts assembles rows within the `maxErrors` budget.
 */
export { BillingFileError, BillingSourceError, RowProblem } from './errors.js';
export { billingFileFormat, listBillingFiles, NO_BILLING_FILE } from './list.js';
export { PARQUET_BATCH_ROWS } from './parquet.js';
export { readBillingFile, readBillingStream } from './read.js';
export type {
  BillingFile,
  BillingFileFormat,
  BillingStream,
  ColumnSpec,
  ColumnType,
  FileRows,
  ReadOptions,
} from './types.js';
