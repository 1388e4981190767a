/**
 * Oracle Cloud (OCI) cost reports -> `cloud_oci_billing_raw_daily` rows, in two formats:
 *
 * - `focus`: OCI's FOCUS reports (`FOCUS Reports/<yyyy>/<mm>/<dd>/*.csv.gz` in the tenancy's report bucket):
 *   FOCUS 1.0 columns, several under their 1.0-preview / display-name IDs (UsageQuantity, UsageUnit, Region,
 *   Provider, Publisher, InvoiceIssuer, ChargeSubcategory), plus `oci_*` columns (column list: the FINOPS table
 *   of oci-landing-zones/oci-landing-zone-operating-entities addons/oci-finops/content/sql/finopsuser.sql). Each
 *   row is upgraded to FOCUS 1.3 with `upgradeFocusRows` (renames, NullHandling, value casing, `oci_*` ->
 *   `x_oci_*`); the raw row keeps the upgraded values in `raw`.
 * - `cost_report`: OCI's own cost reports (`reports/cost-csv/*.csv.gz`: `lineItem/referenceNo`,
 *   `cost/myCost`, `usage/billedQuantity`, `cost/unitPrice`, `tags/<namespace>.<key>` ...).
 *
 * Money stays exact text (decimal.js). BilledCost is the report's cost (FOCUS BilledCost, cost report
 * `cost/myCost`, overage included). List and contracted cost are unit price x pricing quantity, exact; OCI's own
 * rounded figures stay in `raw`. Neither report has both prices: the FOCUS report has a list price only and the
 * cost report the customer's price only, so the one price stands for the other (as AWS rows without a public
 * rate use the applied rate). EffectiveCost is OCI's EffectiveCost (cost reports: `cost/myCost`, the report has
 * no amortization).
 */
import { cloudOciBillingRawDaily } from '../datasets/index.js';
import { upgradeFocusRows } from '../focus/upgrade.js';
import { RowProblem, type ColumnSpec, type FileRows } from './files/index.js';
import { Exact } from '../money/decimal.js';
import { requiredSetting, type BillingFormat } from './format.js';
import { ociCostReportSelect } from './oci-cost-report-sql.js';

type Row = Record<string, unknown>;
type RawRow = Row & { usage_date: string };

const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
/** An exact decimal (products of two exported values keep every digit, as the engine's SQL does). */
const dec = (v: unknown) => (v === null || v === undefined || v === '' ? null : new Exact(String(v)));
const day = (ts: string) => ts.slice(0, 10);
/** The non-null entries of a row (the `raw` JSON column). */
const present = (r: Row) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && v !== ''));

/** price x quantity exactly, or `fallback` (e.g. the report's own figure) when either is missing. */
function times(price: Exact | null, quantity: Exact | null, fallback: string | null): string | null {
  return price !== null && quantity !== null ? price.times(quantity).toFixed() : fallback;
}

/**
 * OCI's unit names in FOCUS UnitFormat (`GB Hours` -> `GB-Hours`; OCI's "<unit> Per Hour" prices are per
 * unit-hour). Other units are kept as OCI writes them.
 */
export const OCI_UNITS: Readonly<Record<string, string>> = {
  'GB Hours': 'GB-Hours',
  'GB Months': 'GB-Months',
  'OCPU Hours': 'OCPU-Hours',
  'OCPU Per Hour': 'OCPU-Hours',
  'ECPU Hours': 'ECPU-Hours',
  'Gigabyte Per Hour': 'GB-Hours',
  'Gigabytes Per Hour': 'GB-Hours',
  'Instance per hour': 'Instance-Hours',
  'Node per hour': 'Node-Hours',
  'GB Of Data Transferred': 'GB',
};
export const ociUnit = (unit: string | null) =>
  unit === null ? null : Object.hasOwn(OCI_UNITS, unit) ? OCI_UNITS[unit]! : unit;

/** Path segments under CLOUD_EXPORTS_DIR/oci/: the report bucket (namespace `bling`, bucket = tenancy OCID). */
const bucket = (config: Row): string[] => [
  requiredSetting(config, 'namespace'),
  requiredSetting(config, 'bucket'),
];

// ---------------------------------------------------------------------------------------------------------
// FOCUS reports

/**
 * [FOCUS 1.0 column ID, OCI's ID when it differs, type, required]: the columns the normaliser reads typed. The
 * other columns (ChargeSubcategory, CommitmentDiscount*, Provider, Publisher, InvoiceIssuer ...) come through
 * keepOther as text and are handled by upgradeFocusRows. No column added after FOCUS 1.0 is listed: a listed
 * column is present in every row (null when absent) and would make version detection see a newer file.
 */
