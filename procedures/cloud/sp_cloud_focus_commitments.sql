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
  {lineage}
FROM `{dataset}.cloud_focus_commitment_raw`
WHERE {run_filter}
