/**
 * Azure Cost Management cost and usage exports -> `cloud_azure_billing_raw_daily` rows. One reader for every
 * header layout: EA and MCA exports (PascalCase `CostInBillingCurrency` / `Cost`, `BillingCurrency` /
 * `BillingCurrencyCode`, `SubscriptionId`, `benefitId` …), their camelCase MCA twins (`costInBillingCurrency`,
 * `InstanceName` …) and the older consumption layout (`usageDateTime`, `preTaxCost`, `resourceRate`,
 * `subscriptionGuid`); CSV, CSV.gz or Parquet. Exports in another language label their headers `Label (Name)`
 * (`Ressourcensatz (ResourceRate)`): the reader matches them by the name in parentheses (shared/cloud/README.md,
 * header matching). Money stays exact (decimal.js, products at 200 digits).
 *
 * Two formats, one per export kind (Azure writes both with the same columns, so the pipeline says which):
 * - `actual` (actual cost, the invoice view): BilledCost = the row's cost. EffectiveCost = the cost too, except
 *   the purchase of a reservation / savings plan, whose EffectiveCost is 0 (FOCUS: a purchase covering future
 *   charges is amortized into them). The usage it covers is 0 in an actual export (Microsoft: "EffectivePrice is
 *   zero for usage that receives the reservation discount"), so Σ EffectiveCost of an actual export leaves out
 *   the commitments' amortized cost: read the amortized export for it. `UnusedReservation` / `UnusedSavingsPlan`
 *   rows exist only in amortized exports: an actual run refuses them (they would double count the purchase).
 * - `amortized` (amortized cost): EffectiveCost = the row's cost. BilledCost follows Microsoft's own FOCUS
 *   dataset (BilledCost from the actual view, EffectiveCost from the amortized one): 0 for usage covered by a
 *   reservation or savings plan (PricingModel Reservation / SavingsPlan: billed through the commitment
 *   purchase) and for unused commitment rows, else the cost. Amortized exports hold no commitment purchases
 *   (Microsoft: "the dataset does not have reservation purchase records"), so Σ BilledCost of an amortized
 *   export leaves them out; a purchase that does appear keeps its cost as BilledCost and gets EffectiveCost 0.
 * Each export kind reconciles exactly with its own view: Σ cost of an actual export = Σ BilledCost, Σ cost of
 * an amortized export = Σ EffectiveCost.
 *
 * Quantities and prices: Azure's Quantity counts UnitOfMeasure blocks (`10K` operations, `100 Hours`) and its
 * prices are per block, so PricingQuantity = Quantity with PricingUnit `10000 Units` / `100 Hours`, and
 * ConsumedQuantity = Quantity × block size in the plain unit (`Units`, `Hours`). ListUnitPrice = PayGPrice,
 * ContractedUnitPrice = UnitPrice (each standing in for the other when missing, as the AWS CUR's public and
 * applied rates do); MCA prices are in the pricing currency and are converted with
 * `exchangeRatePricingToBilling`, so every money column is in the billing currency (FOCUS PricingCurrency =
 * BillingCurrency). ListCost and ContractedCost are price × Quantity, exact; the cost when unpriced.
 *
 * Ids follow Microsoft's FOCUS dataset: BillingAccountId `/providers/Microsoft.Billing/billingAccounts/<EA
 * enrollment>`, `…/billingAccounts/<MCA account>/billingProfiles/<profile>` (MCA invoices per billing
 * profile), or `/subscriptions/<id>` for exports without a billing account (pay-as-you-go, the consumption
 * layout); SubAccountId `/subscriptions/<id>`. x_cloud_account_id is the plain billing account (else
 * subscription) id.
 */
import { cloudAzureBillingRawDaily } from '../datasets/index.js';
import { RowProblem, type ColumnSpec } from './files/index.js';
import { requiredSetting, setting, type BillingFormat } from './format.js';
import { azureOpenAiModel, isAzureOpenAi } from './genai-tags.js';
import { Exact } from '../money/decimal.js';
import { azureRegion, azureResourceType, dec, str, unitOfMeasure, type Dec } from './azure-values.js';

export type AzureCostView = 'actual' | 'amortized';

/**
 * [name (output key and first header tried), other header names, type, required] of every column the
 * normaliser reads. camelCase headers match by the reader's case-insensitive fallback (`costInBillingCurrency`).
 */
