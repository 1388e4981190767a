import type { Column, TableDef } from '../ports/warehouse/schema.js';
import { col, currency } from './columns.js';
import { cloudProviderColumns, lineageColumns } from './lineage.js';

// Raw daily billing rows of each cloud's own export format (GCP detailed export, AWS CUR 2.0, Azure Cost Management,
// OCI cost report), normalized to shared columns plus each format's own; the FOCUS conversion reads them.

type CloudProvider = 'gcp' | 'aws' | 'azure' | 'oci';

/** Columns every raw cloud billing table shares; `raw` keeps the full source row for re-conversion. */
const cloudBillingColumns: readonly Column[] = [
  col('usage_date', 'DATE', 'Day of usage (UTC).', true),
  col('usage_start_time', 'TIMESTAMP', 'Start of the usage interval.'),
  col('usage_end_time', 'TIMESTAMP', 'End of the usage interval (exclusive).'),
  col('billing_account_id', 'STRING', 'Billing / payer account of the row.', true),
  col('sub_account_id', 'STRING', 'Project, linked account, subscription or compartment id.'),
  col('sub_account_name', 'STRING', 'Display name of the sub account.'),
  col('service_id', 'STRING', 'Provider service id.'),
  col('service_name', 'STRING', 'Provider service name.'),
  col('sku_id', 'STRING', 'Provider SKU / product / meter id.'),
  col('sku_description', 'STRING', 'Provider SKU description.'),
  col('resource_id', 'STRING', 'Resource the charge applies to.'),
  col('resource_name', 'STRING', 'Resource display name.'),
  col('region', 'STRING', 'Region of the usage.'),
  col('zone', 'STRING', 'Availability zone / domain of the usage.'),
  col('charge_type', 'STRING', 'Provider charge / line item type, e.g. usage, tax, credit, adjustment.'),
  col('usage_amount', 'BIGNUMERIC', 'Usage quantity in usage_unit.'),
  col('usage_unit', 'STRING', 'Unit of usage_amount.'),
  col('pricing_quantity', 'BIGNUMERIC', 'Quantity in pricing_unit.'),
  col('pricing_unit', 'STRING', 'Unit the SKU is priced in.'),
  col('cost', 'BIGNUMERIC', 'Billed cost before credits, in currency (exact as exported).', true),
  col('list_cost', 'BIGNUMERIC', 'Cost at list prices.'),
  col('credits_total', 'BIGNUMERIC', 'Sum of credits on the row (negative).'),
  currency,
  col('invoice_id', 'STRING', 'Invoice or invoice month the row is billed on.'),
  col('billing_period_start', 'DATE', 'First day of the billing period.'),
  col('billing_period_end', 'DATE', 'Day after the billing period (exclusive).'),
  col('labels', 'JSON', 'Resource labels / tags as a key-value object.'),
  col('raw', 'JSON', 'The full source row as exported by the provider.'),
];

/** GenAI model usage inside a cloud bill (shared/cloud/genai-tags.ts), for the FOCUS x_genai_* columns. */
const cloudGenAiColumns: readonly Column[] = [
  col(
    'genai_provider',
    'STRING',
    'GenAI provider of a model-usage row (bedrock, azure_openai); NULL otherwise.',
  ),
  col('genai_model', 'STRING', 'Normalised model of a GenAI row, e.g. claude-3.5-sonnet; NULL when none.'),
];

/**
 * A raw table of a cloud's billing rows, one run slice per usage day: its own columns, then the lineage and cloud
 * provider columns (the provider-format tables here, the FOCUS-format ones in focus-import.ts).
 */
export function cloudRawTable(def: {
  name: string;
  description: string;
  version: number;
  columns: readonly Column[];
  clusterBy?: readonly string[];
}): TableDef {
  const { clusterBy, ...rest } = def;
  return {
    ...rest,
    columns: [...def.columns, ...lineageColumns, ...cloudProviderColumns],
    partitionBy: 'usage_date',
    ...(clusterBy ? { clusterBy } : {}),
  };
}

const cloudBillingRaw = (provider: CloudProvider, source: string, extra: readonly Column[]): TableDef =>
  cloudRawTable({
    name: `cloud_${provider}_billing_raw_daily`,
    description: `Daily ${source} rows, lightly normalized; input of the ${provider} FOCUS conversion.`,
    version: 2,
    columns: [...cloudBillingColumns, ...extra],
    clusterBy: ['billing_account_id', 'service_id'],
  });

/**
 * `cloud_gcp_billing_raw_daily`: GCP Cloud Billing detailed export rows. Version 3: the unit prices of usage
 * rows (shared/cloud/gcp-prices.ts); usage_unit / pricing_unit hold FOCUS unit names.
 */
export const cloudGcpBillingRawDaily: TableDef = {
  ...cloudBillingRaw('gcp', 'GCP Cloud Billing detailed export', [
    col('project_number', 'STRING', 'GCP project number.'),
    col('cost_type', 'STRING', 'regular | tax | adjustment | rounding error.'),
    col('credits', 'JSON', 'Credits array of the export row (name, type, amount).'),
    col('system_labels', 'JSON', 'GCP system labels.'),
    col(
      'sku_price_id',
      'STRING',
      'FOCUS SkuPriceId of a priced usage row: SKU id / pricing unit [/ tier start].',
    ),
    col(
      'list_unit_price',
      'BIGNUMERIC',
      'List price per pricing unit: price.list_price / price.pricing_unit_quantity, else cost_at_list / quantity.',
    ),
    col(
      'contracted_unit_price',
      'BIGNUMERIC',
      'Price per pricing unit: price.effective_price / price.pricing_unit_quantity, else cost / quantity.',
    ),
  ]),
  version: 3,
};

