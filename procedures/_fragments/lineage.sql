-- Lineage columns every procedure writes: the run's keys (org, pipeline, credential, run date), the run and when
-- the rows were written. In a SELECT list: `{lineage},`.
x_org_slug,
x_pipeline_id,
x_credential_id,
x_pipeline_run_date,
@run_id AS x_run_id,
CURRENT_TIMESTAMP() AS x_ingested_at,
CURRENT_DATE() AS x_ingestion_date
