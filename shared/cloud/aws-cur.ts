/**
 * AWS Cost and Usage Report rows (CUR 2.0 / Data Exports snake_case headers, or legacy CUR `lineItem/...`
 * headers) -> `cloud_aws_billing_raw_daily` rows. Money stays exact text. EffectiveCost follows AWS's
 * amortization by line item type (the CUR "amortized cost" formula): covered usage at its RI / Savings Plan
 * effective cost, negations and upfront fees at 0, recurring fees at their unused share.
 */
import { Quotient as Decimal } from '../money/decimal.js';
import { cloudAwsBillingRawDaily } from '../datasets/index.js';
import type { ColumnSpec } from './files/index.js';
import { requiredSetting, setting, type BillingFormat } from './format.js';
import { bedrockModel, isBedrock } from './genai-tags.js';
import { bedrockModels, curSelect } from './aws-cur-sql.js';

/** Enough significant digits that rate x amount and sums are exact (decimal.js defaults to 20). */

/** [CUR 2.0 name, legacy CUR name, type, required] of every column the normalizer reads. */
const COLUMNS: [string, string, ColumnSpec['type'], boolean?][] = [
  ['identity_line_item_id', 'identity/LineItemId', 'string'],
  ['bill_invoice_id', 'bill/InvoiceId', 'string'],
  ['bill_billing_entity', 'bill/BillingEntity', 'string'],
  ['bill_payer_account_id', 'bill/PayerAccountId', 'string', true],
  ['bill_billing_period_start_date', 'bill/BillingPeriodStartDate', 'timestamp'],
  ['bill_billing_period_end_date', 'bill/BillingPeriodEndDate', 'timestamp'],
  ['line_item_usage_account_id', 'lineItem/UsageAccountId', 'string'],
  ['line_item_usage_account_name', 'lineItem/UsageAccountName', 'string'],
  ['line_item_line_item_type', 'lineItem/LineItemType', 'string'],
  ['line_item_usage_start_date', 'lineItem/UsageStartDate', 'timestamp', true],
  ['line_item_usage_end_date', 'lineItem/UsageEndDate', 'timestamp'],
  ['line_item_product_code', 'lineItem/ProductCode', 'string'],
  ['line_item_usage_type', 'lineItem/UsageType', 'string'],
  ['line_item_operation', 'lineItem/Operation', 'string'],
  ['line_item_availability_zone', 'lineItem/AvailabilityZone', 'string'],
  ['line_item_resource_id', 'lineItem/ResourceId', 'string'],
  ['line_item_usage_amount', 'lineItem/UsageAmount', 'decimal'],
  ['line_item_currency_code', 'lineItem/CurrencyCode', 'string'],
  ['line_item_unblended_rate', 'lineItem/UnblendedRate', 'decimal'],
  ['line_item_unblended_cost', 'lineItem/UnblendedCost', 'decimal', true],
  ['line_item_net_unblended_cost', 'lineItem/NetUnblendedCost', 'decimal'],
  ['line_item_line_item_description', 'lineItem/LineItemDescription', 'string'],
  ['product_product_name', 'product/ProductName', 'string'],
  ['product_region_code', 'product/regionCode', 'string'],
  ['product_region', 'product/region', 'string'],
  ['product_sku', 'product/sku', 'string'],
  ['pricing_public_on_demand_cost', 'pricing/publicOnDemandCost', 'decimal'],
  ['pricing_public_on_demand_rate', 'pricing/publicOnDemandRate', 'decimal'],
  ['pricing_term', 'pricing/term', 'string'],
  ['pricing_unit', 'pricing/unit', 'string'],
  ['reservation_effective_cost', 'reservation/EffectiveCost', 'decimal'],
  ['reservation_reservation_a_r_n', 'reservation/ReservationARN', 'string'],
  [
    'reservation_unused_amortized_upfront_fee_for_billing_period',
    'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod',
    'decimal',
  ],
  ['reservation_unused_recurring_fee', 'reservation/UnusedRecurringFee', 'decimal'],
  ['savings_plan_savings_plan_effective_cost', 'savingsPlan/SavingsPlanEffectiveCost', 'decimal'],
  ['savings_plan_savings_plan_a_r_n', 'savingsPlan/SavingsPlanARN', 'string'],
  ['savings_plan_total_commitment_to_date', 'savingsPlan/TotalCommitmentToDate', 'decimal'],
  ['savings_plan_used_commitment', 'savingsPlan/UsedCommitment', 'decimal'],
  ['resource_tags', 'resourceTags', 'json'],
];

/** What readBillingFile reads from a CUR file (either header style). */
export const AWS_CUR_COLUMNS: readonly ColumnSpec[] = COLUMNS.map(([name, legacy, type, required]) => ({
  name,
  type,
  aliases: [legacy],
  ...(required ? { required: true } : {}),
}));

