import type { TableDef } from '../ports/warehouse/schema.js';

/** The central dataset shared by all orgs (control state lives in Postgres; this holds history for analytics). */
export const CENTRAL_DATASET = 'organizations';

export const orgUsageQuotasTable: TableDef = {
  name: 'org_usage_quotas',
  description: 'Daily pipeline-run usage per org, archived from the control plane by quota-reset-daily.',
  version: 1,
  columns: [
    { name: 'org_slug', type: 'STRING', mode: 'REQUIRED' },
    { name: 'usage_date', type: 'DATE', mode: 'REQUIRED' },
    { name: 'plan', type: 'STRING' },
    { name: 'pipelines_run', type: 'INT64', mode: 'REQUIRED' },
    { name: 'daily_limit', type: 'INT64' },
    { name: 'monthly_limit', type: 'INT64' },
    { name: 'archived_at', type: 'TIMESTAMP', mode: 'REQUIRED' },
  ],
  partitionBy: 'usage_date',
  clusterBy: ['org_slug'],
};

export const centralDatasetTables: readonly TableDef[] = [orgUsageQuotasTable];

/** `{org_slug}_{env}`: derived from a validated slug, never taken raw from input. */
export function orgDataset(orgSlug: string, datasetEnv: string): string {
  if (!/^[a-z0-9_]{3,50}$/.test(orgSlug)) throw new Error(`Invalid org slug: ${orgSlug}`);
  return `${orgSlug}_${datasetEnv}`;
}
