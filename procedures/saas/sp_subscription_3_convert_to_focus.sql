-- SaaS subscription cost of one run as FOCUS 1.3 Cost and Usage rows:
-- subscription_plan_costs_daily -> cost_data_standard_1_3, one row per plan and day.
-- A plan's cycle price is invoiced on the cycle's first day and amortized over the days of its cycle
-- (calculate-subscription-costs), so each row is a recurring purchase: ChargeCategory Purchase, ChargeFrequency
-- Recurring; BilledCost = what is invoiced that day (the cycle's prorated total on its first day, else 0),
-- EffectiveCost = the day's amortized share; PricingQuantity 1 Day priced at that share (ListUnitPrice = the
-- undiscounted share, ContractedUnitPrice = the share after the plan's negotiated discount, ContractedCost = the
-- share). Commitment columns stay NULL: a plan is not modelled as a commitment discount.
-- BigQuery Standard SQL in the portable subset the DuckDB adapter also runs (see procedures/README.md).
-- Parameters: @org_slug, @pipeline_id, @credential_id, @run_id, @start_date, @end_date. `{dataset}`: the org's.
SELECT
  billed_cost AS BilledCost,
  CONCAT(provider, ':', x_org_slug) AS BillingAccountId,
  CONCAT(display_name, ' account') AS BillingAccountName,
  'Customer Account' AS BillingAccountType,
  currency AS BillingCurrency,
  CAST(DATE_ADD(DATE_ADD(cost_date, INTERVAL (1 - EXTRACT(DAY FROM cost_date)) DAY), INTERVAL 1 MONTH) AS TIMESTAMP)
    AS BillingPeriodEnd,
  CAST(DATE_ADD(cost_date, INTERVAL (1 - EXTRACT(DAY FROM cost_date)) DAY) AS TIMESTAMP) AS BillingPeriodStart,
  'Purchase' AS ChargeCategory,
  CAST(NULL AS STRING) AS ChargeClass,
  CONCAT(
    display_name, ' ', plan_name, ' plan, ',
    CASE billing_cycle
      WHEN 'monthly' THEN 'monthly'
      WHEN 'quarterly' THEN 'quarterly'
      WHEN 'semi_annual' THEN 'semi-annual'
      WHEN 'annual' THEN 'annual'
      ELSE 'custom'
    END,
    ' cycle ', CAST(cycle_start_date AS STRING), ' to ', CAST(cycle_end_date AS STRING),
    CASE WHEN seats IS NULL THEN '' ELSE CONCAT(', ', CAST(seats AS STRING), ' seats') END,
    ', amortized daily'
  ) AS ChargeDescription,
  'Recurring' AS ChargeFrequency,
  CAST(DATE_ADD(cost_date, INTERVAL 1 DAY) AS TIMESTAMP) AS ChargePeriodEnd,
  CAST(cost_date AS TIMESTAMP) AS ChargePeriodStart,
  daily_cost AS ContractedCost,
  daily_cost AS ContractedUnitPrice,
  daily_cost AS EffectiveCost,
  display_name AS HostProviderName,
  display_name AS InvoiceIssuerName,
  daily_list_cost AS ListCost,
  daily_list_cost AS ListUnitPrice,
  'Standard' AS PricingCategory,
  currency AS PricingCurrency,
  daily_cost AS PricingCurrencyContractedUnitPrice,
  daily_cost AS PricingCurrencyEffectiveCost,
  daily_list_cost AS PricingCurrencyListUnitPrice,
  1 AS PricingQuantity,
  'Days' AS PricingUnit,
  display_name AS ProviderName,
  display_name AS PublisherName,
  subscription_id AS ResourceId,
  CONCAT(display_name, ' ', plan_name) AS ResourceName,
  'Subscription Plan' AS ResourceType,
  CASE category
    WHEN 'ai' THEN 'AI and Machine Learning'
    WHEN 'devops' THEN 'Developer Tools'
    WHEN 'other' THEN 'Other'
    WHEN 'collaboration' THEN 'Business Applications'
    WHEN 'communication' THEN 'Business Applications'
    WHEN 'design' THEN 'Business Applications'
    WHEN 'productivity' THEN 'Business Applications'
    ELSE 'Other'
  END AS ServiceCategory,
  display_name AS ServiceName,
  display_name AS ServiceProviderName,
  CASE category
    WHEN 'ai' THEN 'Generative AI'
    WHEN 'devops' THEN 'Developer Platforms'
    WHEN 'other' THEN 'Other (Other)'
    WHEN 'collaboration' THEN 'Productivity and Collaboration'
    WHEN 'communication' THEN 'Productivity and Collaboration'
    WHEN 'design' THEN 'Other (Business Applications)'
    WHEN 'productivity' THEN 'Productivity and Collaboration'
    ELSE 'Other (Other)'
  END AS ServiceSubcategory,
  CONCAT('saas/', provider, '/', plan_name) AS SkuId,
  'Subscription Days' AS SkuMeter,
  CONCAT('saas/', provider, '/', plan_name, '/', subscription_id, '/', CAST(cycle_start_date AS STRING)) AS SkuPriceId,
  {lineage},
  'subscription' AS x_cost_type,
  'subscription_plan_costs_daily' AS x_source_system,
  {hierarchy}
FROM `{dataset}.subscription_plan_costs_daily`
WHERE {run_filter}