/**
 * The export columns a typed column of the raw table holds as they are (the same text, number or instant; NULL
 * when the cell is empty), so `raw` leaves them out: export column -> its typed column. The others (the billing
 * period timestamps, line item type, currency, the export's unblended rate, product name, region code and region,
 * public on-demand cost, the reservation / Savings Plan amortization figures, the `resource_tags` map and every
 * non-spec column) stay in `raw`, as do the legacy `resourceTags/<key>` columns, which `labels` holds as `<key>`.
 */
export const CUR_TYPED: Readonly<Record<string, string>> = {
  identity_line_item_id: 'line_item_id',
  bill_invoice_id: 'invoice_id',
  bill_billing_entity: 'billing_entity',
  bill_payer_account_id: 'billing_account_id',
  line_item_usage_account_id: 'sub_account_id',
  line_item_usage_account_name: 'sub_account_name',
  line_item_usage_start_date: 'usage_start_time',
  line_item_usage_end_date: 'usage_end_time',
  line_item_product_code: 'service_id',
  line_item_usage_type: 'usage_type',
  line_item_operation: 'operation',
  line_item_availability_zone: 'zone',
  line_item_resource_id: 'resource_id',
  line_item_usage_amount: 'usage_amount',
  line_item_unblended_cost: 'unblended_cost',
  line_item_net_unblended_cost: 'net_unblended_cost',
  line_item_line_item_description: 'sku_description',
  product_sku: 'sku_id',
  pricing_public_on_demand_rate: 'public_on_demand_rate',
  pricing_term: 'pricing_term',
  pricing_unit: 'pricing_unit',
  reservation_reservation_a_r_n: 'reservation_arn',
  savings_plan_savings_plan_a_r_n: 'savings_plan_arn',
};

/** Whether `raw` keeps this export column (spec name or other header): not typed, not a legacy tag column. */
export const inRaw = (column: string) => !(column in CUR_TYPED) && !column.startsWith('resourceTags/');

type CurRow = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
const dec = (v: unknown) => (v === null || v === undefined || v === '' ? null : new Decimal(String(v)));

/** AWS's amortized cost of one line (the CUR amortized-cost formula by line item type). */
export function amortizedCost(r: CurRow): Decimal {
  const type = str(r.line_item_line_item_type) ?? 'Usage';
  const unblended = dec(r.line_item_unblended_cost) ?? new Decimal(0);
  switch (type) {
    case 'SavingsPlanCoveredUsage':
      return dec(r.savings_plan_savings_plan_effective_cost) ?? unblended;
    case 'SavingsPlanRecurringFee': {
      const total = dec(r.savings_plan_total_commitment_to_date);
      const used = dec(r.savings_plan_used_commitment);
      return total !== null && used !== null ? total.minus(used) : unblended;
    }
    case 'SavingsPlanNegation':
    case 'SavingsPlanUpfrontFee':
      return new Decimal(0);
    case 'DiscountedUsage':
      return dec(r.reservation_effective_cost) ?? unblended;
    case 'RIFee': {
      const upfront = dec(r.reservation_unused_amortized_upfront_fee_for_billing_period);
      const recurring = dec(r.reservation_unused_recurring_fee);
      return upfront !== null || recurring !== null
        ? (upfront ?? new Decimal(0)).plus(recurring ?? new Decimal(0))
        : unblended;
    }
    case 'Fee':
      // Upfront RI fees are amortized into DiscountedUsage / RIFee lines.
      return str(r.reservation_reservation_a_r_n) ? new Decimal(0) : unblended;
    default:
      return unblended;
  }
}

/** Legacy `resourceTags/user:Name` columns (kept by keepOther) or CUR 2.0's `resource_tags` map, as one object. */
function tagsOf(r: CurRow): Record<string, string> | null {
  const tags: Record<string, string> = {};
  const map = r.resource_tags;
  if (map && typeof map === 'object') {
    for (const [k, v] of Object.entries(map as Record<string, unknown>))
      if (v !== null && v !== '') tags[k] = String(v);
  }
  for (const [k, v] of Object.entries(r)) {
    if (k.startsWith('resourceTags/') && v !== null && v !== '')
      tags[k.slice('resourceTags/'.length)] = String(v);
  }
  return Object.keys(tags).length ? tags : null;
}

const day = (ts: unknown) => String(ts).slice(0, 10);

/** One CUR row as a `cloud_aws_billing_raw_daily` row (without lineage). */

