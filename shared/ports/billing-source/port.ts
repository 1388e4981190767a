/**
 * The port the `extract-cloud-billing` step reads a credential's billing export through: list the export files at
 * the credential's location, open one as a byte stream. Adapters: `local` (CLOUD_EXPORTS_DIR), `s3`, `azure_blob`,
 * `oci_object_storage`, and `bigquery` (the GCP export table, read as one JSON-lines file for the run's dates).
 */
import type { Readable } from 'node:stream';
import type { BillingFileFormat } from '../../cloud/files/index.js';

export const BILLING_SOURCE_KINDS = ['local', 's3', 'azure_blob', 'oci_object_storage', 'bigquery'] as const;
export type BillingSourceKind = (typeof BILLING_SOURCE_KINDS)[number];

/** One export file at a source's location. */
export interface ExportObject {
  /** What messages and the run log show: `s3://bucket/key`, a local path, `bigquery://project.dataset.table`. */
  name: string;
  /** The key (or local path) the adapter addresses it by. */
  key: string;
  format: BillingFileFormat;
  /** Size in bytes as listed; -1 when the source cannot tell before reading (a query result). */
  bytes: number;
  /** A query result: no bytes means no rows for the dates asked, not a failed upload. */
  emptyIsNoRows?: boolean;
}

/** Where one credential's billing export is read from. */
export interface BillingSource {
  readonly kind: BillingSourceKind;
  /** The location as messages show it, e.g. `s3://bucket/prefix/`. */
  readonly where: string;
  /** The export files at the location, sorted by key. None is a BillingFileError naming the location. */
  list(): Promise<ExportObject[]>;
  /** One file's bytes as stored (`.gz` still compressed), streamed. */
  open(object: ExportObject): Promise<Readable>;
  /** A local path to read the file from directly (the local adapter: Parquet needs no copy). */
  localPath?(object: ExportObject): string;
}

/** What every remote adapter is told besides its location and secret. */
export interface SourceOptions {
  /** The credential the export is read with; named in access errors. */
  credentialId: string;
  /** Milliseconds one request may take (PROVIDER_TIMEOUT_MS). */
  timeoutMs: number;
}
