-- GenAI usage of one run (org, pipeline, credential, run dates) consolidated to one row per day, provider, model,
-- project/workspace, API key, usage kind, tier and batch: genai_payg_usage_raw -> genai_usage_daily_unified.
-- BigQuery Standard SQL in the portable subset the DuckDB adapter also runs (see procedures/README.md).
-- Parameters: @org_slug, @pipeline_id, @credential_id, @run_id, @start_date, @end_date. `{dataset}`: the org's.
-- Only the payg flow has a pipeline today; commitment and infrastructure usage will be unioned here.
SELECT
  usage_date,
  {genai_payg_keys},
  SUM(input_tokens) AS input_tokens,
  SUM(cached_input_tokens) AS cached_input_tokens,
  SUM(cache_write_5m_tokens + cache_write_1h_tokens) AS cache_write_tokens,
  SUM(audio_input_tokens) AS audio_input_tokens,
  SUM(image_input_tokens) AS image_input_tokens,
  SUM(output_tokens) AS output_tokens,
  SUM(audio_output_tokens) AS audio_output_tokens,
  SUM(reasoning_tokens) AS reasoning_tokens,
  SUM(total_tokens) AS total_tokens,
  SUM(request_count) AS request_count,
  SUM(images) AS images,
  SUM(characters) AS characters,
  SUM(seconds) AS seconds,
  CAST(NULL AS INT64) AS provisioned_units,
  CAST(NULL AS NUMERIC) AS utilization_pct,
  CAST(NULL AS NUMERIC) AS gpu_hours,
  'genai_payg_usage_raw' AS source_table,
  {genai_lineage}
FROM `{dataset}.genai_payg_usage_raw`
WHERE {run_filter}
GROUP BY
  usage_date, provider, model, region, workspace_id, api_key_id, usage_kind, service_tier, is_batch,
  x_org_slug, x_pipeline_id, x_credential_id, x_pipeline_run_date, x_genai_provider, x_genai_account_id,
  x_hierarchy_entity_id, x_hierarchy_entity_name, x_hierarchy_level_code, x_hierarchy_path, x_hierarchy_path_names