/** `cloud_aws_billing_raw_daily`: AWS CUR 2.0 / Data Exports rows. */
export const cloudAwsBillingRawDaily: TableDef = cloudBillingRaw('aws', 'AWS CUR 2.0 / Data Exports', [
  col('line_item_type', 'STRING', 'Usage | Tax | Credit | RIFee | SavingsPlanCoveredUsage | ...'),
  col('usage_type', 'STRING', 'AWS usage type, e.g. USE1-BoxUsage:m5.large.'),
  col('operation', 'STRING', 'AWS operation, e.g. RunInstances.'),
  col('pricing_term', 'STRING', 'OnDemand | Reserved | Spot.'),
  col('unblended_cost', 'BIGNUMERIC', 'line_item_unblended_cost.'),
  col('net_unblended_cost', 'BIGNUMERIC', 'Unblended cost after discounts.'),
  col(
    'amortized_cost',
    'BIGNUMERIC',
    'Cost with RI / Savings Plan fees amortized (AWS amortization by line item type).',
  ),
  col('reservation_arn', 'STRING', 'Reserved instance ARN applied.'),
  col('savings_plan_arn', 'STRING', 'Savings Plan ARN applied.'),
  col('line_item_id', 'STRING', 'identity_line_item_id.'),
  col('billing_entity', 'STRING', 'AWS | AWS Marketplace.'),
  col('unblended_rate', 'BIGNUMERIC', 'line_item_unblended_rate: price per pricing unit applied.'),
  col('public_on_demand_rate', 'BIGNUMERIC', 'pricing_public_on_demand_rate: public price per pricing unit.'),
  col(
    'contracted_cost',
    'BIGNUMERIC',
    'unblended_rate x usage_amount, exact (FOCUS ContractedCost); cost when no rate.',
  ),
  ...cloudGenAiColumns,
]);

/** `cloud_azure_billing_raw_daily`: Azure Cost Management export rows. */
export const cloudAzureBillingRawDaily: TableDef = cloudBillingRaw('azure', 'Azure Cost Management export', [
  col('resource_group', 'STRING', 'Resource group of the resource.'),
  col('meter_category', 'STRING', 'Meter category, e.g. Virtual Machines.'),
  col('meter_subcategory', 'STRING', 'Meter subcategory.'),
  col('meter_name', 'STRING', 'Meter name.'),
  col('pricing_model', 'STRING', 'OnDemand | Reservation | SavingsPlan | Spot.'),
  col('benefit_id', 'STRING', 'Reservation or savings plan id applied.'),
  col('cost_in_usd', 'BIGNUMERIC', 'Cost converted to USD by Azure.'),
  col('billing_account_name', 'STRING', 'EA billing account / MCA billing profile display name.'),
  col('frequency', 'STRING', 'Charge frequency: OneTime | Recurring | UsageBased.'),
  col('benefit_name', 'STRING', 'Reservation or savings plan name applied.'),
  col('publisher_name', 'STRING', 'Publisher of the service: Microsoft or the Marketplace publisher.'),
  col('resource_type', 'STRING', 'ARM resource type, e.g. Microsoft.Compute/virtualMachines.'),
  col(
    'effective_cost',
    'BIGNUMERIC',
    'FOCUS EffectiveCost: the amortized cost (0 for reservation / savings plan purchases).',
  ),
  col('list_unit_price', 'BIGNUMERIC', 'PayGPrice in currency, per UnitOfMeasure block.'),
  col('contracted_unit_price', 'BIGNUMERIC', 'UnitPrice in currency, per UnitOfMeasure block.'),
  col(
    'contracted_cost',
    'BIGNUMERIC',
    'contracted_unit_price x pricing_quantity, exact (FOCUS ContractedCost); cost when no price.',
  ),
  ...cloudGenAiColumns,
]);

/** `cloud_oci_billing_raw_daily`: OCI cost report / FOCUS report rows. */
export const cloudOciBillingRawDaily: TableDef = cloudBillingRaw('oci', 'OCI cost / FOCUS report', [
  col('tenancy_id', 'STRING', 'OCI tenancy OCID.'),
  col('compartment_path', 'STRING', 'Compartment path of the resource.'),
  col('reference_number', 'STRING', 'OCI line reference number.'),
  col('is_overage', 'BOOL', 'True when usage exceeded the commitment.'),
  col(
    'effective_cost',
    'BIGNUMERIC',
    'FOCUS EffectiveCost (FOCUS report EffectiveCost; cost report: cost/myCost).',
  ),
  col(
    'list_unit_price',
    'BIGNUMERIC',
    'Price per pricing unit (FOCUS report ListUnitPrice; cost report: cost/unitPrice).',
  ),
  col(
    'contracted_unit_price',
    'BIGNUMERIC',
    'Applied price per pricing unit (ContractedUnitPrice, else the list price; cost report: cost/unitPrice).',
  ),
  col(
    'contracted_cost',
    'BIGNUMERIC',
    'contracted_unit_price x pricing_quantity, exact (FOCUS ContractedCost); the cost when no price.',
  ),
]);