const COLUMNS: [string, string[], ColumnSpec['type'], boolean?][] = [
  ['BillingAccountId', [], 'string'],
  ['BillingAccountName', [], 'string'],
  ['BillingProfileId', [], 'string'],
  ['BillingProfileName', [], 'string'],
  ['BillingPeriodStartDate', [], 'date'],
  ['BillingPeriodEndDate', [], 'date'],
  ['InvoiceId', [], 'string'],
  ['SubscriptionId', ['SubscriptionGuid'], 'string'],
  ['SubscriptionName', [], 'string'],
  ['Date', ['UsageDateTime', 'UsageDate'], 'date', true],
  ['Product', ['ProductName'], 'string'],
  ['ProductId', [], 'string'],
  ['PartNumber', [], 'string'],
  ['MeterId', [], 'string'],
  ['MeterCategory', [], 'string'],
  ['MeterSubCategory', [], 'string'],
  ['MeterName', [], 'string'],
  ['ServiceName', [], 'string'],
  ['ConsumedService', [], 'string'],
  ['ResourceId', ['InstanceName', 'InstanceId'], 'string'],
  ['ResourceName', [], 'string'],
  ['ResourceType', [], 'string'],
  ['ResourceGroup', ['ResourceGroupName'], 'string'],
  ['ResourceLocation', [], 'string'],
  ['AvailabilityZone', [], 'string'],
  ['Quantity', ['UsageQuantity'], 'decimal'],
  ['UnitOfMeasure', [], 'string'],
  ['UnitPrice', ['ResourceRate'], 'decimal'],
  ['PayGPrice', [], 'decimal'],
  ['EffectivePrice', [], 'decimal'],
  ['CostInBillingCurrency', ['Cost', 'PreTaxCost'], 'decimal', true],
  ['CostInUsd', [], 'decimal'],
  ['BillingCurrency', ['BillingCurrencyCode', 'Currency'], 'string', true],
  ['PricingCurrency', ['PricingCurrencyCode'], 'string'],
  ['ExchangeRatePricingToBilling', [], 'decimal'],
  ['ChargeType', [], 'string'],
  ['Frequency', [], 'string'],
  ['PricingModel', [], 'string'],
  ['BenefitId', [], 'string'],
  ['BenefitName', [], 'string'],
  ['ReservationId', [], 'string'],
  ['ReservationName', [], 'string'],
  ['PublisherName', [], 'string'],
  ['Tags', [], 'json'],
];

/** What readBillingFile reads from an Azure cost export (any header layout; other columns kept for `raw`). */
export const AZURE_EXPORT_COLUMNS: readonly ColumnSpec[] = COLUMNS.map(([name, aliases, type, required]) => ({
  name,
  type,
  ...(aliases.length ? { aliases } : {}),
  ...(required ? { required: true } : {}),
}));

type Row = Record<string, unknown>;

/** Azure's spellings, canonical (exports are consistent, the check is cheap). */
const canonical = (values: string[]) => new Map(values.map((v) => [v.toLowerCase(), v]));
const CHARGE_TYPES = canonical([
  'Usage',
  'Purchase',
  'Refund',
  'Tax',
  'Credit',
  'RoundingAdjustment',
  'UnusedReservation',
  'UnusedSavingsPlan',
]);
const PRICING_MODELS = canonical(['OnDemand', 'Reservation', 'SavingsPlan', 'Spot']);
const FREQUENCIES = canonical(['OneTime', 'Recurring', 'UsageBased']);
const spelled = (map: Map<string, string>, v: unknown) => {
  const s = str(v);
  return s === null ? null : (map.get(s.toLowerCase()) ?? s);
};

const COMMITMENT_MODELS = new Set(['Reservation', 'SavingsPlan']);
const UNUSED_COMMITMENT = new Set(['UnusedReservation', 'UnusedSavingsPlan']);

