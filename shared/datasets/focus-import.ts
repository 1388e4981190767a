import type { TableDef } from '../ports/warehouse/schema.js';
import { cloudRawTable } from './cloud-raw.js';
import { col, nullable } from './columns.js';
import { focusContractCommitmentColumns } from './focus-commitment.js';
import { focusCostAndUsageColumns } from './focus-cost.js';
import billing from './schemas/cloud_focus_billing_raw_daily.json' with { type: 'json' };
import commitment from './schemas/cloud_focus_commitment_raw.json' with { type: 'json' };

// Raw tables of the FOCUS-format cloud exports (shared/cloud/focus-export.ts): the source rows already are FOCUS,
// so the raw table holds the FOCUS 1.3 columns themselves (after the version upgrade), all NULLABLE: a raw row
// keeps what the export said, and the conversion procedure is a copy. The schema files hold only what the raw
// tables add of their own.

const usageDate = col(
  'usage_date',
  'DATE',
  'UTC day of ChargePeriodStart (ContractCommitmentPeriodStart for commitments): the run slice.',
  true,
);

/** `cloud_focus_billing_raw_daily`: FOCUS 1.0-1.3 export rows of any cloud, upgraded to the 1.3 columns. */
export const cloudFocusBillingRawDaily: TableDef = cloudRawTable(billing, {
  name: 'cloud_focus_billing_raw_daily',
  description: 'FOCUS export rows (AWS / Azure / GCP / OCI FOCUS exports) upgraded to FOCUS 1.3 columns.',
  version: 2,
  before: [usageDate, ...nullable(focusCostAndUsageColumns)],
  clusterBy: ['x_cloud_provider', 'ServiceName'],
});

/** `cloud_focus_commitment_raw`: FOCUS 1.3 Contract Commitment rows of a cloud's FOCUS export. */
export const cloudFocusCommitmentRaw: TableDef = cloudRawTable(commitment, {
  name: 'cloud_focus_commitment_raw',
  description: 'FOCUS 1.3 Contract Commitment export rows, by commitment period start.',
  version: 1,
  before: [usageDate, ...nullable(focusContractCommitmentColumns)],
});
