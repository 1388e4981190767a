-- OCI rows of one run (org, pipeline, credential, run dates) as FOCUS 1.3 Cost and Usage rows:
-- cloud_oci_billing_raw_daily -> cost_data_standard_1_3, for both OCI formats (oci/cost/billing: FOCUS reports,
-- oci/cost/billing_cost_report: cost reports), which shared/cloud/oci-report.ts normalises to the same columns.
-- BilledCost = the report's cost, EffectiveCost = OCI's EffectiveCost (cost reports: myCost). ListCost /
-- ContractedCost are unit price times pricing quantity, exact (computed on extract); OCI gives one price only,
-- which stands for both. Rows without a unit price or quantity have no SkuPriceId, unit prices or pricing
-- quantity. charge_type is the FOCUS ChargeCategory, with ' Correction' appended for ChargeClass Correction.
-- ServiceCategory: one FOCUS category per OCI service code (ServiceName), subcategory 'Other (<category>)'.
-- BigQuery Standard SQL in the portable subset the DuckDB adapter also runs (see procedures/README.md).
-- Parameters: @org_slug, @pipeline_id, @credential_id, @run_id, @start_date, @end_date. `{dataset}`: the org's.
SELECT
  zone AS AvailabilityZone,
  cost AS BilledCost,
  billing_account_id AS BillingAccountId,
  CAST(NULL AS STRING) AS BillingAccountName,
  CASE
    WHEN billing_account_id LIKE 'ocid%.tenancy.%' THEN 'Tenancy'
    WHEN billing_account_id LIKE 'ocid%subscription.%' THEN 'Subscription'
    ELSE 'Billing Account'
  END AS BillingAccountType,
  currency AS BillingCurrency,
  COALESCE(
    CAST(billing_period_end AS TIMESTAMP),
    CAST(DATE_ADD(DATE_ADD(usage_date, INTERVAL (1 - EXTRACT(DAY FROM usage_date)) DAY), INTERVAL 1 MONTH) AS TIMESTAMP)
  ) AS BillingPeriodEnd,
  COALESCE(
    CAST(billing_period_start AS TIMESTAMP),
    CAST(DATE_ADD(usage_date, INTERVAL (1 - EXTRACT(DAY FROM usage_date)) DAY) AS TIMESTAMP)
  ) AS BillingPeriodStart,
  charge_category AS ChargeCategory,
  CASE WHEN charge_type LIKE '% Correction' THEN 'Correction' END AS ChargeClass,
  COALESCE(sku_description, CONCAT(COALESCE(service_name, service_id, 'OCI'), ' ', sku)) AS ChargeDescription,
  CASE WHEN charge_category IN ('Usage', 'Adjustment') THEN 'Usage-Based' ELSE 'One-Time' END AS ChargeFrequency,
  COALESCE(usage_end_time, CAST(DATE_ADD(usage_date, INTERVAL 1 DAY) AS TIMESTAMP)) AS ChargePeriodEnd,
  COALESCE(usage_start_time, CAST(usage_date AS TIMESTAMP)) AS ChargePeriodStart,
  CASE WHEN charge_category = 'Usage' AND priced THEN usage_amount END AS ConsumedQuantity,
  CASE WHEN charge_category = 'Usage' AND priced AND usage_amount IS NOT NULL THEN COALESCE(usage_unit, unit) END
    AS ConsumedUnit,
  contracted_cost AS ContractedCost,
  CASE WHEN priced THEN contracted_unit_price END AS ContractedUnitPrice,
  effective_cost AS EffectiveCost,
  'Oracle' AS HostProviderName,
  invoice_id AS InvoiceId,
  'Oracle' AS InvoiceIssuerName,
  list_cost AS ListCost,
  CASE WHEN priced THEN list_unit_price END AS ListUnitPrice,
  CASE WHEN priced THEN 'Standard' END AS PricingCategory,
  currency AS PricingCurrency,
  CASE WHEN priced THEN contracted_unit_price END AS PricingCurrencyContractedUnitPrice,
  effective_cost AS PricingCurrencyEffectiveCost,
  CASE WHEN priced THEN list_unit_price END AS PricingCurrencyListUnitPrice,
  CASE WHEN priced THEN pricing_quantity END AS PricingQuantity,
  CASE WHEN priced THEN unit END AS PricingUnit,
  'Oracle' AS ProviderName,
  'Oracle' AS PublisherName,
  region AS RegionId,
  region AS RegionName,
  resource_id AS ResourceId,
  CASE WHEN resource_id IS NULL THEN NULL ELSE resource_name END AS ResourceName,
  CASE WHEN resource_id IS NULL THEN NULL ELSE COALESCE(service_name, service_id, 'OCI') END AS ResourceType,
  service_category AS ServiceCategory,
  COALESCE(service_name, service_id, 'OCI') AS ServiceName,
  CONCAT('Other (', service_category, ')') AS ServiceSubcategory,
  'Oracle' AS ServiceProviderName,
  CASE WHEN priced THEN sku END AS SkuId,
  CASE WHEN priced THEN CONCAT(sku, '/', billing_account_id) END AS SkuPriceId,
  sub_account_id AS SubAccountId,
  COALESCE(sub_account_name, sub_account_id) AS SubAccountName,
  CASE WHEN sub_account_id IS NULL THEN NULL ELSE 'Tenancy' END AS SubAccountType,
  labels AS Tags,
  {cloud_lineage},
  'cloud_oci_billing_raw_daily' AS x_source_system
