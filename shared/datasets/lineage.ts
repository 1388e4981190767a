import type { Column } from '../ports/warehouse/schema.js';
import { col } from './columns.js';

/**
 * The seed's 7 core x_* lineage columns, carried by every pipeline-written row. A step replaces exactly its
 * slice keyed by (x_org_slug, x_pipeline_id, x_credential_id, x_pipeline_run_date). x_credential_id is the
 * only nullable one: pipelines that use no integration credential (pricing loads, SaaS subscription
 * expansion) leave it NULL, so slice deletes must compare it with `IS NOT DISTINCT FROM`.
 */
export const lineageColumns: readonly Column[] = [
  col('x_org_slug', 'STRING', 'Organization slug that owns the row (multi-tenant row isolation).', true),
  col('x_pipeline_id', 'STRING', 'Pipeline template that wrote the row, e.g. genai_payg_openai.', true),
  {
    name: 'x_credential_id',
    type: 'STRING',
    mode: 'NULLABLE',
    description: 'Integration credential used (multi-account isolation); NULL when the pipeline uses none.',
  },
  col('x_pipeline_run_date', 'DATE', 'Data date the run processed; idempotency key for re-runs.', true),
  col('x_run_id', 'STRING', 'Pipeline run UUID that wrote the row.', true),
  col('x_ingested_at', 'TIMESTAMP', 'When the row was written to the warehouse (UTC).', true),
  col('x_ingestion_date', 'DATE', 'UTC date of x_ingested_at.', true),
];

/** Names of the core lineage columns, in declaration order. */
export const lineageColumnNames: readonly string[] = lineageColumns.map((c) => c.name);

/** The seed's 5 nullable hierarchy columns: the org hierarchy node (Dept/Project/Team) a cost is allocated to. */
export const hierarchyColumns: readonly Column[] = [
  col('x_hierarchy_entity_id', 'STRING', 'Leaf hierarchy entity the row is allocated to, e.g. TEAM-001.'),
  col('x_hierarchy_entity_name', 'STRING', 'Display name of the hierarchy entity.'),
  col('x_hierarchy_level_code', 'STRING', 'Level of the entity: department, project or team.'),
  col('x_hierarchy_path', 'STRING', 'Entity ids from the root, e.g. /DEPT-001/PROJ-001/TEAM-001.'),
  col('x_hierarchy_path_names', 'STRING', 'Entity names from the root, e.g. /Engineering/Platform/DevOps.'),
];

/** Provider columns on cloud billing rows. */
export const cloudProviderColumns: readonly Column[] = [
  col('x_cloud_provider', 'STRING', 'Cloud provider: gcp, aws, azure or oci.'),
  col(
    'x_cloud_account_id',
    'STRING',
    'Cloud billing account the credential reads (GCP billing account, AWS payer, ...).',
  ),
];

/** Provider columns on GenAI rows. */
export const genaiProviderColumns: readonly Column[] = [
  col(
    'x_genai_provider',
    'STRING',
    'GenAI provider: openai, anthropic, gemini, azure_openai, aws_bedrock, deepseek ...',
  ),
  col('x_genai_account_id', 'STRING', 'Provider organization / workspace / account the usage belongs to.'),
];
