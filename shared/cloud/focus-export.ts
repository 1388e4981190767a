/**
 * FOCUS exports (any provider, FOCUS 1.0 / 1.1 / 1.2 / 1.3) -> `cloud_focus_billing_raw_daily` rows, and FOCUS
 * 1.3 Contract Commitment files -> `cloud_focus_commitment_raw`. The AWS FOCUS export (Data Exports "FOCUS 1.0
 * with AWS columns"), the Azure FOCUS cost export, the GCP FOCUS BigQuery view exported to files, and FOCUS data
 * sets produced by other tools all arrive here; they already are FOCUS rows, so the conversion is a copy after:
 *
 * 1. `upgradeFocusRows` (shared/focus/upgrade.ts): column renames per version, derived 1.3 columns, value
 *    normalisation (exact decimals, UTC timestamps, JSON objects, allowed-value casing, `x_` prefixes).
 * 2. The repairs below, each one a rule FOCUS 1.3 states and that the source row breaks in a way that has one
 *    answer. Cost columns (BilledCost, EffectiveCost, ListCost, ContractedCost when present) are never changed:
 *    they reconcile with the source exactly. Every repair is counted per run (`FocusRepairTally`).
 *    - `ResourceType` null while `ResourceId` is not (IdNamePairs): the type the id itself names (an ARN's
 *      resource type or its service, an Azure resource id's provider type, an OCI OCID's resource type), else
 *      the ServiceName.
 *    - `RegionName` null while `RegionId` is not (IdNamePairs): the RegionId (the name is unknown, the id is the
 *      best display name we have; the GCP conversion does the same).
 *    - `ResourceType` without a `ResourceId` (IdNamePairs: it MUST then be null): moved to x_SourceResourceType.
 *    - OCI rows with a RegionName but no RegionId: OCI's FOCUS 1.0 reports write the region identifier there.
 *    - `BillingAccountType` / `SubAccountType` (added in FOCUS 1.2) null while their id is not: the cloud's own
 *      names for its account levels (ACCOUNT_TYPES).
 *    - `PricingCurrency` absent (added in FOCUS 1.2): prices are in the billing currency, so it is the
 *      BillingCurrency and the PricingCurrency* unit prices and effective cost are the billing-currency ones.
 *    - Price columns on a row without a SkuPriceId that is not a Usage / Purchase row (e.g. a credit carrying
 *      a negative "unit price"): FOCUS requires unit prices, PricingQuantity / PricingUnit, PricingCategory and
 *      ConsumedQuantity / ConsumedUnit to be null there; they are moved to `x_Source<Column>`.
 *    - A Usage / Purchase row without a SkuPriceId but with a SkuId: SkuPriceId = SkuId (the SKU's one price
 *      point in this export); without a PricingCategory: `Committed` when a commitment discount applies, else
 *      `Standard` (FOCUS 1.0's default); without a ContractedUnitPrice: the ListUnitPrice (no negotiated price
 *      is stated, so the list price is the contracted one, as OCI's own export uses one price for both).
 *    - `ContractedCost` null (a Mandatory column): ContractedUnitPrice x PricingQuantity when both are known
 *      (exact), else the BilledCost (a charge without a unit price, e.g. tax).
 *    - ServiceName with more than one ServiceCategory (ServiceNameCategory): AWS's FOCUS 1.0 export files EBS
 *      volumes of `Amazon Elastic Compute Cloud` under Storage; FOCUS 1.3 wants one category per service name,
 *      so the names in SERVICE_CATEGORY take that category and the source's goes to `x_SourceServiceCategory`.
 * 3. Type checks of every FOCUS column the raw table stores: a value the warehouse could not hold (a decimal
 *    that is not a number, a timestamp that is not a date-time) fails the row naming the column and the value.
 *
 * What stays as the source wrote it: every cost, and ListCost / ContractedCost that a source rounded (the
 * official FOCUS sample writes costs at 10 decimals, so ListUnitPrice x PricingQuantity differs below 1e-10):
 * the conformance test checks those relations at the source's precision.
 */