const FOCUS_COLUMNS: [string, string | null, ColumnSpec['type'], boolean?][] = [
  ['AvailabilityZone', null, 'string'],
  ['BilledCost', null, 'decimal', true],
  ['BillingAccountId', null, 'string', true],
  ['BillingAccountName', null, 'string'],
  ['BillingCurrency', null, 'string', true],
  ['BillingPeriodEnd', null, 'timestamp'],
  ['BillingPeriodStart', null, 'timestamp'],
  ['ChargeCategory', 'ChargeType', 'string'],
  ['ChargeClass', null, 'string'],
  ['ChargeDescription', null, 'string'],
  ['ChargePeriodEnd', null, 'timestamp'],
  ['ChargePeriodStart', null, 'timestamp', true],
  ['ConsumedQuantity', 'UsageQuantity', 'decimal'],
  ['ConsumedUnit', 'UsageUnit', 'string'],
  ['ContractedCost', null, 'decimal'],
  ['ContractedUnitPrice', null, 'decimal'],
  ['EffectiveCost', 'AmortizedCost', 'decimal'],
  ['ListCost', null, 'decimal'],
  ['ListUnitPrice', null, 'decimal'],
  ['PricingQuantity', null, 'decimal'],
  ['PricingUnit', null, 'string'],
  ['RegionId', 'Region', 'string'],
  ['RegionName', null, 'string'],
  ['ResourceId', null, 'string'],
  ['ResourceName', null, 'string'],
  ['ServiceName', null, 'string'],
  ['SkuId', null, 'string'],
  ['SubAccountId', null, 'string'],
  ['SubAccountName', null, 'string'],
  ['Tags', null, 'json'],
  ['oci_ReferenceNumber', null, 'string'],
  ['oci_CompartmentId', null, 'string'],
  ['oci_CompartmentName', null, 'string'],
  ['oci_OverageFlag', null, 'boolean'],
  ['oci_UnitPriceOverage', null, 'decimal'],
  ['oci_BilledQuantityOverage', null, 'decimal'],
  ['oci_CostOverage', null, 'decimal'],
  ['oci_AttributedUsage', null, 'decimal'],
  ['oci_AttributedCost', null, 'decimal'],
  ['oci_BackReferenceNumber', null, 'string'],
];

/** What readBillingFile reads from an OCI FOCUS report. */
export const OCI_FOCUS_COLUMNS: readonly ColumnSpec[] = FOCUS_COLUMNS.map(([name, oci, type, required]) => ({
  name,
  type,
  ...(oci ? { aliases: [oci] } : {}),
  ...(required ? { required: true } : {}),
}));

/**
 * FOCUS charge category (+ ' Correction' for ChargeClass Correction) as the raw `charge_type`; the procedure maps
 * it back to ChargeCategory / ChargeClass.
 */
const chargeType = (category: string | null, correction: boolean) =>
  category === null ? null : correction ? `${category} Correction` : category;

