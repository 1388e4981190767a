import type { Column, TableDef } from '../ports/warehouse/schema.js';
import { tableFromSchema, type SchemaTable } from '../ports/warehouse/tables/schema-file.js';
import { col, currency } from './columns.js';
import { cloudProviderColumns, lineageColumns } from './lineage.js';
import aws from './schemas/cloud_aws_billing_raw_daily.json' with { type: 'json' };
import azure from './schemas/cloud_azure_billing_raw_daily.json' with { type: 'json' };
import gcp from './schemas/cloud_gcp_billing_raw_daily.json' with { type: 'json' };
import oci from './schemas/cloud_oci_billing_raw_daily.json' with { type: 'json' };

// Raw daily billing rows of each cloud's own export format (GCP detailed export, AWS CUR 2.0, Azure Cost Management,
// OCI cost report), normalized to shared columns plus each format's own; the FOCUS conversion reads them.

type CloudProvider = 'gcp' | 'aws' | 'azure' | 'oci';

/**
 * Columns every raw cloud billing table shares; `raw` keeps the full source row for re-conversion (AWS: the export
 * columns no typed column holds, see AWS_RAW).
 */
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
 * A raw table of a cloud's billing rows, one run slice per usage day: its columns, then the lineage and cloud
 * provider columns (the provider-format tables here, the FOCUS-format ones in focus-import.ts).
 */
export const cloudRawTable = (json: unknown, def: Omit<SchemaTable, 'partitionBy'>): TableDef =>
  tableFromSchema(json, {
    ...def,
    append: [...(def.append ?? []), ...lineageColumns, ...cloudProviderColumns],
    partitionBy: 'usage_date',
  });

/** A provider-format table: the shared billing columns, the format's own (its schema file), then `extra`. */
const cloudBillingRaw = (
  provider: CloudProvider,
  json: unknown,
  source: string,
  extra: readonly Column[] = [],
  version = 2,
): TableDef =>
  cloudRawTable(json, {
    name: `cloud_${provider}_billing_raw_daily`,
    description: `Daily ${source} rows, lightly normalized; input of the ${provider} FOCUS conversion.`,
    version,
    before: cloudBillingColumns,
    append: extra,
    clusterBy: ['billing_account_id', 'service_id'],
  });

/**
 * `cloud_gcp_billing_raw_daily`: GCP Cloud Billing detailed export rows. Version 3: the unit prices of usage
 * rows (shared/cloud/gcp-prices.ts); usage_unit / pricing_unit hold FOCUS unit names.
 */
export const cloudGcpBillingRawDaily = cloudBillingRaw(
  'gcp',
  gcp,
  'GCP Cloud Billing detailed export',
  [],
  3,
);

/**
 * `raw` of `cloud_aws_billing_raw_daily`: the export columns no typed column holds (shared/cloud/aws-cur.ts
 * `CUR_TYPED`), which keeps it at about half the export row.
 */
const AWS_RAW =
  'Every export column not kept as a typed column, as text (resource_tags as JSON), non-empty cells only ({} when ' +
  'none), under its CUR 2.0 name or, for a column the reader does not map, its header. Kept as typed columns, so ' +
  'not in raw: identity_line_item_id, bill_invoice_id, bill_billing_entity, bill_payer_account_id, ' +
  'line_item_usage_account_id, line_item_usage_account_name, line_item_usage_start_date, line_item_usage_end_date, ' +
  'line_item_product_code, line_item_usage_type, line_item_operation, line_item_availability_zone, ' +
  'line_item_resource_id, line_item_usage_amount, line_item_unblended_cost, line_item_net_unblended_cost, ' +
  'line_item_line_item_description, product_sku, pricing_public_on_demand_rate, pricing_term, pricing_unit, ' +
  'reservation_reservation_a_r_n, savings_plan_savings_plan_a_r_n (shared/cloud/aws-cur.ts CUR_TYPED names ' +
  'their columns) and the legacy resourceTags/<key> columns (labels.<key>).';

/** `cloud_aws_billing_raw_daily`: AWS CUR 2.0 / Data Exports rows. */
const awsTable = cloudBillingRaw('aws', aws, 'AWS CUR 2.0 / Data Exports', cloudGenAiColumns);
export const cloudAwsBillingRawDaily: TableDef = {
  ...awsTable,
  columns: awsTable.columns.map((c) => (c.name === 'raw' ? { ...c, description: AWS_RAW } : c)),
};

/** `cloud_azure_billing_raw_daily`: Azure Cost Management export rows. */
export const cloudAzureBillingRawDaily = cloudBillingRaw(
  'azure',
  azure,
  'Azure Cost Management export',
  cloudGenAiColumns,
);

/** `cloud_oci_billing_raw_daily`: OCI cost report / FOCUS report rows. */
export const cloudOciBillingRawDaily = cloudBillingRaw('oci', oci, 'OCI cost / FOCUS report');