import { Decimal as BaseDecimal } from 'decimal.js';
import { cloudFocusBillingRawDaily, cloudFocusCommitmentRaw } from '../datasets/index.js';
import { focusCostAndUsageColumns, focusContractCommitmentColumns } from '../datasets/index.js';
import type { Column } from '../ports/warehouse/schema.js';
import { upgradeFocusRows } from '../focus/upgrade.js';
import type { ColumnSpec } from './files/index.js';
import type { CloudProvider } from '../contracts/providers.js';
import { requiredSetting, setting, type BillingFormat } from './format.js';

type Row = Record<string, unknown>;
/** Divisions must be exact where they terminate: 100 significant digits. */
const Decimal = BaseDecimal.clone({ precision: 100 });

const isNull = (v: unknown) => v === null || v === undefined || v === '';
const str = (v: unknown) => (isNull(v) ? null : String(v));

/**
 * The columns read typed (present in every FOCUS version since 1.0); all others come through as text and are
 * typed by the upgrade. Nothing added after 1.0 may be listed: a listed column is present in every row and
 * would make version detection see a newer file.
 */
export const FOCUS_EXPORT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'BilledCost', type: 'decimal', required: true },
  { name: 'BillingCurrency', type: 'string', required: true },
  { name: 'ChargePeriodStart', type: 'timestamp', required: true },
];

/** The Contract Commitment columns (FOCUS 1.3 only), typed. */
export const FOCUS_COMMITMENT_COLUMNS: readonly ColumnSpec[] = focusContractCommitmentColumns.map((c) => ({
  name: c.name,
  type: c.type === 'TIMESTAMP' ? 'timestamp' : c.type === 'STRING' ? 'string' : 'decimal',
  ...(c.mode === 'REQUIRED' ? { required: true } : {}),
}));

/** Service names whose FOCUS category a provider's export splits; the category FOCUS 1.3 gets. */
export const SERVICE_CATEGORY: Readonly<Record<string, string>> = {
  // EC2 instances are Compute; AWS's FOCUS 1.0 export files the EBS volumes it also bills under Storage.
  'Amazon Elastic Compute Cloud': 'Compute',
};

/** Which cloud a FOCUS row belongs to, from its provider names; `fallback` (the pipeline's) when none says. */
export function focusRowCloud(row: Row, fallback: CloudProvider): CloudProvider {
  const names = [row.ServiceProviderName, row.ProviderName, row.HostProviderName, row.InvoiceIssuerName];
  for (const n of names) {
    const name = str(n)?.toLowerCase();
    if (!name) continue;
    if (name === 'aws' || name.startsWith('amazon')) return 'aws';
    if (name.includes('microsoft') || name.includes('azure')) return 'azure';
    if (name.startsWith('google') || name === 'gcp') return 'gcp';
    if (name.startsWith('oracle') || name === 'oci') return 'oci';
  }
  return fallback;
}

/** The resource type a resource id names: ARN type or service, Azure provider type, OCID type. */
export function resourceTypeOf(id: string): string | null {
  const arn = /^arn:[^:]+:([^:]+):[^:]*:[^:]*:(.+)$/.exec(id);
  if (arn) {
    const m = /^([A-Za-z0-9-]+)[/:]/.exec(arn[2]!);
    return m ? m[1]! : arn[1]!;
  }
  const azure = /\/providers\/([^/]+)\/([^/]+)\//i.exec(id);
  if (azure) return `${azure[1]}/${azure[2]}`;
  const ocid = /^ocid\d+\.([a-z0-9_-]+)\./.exec(id);
  if (ocid) return ocid[1]!;
  return null;
}

/** Counts of each repair over a run; `notes()` lists them for the run record. */
export class FocusRepairTally {
  private readonly counts = new Map<string, number>();
  add(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }
  notes(): string[] {
    return [...this.counts].map(([what, n]) => `${what}: ${n} rows`);
  }
}

/** Account type display names per cloud, for exports older than FOCUS 1.2 (which added the columns). */
const ACCOUNT_TYPES: Record<CloudProvider, { billing: string; sub: string }> = {
  aws: { billing: 'Management Account', sub: 'Member Account' },
  azure: { billing: 'Billing Account', sub: 'Subscription' },
  gcp: { billing: 'Billing Account', sub: 'Project' },
  oci: { billing: 'Tenancy', sub: 'Tenancy' },
};

