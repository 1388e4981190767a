import type { Column, TableDef } from '../ports/warehouse/schema.js';
import { col } from './columns.js';
import { cloudProviderColumns, genaiProviderColumns, hierarchyColumns, lineageColumns } from './lineage.js';

// FOCUS 1.3 Cost and Usage dataset: all 65 columns (23 Mandatory + 37 Conditional + 5 Recommended), spec
// PascalCase IDs, alphabetical as in the spec's dataset table (/work/shared/reference/focus-1.3-columns.md §3.3).
// Types: Decimal -> BIGNUMERIC for costs, unit prices and pricing / consumed quantities (GenAI per-token prices,
// cloud usage amounts like 0.0000009052 GB need more than NUMERIC's 9 decimals to stay exact), else NUMERIC, Date/Time -> TIMESTAMP (UTC), String -> STRING, JSON -> JSON.
// REQUIRED only where the spec says MUST NOT be null unconditionally and every flow (cloud, GenAI, SaaS) can
// always fill the value; other spec rules (conditional nullability, allowed values) belong to validation.

/** The 65 FOCUS 1.3 Cost and Usage columns. */
export const focusCostAndUsageColumns: readonly Column[] = [
  col(
    'AllocatedMethodDetails',
    'JSON',
    'Recommended. How a split cost allocation was calculated ({"Elements":[...]}).',
  ),
  col('AllocatedMethodId', 'STRING', 'Conditional. Identifier of the split cost allocation method.'),
  col(
    'AllocatedResourceId',
    'STRING',
    'Conditional. Object the cost is allocated to in split cost allocation.',
  ),
  col('AllocatedResourceName', 'STRING', 'Conditional. Display name of AllocatedResourceId.'),
  col('AllocatedTags', 'JSON', 'Conditional. Key-value tags applicable to the allocated charge.'),
  col('AvailabilityZone', 'STRING', 'Recommended. Host-provider availability zone of the charge.'),
  col(
    'BilledCost',
    'BIGNUMERIC',
    'Mandatory. Invoiced cost incl. discounts, excl. amortization, in BillingCurrency.',
    true,
  ),
  col('BillingAccountId', 'STRING', 'Mandatory. Billing account identifier assigned by the invoice issuer.'),
  col('BillingAccountName', 'STRING', 'Mandatory. Display name of the billing account.'),
  col('BillingAccountType', 'STRING', 'Conditional. Invoice-issuer name for the type of billing account.'),
  col('BillingCurrency', 'STRING', 'Mandatory. ISO 4217 currency the charge was billed in.', true),
  col('BillingPeriodEnd', 'TIMESTAMP', 'Mandatory. Exclusive end of the billing period (UTC).', true),
  col('BillingPeriodStart', 'TIMESTAMP', 'Mandatory. Inclusive start of the billing period (UTC).', true),
  col('CapacityReservationId', 'STRING', 'Conditional. Capacity reservation the charge relates to.'),
  col('CapacityReservationStatus', 'STRING', 'Conditional. Used | Unused portion of a capacity reservation.'),
  col('ChargeCategory', 'STRING', 'Mandatory. Usage | Purchase | Tax | Credit | Adjustment.', true),
  col(
    'ChargeClass',
    'STRING',
    'Mandatory. Correction when the row corrects a previously invoiced period, else NULL.',
  ),
  col('ChargeDescription', 'STRING', "Mandatory. Self-contained summary of the charge's purpose and price."),
  col('ChargeFrequency', 'STRING', 'Recommended. One-Time | Recurring | Usage-Based.'),
  col('ChargePeriodEnd', 'TIMESTAMP', 'Mandatory. Exclusive end of the charge period (UTC).', true),
  col(
    'ChargePeriodStart',
    'TIMESTAMP',
    'Mandatory. Inclusive start of the charge period (UTC); partition key.',
    true,
  ),
  col('CommitmentDiscountCategory', 'STRING', 'Conditional. Spend | Usage commitment discount.'),
  col(
    'CommitmentDiscountId',
    'STRING',
    'Conditional. Commitment discount applied to or purchased by the row.',
  ),
  col('CommitmentDiscountName', 'STRING', 'Conditional. Display name of the commitment discount.'),
  col(
    'CommitmentDiscountQuantity',
    'BIGNUMERIC',
    'Conditional. Commitment amount purchased or used, in CommitmentDiscountUnit.',
  ),
  col('CommitmentDiscountStatus', 'STRING', 'Conditional. Used | Unused portion of the commitment discount.'),
  col('CommitmentDiscountType', 'STRING', 'Conditional. Provider name for the type of commitment discount.'),
  col('CommitmentDiscountUnit', 'STRING', 'Conditional. Unit of CommitmentDiscountQuantity.'),
  col('ConsumedQuantity', 'BIGNUMERIC', 'Conditional. Metered volume used, in ConsumedUnit.'),
  col('ConsumedUnit', 'STRING', 'Conditional. Unit of ConsumedQuantity.'),
  col(
    'ContractApplied',
    'JSON',
    'Conditional. Contract commitments applied to the charge ({"Elements":[...]}).',
  ),
  col(
    'ContractedCost',
    'BIGNUMERIC',
    'Mandatory. ContractedUnitPrice x PricingQuantity, in BillingCurrency.',
    true,
  ),
  col(
    'ContractedUnitPrice',
    'BIGNUMERIC',
    'Conditional. Negotiated unit price per PricingUnit, in BillingCurrency.',
  ),
  col(
    'EffectiveCost',
    'BIGNUMERIC',
    'Mandatory. Amortized cost after all discounts and prepaid purchases.',
    true,
  ),
  col('HostProviderName', 'STRING', 'Mandatory. Entity whose resources the service provider runs on.'),
  col('InvoiceId', 'STRING', 'Recommended. Invoice the charge is billed on.'),
  col('InvoiceIssuerName', 'STRING', 'Mandatory. Entity that invoices the charge.', true),
  col('ListCost', 'BIGNUMERIC', 'Mandatory. ListUnitPrice x PricingQuantity, in BillingCurrency.', true),
  col(
    'ListUnitPrice',
    'BIGNUMERIC',
    'Conditional. Published unit price per PricingUnit, in BillingCurrency.',
  ),
  col('PricingCategory', 'STRING', 'Conditional. Standard | Dynamic | Committed | Other.'),
  col('PricingCurrency', 'STRING', 'Conditional. National or virtual currency the service was priced in.'),
  col(
    'PricingCurrencyContractedUnitPrice',
    'BIGNUMERIC',
    'Conditional. Negotiated unit price, in PricingCurrency.',
  ),
  col('PricingCurrencyEffectiveCost', 'BIGNUMERIC', 'Conditional. Effective cost, in PricingCurrency.'),
  col('PricingCurrencyListUnitPrice', 'BIGNUMERIC', 'Conditional. Published unit price, in PricingCurrency.'),
  col('PricingQuantity', 'BIGNUMERIC', 'Mandatory. Volume used or purchased, in PricingUnit.'),
  col('PricingUnit', 'STRING', 'Mandatory. Unit in which the SKU is priced, e.g. 1000 Tokens, GB-Hours.'),
  col('ProviderName', 'STRING', 'Mandatory, deprecated in 1.3 (use ServiceProviderName); same value.', true),
  col(
    'PublisherName',
    'STRING',
    'Mandatory, deprecated in 1.3. Entity that produced the resources or services.',
    true,
  ),
  col('RegionId', 'STRING', 'Conditional. Host-provider region identifier.'),
  col('RegionName', 'STRING', 'Conditional. Region display name.'),
  col('ResourceId', 'STRING', 'Conditional. Identifier of the resource the charge applies to.'),
  col('ResourceName', 'STRING', 'Conditional. Display name of the resource.'),
  col('ResourceType', 'STRING', 'Conditional. Kind of resource the charge applies to.'),
  col(
    'ServiceCategory',
    'STRING',
    'Mandatory. FOCUS service category, e.g. AI and Machine Learning, Compute.',
    true,
  ),
  col('ServiceName', 'STRING', 'Mandatory. Offering purchased from the service provider.', true),
  col(
    'ServiceProviderName',
    'STRING',
    'Mandatory (new in 1.3). Entity that made the service available.',
    true,
  ),
  col('ServiceSubcategory', 'STRING', 'Recommended. FOCUS subcategory under ServiceCategory.'),
  col('SkuId', 'STRING', 'Conditional. Provider SKU identifier.'),
  col('SkuMeter', 'STRING', 'Conditional. Functionality metered by the SKU.'),
  col(
    'SkuPriceDetails',
    'JSON',
    'Conditional. Key-value properties of the SKU price (CoreCount, x_... keys).',
  ),
  col('SkuPriceId', 'STRING', 'Conditional. Provider SKU price identifier.'),
  col(
    'SubAccountId',
    'STRING',
    'Conditional. Sub account (project, linked account, subscription, compartment).',
  ),
  col('SubAccountName', 'STRING', 'Conditional. Display name of the sub account.'),
  col('SubAccountType', 'STRING', 'Conditional. Provider name for the type of sub account.'),
  col('Tags', 'JSON', 'Conditional. Key-value user and provider tags of the charge.'),
];