/** cost / amount when that rate is exact with at most 18 decimals (so rate x amount = cost), else null. */
export function exactRate(cost: Decimal | null, amount: Decimal | null): Decimal | null {
  if (cost === null || amount === null || amount.isZero()) return null;
  const rate = cost.div(amount);
  return rate.decimalPlaces() <= 18 && rate.times(amount).equals(cost) ? rate : null;
}

export function curRawRow(r: CurRow) {
  const start = str(r.line_item_usage_start_date)!;
  const periodStart = str(r.bill_billing_period_start_date);
  const periodEnd = str(r.bill_billing_period_end_date);
  const payer = str(r.bill_payer_account_id)!;
  const cost = dec(r.line_item_unblended_cost)!;
  const amount = dec(r.line_item_usage_amount);
  const publicRate = dec(r.pricing_public_on_demand_rate);
  // Exports without rate columns (hand-made or trimmed CURs) still price their usage when the applied rate is
  // exactly cost / usage amount (at most 18 decimals); otherwise the row stays unpriced, never approximated.
  const unblendedRate = dec(r.line_item_unblended_rate) ?? exactRate(cost, amount);
  const productCode = str(r.line_item_product_code);
  const productName = str(r.product_product_name);
  const usageType = str(r.line_item_usage_type);
  const bedrock = isBedrock(productCode, productName);
  // The export columns no typed column holds (CUR_TYPED), non-empty.
  const raw = Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== null && v !== '' && inRaw(k)));
  return {
    usage_date: day(start),
    usage_start_time: start,
    usage_end_time: str(r.line_item_usage_end_date),
    billing_account_id: payer,
    sub_account_id: str(r.line_item_usage_account_id),
    sub_account_name: str(r.line_item_usage_account_name),
    service_id: productCode,
    service_name: productName ?? productCode,
    sku_id: str(r.product_sku),
    sku_description: str(r.line_item_line_item_description),
    resource_id: str(r.line_item_resource_id),
    resource_name: null,
    region: str(r.product_region_code) ?? str(r.product_region),
    zone: str(r.line_item_availability_zone),
    charge_type: str(r.line_item_line_item_type) ?? 'Usage',
    usage_amount: str(r.line_item_usage_amount),
    usage_unit: str(r.pricing_unit),
    pricing_quantity: str(r.line_item_usage_amount),
    pricing_unit: str(r.pricing_unit),
    cost: dec(r.line_item_unblended_cost)!.toFixed(),
    // List and contracted cost are rate x quantity, exact (AWS's own figures are rounded; they stay in raw).
    list_cost: ((publicRate ?? unblendedRate) && amount
      ? (publicRate ?? unblendedRate)!.times(amount)
      : cost
    ).toFixed(),
    credits_total: null,
    currency: str(r.line_item_currency_code)?.toUpperCase() ?? 'USD',
    invoice_id: str(r.bill_invoice_id),
    billing_period_start: periodStart ? day(periodStart) : null,
    billing_period_end: periodEnd ? day(periodEnd) : null,
    labels: tagsOf(r),
    raw,
    line_item_type: str(r.line_item_line_item_type) ?? 'Usage',
    usage_type: usageType,
    operation: str(r.line_item_operation),
    pricing_term: str(r.pricing_term),
    unblended_cost: dec(r.line_item_unblended_cost)!.toFixed(),
    net_unblended_cost: str(r.line_item_net_unblended_cost),
    amortized_cost: amortizedCost(r).toFixed(),
    reservation_arn: str(r.reservation_reservation_a_r_n),
    savings_plan_arn: str(r.savings_plan_savings_plan_a_r_n),
    line_item_id: str(r.identity_line_item_id),
    billing_entity: str(r.bill_billing_entity),
    unblended_rate: unblendedRate?.toFixed() ?? null,
    public_on_demand_rate: str(r.pricing_public_on_demand_rate),
    contracted_cost: ((unblendedRate ?? publicRate) && amount
      ? (unblendedRate ?? publicRate)!.times(amount)
      : cost
    ).toFixed(),
    genai_provider: bedrock ? 'bedrock' : null,
    genai_model: bedrock ? bedrockModel(usageType, productName) : null,
    x_cloud_provider: 'aws',
    x_cloud_account_id: payer,
  };
}

/** `aws/cur`: the export's bucket, then its prefix (none: the whole bucket). */
export const awsCurFormat: BillingFormat = {
  provider: 'aws',
  format: 'cur',
  description: 'AWS CUR 2.0 / Data Exports or legacy CUR (CSV, CSV.gz, Parquet)',
  columns: AWS_CUR_COLUMNS,
  read: { keepOther: true },
  table: cloudAwsBillingRawDaily,
  location: (c) => [requiredSetting(c, 'export_bucket'), setting(c, 'export_prefix') ?? ''],
  toRaw: curRawRow,
  engine: { select: curSelect, finish: bedrockModels },
};