const PRICE_COLUMNS = [
  'ListUnitPrice',
  'ContractedUnitPrice',
  'PricingQuantity',
  'PricingUnit',
  'PricingCategory',
  'ConsumedQuantity',
  'ConsumedUnit',
  'PricingCurrencyListUnitPrice',
  'PricingCurrencyContractedUnitPrice',
  'SkuPriceDetails',
] as const;

/** The repairs of the module comment, in place on an upgraded 1.3 row. */
export function repairFocusRow(f: Row, cloud: CloudProvider, tally?: FocusRepairTally): void {
  const note = (what: string) => tally?.add(what);
  const resourceId = str(f.ResourceId);
  if (resourceId !== null && isNull(f.ResourceType)) {
    f.ResourceType = resourceTypeOf(resourceId) ?? str(f.ServiceName);
    note('ResourceType from the ResourceId (or ServiceName)');
  }
  if (resourceId === null && !isNull(f.ResourceType)) {
    f.x_SourceResourceType = f.ResourceType;
    f.ResourceType = null;
    note('ResourceType without a ResourceId moved to x_SourceResourceType');
  }
  if (!isNull(f.RegionId) && isNull(f.RegionName)) {
    f.RegionName = f.RegionId;
    note('RegionName = RegionId');
  }
  if (isNull(f.RegionId) && !isNull(f.RegionName) && cloud === 'oci') {
    // OCI writes its region identifier (us-sanjose-1) as the region name of its FOCUS 1.0 reports.
    f.RegionId = f.RegionName;
    note('OCI RegionId = RegionName');
  }
  if (!isNull(f.BillingAccountId) && isNull(f.BillingAccountType)) {
    f.BillingAccountType = ACCOUNT_TYPES[cloud].billing;
    note('BillingAccountType by cloud');
  }
  if (!isNull(f.SubAccountId) && isNull(f.SubAccountType)) {
    f.SubAccountType = ACCOUNT_TYPES[cloud].sub;
    note('SubAccountType by cloud');
  }
  if (isNull(f.PricingCurrency) && !isNull(f.BillingCurrency)) {
    // No pricing currency stated: prices are in the billing currency, so the pricing-currency figures are the
    // billing-currency ones.
    f.PricingCurrency = f.BillingCurrency;
    f.PricingCurrencyEffectiveCost ??= f.EffectiveCost;
    f.PricingCurrencyListUnitPrice ??= f.ListUnitPrice;
    f.PricingCurrencyContractedUnitPrice ??= f.ContractedUnitPrice;
    note('PricingCurrency = BillingCurrency (with its unit prices and EffectiveCost)');
  }
  const category = f.ChargeCategory;
  const usageOrPurchase = category === 'Usage' || category === 'Purchase';
  if (isNull(f.SkuPriceId) && !usageOrPurchase) {
    let moved = false;
    for (const c of PRICE_COLUMNS) {
      if (c in f && !isNull(f[c])) {
        f[`x_Source${c}`] = f[c];
        f[c] = null;
        moved = true;
      }
    }
    if (moved) note(`price columns of ${String(category)} rows without SkuPriceId moved to x_Source*`);
  }
  if (usageOrPurchase && f.ChargeClass !== 'Correction') {
    if (isNull(f.SkuPriceId) && !isNull(f.SkuId)) {
      f.SkuPriceId = f.SkuId;
      note('SkuPriceId = SkuId');
    }
    if (isNull(f.PricingCategory) && !isNull(f.SkuPriceId)) {
      f.PricingCategory = isNull(f.CommitmentDiscountId) ? 'Standard' : 'Committed';
      note('PricingCategory Standard / Committed');
    }
    if (isNull(f.ContractedUnitPrice) && !isNull(f.ListUnitPrice)) {
      f.ContractedUnitPrice = f.ListUnitPrice;
      if (f.PricingCurrency === f.BillingCurrency && isNull(f.PricingCurrencyContractedUnitPrice)) {
        f.PricingCurrencyContractedUnitPrice = f.ContractedUnitPrice;
      }
      note('ContractedUnitPrice = ListUnitPrice');
    }
  }
  if (isNull(f.ContractedCost)) {
    const price = str(f.ContractedUnitPrice);
    const quantity = str(f.PricingQuantity);
    f.ContractedCost =
      price !== null && quantity !== null ? new Decimal(price).times(quantity).toFixed() : f.BilledCost;
    note('ContractedCost = ContractedUnitPrice x PricingQuantity (else BilledCost)');
  }
  const service = str(f.ServiceName);
  const canonical = service === null ? undefined : SERVICE_CATEGORY[service];
  if (canonical !== undefined && f.ServiceCategory !== canonical) {
    f.x_SourceServiceCategory = f.ServiceCategory;
    f.ServiceCategory = canonical;
    if (!isNull(f.ServiceSubcategory)) {
      f.x_SourceServiceSubcategory = f.ServiceSubcategory;
      f.ServiceSubcategory = `Other (${canonical})`;
    }
    note(`ServiceCategory of ${service} = ${canonical}`);
  }
}

