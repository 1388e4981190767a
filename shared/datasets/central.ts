import type { TableDef } from '../ports/warehouse/schema.js';
import { tableFromSchema } from '../ports/warehouse/tables/schema-file.js';
import orgUsageQuotas from './schemas/org_usage_quotas.json' with { type: 'json' };

/** The central dataset shared by all orgs (control state lives in Postgres; this holds history for analytics). */
export const CENTRAL_DATASET = 'organizations';

export const orgUsageQuotasTable: TableDef = tableFromSchema(orgUsageQuotas, {
  name: 'org_usage_quotas',
  description: 'Daily pipeline-run usage per org, archived from the control plane by quota-reset-daily.',
  version: 1,
  partitionBy: 'usage_date',
  clusterBy: ['org_slug'],
});

export const centralDatasetTables: readonly TableDef[] = [orgUsageQuotasTable];

/** `{org_slug}_{env}`: derived from a validated slug, never taken raw from input. */
export function orgDataset(orgSlug: string, datasetEnv: string): string {
  if (!/^[a-z0-9_]{3,50}$/.test(orgSlug)) throw new Error(`Invalid org slug: ${orgSlug}`);
  return `${orgSlug}_${datasetEnv}`;
}
