-- Priced GenAI cost of one run consolidated to one row per day and SKU price (provider, model, token type, dated
-- price, tier, batch, long-context tier), project/workspace and API key:
-- genai_payg_costs_daily -> genai_costs_daily_unified. Quantities and costs are summed exactly (BIGNUMERIC), so
-- list_cost = usage_quantity x list_unit_price and total_cost = usage_quantity x unit_price still hold.
-- Unpriced and free lines are left out (unpriced usage stays listed in genai_payg_costs_daily).
-- BigQuery Standard SQL in the portable subset the DuckDB adapter also runs (see procedures/README.md).
-- Parameters: @org_slug, @pipeline_id, @credential_id, @run_id, @start_date, @end_date. `{dataset}`: the org's.
-- Only the payg flow has a pipeline today; commitment and infrastructure costs will be unioned here.
SELECT
  cost_date,
  {genai_payg_keys},
  token_type,
  CONCAT(provider, '/', COALESCE(model, usage_kind), '/', token_type) AS sku_id,
  CONCAT(
    provider, '/', COALESCE(model, usage_kind), '/', token_type, '|', price_id,
    CASE WHEN service_tier IS NULL OR LOWER(service_tier) IN ('default', 'auto', 'standard', 'batch') THEN ''
      ELSE CONCAT('|', LOWER(service_tier)) END,
    CASE WHEN is_batch THEN '|batch' ELSE '' END,
    CASE WHEN long_context = 'applied' THEN '|long_context' ELSE '' END
  ) AS sku_price_id,
  price_source,
  SUM(quantity) AS usage_quantity,
  pricing_unit AS usage_unit,
  list_unit_price,
  unit_price,
  SUM(list_cost) AS list_cost,
  SUM(total_cost) AS total_cost,
  currency,
  'genai_payg_costs_daily' AS source_table,
  {genai_lineage}
FROM `{dataset}.genai_payg_costs_daily`
WHERE {run_filter}
  AND pricing_status = 'priced'
GROUP BY
  cost_date, provider, model, region, workspace_id, api_key_id, usage_kind, service_tier, is_batch, long_context,
  token_type, price_id, price_source, pricing_unit, list_unit_price, unit_price, currency,
  x_org_slug, x_pipeline_id, x_credential_id, x_pipeline_run_date, x_genai_provider, x_genai_account_id,
  x_hierarchy_entity_id, x_hierarchy_entity_name, x_hierarchy_level_code, x_hierarchy_path, x_hierarchy_path_names
