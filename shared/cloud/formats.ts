/**
 * The cloud billing export formats the `extract-cloud-billing` step reads: per provider and format, the columns
 * to read, the raw table, where the credential's export lives under CLOUD_EXPORTS_DIR, and the row normaliser.
 */
import type { TableDef } from '../ports/warehouse/schema.js';
import { cloudAwsBillingRawDaily } from '../datasets/index.js';
import { AWS_CUR_COLUMNS, curRawRow } from './aws-cur.js';
import type { ColumnSpec, ReadOptions } from './files/index.js';
import { AZURE_BILLING_FORMATS } from './azure-export.js';
import { gcpBillingExportFormat } from './gcp-export.js';
import { focusCommitmentFormat, focusExportFormat } from './focus-export.js';
import { ociBillingFormats } from './oci-report.js';

import { CLOUD_PROVIDERS, type CloudProvider } from '../contracts/providers.js';
export { CLOUD_PROVIDERS, type CloudProvider };

export interface BillingFormat {
  provider: CloudProvider;
  /** The step config's `format`, e.g. `cur`. */
  format: string;
  description: string;
  columns: readonly ColumnSpec[];
  /** More reader options (null markers, keepOther); `columns` comes from above. */
  read?: Omit<ReadOptions, 'columns'>;
  table: TableDef;
  /**
   * Path segments of the credential's export under `<CLOUD_EXPORTS_DIR>/<provider>/`, from its integration
   * config (e.g. AWS: bucket and prefix); a missing setting throws an Error naming it. `null`: the credential
   * has no export of this kind (an optional dataset such as FOCUS contract commitments), so the run's slice is
   * empty.
   */
  location(config: Record<string, unknown>): string[] | null;
  /** One source row as a raw-table row without lineage; `usage_date` decides the run slice it belongs to. */
  toRaw(row: Record<string, unknown>): Record<string, unknown> & { usage_date: string };
}

const text = (config: Record<string, unknown>, key: string, required = true): string => {
  const v = config[key];
  if (typeof v === 'string' && v.length > 0) return v;
  if (required) throw new Error(`The integration config has no ${key}.`);
  return '';
};

export const awsCurFormat: BillingFormat = {
  provider: 'aws',
  format: 'cur',
  description: 'AWS CUR 2.0 / Data Exports or legacy CUR (CSV, CSV.gz, Parquet)',
  columns: AWS_CUR_COLUMNS,
  read: { keepOther: true },
  table: cloudAwsBillingRawDaily,
  location: (c) => [text(c, 'export_bucket'), text(c, 'export_prefix', false)],
  toRaw: curRawRow,
};

/** Every format (a provider module exports its own and is listed here). */
export const BILLING_FORMATS: readonly BillingFormat[] = [
  awsCurFormat,
  ...AZURE_BILLING_FORMATS,
  gcpBillingExportFormat,
  ...ociBillingFormats,
  focusExportFormat('aws'),
  focusExportFormat('azure'),
  focusExportFormat('gcp'),
  focusCommitmentFormat('aws'),
  focusCommitmentFormat('azure'),
  focusCommitmentFormat('gcp'),
];

export function billingFormat(provider: string, format: string): BillingFormat | undefined {
  return BILLING_FORMATS.find((f) => f.provider === provider && f.format === format);
}
