-- FOCUS 1.3 Contract Commitment rows of one run (org, pipeline, credential, run dates):
-- cloud_focus_commitment_raw -> contract_commitment_1_3, copied as the export states them. A commitment belongs
-- to the day its ContractCommitmentPeriodStart falls on, so a run over a date range (re)loads the commitments
-- that start in it.
-- Parameters: @org_slug, @pipeline_id, @credential_id, @run_id, @start_date, @end_date. `{dataset}`: the org's.
SELECT
  BillingCurrency,
  ContractCommitmentCategory,
  ContractCommitmentCost,
  ContractCommitmentDescription,
  ContractCommitmentId,
  ContractCommitmentPeriodEnd,
  ContractCommitmentPeriodStart,
  ContractCommitmentQuantity,
  ContractCommitmentType,
  ContractCommitmentUnit,
  ContractId,
  ContractPeriodEnd,
  ContractPeriodStart,
  x_org_slug,
  x_pipeline_id,
  x_credential_id,
  x_pipeline_run_date,
  @run_id AS x_run_id,
  CURRENT_TIMESTAMP() AS x_ingested_at,
  CURRENT_DATE() AS x_ingestion_date
FROM `{dataset}.cloud_focus_commitment_raw`
WHERE x_org_slug = @org_slug
  AND x_pipeline_id = @pipeline_id
  AND x_credential_id IS NOT DISTINCT FROM @credential_id
  AND x_pipeline_run_date BETWEEN CAST(@start_date AS DATE) AND CAST(@end_date AS DATE)
