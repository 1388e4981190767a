import type { TableDef } from '../ports/warehouse/schema.js';
import { contractCommitment13 } from './focus-commitment.js';
import { costDataStandard13 } from './focus-cost.js';
import { cloudFocusBillingRawDaily, cloudFocusCommitmentRaw } from './focus-import.js';
import { genaiUsageImports, orgTables, subscriptionPlans } from './org-tables.js';
import { sampleCostsRawDaily } from './sample.js';

export * from './focus-commitment.js';
export * from './focus-cost.js';
export * from './focus-import.js';
export * from './lineage.js';
export * from './org-tables.js';
export * from './sample.js';

/** Every table of a per-org `{org}_prod` dataset (schema_versions is created by the warehouse port), FOCUS first. */
export const orgDatasetTables: readonly TableDef[] = [
  costDataStandard13,
  contractCommitment13,
  ...orgTables,
  cloudFocusBillingRawDaily,
  cloudFocusCommitmentRaw,
  sampleCostsRawDaily,
];

/** Per-org tables written only through the API: they carry no x_* columns. */
export const apiWrittenTables: readonly TableDef[] = [subscriptionPlans, genaiUsageImports];

/** Per-org tables written by pipelines: each carries the 7 lineage columns. */
export const pipelineWrittenTables: readonly TableDef[] = orgDatasetTables.filter(
  (t) => !apiWrittenTables.includes(t),
);