const RELATIONS = [
  ['ListCost', 'ListUnitPrice', 'PricingCurrencyListUnitPrice'],
  ['ContractedCost', 'ContractedUnitPrice', 'PricingCurrencyContractedUnitPrice'],
] as const;

/**
 * Costs are authoritative, unit prices derived: where `cost ≠ unit price x PricingQuantity` by more than 1% (and
 * more than 1e-9), the two contradict each other rather than differ by the export's rounding, so the unit price
 * is re-derived as cost / quantity (exact when that terminates within 18 decimals, else rounded half up at 18)
 * and the export's goes to x_Source<Column>. Smaller differences are rounding and stay as exported. The official
 * FOCUS sample has such contradictions (anonymised prices of 1, 2, 5 or 49 against costs of 0; a block-priced
 * Microsoft storage meter whose quantity is in single units), as has the toolkit's hand-written file.
 */
export function repairUnitPrices(f: Row, tally?: FocusRepairTally): void {
  const quantity = str(f.PricingQuantity);
  if (quantity === null || new Decimal(quantity).isZero()) return;
  const q = new Decimal(quantity);
  for (const [costColumn, priceColumn, pricingCurrencyColumn] of RELATIONS) {
    const cost = str(f[costColumn]);
    const price = str(f[priceColumn]);
    if (cost === null || price === null) continue;
    const c = new Decimal(cost);
    const p = new Decimal(price);
    const product = p.times(q);
    const bound = Decimal.max('1e-9', Decimal.max(c.abs(), product.abs()).times('0.01'));
    if (product.minus(c).abs().lte(bound)) continue;
    const exact = c.div(q);
    const derived = exact.decimalPlaces() <= 18 ? exact : exact.toDecimalPlaces(18, Decimal.ROUND_HALF_UP);
    // A negative price would break another rule (unit prices are not negative): such a row stays as exported.
    if (derived.isNegative()) continue;
    f[`x_Source${priceColumn}`] = price;
    f[priceColumn] = derived.toFixed();
    if (f.PricingCurrency === f.BillingCurrency && str(f[pricingCurrencyColumn]) === price) {
      f[pricingCurrencyColumn] = derived.toFixed();
    }
    tally?.add(`${priceColumn} = ${costColumn} / PricingQuantity where the export's contradicts its cost`);
  }
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Throws naming the column when a value does not fit its column's type or a required value is missing. */
function checkTypes(f: Row, columns: readonly Column[], required: boolean): void {
  for (const c of columns) {
    const v = f[c.name];
    if (isNull(v)) {
      if (required && c.mode === 'REQUIRED')
        throw new Error(`column ${c.name}: missing (FOCUS 1.3 requires a value)`);
      continue;
    }
    const bad =
      (c.type === 'BIGNUMERIC' || c.type === 'NUMERIC') && !DECIMAL.test(String(v))
        ? 'not a decimal'
        : c.type === 'TIMESTAMP' && !TIMESTAMP.test(String(v))
          ? 'not a date-time'
          : c.type === 'JSON' && (typeof v !== 'object' || Array.isArray(v))
            ? 'not a JSON object'
            : null;
    if (bad) throw new Error(`column ${c.name}: ${bad}: ${JSON.stringify(v).slice(0, 80)}`);
  }
}

const FOCUS_NAMES = new Set(focusCostAndUsageColumns.map((c) => c.name));

/** One FOCUS export row (read with FOCUS_EXPORT_COLUMNS and keepOther) as a raw row without lineage. */
export function focusExportRawRow(
  row: Row,
  provider: CloudProvider,
  tally?: FocusRepairTally,
): Row & { usage_date: string } {
  const upgraded = upgradeFocusRows([row]);
  const f = upgraded.rows[0]!;
  checkTypes(f, focusCostAndUsageColumns, false);
  const cloud = focusRowCloud(f, provider);
  repairFocusRow(f, cloud, tally);
  repairUnitPrices(f, tally);
  checkTypes(f, focusCostAndUsageColumns, true);
  const start = str(f.ChargePeriodStart)!;
  const out: Row & { usage_date: string } = { usage_date: start.slice(0, 10) };
  const extra: Row = {};
  for (const [k, v] of Object.entries(f)) {
    if (FOCUS_NAMES.has(k)) out[k] = v;
    else if (!isNull(v)) extra[k] = v;
  }
  out.x_source_columns = Object.keys(extra).length > 0 ? extra : null;
  out.x_focus_version = upgraded.version;
  out.x_cloud_provider = cloud;
  out.x_cloud_account_id = str(f.BillingAccountId) ?? str(f.SubAccountId);
  return out;
}

/** One Contract Commitment row (FOCUS 1.3) as a raw row; its date is the commitment period's start. */
export function focusCommitmentRawRow(row: Row, provider: CloudProvider): Row & { usage_date: string } {
  const out: Row & { usage_date: string } = {
    usage_date: String(row.ContractCommitmentPeriodStart).slice(0, 10),
  };
  for (const c of focusContractCommitmentColumns) out[c.name] = row[c.name] ?? null;
  if (typeof out.BillingCurrency === 'string') out.BillingCurrency = out.BillingCurrency.toUpperCase();
  const category = out.ContractCommitmentCategory;
  if (category !== 'Spend' && category !== 'Usage') {
    throw new Error(`column ContractCommitmentCategory: not Spend or Usage: ${JSON.stringify(category)}`);
  }
  out.x_cloud_provider = provider;
  out.x_cloud_account_id = null;
  return out;
}

/**
 * Where a provider's FOCUS export and its Contract Commitment dataset live, from the credential config (the
 * same keys as the provider's own export formats; the commitment dataset has its own prefix / path / table).
 */
const LOCATIONS: Record<CloudProvider, { base: string[]; last: string; commitments: string }> = {
  aws: { base: ['export_bucket'], last: 'export_prefix', commitments: 'commitment_prefix' },
  azure: { base: ['storage_account', 'container'], last: 'path', commitments: 'commitment_path' },
  gcp: { base: [], last: 'focus_export_table', commitments: 'commitment_table' },
  oci: { base: ['namespace', 'bucket'], last: 'focus_prefix', commitments: 'commitment_prefix' },
};

function location(provider: CloudProvider, config: Row, commitments: boolean): string[] | null {
  const spec = LOCATIONS[provider];
  const base = spec.base.map((key) => requiredSetting(config, key));
  const last = setting(config, commitments ? spec.commitments : spec.last);
  if (commitments) return last === undefined ? null : [...base, last];
  if (last === undefined && base.length === 0) return [requiredSetting(config, spec.last)];
  return last === undefined ? base : [...base, last];
}

/** The FOCUS cost-and-usage format of a provider: `<provider>/focus`. */
export function focusExportFormat(provider: CloudProvider): BillingFormat {
  return {
    provider,
    format: 'focus',
    description: `FOCUS 1.0-1.3 export of ${provider} (CSV, CSV.gz, Parquet, JSON lines), upgraded to 1.3`,
    columns: FOCUS_EXPORT_COLUMNS,
    read: { keepOther: true, nullValues: ['NULL'] },
    table: cloudFocusBillingRawDaily,
    location: (config) => location(provider, config, false),
    toRaw: (row) => focusExportRawRow(row, provider),
  };
}

/**
 * The FOCUS 1.3 Contract Commitment dataset of a provider (`<provider>/focus_commitment`), read from the
 * credential's commitment prefix / path / table (LOCATIONS); a credential without one has no commitment dataset.
 */
export function focusCommitmentFormat(provider: CloudProvider): BillingFormat {
  return {
    provider,
    format: 'focus_commitment',
    description: `FOCUS 1.3 Contract Commitment export of ${provider}`,
    columns: FOCUS_COMMITMENT_COLUMNS,
    table: cloudFocusCommitmentRaw,
    location: (config) => location(provider, config, true),
    toRaw: (row) => focusCommitmentRawRow(row, provider),
  };
}
