-- GCP Cloud Billing export rows of one run (org, pipeline, credential, run dates) as FOCUS 1.3 Cost and Usage
-- rows: cloud_gcp_billing_raw_daily -> cost_data_standard_1_3, one FOCUS row per export row.
-- Money (as GCP's own FOCUS view): BilledCost = EffectiveCost = cost + Σ credits (the invoice is Σ cost + Σ
-- credits; SUD / CUD / promotion / free-tier credits are discounts on the row, no upfront fee is amortized);
-- ContractedCost = cost (contract prices, before credits); ListCost = list_cost (list unit price x quantity,
-- else cost_at_list, else cost; computed on extract). The sum is exact: two exact decimal columns added
-- (BIGNUMERIC in BigQuery, DECIMAL(38,18) in DuckDB), never a cast.
-- Prices (shared/cloud/gcp-prices.ts, on extract): a Usage row with a sku_price_id is priced: unit prices per
-- pricing unit (the detailed export's price.*, else derived from GCP's rounded cost at 18 decimals: unit price x
-- PricingQuantity is within half of GCP's 1e-6 rounding of ContractedCost / ListCost, not equal), PricingQuantity
-- / PricingUnit = usage.amount_in_pricing_units / usage.pricing_unit, ConsumedQuantity / ConsumedUnit =
-- usage.amount / usage.unit (units in FOCUS UnitFormat), PricingCategory 'Standard': a committed use discount
-- is a credit on a row at the on-demand price, and no CommitmentDiscount* columns are produced. Other rows have
-- no SkuPriceId, unit prices or quantities.
-- ChargeCategory by cost_type: regular -> Usage, tax -> Tax, adjustment / rounding_error / other -> Adjustment;
-- an adjustment of usage before its invoice month is a Correction. ChargePeriod = the export row's usage
-- interval; BillingPeriod = its invoice month (UTC calendar month; GCP's invoice months are Pacific time).
-- Vertex AI and Gemini API rows carry x_genai_provider, and x_genai_model when the SKU description names a model.
-- BigQuery Standard SQL in the portable subset the DuckDB adapter also runs (see procedures/README.md); LOWER,
-- REPLACE, NULLIF and REGEXP_EXTRACT (no capturing group: the whole match in both) need no translation.
-- Parameters: @org_slug, @pipeline_id, @credential_id, @run_id, @start_date, @end_date. `{dataset}`: the org's.
SELECT
  billed AS BilledCost,
  billing_account_id AS BillingAccountId,
  CAST(NULL AS STRING) AS BillingAccountName,
  'Billing Account' AS BillingAccountType,
  currency AS BillingCurrency,
  CAST(COALESCE(billing_period_end, CAST(DATE_ADD(month_start, INTERVAL 1 MONTH) AS DATE)) AS TIMESTAMP)
    AS BillingPeriodEnd,
  CAST(COALESCE(billing_period_start, month_start) AS TIMESTAMP) AS BillingPeriodStart,
  charge_category AS ChargeCategory,
  CASE
    WHEN charge_category = 'Adjustment' AND usage_date < billing_period_start THEN 'Correction'
  END AS ChargeClass,
  COALESCE(sku_description, CONCAT(service, ' ', cost_type)) AS ChargeDescription,
  CASE WHEN charge_category = 'Usage' THEN 'Usage-Based' ELSE 'One-Time' END AS ChargeFrequency,
  CASE
    WHEN usage_end_time > period_start THEN usage_end_time
    ELSE CAST(DATE_ADD(usage_date, INTERVAL 1 DAY) AS TIMESTAMP)
  END AS ChargePeriodEnd,
  period_start AS ChargePeriodStart,
  CASE WHEN priced THEN COALESCE(usage_amount, pricing_quantity) END AS ConsumedQuantity,
  CASE
    WHEN priced AND usage_amount IS NULL THEN pricing_unit_or_units
    WHEN priced THEN COALESCE(usage_unit, 'Units')
  END AS ConsumedUnit,
  cost AS ContractedCost,
  CASE WHEN priced THEN contracted_unit_price END AS ContractedUnitPrice,
  billed AS EffectiveCost,
  'Google Cloud' AS HostProviderName,
  'Google Cloud' AS InvoiceIssuerName,
  list_cost AS ListCost,
  CASE WHEN priced THEN list_unit_price END AS ListUnitPrice,
  CASE WHEN priced THEN 'Standard' END AS PricingCategory,
  currency AS PricingCurrency,
  CASE WHEN priced THEN contracted_unit_price END AS PricingCurrencyContractedUnitPrice,
  billed AS PricingCurrencyEffectiveCost,
  CASE WHEN priced THEN list_unit_price END AS PricingCurrencyListUnitPrice,
  CASE WHEN priced THEN pricing_quantity END AS PricingQuantity,
  CASE WHEN priced THEN pricing_unit_or_units END AS PricingUnit,
  'Google Cloud' AS ProviderName,
  'Google Cloud' AS PublisherName,
  region AS RegionId,
  CASE
    WHEN region IS NULL THEN NULL
    ELSE COALESCE(region_name, region)
  END AS RegionName,
  resource_id AS ResourceId,
  CASE WHEN resource_id IS NULL THEN NULL ELSE resource_name END AS ResourceName,
  CASE WHEN resource_id IS NULL THEN NULL ELSE service END AS ResourceType,
  service_category AS ServiceCategory,
  service AS ServiceName,
  CONCAT('Other (', service_category, ')') AS ServiceSubcategory,
  'Google Cloud' AS ServiceProviderName,
  CASE WHEN charge_category = 'Tax' THEN NULL ELSE sku_id END AS SkuId,
  CASE WHEN priced THEN sku_price_id END AS SkuPriceId,
  sub_account_id AS SubAccountId,
  CASE WHEN sub_account_id IS NULL THEN NULL ELSE COALESCE(sub_account_name, sub_account_id) END AS SubAccountName,
  CASE WHEN sub_account_id IS NULL THEN NULL ELSE 'Project' END AS SubAccountType,
  zone AS AvailabilityZone,
  labels AS Tags,
  {cloud_lineage},
  genai_provider AS x_genai_provider,
  CASE
    WHEN genai_provider IS NOT NULL THEN REPLACE(NULLIF(REGEXP_EXTRACT(LOWER(COALESCE(sku_description, '')),
      '(?:gemini|gemma|imagen|veo|claude|llama|mistral|codestral|chirp|lyria)(?:[ -](?:[0-9][0-9.]*b?|pro|flash|lite|ultra|nano|sonnet|opus|haiku|exp|preview|v[0-9]+))+'
    ), ''), ' ', '-')
  END AS x_genai_model,
  'cloud_gcp_billing_raw_daily' AS x_source_system
FROM (
  SELECT
    r.*,
    cost + COALESCE(credits_total, 0) AS billed,
    cost_type = 'regular'
      AND sku_id IS NOT NULL
      AND sku_price_id IS NOT NULL
      AND list_unit_price IS NOT NULL
      AND contracted_unit_price IS NOT NULL
      AND pricing_quantity IS NOT NULL AS priced,
    COALESCE(pricing_unit, 'Units') AS pricing_unit_or_units,
    COALESCE(usage_start_time, CAST(usage_date AS TIMESTAMP)) AS period_start,
    CAST(DATE_ADD(usage_date, INTERVAL (1 - EXTRACT(DAY FROM usage_date)) DAY) AS DATE) AS month_start,
    COALESCE(service_name, service_id, 'Google Cloud') AS service,
    CASE cost_type
      WHEN 'regular' THEN 'Usage'
      WHEN 'tax' THEN 'Tax'
      ELSE 'Adjustment'
    END AS charge_category,
    CASE
      WHEN service_name = 'Vertex AI' THEN 'vertex'
      WHEN service_name IN ('Gemini API', 'Generative Language API') THEN 'gemini'
    END AS genai_provider,
    CASE
      WHEN service_name IN (
        'Compute Engine', 'Kubernetes Engine', 'Google Kubernetes Engine', 'GKE Enterprise', 'Anthos',
        'Cloud Run', 'Cloud Run Functions', 'Cloud Functions', 'App Engine', 'Batch', 'VMware Engine',
        'Google Cloud VMware Engine', 'Bare Metal Solution'
      ) THEN 'Compute'
      WHEN service_name IN (
        'Cloud Storage', 'Filestore', 'Cloud Filestore', 'Backup and DR Service', 'Backup for GKE', 'NetApp Volumes'
      ) THEN 'Storage'
      WHEN service_name IN (
        'Cloud SQL', 'Cloud Spanner', 'Spanner', 'Cloud Bigtable', 'Bigtable', 'Cloud Firestore', 'Firestore',
        'Cloud Datastore', 'Datastore', 'Cloud Memorystore for Redis', 'Memorystore for Redis', 'Memorystore',
        'AlloyDB', 'AlloyDB for PostgreSQL'
      ) THEN 'Databases'
      WHEN service_name IN (
        'BigQuery', 'BigQuery Storage API', 'BigQuery Reservation API', 'BigQuery BI Engine',
        'BigQuery Data Transfer Service', 'Cloud Dataflow', 'Dataflow', 'Cloud Dataproc', 'Dataproc',
        'Dataproc Metastore', 'Cloud Composer', 'Cloud Data Fusion', 'Dataplex', 'Looker', 'Looker Studio',
        'Data Catalog'
      ) THEN 'Analytics'
      WHEN service_name IN (
        'Networking', 'Cloud DNS', 'Cloud CDN', 'Cloud Load Balancing', 'Cloud NAT', 'Cloud Interconnect',
        'Cloud VPN', 'Network Intelligence Center', 'Network Service Tiers', 'Cloud Domains'
      ) THEN 'Networking'
      WHEN service_name IN (
        'Vertex AI', 'Gemini API', 'Generative Language API', 'Gemini for Google Cloud', 'Gemini Code Assist',
        'AI Platform', 'Cloud AutoML', 'AutoML', 'Notebooks', 'Cloud Vision API', 'Cloud Natural Language API',
        'Cloud Speech API', 'Speech-to-Text', 'Cloud Text-to-Speech API', 'Text-to-Speech',
        'Cloud Translation API', 'Translate', 'Cloud Translation', 'Document AI', 'Dialogflow',
        'Dialogflow API', 'Contact Center AI', 'Video Intelligence API', 'Cloud Video Intelligence API',
        'Recommendations AI', 'Vertex AI Search'
      ) THEN 'AI and Machine Learning'
      WHEN service_name IN (
        'Cloud Logging', 'Stackdriver Logging', 'Cloud Monitoring', 'Stackdriver Monitoring', 'Cloud Trace',
        'Stackdriver Trace', 'Cloud Profiler', 'Cloud Asset Inventory', 'Cloud Deployment Manager', 'Support',
        'Cloud Billing'
      ) THEN 'Management and Governance'
      WHEN service_name IN (
        'Security Command Center', 'Cloud Key Management Service (KMS)', 'Cloud KMS', 'Secret Manager',
        'Cloud Armor', 'reCAPTCHA Enterprise', 'Certificate Authority Service', 'Cloud Data Loss Prevention',
        'Sensitive Data Protection', 'Web Security Scanner', 'BeyondCorp Enterprise', 'Chrome Enterprise Premium',
        'Certificate Manager'
      ) THEN 'Security'
      WHEN service_name IN (
        'Identity Platform', 'Cloud Identity', 'Identity and Access Management',
        'Managed Service for Microsoft Active Directory'
      ) THEN 'Identity'
      WHEN service_name IN (
        'Cloud Pub/Sub', 'Pub/Sub', 'Cloud Scheduler', 'Cloud Tasks', 'Workflows', 'Eventarc', 'Apigee',
        'API Gateway', 'Application Integration'
      ) THEN 'Integration'
      WHEN service_name IN (
        'Cloud Build', 'Artifact Registry', 'Container Registry', 'Container Registry Vulnerability Scanning',
        'Container Analysis', 'Cloud Source Repositories', 'Cloud Deploy', 'Cloud Workstations'
      ) THEN 'Developer Tools'
      WHEN service_name IN (
        'Database Migration Service', 'Migrate to Virtual Machines', 'Storage Transfer Service'
      ) THEN 'Migration'
      WHEN service_name IN ('Transcoder API', 'Live Stream API') THEN 'Media'
      ELSE 'Other'
    END AS service_category,
    CASE region
      WHEN 'us' THEN 'United States (multi-region)'
      WHEN 'eu' THEN 'European Union (multi-region)'
      WHEN 'asia' THEN 'Asia (multi-region)'
      WHEN 'africa-south1' THEN 'Johannesburg'
      WHEN 'asia-east1' THEN 'Taiwan'
      WHEN 'asia-east2' THEN 'Hong Kong'
      WHEN 'asia-northeast1' THEN 'Tokyo'
      WHEN 'asia-northeast2' THEN 'Osaka'
      WHEN 'asia-northeast3' THEN 'Seoul'
      WHEN 'asia-south1' THEN 'Mumbai'
      WHEN 'asia-south2' THEN 'Delhi'
      WHEN 'asia-southeast1' THEN 'Singapore'
      WHEN 'asia-southeast2' THEN 'Jakarta'
      WHEN 'australia-southeast1' THEN 'Sydney'
      WHEN 'australia-southeast2' THEN 'Melbourne'
      WHEN 'europe-central2' THEN 'Warsaw'
      WHEN 'europe-north1' THEN 'Finland'
      WHEN 'europe-southwest1' THEN 'Madrid'
      WHEN 'europe-west1' THEN 'Belgium'
      WHEN 'europe-west2' THEN 'London'
      WHEN 'europe-west3' THEN 'Frankfurt'
      WHEN 'europe-west4' THEN 'Netherlands'
      WHEN 'europe-west6' THEN 'Zurich'
      WHEN 'europe-west8' THEN 'Milan'
      WHEN 'europe-west9' THEN 'Paris'
      WHEN 'europe-west10' THEN 'Berlin'
      WHEN 'europe-west12' THEN 'Turin'
      WHEN 'me-central1' THEN 'Doha'
      WHEN 'me-central2' THEN 'Dammam'
      WHEN 'me-west1' THEN 'Tel Aviv'
      WHEN 'northamerica-northeast1' THEN 'Montréal'
      WHEN 'northamerica-northeast2' THEN 'Toronto'
      WHEN 'southamerica-east1' THEN 'São Paulo'
      WHEN 'southamerica-west1' THEN 'Santiago'
      WHEN 'us-central1' THEN 'Iowa'
      WHEN 'us-east1' THEN 'South Carolina'
      WHEN 'us-east4' THEN 'Northern Virginia'
      WHEN 'us-east5' THEN 'Columbus'
      WHEN 'us-south1' THEN 'Dallas'
      WHEN 'us-west1' THEN 'Oregon'
      WHEN 'us-west2' THEN 'Los Angeles'
      WHEN 'us-west3' THEN 'Salt Lake City'
      WHEN 'us-west4' THEN 'Las Vegas'
    END AS region_name
  FROM `{dataset}.cloud_gcp_billing_raw_daily` AS r
  WHERE {run_filter}
) AS s