/** BilledCost and EffectiveCost of one row of an actual or amortized export (see the header). */
export function azureCosts(r: Row, view: AzureCostView): { billed: Dec; effective: Dec } {
  const cost = dec(r.CostInBillingCurrency) ?? new Exact(0);
  const type = spelled(CHARGE_TYPES, r.ChargeType) ?? 'Usage';
  const model = spelled(PRICING_MODELS, r.PricingModel);
  const commitment = model !== null && COMMITMENT_MODELS.has(model);
  const zero = new Exact(0);
  if ((type === 'Purchase' || type === 'Refund') && commitment) return { billed: cost, effective: zero };
  if (view === 'actual') {
    if (UNUSED_COMMITMENT.has(type)) {
      throw new RowProblem(
        'ChargeType',
        `A ${type} row (${str(r.Date) ?? 'no date'}): only amortized cost exports have unused commitment rows; read this export with azure/cost/billing_amortized.`,
      );
    }
    return { billed: cost, effective: cost };
  }
  if (UNUSED_COMMITMENT.has(type) || (type === 'Usage' && commitment))
    return { billed: zero, effective: cost };
  return { billed: cost, effective: cost };
}

/** The invoice scope of a row: EA enrollment, MCA billing profile, or the subscription (see the header). */
function billingScope(r: Row) {
  const account = str(r.BillingAccountId);
  const profile = str(r.BillingProfileId);
  const subscription = str(r.SubscriptionId);
  const accounts = '/providers/Microsoft.Billing/billingAccounts';
  if (account && profile && profile !== account && profile !== subscription) {
    return {
      id: `${accounts}/${account}/billingProfiles/${profile}`,
      name: str(r.BillingProfileName) ?? str(r.BillingAccountName),
      plain: account,
    };
  }
  if (account && !(profile !== null && profile === subscription)) {
    return { id: `${accounts}/${account}`, name: str(r.BillingAccountName), plain: account };
  }
  if (subscription) return { id: `/subscriptions/${subscription}`, name: null, plain: subscription };
  throw new RowProblem(
    'BillingAccountId',
    `A row (${str(r.Date) ?? 'no date'}) has neither a BillingAccountId nor a SubscriptionId.`,
  );
}

