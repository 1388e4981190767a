// The 65 FOCUS 1.3 Cost and Usage columns: data type, feature level, unconditional not-null (the column summary
// table and the per-column bullets of the FOCUS 1.3 specification; PricingCurrency and
// PricingCurrencyEffectiveCost MUST NOT be null per errata #9/#10).

export type DataType = 'String' | 'Decimal' | 'DateTime' | 'JSON';
export type Feature = 'Mandatory' | 'Conditional' | 'Recommended';
export interface ColumnSpec {
  type: DataType;
  feature: Feature;
  /** Unconditional MUST NOT be null (only checked when the column is present). */
  notNull?: boolean;
}

const S = 'String',
  N = 'Decimal',
  T = 'DateTime',
  J = 'JSON';
const M = 'Mandatory',
  C = 'Conditional',
  R = 'Recommended';

/** The 65 FOCUS 1.3 Cost and Usage columns. */
export const focusColumnSpecs: Readonly<Record<string, ColumnSpec>> = {
  AllocatedMethodDetails: { type: J, feature: R },
  AllocatedMethodId: { type: S, feature: C },
  AllocatedResourceId: { type: S, feature: C },
  AllocatedResourceName: { type: S, feature: C },
  AllocatedTags: { type: J, feature: C },
  AvailabilityZone: { type: S, feature: R },
  BilledCost: { type: N, feature: M, notNull: true },
  BillingAccountId: { type: S, feature: M, notNull: true },
  BillingAccountName: { type: S, feature: M },
  BillingAccountType: { type: S, feature: C },
  BillingCurrency: { type: S, feature: M, notNull: true },
  BillingPeriodEnd: { type: T, feature: M, notNull: true },
  BillingPeriodStart: { type: T, feature: M, notNull: true },
  CapacityReservationId: { type: S, feature: C },
  CapacityReservationStatus: { type: S, feature: C },
  ChargeCategory: { type: S, feature: M, notNull: true },
  ChargeClass: { type: S, feature: M },
  ChargeDescription: { type: S, feature: M },
  ChargeFrequency: { type: S, feature: R, notNull: true },
  ChargePeriodEnd: { type: T, feature: M, notNull: true },
  ChargePeriodStart: { type: T, feature: M, notNull: true },
  CommitmentDiscountCategory: { type: S, feature: C },
  CommitmentDiscountId: { type: S, feature: C },
  CommitmentDiscountName: { type: S, feature: C },
  CommitmentDiscountQuantity: { type: N, feature: C },
  CommitmentDiscountStatus: { type: S, feature: C },
  CommitmentDiscountType: { type: S, feature: C },
  CommitmentDiscountUnit: { type: S, feature: C },
  ConsumedQuantity: { type: N, feature: C },
  ConsumedUnit: { type: S, feature: C },
  ContractApplied: { type: J, feature: C },
  ContractedCost: { type: N, feature: M, notNull: true },
  ContractedUnitPrice: { type: N, feature: C },
  EffectiveCost: { type: N, feature: M, notNull: true },
  HostProviderName: { type: S, feature: M },
  InvoiceId: { type: S, feature: R },
  InvoiceIssuerName: { type: S, feature: M, notNull: true },
  ListCost: { type: N, feature: M, notNull: true },
  ListUnitPrice: { type: N, feature: C },
  PricingCategory: { type: S, feature: C },
  PricingCurrency: { type: S, feature: C, notNull: true },
  PricingCurrencyContractedUnitPrice: { type: N, feature: C },
  PricingCurrencyEffectiveCost: { type: N, feature: C, notNull: true },
  PricingCurrencyListUnitPrice: { type: N, feature: C },
  PricingQuantity: { type: N, feature: M },
  PricingUnit: { type: S, feature: M },
  ProviderName: { type: S, feature: M, notNull: true },
  PublisherName: { type: S, feature: M, notNull: true },
  RegionId: { type: S, feature: C },
  RegionName: { type: S, feature: C },
  ResourceId: { type: S, feature: C },
  ResourceName: { type: S, feature: C },
  ResourceType: { type: S, feature: C },
  ServiceCategory: { type: S, feature: M, notNull: true },
  ServiceName: { type: S, feature: M, notNull: true },
  ServiceProviderName: { type: S, feature: M, notNull: true },
  ServiceSubcategory: { type: S, feature: R, notNull: true },
  SkuId: { type: S, feature: C },
  SkuMeter: { type: S, feature: C },
  SkuPriceDetails: { type: J, feature: C },
  SkuPriceId: { type: S, feature: C },
  SubAccountId: { type: S, feature: C },
  SubAccountName: { type: S, feature: C },
  SubAccountType: { type: S, feature: C },
  Tags: { type: J, feature: C },
};

/** The FOCUS column names in specification (alphabetical) order. */
export const FOCUS_COLUMNS: readonly string[] = Object.keys(focusColumnSpecs);
export const FOCUS_COLUMN_SET: ReadonlySet<string> = new Set(FOCUS_COLUMNS);
/** Recommended without condition (AvailabilityZone and AllocatedMethodDetails depend on provider support). */
export const RECOMMENDED_ALWAYS: readonly string[] = ['ChargeFrequency', 'InvoiceId', 'ServiceSubcategory'];
/** SHOULD NOT be null (not MUST). */
export const SHOULD_NOT_NULL: readonly string[] = ['ChargeDescription'];