/** One OCI FOCUS report row (as read with OCI_FOCUS_COLUMNS and keepOther) as a raw row without lineage. */
export function ociFocusRawRow(row: Row): RawRow {
  const f = upgradeFocusRows([row]).rows[0]!;
  const start = str(f.ChargePeriodStart);
  if (start === null)
    throw new RowProblem('ChargePeriodStart', 'OCI FOCUS report row without ChargePeriodStart.');
  const billed = str(f.BilledCost);
  if (billed === null)
    throw new RowProblem('BilledCost', `OCI FOCUS report row ${start} without BilledCost.`);
  const account = str(f.BillingAccountId) ?? str(f.SubAccountId);
  if (account === null)
    throw new RowProblem('BillingAccountId', `OCI FOCUS report row ${start} without BillingAccountId.`);
  const quantity = dec(f.PricingQuantity);
  const listPrice = dec(f.ListUnitPrice);
  const contractedPrice = dec(f.ContractedUnitPrice) ?? listPrice;
  const periodStart = str(f.BillingPeriodStart);
  const periodEnd = str(f.BillingPeriodEnd);
  const tags = f.Tags;
  return {
    usage_date: day(start),
    usage_start_time: start,
    usage_end_time: str(f.ChargePeriodEnd),
    billing_account_id: account,
    sub_account_id: str(f.SubAccountId),
    sub_account_name: str(f.SubAccountName),
    service_id: str(f.ServiceName),
    service_name: str(f.ServiceName),
    sku_id: str(f.SkuId),
    sku_description: str(f.ChargeDescription),
    resource_id: str(f.ResourceId),
    resource_name: str(f.ResourceName),
    region: str(f.RegionId) ?? str(f.RegionName),
    zone: str(f.AvailabilityZone),
    charge_type: chargeType(str(f.ChargeCategory), f.ChargeClass === 'Correction'),
    usage_amount: str(f.ConsumedQuantity),
    usage_unit: ociUnit(str(f.ConsumedUnit)),
    pricing_quantity: str(f.PricingQuantity),
    pricing_unit: ociUnit(str(f.PricingUnit)),
    cost: billed,
    list_cost: times(listPrice, quantity, str(f.ListCost) ?? billed),
    credits_total: null,
    // Never invented: an empty currency is the report's (reportCurrency), or the file is refused.
    currency: str(f.BillingCurrency)?.toUpperCase() ?? null,
    invoice_id: str(f.InvoiceId),
    billing_period_start: periodStart ? day(periodStart) : null,
    billing_period_end: periodEnd ? day(periodEnd) : null,
    labels: tags && typeof tags === 'object' && Object.keys(tags).length > 0 ? tags : null,
    raw: present(f),
    tenancy_id: str(f.SubAccountId),
    compartment_path: str(f.x_oci_CompartmentName),
    reference_number: str(f.x_oci_ReferenceNumber),
    is_overage: typeof f.x_oci_OverageFlag === 'boolean' ? f.x_oci_OverageFlag : null,
    effective_cost: str(f.EffectiveCost) ?? billed,
    list_unit_price: listPrice?.toFixed() ?? null,
    contracted_unit_price: contractedPrice?.toFixed() ?? null,
    contracted_cost: times(contractedPrice, quantity, str(f.ContractedCost) ?? billed),
    x_cloud_provider: 'oci',
    x_cloud_account_id: account,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Cost reports (reports/cost-csv)

/** [OCI cost report column, type, required]; `tags/*` columns come through keepOther. */
const COST_REPORT_COLUMNS: [string, ColumnSpec['type'], boolean?][] = [
  ['lineItem/referenceNo', 'string'],
  ['lineItem/tenantId', 'string', true],
  ['lineItem/intervalUsageStart', 'timestamp', true],
  ['lineItem/intervalUsageEnd', 'timestamp'],
  ['product/service', 'string'],
  ['product/resource', 'string'],
  ['product/compartmentId', 'string'],
  ['product/compartmentName', 'string'],
  ['product/region', 'string'],
  ['product/availabilityDomain', 'string'],
  ['product/resourceId', 'string'],
  ['usage/billedQuantity', 'decimal'],
  ['usage/billedQuantityOverage', 'decimal'],
  ['cost/subscriptionId', 'string'],
  ['cost/productSku', 'string'],
  ['product/Description', 'string'],
  ['cost/unitPrice', 'decimal'],
  ['cost/unitPriceOverage', 'decimal'],
  ['cost/myCost', 'decimal', true],
  ['cost/myCostOverage', 'decimal'],
  ['cost/currencyCode', 'string'],
  ['cost/billingUnitReadable', 'string'],
  ['cost/skuUnitDescription', 'string'],
  ['cost/overageFlag', 'boolean'],
  ['lineItem/isCorrection', 'boolean'],
  ['lineItem/backreferenceNo', 'string'],
];

/** What readBillingFile reads from an OCI cost report (header case variants match, e.g. lineItem/TenantId). */
export const OCI_COST_REPORT_COLUMNS: readonly ColumnSpec[] = COST_REPORT_COLUMNS.map(
  ([name, type, required]) => ({ name, type, ...(required ? { required: true } : {}) }),
);

/** `tags/<namespace>.<key>` columns as one object ({ '<namespace>.<key>': value }), or null. */
function costReportTags(r: Row): Record<string, string> | null {
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k.startsWith('tags/') && v !== null && v !== '') tags[k.slice('tags/'.length)] = String(v);
  }
  return Object.keys(tags).length ? tags : null;
}

