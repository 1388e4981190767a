-- FOCUS export rows of one run (org, pipeline, credential, run dates) as FOCUS 1.3 Cost and Usage rows:
-- cloud_focus_billing_raw_daily -> cost_data_standard_1_3, one row per export row. The raw rows already are FOCUS
-- 1.3 (upgraded and repaired on extract by shared/cloud/focus-export.ts), so every FOCUS column is copied as is:
-- BilledCost, EffectiveCost, ListCost and ContractedCost equal the export's exactly.
-- Provider attribution comes from the rows (shared/cloud/focus-export.ts focusRowCloud), never from the pipeline:
-- rows of one of the four clouds are x_cost_type 'cloud' with their x_cloud_provider; rows of any other provider (a
-- marketplace seller's or SaaS vendor's own FOCUS file: x_cloud_provider NULL) are 'subscription', shown as provider
-- LOWER(ServiceProviderName) like the SaaS rows. GenAI model rows carry x_genai_provider / x_genai_model
-- (shared/cloud/genai-tags.ts focusGenAi: a cloud's GenAI service by ServiceName, or a SkuPriceDetails ModelId), so
-- they appear in the GenAI views; raw rows loaded before those columns existed fall back to the ServiceName.
-- BigQuery Standard SQL in the portable subset the embedded warehouse also runs (see procedures/README.md).
-- Parameters: @org_slug, @pipeline_id, @credential_id, @run_id, @start_date, @end_date. `{dataset}`: the org's.
SELECT
  AllocatedMethodDetails,
  AllocatedMethodId,
  AllocatedResourceId,
  AllocatedResourceName,
  AllocatedTags,
  AvailabilityZone,
  BilledCost,
  BillingAccountId,
  BillingAccountName,
  BillingAccountType,
  BillingCurrency,
  BillingPeriodEnd,
  BillingPeriodStart,
  CapacityReservationId,
  CapacityReservationStatus,
  ChargeCategory,
  ChargeClass,
  ChargeDescription,
  ChargeFrequency,
  ChargePeriodEnd,
  ChargePeriodStart,
  CommitmentDiscountCategory,
  CommitmentDiscountId,
  CommitmentDiscountName,
  CommitmentDiscountQuantity,
  CommitmentDiscountStatus,
  CommitmentDiscountType,
  CommitmentDiscountUnit,
  ConsumedQuantity,
  ConsumedUnit,
  ContractApplied,
  ContractedCost,
  ContractedUnitPrice,
  EffectiveCost,
  HostProviderName,
  InvoiceId,
  InvoiceIssuerName,
  ListCost,
  ListUnitPrice,
  PricingCategory,
  PricingCurrency,
  PricingCurrencyContractedUnitPrice,
  PricingCurrencyEffectiveCost,
  PricingCurrencyListUnitPrice,
  PricingQuantity,
  PricingUnit,
  ProviderName,
  PublisherName,
  RegionId,
  RegionName,
  ResourceId,
  ResourceName,
  ResourceType,
  ServiceCategory,
  ServiceName,
  ServiceProviderName,
  ServiceSubcategory,
  SkuId,
  SkuMeter,
  SkuPriceDetails,
  SkuPriceId,
  SubAccountId,
  SubAccountName,
  SubAccountType,
  Tags,
  {lineage},
  x_cloud_provider,
  x_cloud_account_id,
  CASE WHEN x_cloud_provider IS NULL THEN 'subscription' ELSE 'cloud' END AS x_cost_type,
  genai_model AS x_genai_model,
  CASE
    WHEN genai_provider IS NOT NULL THEN genai_provider
    WHEN ServiceName = 'Amazon Bedrock' THEN 'bedrock'
    WHEN ServiceName IN ('Azure OpenAI', 'Azure OpenAI Service', 'Foundry Models') THEN 'azure_openai'
    WHEN ServiceName IN ('Vertex AI', 'Vertex AI API') THEN 'vertex'
    WHEN ServiceName IN ('Gemini API', 'Generative Language API') THEN 'gemini'
  END AS x_genai_provider,
  'cloud_focus_billing_raw_daily' AS x_source_system
FROM `{dataset}.cloud_focus_billing_raw_daily`
WHERE {run_filter}