/** Platform columns after the FOCUS columns: lineage, provider, cost-flow and hierarchy (all `x_`). */
export const focusCostCustomColumns: readonly Column[] = [
  ...lineageColumns,
  ...cloudProviderColumns,
  ...genaiProviderColumns,
  col('x_genai_model', 'STRING', 'GenAI model of the charge, e.g. gpt-4o; NULL otherwise.'),
  col('x_cost_type', 'STRING', 'Cost flow that produced the row: cloud | genai | subscription.', true),
  col(
    'x_source_system',
    'STRING',
    'Source table or export the row was converted from, e.g. cloud_gcp_billing_raw_daily.',
  ),
  ...hierarchyColumns,
];

/** `cost_data_standard_1_3`: every cost (cloud, GenAI, SaaS) as FOCUS 1.3 Cost and Usage rows. */
export const costDataStandard13: TableDef = {
  name: 'cost_data_standard_1_3',
  description: 'FOCUS 1.3 Cost and Usage rows for all cloud, GenAI and SaaS subscription costs of the org.',
  version: 3,
  columns: [...focusCostAndUsageColumns, ...focusCostCustomColumns],
  partitionBy: 'ChargePeriodStart',
  clusterBy: ['x_cost_type', 'ServiceProviderName', 'ServiceCategory'],
};