FROM (
  SELECT
    c.*,
    charge_category NOT IN ('Tax', 'Credit')
      AND list_unit_price IS NOT NULL
      AND contracted_unit_price IS NOT NULL
      AND pricing_quantity IS NOT NULL AS priced,
    COALESCE(sku_id, CONCAT(COALESCE(service_id, 'OCI'), '/', COALESCE(sku_description, charge_category))) AS sku,
    COALESCE(pricing_unit, 'Units') AS unit,
    CASE
      WHEN service_id IN ('COMPUTE', 'CONTAINER_ENGINE', 'CONTAINER_INSTANCES', 'FUNCTIONS', 'VMWARE') THEN 'Compute'
      WHEN service_id IN ('BLOCK_STORAGE', 'OBJECTSTORE', 'OBJECT_STORAGE', 'FILE_STORAGE', 'ARCHIVE_STORAGE') THEN 'Storage'
      WHEN service_id IN ('DATABASE', 'MYSQL', 'NOSQL', 'EXADATA', 'POSTGRESQL', 'GOLDENGATE') THEN 'Databases'
      WHEN service_id IN ('NETWORK', 'LOAD_BALANCER', 'NETWORK_LOAD_BALANCER', 'FASTCONNECT', 'DNS', 'VPN', 'NETWORK_FIREWALL') THEN 'Networking'
      WHEN service_id IN ('DATA_SCIENCE', 'AI_SERVICES', 'GENERATIVE_AI', 'AI_LANGUAGE', 'AI_VISION', 'DIGITAL_ASSISTANT') THEN 'AI and Machine Learning'
      WHEN service_id IN ('ANALYTICS', 'DATA_FLOW', 'DATA_INTEGRATION', 'BIG_DATA', 'DATA_CATALOG') THEN 'Analytics'
      WHEN service_id IN ('TELEMETRY', 'MONITORING', 'LOGGING', 'LOGGING_ANALYTICS', 'APM', 'OPERATIONS_INSIGHTS') THEN 'Management and Governance'
      WHEN service_id IN ('ORACLE_STREAMING_SERVICE', 'STREAMING', 'NOTIFICATIONS', 'INTEGRATION', 'API_GATEWAY', 'QUEUE') THEN 'Integration'
      WHEN service_id IN ('VAULT', 'KMS', 'WAF', 'CLOUD_GUARD', 'BASTION', 'CERTIFICATES') THEN 'Security'
      WHEN service_id IN ('DEVOPS', 'RESOURCE_MANAGER', 'ARTIFACT_REGISTRY', 'CONTAINER_REGISTRY') THEN 'Developer Tools'
      ELSE 'Other'
    END AS service_category
  FROM (
    SELECT
      r.*,
      CASE
        WHEN charge_type IN ('Usage', 'Usage Correction') THEN 'Usage'
        WHEN charge_type IN ('Purchase', 'Purchase Correction') THEN 'Purchase'
        WHEN charge_type IN ('Tax', 'Tax Correction') THEN 'Tax'
        WHEN charge_type IN ('Credit', 'Credit Correction') THEN 'Credit'
        ELSE 'Adjustment'
      END AS charge_category
    FROM `{dataset}.cloud_oci_billing_raw_daily` AS r
    WHERE {run_filter}
  ) AS c
) AS s
