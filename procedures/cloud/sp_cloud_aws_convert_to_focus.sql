-- AWS CUR rows of one run (org, pipeline, credential, run dates) as FOCUS 1.3 Cost and Usage rows:
-- cloud_aws_billing_raw_daily -> cost_data_standard_1_3. BilledCost = unblended cost (sums to the invoice),
-- EffectiveCost = AWS's amortized cost by line item type. ListCost / ContractedCost are the public / applied rate
-- times the usage amount, exact (computed on extract). Rows without a rate (hand-made samples) have no
-- SkuPriceId, unit prices or pricing quantity.
-- Amazon Bedrock rows (the normaliser's genai_provider / genai_model, shared/cloud/genai-tags.ts) carry
-- x_genai_provider 'bedrock' and x_genai_model, ServiceCategory AI and Machine Learning / Generative AI; the GenAI
-- views read them, and the counted-once rule (shared/focus/counted-once.ts) prefers them to imported usage.
-- BigQuery Standard SQL in the portable subset the DuckDB adapter also runs (see procedures/README.md).
-- Parameters: @org_slug, @pipeline_id, @credential_id, @run_id, @start_date, @end_date. `{dataset}`: the org's.
SELECT
  cost AS BilledCost,
  billing_account_id AS BillingAccountId,
  CAST(NULL AS STRING) AS BillingAccountName,
  'Payer Account' AS BillingAccountType,
  currency AS BillingCurrency,
  CAST(DATE_ADD(DATE_ADD(usage_date, INTERVAL (1 - EXTRACT(DAY FROM usage_date)) DAY), INTERVAL 1 MONTH) AS TIMESTAMP)
    AS BillingPeriodEnd,
  CAST(DATE_ADD(usage_date, INTERVAL (1 - EXTRACT(DAY FROM usage_date)) DAY) AS TIMESTAMP) AS BillingPeriodStart,
  charge_category AS ChargeCategory,
  CAST(NULL AS STRING) AS ChargeClass,
  COALESCE(sku_description, CONCAT(COALESCE(service_name, service_id, 'AWS'), ' ', COALESCE(usage_type, line_item_type)))
    AS ChargeDescription,
  CASE
    WHEN charge_category = 'Usage' THEN 'Usage-Based'
    WHEN line_item_type IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'Recurring'
    ELSE 'One-Time'
  END AS ChargeFrequency,
  CAST(DATE_ADD(usage_date, INTERVAL 1 DAY) AS TIMESTAMP) AS ChargePeriodEnd,
  CAST(usage_date AS TIMESTAMP) AS ChargePeriodStart,
  CASE WHEN charge_category = 'Usage' AND priced THEN usage_amount END AS ConsumedQuantity,
  CASE WHEN charge_category = 'Usage' AND priced THEN unit END AS ConsumedUnit,
  contracted_cost AS ContractedCost,
  CASE WHEN priced THEN COALESCE(unblended_rate, public_on_demand_rate) END AS ContractedUnitPrice,
  amortized_cost AS EffectiveCost,
  'AWS' AS HostProviderName,
  invoice_id AS InvoiceId,
  CASE WHEN billing_entity = 'AWS Marketplace' THEN 'AWS Marketplace' ELSE 'AWS' END AS InvoiceIssuerName,
  list_cost AS ListCost,
  CASE WHEN priced THEN COALESCE(public_on_demand_rate, unblended_rate) END AS ListUnitPrice,
  CASE WHEN priced THEN (CASE WHEN pricing_term = 'Spot' THEN 'Dynamic' ELSE 'Standard' END) END AS PricingCategory,
  currency AS PricingCurrency,
  CASE WHEN priced THEN COALESCE(unblended_rate, public_on_demand_rate) END AS PricingCurrencyContractedUnitPrice,
  amortized_cost AS PricingCurrencyEffectiveCost,
  CASE WHEN priced THEN COALESCE(public_on_demand_rate, unblended_rate) END AS PricingCurrencyListUnitPrice,
  CASE WHEN priced THEN pricing_quantity END AS PricingQuantity,
  CASE WHEN priced THEN unit END AS PricingUnit,
  'AWS' AS ProviderName,
  'AWS' AS PublisherName,
  region AS RegionId,
  region AS RegionName,
  resource_id AS ResourceId,
  CASE WHEN resource_id IS NULL THEN NULL ELSE COALESCE(service_name, service_id) END AS ResourceType,
  service_category AS ServiceCategory,
  COALESCE(service_name, service_id, 'AWS') AS ServiceName,
  CASE
    WHEN genai_provider IS NOT NULL THEN 'Generative AI'
    ELSE CONCAT('Other (', service_category, ')')
  END AS ServiceSubcategory,
  'AWS' AS ServiceProviderName,
  CASE WHEN priced THEN sku END AS SkuId,
  CASE WHEN priced THEN CONCAT(sku, '/', COALESCE(pricing_term, 'OnDemand')) END AS SkuPriceId,
  sub_account_id AS SubAccountId,
  COALESCE(sub_account_name, sub_account_id) AS SubAccountName,
  CASE WHEN sub_account_id IS NULL THEN NULL ELSE 'Linked Account' END AS SubAccountType,
  labels AS Tags,
  {cloud_lineage},
  genai_provider AS x_genai_provider,
  genai_model AS x_genai_model,
  'cloud_aws_billing_raw_daily' AS x_source_system
FROM (
  SELECT
    r.*,
    CASE
      WHEN line_item_type = 'Tax' THEN 'Tax'
      WHEN line_item_type IN ('Credit', 'Refund') THEN 'Credit'
      WHEN line_item_type IN ('Fee', 'RIFee', 'SavingsPlanUpfrontFee', 'SavingsPlanRecurringFee') THEN 'Purchase'
      WHEN line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage') THEN 'Usage'
      ELSE 'Adjustment'
    END AS charge_category,
    line_item_type NOT IN ('Tax', 'Credit', 'Refund')
      AND COALESCE(unblended_rate, public_on_demand_rate) IS NOT NULL
      AND pricing_quantity IS NOT NULL AS priced,
    COALESCE(sku_id, CONCAT(COALESCE(service_id, 'AWS'), '/', COALESCE(usage_type, line_item_type))) AS sku,
    CASE
      WHEN genai_provider IS NOT NULL THEN 'AI and Machine Learning'
      WHEN service_id IN ('AmazonEC2', 'AWSLambda', 'AmazonECS', 'AmazonEKS', 'AWSBatch', 'AmazonLightsail') THEN 'Compute'
      WHEN service_id IN ('AmazonS3', 'AmazonEFS', 'AmazonGlacier', 'AmazonFSx', 'AWSBackup') THEN 'Storage'
      WHEN service_id IN ('AmazonRDS', 'AmazonDynamoDB', 'AmazonElastiCache', 'AmazonRedshift', 'AmazonDocDB', 'AmazonNeptune') THEN 'Databases'
      WHEN service_id IN ('AmazonVPC', 'AmazonCloudFront', 'AmazonRoute53', 'AWSELB', 'AWSDataTransfer', 'AmazonApiGateway') THEN 'Networking'
      WHEN service_id IN ('AmazonBedrock', 'AmazonSageMaker', 'AmazonRekognition', 'AmazonComprehend', 'AmazonTextract') THEN 'AI and Machine Learning'
      WHEN service_id IN ('AmazonCloudWatch', 'AWSCloudTrail', 'AWSConfig', 'AWSCostExplorer') THEN 'Management and Governance'
      WHEN service_id IN ('AWSSecretsManager', 'awskms', 'AWSKeyManagementService', 'AmazonGuardDuty', 'AWSWAF') THEN 'Security'
      WHEN service_id IN ('AmazonSNS', 'AmazonSQS', 'AmazonKinesis', 'AWSEvents', 'AWSStepFunctions') THEN 'Integration'
      WHEN service_id IN ('AmazonAthena', 'AWSGlue', 'AmazonES', 'AmazonQuickSight', 'AmazonEMR') THEN 'Analytics'
      ELSE 'Other'
    END AS service_category,
    CASE pricing_unit
      WHEN 'Hrs' THEN 'Hours'
      WHEN 'GB-Mo' THEN 'GB-Months'
      WHEN 'Request' THEN 'Requests'
      WHEN 'API Request' THEN 'API Requests'
      ELSE COALESCE(pricing_unit, 'Units')
    END AS unit
  FROM `{dataset}.cloud_aws_billing_raw_daily` AS r
  WHERE {run_filter}
) AS s