/** One OCI cost report row as a raw row without lineage. */
export function ociCostReportRawRow(r: Row): RawRow {
  const start = str(r['lineItem/intervalUsageStart']);
  if (start === null)
    throw new RowProblem(
      'lineItem/intervalUsageStart',
      'OCI cost report row without lineItem/intervalUsageStart.',
    );
  const tenancy = str(r['lineItem/tenantId']);
  const account = str(r['cost/subscriptionId']) ?? tenancy;
  if (account === null)
    throw new RowProblem('lineItem/tenantId', `OCI cost report row ${start} without lineItem/tenantId.`);
  const myCost = dec(r['cost/myCost']);
  if (myCost === null)
    throw new RowProblem('cost/myCost', `OCI cost report row ${start} without cost/myCost.`);
  const cost = myCost.toFixed();
  const quantity = dec(r['usage/billedQuantity']);
  // A zero-cost row with a quantity and no unit price (free usage) is priced at 0: cost / quantity, exactly.
  const price = dec(r['cost/unitPrice']) ?? (myCost.isZero() && quantity !== null ? new Exact(0) : null);
  const unit = ociUnit(str(r['cost/skuUnitDescription']));
  const priced = times(price, quantity, cost);
  return {
    usage_date: day(start),
    usage_start_time: start,
    usage_end_time: str(r['lineItem/intervalUsageEnd']),
    billing_account_id: account,
    sub_account_id: tenancy,
    sub_account_name: null,
    service_id: str(r['product/service']),
    service_name: str(r['product/service']),
    sku_id: str(r['cost/productSku']),
    sku_description: str(r['product/Description']),
    resource_id: str(r['product/resourceId']),
    resource_name: null,
    region: str(r['product/region']),
    zone: str(r['product/availabilityDomain']),
    charge_type: chargeType('Usage', r['lineItem/isCorrection'] === true),
    usage_amount: quantity?.toFixed() ?? null,
    usage_unit: unit,
    pricing_quantity: quantity?.toFixed() ?? null,
    pricing_unit: unit,
    cost,
    list_cost: priced,
    credits_total: null,
    // Never invented: an empty currency is the report's (reportCurrency), or the file is refused.
    currency: str(r['cost/currencyCode'])?.toUpperCase() ?? null,
    invoice_id: null,
    billing_period_start: null,
    billing_period_end: null,
    labels: costReportTags(r),
    raw: present(r),
    tenancy_id: tenancy,
    compartment_path: str(r['product/compartmentName']),
    reference_number: str(r['lineItem/referenceNo']),
    is_overage: typeof r['cost/overageFlag'] === 'boolean' ? r['cost/overageFlag'] : null,
    effective_cost: cost,
    list_unit_price: price?.toFixed() ?? null,
    contracted_unit_price: price?.toFixed() ?? null,
    contracted_cost: priced,
    x_cloud_provider: 'oci',
    x_cloud_account_id: account,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The report's currency

/**
 * Rows without a currency (OCI leaves `cost/currencyCode` empty on zero-cost rows) get the report's: the one
 * currency of the file's other rows. Rows are held until the file names it; a file naming none, or more than
 * one while it has rows without (in any order), is refused naming the file, the row and the column.
 */
export function reportCurrency(column: string): () => FileRows {
  return () => {
    let currency: string | null = null;
    let filled = false;
    /** A second currency the report names, once one has been seen. */
    let several: string | null = null;
    const held: { row: Record<string, unknown>; at: number }[] = [];
    return {
      row(raw, at) {
        const own = raw.currency as string | null;
        if (own !== null) {
          if (currency !== null && own !== currency && (filled || held.length > 0)) {
            throw new RowProblem(
              column,
              `${own} in a report whose rows without a currency were given ${currency}: the report's currency is not one`,
            );
          }
          if (currency !== null && own !== currency) several ??= own;
          currency ??= own;
          const released = held.splice(0).map((h) => ({ ...h.row, currency: own }));
          filled ||= released.length > 0;
          return [...released, raw];
        }
        if (currency === null) {
          held.push({ row: raw, at });
          return [];
        }
        // Whatever the order: a row without a currency in a report that names two is refused.
        if (several !== null) {
          throw new RowProblem(
            column,
            `no currency, in a report naming ${currency} and ${several}: the report's currency is not one`,
          );
        }
        filled = true;
        return [{ ...raw, currency }];
      },
      end() {
        if (held.length > 0) {
          throw new RowProblem(column, 'no currency, and no other row of the report has one', held[0]!.at);
        }
        return [];
      },
    };
  };
}

// ---------------------------------------------------------------------------------------------------------
// Formats (listed in formats.ts)

export const ociFocusFormat: BillingFormat = {
  provider: 'oci',
  format: 'focus',
  description: 'OCI FOCUS reports (FOCUS 1.0 with 1.0-preview IDs and oci_* columns; CSV.gz)',
  columns: OCI_FOCUS_COLUMNS,
  read: { keepOther: true, perFile: reportCurrency('BillingCurrency') },
  table: cloudOciBillingRawDaily,
  location: (c) => [...bucket(c), 'FOCUS Reports'],
  toRaw: ociFocusRawRow,
};

export const ociCostReportFormat: BillingFormat = {
  provider: 'oci',
  format: 'cost_report',
  description: 'OCI cost reports (reports/cost-csv: lineItem/..., cost/myCost; CSV.gz)',
  columns: OCI_COST_REPORT_COLUMNS,
  read: { keepOther: true, perFile: reportCurrency('cost/currencyCode') },
  table: cloudOciBillingRawDaily,
  location: (c) => [...bucket(c), 'reports', 'cost-csv'],
  toRaw: ociCostReportRawRow,
  engine: { select: ociCostReportSelect },
};

export const ociBillingFormats: readonly BillingFormat[] = [ociFocusFormat, ociCostReportFormat];
