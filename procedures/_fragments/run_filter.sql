-- The rows of one run in a raw table (org, pipeline, credential, run dates): `WHERE {run_filter}`.
x_org_slug = @org_slug
  AND x_pipeline_id = @pipeline_id
  AND x_credential_id IS NOT DISTINCT FROM @credential_id
  AND x_pipeline_run_date BETWEEN CAST(@start_date AS DATE) AND CAST(@end_date AS DATE)
