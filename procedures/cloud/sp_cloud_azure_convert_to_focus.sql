-- Azure Cost Management export rows of one run (org, pipeline, credential, run dates) as FOCUS 1.3 Cost and Usage
-- rows: cloud_azure_billing_raw_daily -> cost_data_standard_1_3, one FOCUS row per export row. Both export kinds
-- (azure/cost/billing: actual, azure/cost/billing_amortized: amortized) land here; the normaliser
-- (shared/cloud/azure-export.ts) already split the money per view, exactly:
-- BilledCost = cost, EffectiveCost = effective_cost. Actual export: BilledCost = the export's cost,
-- EffectiveCost the same except 0 for reservation / savings plan purchases. Amortized export: EffectiveCost =
-- the export's cost, BilledCost 0 for commitment-covered usage and unused commitment rows (billed through the
-- purchase), as in Microsoft's FOCUS dataset. ListCost / ContractedCost = PayGPrice / UnitPrice x Quantity,
-- exact (computed on extract, in the billing currency: PricingCurrency = BillingCurrency). Rows without a
-- price have no SkuPriceId, unit prices or pricing quantity.
-- Quantities: PricingQuantity = Quantity in UnitOfMeasure blocks (PricingUnit `10000 Units`), ConsumedQuantity
-- = Quantity x block size (ConsumedUnit `Units`).
-- Commitments (benefit_id with PricingModel Reservation / SavingsPlan, or an unused commitment row):
-- reservations are Usage commitments counted in the usage unit, savings plans Spend commitments counted in the
-- billing currency (the effective cost of the usage they cover, the billed cost of their purchase).
-- ServiceName = the meter category (Virtual Machines, Storage, ...), one ServiceCategory each (Microsoft's
-- Services.csv groupings), ServiceSubcategory `Other (<category>)`.
-- Azure OpenAI rows (the normaliser's genai_provider / genai_model, shared/cloud/genai-tags.ts) carry
-- x_genai_provider 'azure_openai' and x_genai_model, ServiceCategory AI and Machine Learning / Generative AI; the
-- GenAI views read them, and the counted-once rule (shared/focus/counted-once.ts) prefers them to imported usage.
-- BigQuery Standard SQL in the portable subset the DuckDB adapter also runs (see procedures/README.md); LOWER and
-- LIKE need no translation.
-- Parameters: @org_slug, @pipeline_id, @credential_id, @run_id, @start_date, @end_date. `{dataset}`: the org's.
SELECT
  zone AS AvailabilityZone,
  cost AS BilledCost,
  billing_account_id AS BillingAccountId,
  billing_account_name AS BillingAccountName,
  CASE
    WHEN billing_account_id LIKE '%/billingProfiles/%' THEN 'Billing Profile'
    WHEN billing_account_id LIKE '/subscriptions/%' THEN 'Subscription'
    ELSE 'Billing Account'
  END AS BillingAccountType,
  currency AS BillingCurrency,
  CAST(
    CASE
      WHEN billing_period_start IS NOT NULL AND billing_period_end IS NOT NULL THEN billing_period_end
      ELSE CAST(DATE_ADD(month_start, INTERVAL 1 MONTH) AS DATE)
    END AS TIMESTAMP
  ) AS BillingPeriodEnd,
  CAST(
    CASE
      WHEN billing_period_start IS NOT NULL AND billing_period_end IS NOT NULL THEN billing_period_start
      ELSE month_start
    END AS TIMESTAMP
  ) AS BillingPeriodStart,
  charge_category AS ChargeCategory,
  CASE WHEN charge_type = 'Refund' THEN 'Correction' END AS ChargeClass,
  COALESCE(sku_description, CONCAT(service, ' ', COALESCE(meter_name, charge_type))) AS ChargeDescription,
  CASE
    WHEN charge_category = 'Purchase' THEN (CASE WHEN frequency = 'Recurring' THEN 'Recurring' ELSE 'One-Time' END)
    WHEN frequency = 'UsageBased' THEN 'Usage-Based'
    WHEN frequency = 'Recurring' THEN 'Recurring'
    WHEN frequency = 'OneTime' THEN 'One-Time'
    WHEN charge_category = 'Usage' THEN 'Usage-Based'
    ELSE 'One-Time'
  END AS ChargeFrequency,
  COALESCE(usage_end_time, CAST(DATE_ADD(usage_date, INTERVAL 1 DAY) AS TIMESTAMP)) AS ChargePeriodEnd,
  COALESCE(usage_start_time, CAST(usage_date AS TIMESTAMP)) AS ChargePeriodStart,
  CASE WHEN committed THEN (CASE WHEN spend THEN 'Spend' ELSE 'Usage' END) END AS CommitmentDiscountCategory,
  CASE WHEN committed THEN benefit_id END AS CommitmentDiscountId,
  CASE WHEN committed THEN benefit_name END AS CommitmentDiscountName,
  CASE
    WHEN priced AND committed THEN
      (CASE WHEN NOT spend THEN usage_amount WHEN charge_category = 'Usage' THEN effective_cost ELSE cost END)
  END AS CommitmentDiscountQuantity,
  CASE
    WHEN committed AND charge_category = 'Usage' THEN (CASE WHEN unused THEN 'Unused' ELSE 'Used' END)
  END AS CommitmentDiscountStatus,
  CASE WHEN committed THEN (CASE WHEN spend THEN 'Savings Plan' ELSE 'Reservation' END) END
    AS CommitmentDiscountType,
  CASE WHEN priced AND committed THEN (CASE WHEN spend THEN currency ELSE usage_unit END) END
    AS CommitmentDiscountUnit,
  CASE WHEN priced AND charge_category = 'Usage' AND NOT unused THEN usage_amount END AS ConsumedQuantity,
  CASE WHEN priced AND charge_category = 'Usage' AND NOT unused THEN usage_unit END AS ConsumedUnit,
  contracted_cost AS ContractedCost,
  CASE WHEN priced THEN COALESCE(contracted_unit_price, list_unit_price) END AS ContractedUnitPrice,
  effective_cost AS EffectiveCost,
  'Microsoft' AS HostProviderName,
  invoice_id AS InvoiceId,
  'Microsoft' AS InvoiceIssuerName,
  list_cost AS ListCost,
  CASE WHEN priced THEN COALESCE(list_unit_price, contracted_unit_price) END AS ListUnitPrice,
  CASE
    WHEN priced THEN
      (
        CASE
          WHEN committed AND charge_category = 'Usage' THEN 'Committed'
          WHEN pricing_model = 'Spot' THEN 'Dynamic'
          WHEN pricing_model IN ('Reservation', 'SavingsPlan') AND charge_category = 'Usage' THEN 'Other'
          ELSE 'Standard'
        END
      )
  END AS PricingCategory,
  currency AS PricingCurrency,
  CASE WHEN priced THEN COALESCE(contracted_unit_price, list_unit_price) END AS PricingCurrencyContractedUnitPrice,
  effective_cost AS PricingCurrencyEffectiveCost,
  CASE WHEN priced THEN COALESCE(list_unit_price, contracted_unit_price) END AS PricingCurrencyListUnitPrice,
  CASE WHEN priced THEN pricing_quantity END AS PricingQuantity,
  CASE WHEN priced THEN pricing_unit END AS PricingUnit,
  'Microsoft' AS ProviderName,
  COALESCE(publisher_name, 'Microsoft') AS PublisherName,
  region AS RegionId,
  region AS RegionName,
  resource_id AS ResourceId,
  CASE WHEN resource_id IS NULL THEN NULL ELSE resource_name END AS ResourceName,
  CASE WHEN resource_id IS NULL THEN NULL ELSE COALESCE(resource_type, service) END AS ResourceType,
  service_category AS ServiceCategory,
  service AS ServiceName,
  COALESCE(publisher_name, 'Microsoft') AS ServiceProviderName,
  CASE
    WHEN genai_provider IS NOT NULL THEN 'Generative AI'
    ELSE CONCAT('Other (', service_category, ')')
  END AS ServiceSubcategory,
  CASE WHEN priced THEN sku END AS SkuId,
  CASE WHEN priced THEN meter_name END AS SkuMeter,
  CASE WHEN priced THEN CONCAT(sku, '/', COALESCE(pricing_model, 'OnDemand')) END AS SkuPriceId,
  sub_account_id AS SubAccountId,
  COALESCE(sub_account_name, sub_account_id) AS SubAccountName,
  CASE WHEN sub_account_id IS NULL THEN NULL ELSE 'Subscription' END AS SubAccountType,
  labels AS Tags,
  {cloud_lineage},
  genai_provider AS x_genai_provider,
  genai_model AS x_genai_model,
  'cloud_azure_billing_raw_daily' AS x_source_system
FROM (
  SELECT
    r.*,
    CASE
      WHEN charge_type IN ('Usage', 'UnusedReservation', 'UnusedSavingsPlan') THEN 'Usage'
      WHEN charge_type IN ('Purchase', 'Refund') THEN 'Purchase'
      WHEN charge_type = 'Tax' THEN 'Tax'
      WHEN charge_type = 'Credit' THEN 'Credit'
      ELSE 'Adjustment'
    END AS charge_category,
    charge_type IN ('UnusedReservation', 'UnusedSavingsPlan') AS unused,
    benefit_id IS NOT NULL
      AND (
        COALESCE(pricing_model, '') IN ('Reservation', 'SavingsPlan')
        OR charge_type IN ('UnusedReservation', 'UnusedSavingsPlan')
      ) AS committed,
    COALESCE(pricing_model, '') = 'SavingsPlan'
      OR charge_type = 'UnusedSavingsPlan'
      OR LOWER(COALESCE(benefit_id, '')) LIKE '%/microsoft.billingbenefits/%' AS spend,
    charge_type IN ('Usage', 'UnusedReservation', 'UnusedSavingsPlan', 'Purchase', 'Refund')
      AND COALESCE(contracted_unit_price, list_unit_price) IS NOT NULL
      AND pricing_quantity IS NOT NULL AS priced,
    COALESCE(service_name, service_id, 'Azure') AS service,
    COALESCE(sku_id, CONCAT(COALESCE(service_name, service_id, 'Azure'), '/', COALESCE(meter_name, charge_type)))
      AS sku,
    CAST(DATE_ADD(usage_date, INTERVAL (1 - EXTRACT(DAY FROM usage_date)) DAY) AS DATE) AS month_start,
    CASE
      WHEN genai_provider IS NOT NULL THEN 'AI and Machine Learning'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'Virtual Machines', 'Virtual Machines Licenses', 'Virtual Machine Licenses', 'Virtual Machine Scale Sets',
        'Cloud Services', 'Container Instances', 'Azure Container Instances', 'Azure Container Apps',
        'Container Registry', 'Azure Container Registry', 'Azure Kubernetes Service', 'Azure Container Service',
        'Functions', 'Azure Functions', 'Batch', 'Azure Batch', 'Azure VMware Solution', 'Azure Dedicated Host',
        'Dedicated Host', 'Azure Virtual Desktop', 'Windows Virtual Desktop', 'Azure Red Hat OpenShift',
        'Service Fabric', 'Azure Quantum', 'Azure Lab Services', 'SAP on Azure'
      ) THEN 'Compute'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'Storage', 'Storage Accounts', 'Backup', 'Azure Backup', 'Azure NetApp Files', 'Azure Data Lake Storage',
        'Data Lake Store', 'Azure Data Lake Store', 'Azure Elastic SAN', 'Azure HPC Cache', 'StorSimple'
      ) THEN 'Storage'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'SQL Database', 'Azure SQL Database', 'SQL Managed Instance', 'SQL Server', 'Azure Database for MySQL',
        'Azure Database for PostgreSQL', 'Azure Database for MariaDB', 'Azure DB for MySQL',
        'Azure DB for PostgreSQL', 'Azure DB for MariaDB', 'Azure Cosmos DB', 'Cosmos DB', 'Redis Cache',
        'Azure Cache for Redis', 'Azure Managed Instance for Apache Cassandra', 'Azure Confidential Ledger'
      ) THEN 'Databases'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'Virtual Network', 'Bandwidth', 'Load Balancer', 'VPN Gateway', 'Application Gateway', 'ExpressRoute',
        'Azure ExpressRoute', 'Azure DNS', 'DNS', 'Content Delivery Network', 'Azure Front Door Service',
        'Azure Front Door', 'Network Watcher', 'Azure Firewall', 'Azure Firewall Manager', 'Azure Bastion',
        'NAT Gateway', 'Azure NAT Gateway', 'Traffic Manager', 'Virtual WAN', 'IP Addresses',
        'Azure DDOS Protection', 'Azure DDoS Protection', 'Azure Private Link', 'Azure Virtual Network Manager',
        'Networking'
      ) THEN 'Networking'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'Cognitive Services', 'Azure AI Services', 'Azure OpenAI', 'Azure OpenAI Service', 'Foundry Models',
        'Foundry Tools', 'Azure Machine Learning', 'Machine Learning Studio', 'Machine Learning Service',
        'Azure Bot Service', 'Azure AI Bot Service', 'Azure AI Video Indexer', 'Health Bot'
      ) THEN 'AI and Machine Learning'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'HDInsight', 'Azure Databricks', 'Azure Synapse Analytics', 'Azure Data Explorer', 'Stream Analytics',
        'Azure Stream Analytics', 'Azure Cognitive Search', 'Azure AI Search', 'Power BI Embedded',
        'Azure Analysis Services', 'Data Lake Analytics', 'Azure Data Lake Analytics', 'Data Catalog',
        'Microsoft Fabric', 'Azure Managed Grafana'
      ) THEN 'Analytics'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'Azure Data Factory v2', 'Azure Data Factory', 'Data Factory', 'Event Hubs', 'Service Bus', 'Logic Apps',
        'API Management', 'Event Grid', 'Azure Relay', 'Notification Hubs', 'Automation', 'Azure Automation',
        'Azure Communication Services'
      ) THEN 'Integration'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'Log Analytics', 'Azure Monitor', 'Insight and Analytics', 'Application Insights', 'Azure Site Recovery',
        'Azure Policy', 'Advisor', 'Microsoft Purview', 'Azure Purview', 'Azure Chaos Studio', 'Azure Reservations'
      ) THEN 'Management and Governance'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'Advanced Threat Protection', 'Advanced Data Security', 'Microsoft Defender for Cloud', 'Security Center',
        'Azure Defender', 'Key Vault', 'Azure Key Vault', 'Sentinel', 'Azure Sentinel', 'Microsoft Sentinel',
        'Azure Dedicated HSM'
      ) THEN 'Security'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'Azure Active Directory', 'Azure Active Directory B2C', 'Azure Active Directory Domain Services',
        'Microsoft Entra ID', 'Microsoft Entra External Identities', 'Microsoft Entra Domain Services'
      ) THEN 'Identity'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'Azure App Service', 'App Service', 'Azure Static Web Apps', 'Azure Spring Apps', 'Azure Spring Cloud',
        'Azure SignalR Service', 'SignalR', 'App Configuration', 'Azure Maps'
      ) THEN 'Web'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'IoT Hub', 'Azure IoT Hub', 'IoT Central', 'Azure IoT Central', 'Azure Digital Twins',
        'Time Series Insights', 'Azure Time Series Insights'
      ) THEN 'Internet of Things'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'Azure DevOps', 'Visual Studio', 'Visual Studio Subscription', 'Azure DevTest Labs', 'Azure Load Testing',
        'GitHub', 'Microsoft Dev Box'
      ) THEN 'Developer Tools'
      WHEN COALESCE(service_name, service_id, 'Azure') IN ('Media Services', 'Azure Media Services', 'Azure PlayFab')
        THEN 'Media'
      WHEN COALESCE(service_name, service_id, 'Azure') IN (
        'Azure Migrate', 'Azure Database Migration Service', 'Azure Data Box', 'Data Box', 'Azure File Sync'
      ) THEN 'Migration'
      WHEN COALESCE(service_name, service_id, 'Azure') IN ('Azure Arc', 'Azure Stack', 'Azure Stack HCI', 'Azure Stack Edge')
        THEN 'Multicloud'
      ELSE 'Other'
    END AS service_category
  FROM `{dataset}.cloud_azure_billing_raw_daily` AS r
  WHERE {run_filter}
) AS s