/** Tags as a flat object of strings (Azure's brace-less Tags are parsed by the reader); null when none. */
function tagsOf(v: unknown): Record<string, string> | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const tags: Record<string, string> = {};
  for (const [k, value] of Object.entries(v as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    tags[k] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return Object.keys(tags).length ? tags : null;
}

const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * Quantities and prices of a row: prices per UnitOfMeasure block, in the billing currency (MCA prices are in the
 * pricing currency); ListCost and ContractedCost are price x Quantity, the billed cost when unpriced.
 */
function azurePricing(r: Row, currency: string, billed: Dec) {
  const pricingCurrency = str(r.PricingCurrency)?.toUpperCase() ?? currency;
  const rate = dec(r.ExchangeRatePricingToBilling);
  const inBilling = (price: Dec | null) =>
    price === null || pricingCurrency === currency ? price : rate === null ? null : price.times(rate);
  const listPrice = inBilling(dec(r.PayGPrice));
  const contractedPrice = inBilling(dec(r.UnitPrice));
  const quantity = dec(r.Quantity);
  const uom = unitOfMeasure(r.UnitOfMeasure);
  const times = (price: Dec | null) => (price !== null && quantity !== null ? price.times(quantity) : billed);
  return {
    usage_amount: quantity?.times(uom.block).toFixed() ?? null,
    usage_unit: quantity ? uom.unit : null,
    pricing_quantity: quantity?.toFixed() ?? null,
    pricing_unit: quantity ? uom.pricingUnit : null,
    list_cost: times(listPrice ?? contractedPrice).toFixed(),
    list_unit_price: listPrice?.toFixed() ?? null,
    contracted_unit_price: contractedPrice?.toFixed() ?? null,
    contracted_cost: times(contractedPrice ?? listPrice).toFixed(),
  };
}

/** Azure OpenAI usage: the GenAI provider and model of a row, or nulls. */
function azureGenAi(r: Row) {
  const category = str(r.MeterCategory);
  const serviceName = str(r.ServiceName);
  const subcategory = str(r.MeterSubCategory);
  const meterName = str(r.MeterName);
  // Newer exports name the service (ServiceName `Azure OpenAI`) beside the meter category (`Foundry Models`).
  const openai =
    isAzureOpenAi(category ?? serviceName, subcategory, meterName) ||
    (category !== null && isAzureOpenAi(serviceName, subcategory, meterName));
  return {
    genai_provider: openai ? 'azure_openai' : null,
    genai_model: openai ? azureOpenAiModel(meterName) : null,
  };
}

/** One export row as a `cloud_azure_billing_raw_daily` row (without lineage). */
export function azureRawRow(r: Row, view: AzureCostView) {
  const day = str(r.Date)!;
  const scope = billingScope(r);
  const subscription = str(r.SubscriptionId);
  const currency = (str(r.BillingCurrency) ?? str(r.PricingCurrency))?.toUpperCase();
  if (!currency) throw new RowProblem('BillingCurrency', `A row (${day}) has no billing currency.`);
  const { billed, effective } = azureCosts(r, view);
  const resourceId = str(r.ResourceId);
  const category = str(r.MeterCategory);
  const raw = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && v !== ''));
  return {
    usage_date: day,
    usage_start_time: `${day}T00:00:00Z`,
    usage_end_time: `${nextDay(day)}T00:00:00Z`,
    billing_account_id: scope.id,
    sub_account_id: subscription ? `/subscriptions/${subscription}` : null,
    sub_account_name: str(r.SubscriptionName),
    service_id: str(r.ConsumedService),
    service_name: category ?? str(r.ServiceName),
    sku_id: str(r.MeterId) ?? str(r.PartNumber) ?? str(r.ProductId),
    sku_description: str(r.Product),
    resource_id: resourceId,
    resource_name: resourceId ? str(r.ResourceName) : null,
    region: azureRegion(r.ResourceLocation),
    zone: str(r.AvailabilityZone),
    charge_type: spelled(CHARGE_TYPES, r.ChargeType) ?? 'Usage',
    cost: billed.toFixed(),
    credits_total: null,
    currency,
    invoice_id: str(r.InvoiceId),
    billing_period_start: str(r.BillingPeriodStartDate),
    // Azure's BillingPeriodEndDate is the period's last day; the column is exclusive.
    billing_period_end: str(r.BillingPeriodEndDate) ? nextDay(str(r.BillingPeriodEndDate)!) : null,
    labels: tagsOf(r.Tags),
    raw,
    resource_group: str(r.ResourceGroup),
    meter_category: category,
    meter_subcategory: str(r.MeterSubCategory),
    meter_name: str(r.MeterName),
    pricing_model: spelled(PRICING_MODELS, r.PricingModel),
    benefit_id: str(r.BenefitId) ?? str(r.ReservationId),
    cost_in_usd: dec(r.CostInUsd)?.toFixed() ?? null,
    // Columns requested for cloud_azure_billing_raw_daily (see sp_cloud_azure_convert_to_focus).
    billing_account_name: scope.name,
    frequency: spelled(FREQUENCIES, r.Frequency),
    benefit_name: str(r.BenefitName) ?? str(r.ReservationName),
    publisher_name: str(r.PublisherName),
    resource_type: str(r.ResourceType) ?? azureResourceType(resourceId),
    effective_cost: effective.toFixed(),
    ...azurePricing(r, currency, billed),
    ...azureGenAi(r),
    x_cloud_provider: 'azure',
    x_cloud_account_id: scope.plain,
  };
}

/** `<CLOUD_EXPORTS_DIR>/azure/<storage_account>/<container>/<path>`: the export's blob prefix. */
const location = (c: Record<string, unknown>) => [
  requiredSetting(c, 'storage_account'),
  requiredSetting(c, 'container'),
  setting(c, 'path') ?? '',
];

export const azureActualCostFormat: BillingFormat = {
  provider: 'azure',
  format: 'actual',
  description:
    'Azure Cost Management actual cost export (EA, MCA, pay-as-you-go; any header layout; CSV, CSV.gz, Parquet)',
  columns: AZURE_EXPORT_COLUMNS,
  read: { keepOther: true },
  table: cloudAzureBillingRawDaily,
  location,
  toRaw: (row) => azureRawRow(row, 'actual'),
};

export const azureAmortizedCostFormat: BillingFormat = {
  ...azureActualCostFormat,
  format: 'amortized',
  description:
    'Azure Cost Management amortized cost export (EA, MCA; any header layout; CSV, CSV.gz, Parquet)',
  toRaw: (row) => azureRawRow(row, 'amortized'),
};

/** The Azure entries of BILLING_FORMATS. */
export const AZURE_BILLING_FORMATS: readonly BillingFormat[] = [
  azureActualCostFormat,
  azureAmortizedCostFormat,
];
