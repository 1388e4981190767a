import type { Column } from '../ports/warehouse/schema.js';

/**
 * The seed's 7 core x_* lineage columns, carried by every pipeline-written row. A step replaces exactly its
 * slice keyed by (x_org_slug, x_pipeline_id, x_credential_id, x_pipeline_run_date). x_credential_id is the
 * only nullable one: pipelines that use no integration credential (pricing loads, SaaS subscription
 * expansion) leave it NULL, so slice deletes must compare it with `IS NOT DISTINCT FROM`.
 */
export const lineageColumns: readonly Column[] = [
  {
    name: 'x_org_slug',
    type: 'STRING',
    mode: 'REQUIRED',
    description: 'Organization slug that owns the row (multi-tenant row isolation).',
  },
  {
    name: 'x_pipeline_id',
    type: 'STRING',
    mode: 'REQUIRED',
    description: 'Pipeline template that wrote the row, e.g. genai_payg_openai.',
  },
  {
    name: 'x_credential_id',
    type: 'STRING',
    mode: 'NULLABLE',
    description: 'Integration credential used (multi-account isolation); NULL when the pipeline uses none.',
  },
  {
    name: 'x_pipeline_run_date',
    type: 'DATE',
    mode: 'REQUIRED',
    description: 'Data date the run processed; idempotency key for re-runs.',
  },
  {
    name: 'x_run_id',
    type: 'STRING',
    mode: 'REQUIRED',
    description: 'Pipeline run UUID that wrote the row.',
  },
  {
    name: 'x_ingested_at',
    type: 'TIMESTAMP',
    mode: 'REQUIRED',
    description: 'When the row was written to the warehouse (UTC).',
  },
  {
    name: 'x_ingestion_date',
    type: 'DATE',
    mode: 'REQUIRED',
    description: 'UTC date of x_ingested_at.',
  },
];

/** Names of the core lineage columns, in declaration order. */
export const lineageColumnNames: readonly string[] = lineageColumns.map((c) => c.name);

/** The seed's 5 nullable hierarchy columns: the org hierarchy node (Dept/Project/Team) a cost is allocated to. */
export const hierarchyColumns: readonly Column[] = [
  {
    name: 'x_hierarchy_entity_id',
    type: 'STRING',
    description: 'Leaf hierarchy entity the row is allocated to, e.g. TEAM-001.',
  },
  { name: 'x_hierarchy_entity_name', type: 'STRING', description: 'Display name of the hierarchy entity.' },
  {
    name: 'x_hierarchy_level_code',
    type: 'STRING',
    description: 'Level of the entity: department, project or team.',
  },
  {
    name: 'x_hierarchy_path',
    type: 'STRING',
    description: 'Entity ids from the root, e.g. /DEPT-001/PROJ-001/TEAM-001.',
  },
  {
    name: 'x_hierarchy_path_names',
    type: 'STRING',
    description: 'Entity names from the root, e.g. /Engineering/Platform/DevOps.',
  },
];

/** Provider columns on cloud billing rows. */
export const cloudProviderColumns: readonly Column[] = [
  { name: 'x_cloud_provider', type: 'STRING', description: 'Cloud provider: gcp, aws, azure or oci.' },
  {
    name: 'x_cloud_account_id',
    type: 'STRING',
    description: 'Cloud billing account the credential reads (GCP billing account, AWS payer, ...).',
  },
];

/** Provider columns on GenAI rows. */
export const genaiProviderColumns: readonly Column[] = [
  {
    name: 'x_genai_provider',
    type: 'STRING',
    description: 'GenAI provider: openai, anthropic, gemini, azure_openai, aws_bedrock, deepseek ...',
  },
  {
    name: 'x_genai_account_id',
    type: 'STRING',
    description: 'Provider organization / workspace / account the usage belongs to.',
  },
];
