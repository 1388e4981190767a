import type { TableDef } from '../ports/warehouse/schema.js';
import {
  cloudAwsBillingRawDaily,
  cloudAzureBillingRawDaily,
  cloudGcpBillingRawDaily,
  cloudOciBillingRawDaily,
} from './cloud-raw.js';
import { costDailyRollup } from './cost-rollup.js';
import { contractCommitment13 } from './focus-commitment.js';
import { costDataStandard13 } from './focus-cost.js';
import { cloudFocusBillingRawDaily, cloudFocusCommitmentRaw } from './focus-import.js';
import {
  genaiCommitmentCostsDaily,
  genaiCommitmentPricing,
  genaiCommitmentUsageRaw,
} from './genai-commitment.js';
import {
  genaiInfrastructureCostsDaily,
  genaiInfrastructurePricing,
  genaiInfrastructureUsageRaw,
} from './genai-infrastructure.js';
import {
  genaiPaygBilledCostsDaily,
  genaiPaygCostsDaily,
  genaiPaygPricing,
  genaiPaygUsageRaw,
  genaiUsageImports,
} from './genai-payg.js';
import { genaiCostsDailyUnified, genaiUsageDailyUnified } from './genai-unified.js';
import { sampleCostsRawDaily } from './sample.js';
import { subscriptionPlanCostsDaily, subscriptionPlans } from './saas.js';

export * from './cloud-raw.js';
export * from './cost-rollup.js';
export * from './focus-commitment.js';
export * from './focus-cost.js';
export * from './focus-import.js';
export * from './genai-commitment.js';
export * from './genai-infrastructure.js';
export * from './genai-payg.js';
export * from './genai-unified.js';
export * from './lineage.js';
export * from './saas.js';
export * from './sample.js';

/** Every table of a per-org `{org}_prod` dataset (schema_versions is created by the warehouse port), FOCUS first. */
export const orgDatasetTables: readonly TableDef[] = [
  costDataStandard13,
  contractCommitment13,
  subscriptionPlans,
  subscriptionPlanCostsDaily,
  genaiPaygPricing,
  genaiPaygUsageRaw,
  genaiPaygCostsDaily,
  genaiPaygBilledCostsDaily,
  genaiUsageImports,
  genaiCommitmentPricing,
  genaiCommitmentUsageRaw,
  genaiCommitmentCostsDaily,
  genaiInfrastructurePricing,
  genaiInfrastructureUsageRaw,
  genaiInfrastructureCostsDaily,
  genaiCostsDailyUnified,
  genaiUsageDailyUnified,
  cloudGcpBillingRawDaily,
  cloudAwsBillingRawDaily,
  cloudAzureBillingRawDaily,
  cloudOciBillingRawDaily,
  cloudFocusBillingRawDaily,
  cloudFocusCommitmentRaw,
  sampleCostsRawDaily,
  costDailyRollup,
];

/** Per-org tables written only through the API: they carry no x_* columns. */
export const apiWrittenTables: readonly TableDef[] = [subscriptionPlans, genaiUsageImports];

/** Per-org tables derived from another (TableDef.derived): written only by the replaces of their source. */
export const derivedTables: readonly TableDef[] = [costDailyRollup];

/** Per-org tables written by pipelines: each carries the 7 lineage columns. */
export const pipelineWrittenTables: readonly TableDef[] = orgDatasetTables.filter(
  (t) => !apiWrittenTables.includes(t) && !derivedTables.includes(t),
);
