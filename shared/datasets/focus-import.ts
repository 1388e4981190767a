import type { Column, TableDef } from '../ports/warehouse/schema.js';
import { focusContractCommitmentColumns } from './focus-commitment.js';
import { focusCostAndUsageColumns } from './focus-cost.js';
import { cloudProviderColumns, lineageColumns } from './lineage.js';

// Raw tables of the FOCUS-format cloud exports (shared/cloud/focus-export.ts): the source rows already are FOCUS,
// so the raw table holds the FOCUS 1.3 columns themselves (after the version upgrade), all NULLABLE: a raw row
// keeps what the export said, and the conversion procedure is a copy.

const nullable = (columns: readonly Column[]): Column[] =>
  columns.map((c) => ({ name: c.name, type: c.type, description: c.description }));

const usageDate: Column = {
  name: 'usage_date',
  type: 'DATE',
  mode: 'REQUIRED',
  description: 'UTC day of ChargePeriodStart (ContractCommitmentPeriodStart for commitments): the run slice.',
};

/** `cloud_focus_billing_raw_daily`: FOCUS 1.0-1.3 export rows of any cloud, upgraded to the 1.3 columns. */
export const cloudFocusBillingRawDaily: TableDef = {
  name: 'cloud_focus_billing_raw_daily',
  description: 'FOCUS export rows (AWS / Azure / GCP / OCI FOCUS exports) upgraded to FOCUS 1.3 columns.',
  version: 1,
  columns: [
    usageDate,
    ...nullable(focusCostAndUsageColumns),
    {
      name: 'x_source_columns',
      type: 'JSON',
      description: "The export's own columns (x_ prefixed by the upgrade) and values moved aside by repairs.",
    },
    {
      name: 'x_focus_version',
      type: 'STRING',
      description: 'FOCUS version of the source rows: 1.0 ... 1.3.',
    },
    ...lineageColumns,
    ...cloudProviderColumns,
  ],
  partitionBy: 'usage_date',
  clusterBy: ['x_cloud_provider', 'ServiceName'],
};

/** `cloud_focus_commitment_raw`: FOCUS 1.3 Contract Commitment rows of a cloud's FOCUS export. */
export const cloudFocusCommitmentRaw: TableDef = {
  name: 'cloud_focus_commitment_raw',
  description: 'FOCUS 1.3 Contract Commitment export rows, by commitment period start.',
  version: 1,
  columns: [
    usageDate,
    ...nullable(focusContractCommitmentColumns),
    ...lineageColumns,
    ...cloudProviderColumns,
  ],
  partitionBy: 'usage_date',
};
