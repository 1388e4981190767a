/**
 * Repairs of upgraded FOCUS 1.3 rows (step 2 of focus-export.ts), each one a rule FOCUS 1.3 states and that the
 * source row breaks in a way that has one answer. Cost columns (BilledCost, EffectiveCost, ListCost, ContractedCost when present) are never changed:
 * they reconcile with the source exactly. Every repair is counted per run (`FocusRepairTally`).
 * - `ResourceType` null while `ResourceId` is not (IdNamePairs): the type the id itself names (an ARN's
 *   resource type or its service, an Azure resource id's provider type, an OCI OCID's resource type), else
 *   the ServiceName.
 * - `RegionName` null while `RegionId` is not (IdNamePairs): the RegionId (the name is unknown, the id is the
 *   best display name we have; the GCP conversion does the same).
 * - `ResourceType` without a `ResourceId` (IdNamePairs: it MUST then be null): moved to x_SourceResourceType.
 * - OCI rows with a RegionName but no RegionId: OCI's FOCUS 1.0 reports write the region identifier there.
 * - `BillingAccountType` / `SubAccountType` (added in FOCUS 1.2) null while their id is not: the cloud's own
 *   names for its account levels (ACCOUNT_TYPES); a row of another provider (cloud null) keeps them null.
 * - `PricingCurrency` absent (added in FOCUS 1.2): prices are in the billing currency, so it is the
 *   BillingCurrency and the PricingCurrency* unit prices and effective cost are the billing-currency ones.
 * - Price columns on a row without a SkuPriceId that is not a Usage / Purchase row (e.g. a credit carrying
 *   a negative "unit price"): FOCUS requires unit prices, PricingQuantity / PricingUnit, PricingCategory and
 *   ConsumedQuantity / ConsumedUnit to be null there; they are moved to `x_Source<Column>`.
 * - A Usage / Purchase row without a SkuPriceId but with a SkuId: SkuPriceId = SkuId (the SKU's one price
 *   point in this export); without a PricingCategory: `Committed` when a commitment discount applies, else
 *   `Standard` (FOCUS 1.0's default); without a ContractedUnitPrice: the ListUnitPrice (no negotiated price
 *   is stated, so the list price is the contracted one, as OCI's own export uses one price for both).
 * - `ContractedCost` null (a Mandatory column): ContractedUnitPrice x PricingQuantity when both are known
 *   (exact), else the BilledCost (a charge without a unit price, e.g. tax).
 * - ServiceName with more than one ServiceCategory (ServiceNameCategory): AWS's FOCUS 1.0 export files EBS
 *   volumes of `Amazon Elastic Compute Cloud` under Storage; FOCUS 1.3 wants one category per service name,
 *   so the names in SERVICE_CATEGORY take that category and the source's goes to `x_SourceServiceCategory`.
 */
import { Quotient as Decimal } from '../money/decimal.js';
import type { CloudProvider } from '../contracts/providers.js';

type Row = Record<string, unknown>;

const isNull = (v: unknown) => v === null || v === undefined || v === '';
const str = (v: unknown) => (isNull(v) ? null : String(v));

/** Service names whose FOCUS category a provider's export splits; the category FOCUS 1.3 gets. */
export const SERVICE_CATEGORY: Readonly<Record<string, string>> = {
  // EC2 instances are Compute; AWS's FOCUS 1.0 export files the EBS volumes it also bills under Storage.
  'Amazon Elastic Compute Cloud': 'Compute',
};

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

type Note = (what: string) => void;

/** The repairs of the module comment, in place on an upgraded 1.3 row. */
export function repairFocusRow(f: Row, cloud: CloudProvider | null, tally?: FocusRepairTally): void {
  const note: Note = (what) => tally?.add(what);
  repairResourceAndRegion(f, cloud, note);
  repairAccountsAndCurrency(f, cloud, note);
  repairPrices(f, note);
  repairServiceCategory(f, note);
}

function repairResourceAndRegion(f: Row, cloud: CloudProvider | null, note: Note): void {
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
}

function repairAccountsAndCurrency(f: Row, cloud: CloudProvider | null, note: Note): void {
  // Another provider's account levels have no known names: never one of a cloud's (a seller's account is no
  // AWS Management Account).
  if (cloud !== null && !isNull(f.BillingAccountId) && isNull(f.BillingAccountType)) {
    f.BillingAccountType = ACCOUNT_TYPES[cloud].billing;
    note('BillingAccountType by cloud');
  }
  if (cloud !== null && !isNull(f.SubAccountId) && isNull(f.SubAccountType)) {
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
}

function repairPrices(f: Row, note: Note): void {
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
}

function repairServiceCategory(f: Row, note: Note): void {
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
