// The rule ids of the conformance checker, each with the section of the FOCUS 1.3 specification it implements.
// Section legend (FOCUS_Spec@ba7ad35 with the 1.3 errata): §1 feature levels (Mandatory / Conditional /
// Recommended), §2 dataset-wide attributes (NullHandling, NumericFormat, DateTimeFormat, ...), §3.1 allowed
// values, §3.2 cost / price / quantity relations and conditional nullability, §3.3 the column summary table,
// §3.4 the normative bullets per column, §9 the 1.3 errata.

export type FocusLevel = 'MUST' | 'SHOULD';

/** Every rule id with the spec section it implements. */
export const focusRules = {
  ColumnPresence: '§1 feature levels, §3.3: the 23 Mandatory columns (RECOMMENDED ones: SHOULD)',
  ColumnNaming: '§2 ColumnHandling: a non-FOCUS column MUST be prefixed with x_',
  ColumnOrder: '§2 ColumnHandling: custom columns SHOULD follow the FOCUS columns, not intermixed',
  DataType: '§3.4 "MUST be of type String"',
  EmptyString: '§2 NullHandling: no empty (or whitespace-only) strings for absent values',
  NullPlaceholder: '§2 NullHandling: no placeholder strings (NULL, N/A, Not Applicable) for absent values',
  NotNull: '§3.3/§3.4 unconditional MUST NOT be null (incl. errata #9/#10)',
  AllowedValues: '§3.1 allowed values (case-sensitive)',
  ServiceSubcategoryParent: '§3.4 ServiceSubcategory: exactly one parent ServiceCategory',
  DecimalFormat: '§2 NumericFormat for Decimal columns',
  DateTimeFormat: '§2 DateTimeFormat: UTC, YYYY-MM-DDTHH:mm:ssZ',
  CurrencyFormat: '§2 CurrencyFormat: ISO 4217 national currency code',
  KeyValueFormat: '§2 KeyValueFormat: Tags, AllocatedTags, SkuPriceDetails',
  SkuPriceDetailsProperties: '§3.1/§3.4 SkuPriceDetails: FOCUS-defined keys with their types, others x_',
  JsonObjectFormat: '§2 JsonObjectFormat: ContractApplied, AllocatedMethodDetails',
  ContractAppliedSchema: '§3.4 ContractApplied object schema (errata #3, #5)',
  ContractAppliedElements: '§3.4 ContractApplied element values and nullability',
  AllocatedMethodDetailsSchema: '§3.4 AllocatedMethodDetails object schema',
  UnitFormat: '§2 UnitFormat (SHOULD for PricingUnit, ConsumedUnit, CommitmentDiscountUnit)',
  ListCostRelation: '§3.2 ListCost = ListUnitPrice × PricingQuantity',
  ContractedCostRelation: '§3.2 ContractedCost = ContractedUnitPrice × PricingQuantity',
  UnitPriceNonNegative: '§3.2 unit prices are non-negative',
  UnitPriceNullability: '§3.2 unit price nullability (SkuPriceId, Tax, Usage/Purchase)',
  PricingQuantityNullability: '§3.2 PricingQuantity nullability',
  PricingUnitPairing: '§3.2 PricingUnit null ⇔ PricingQuantity null',
  ConsumedQuantityNullability: '§3.2 ConsumedQuantity nullability',
  ConsumedUnitPairing: '§3.2 ConsumedUnit null ⇔ ConsumedQuantity null',
  SkuNullability: '§3.2 SkuId / SkuPriceId / SkuMeter / SkuPriceDetails nullability',
  SkuPriceIdParent: '§3.4 SkuPriceId has one and only one parent SkuId',
  PricingCategoryRules: '§3.1/§3.4 PricingCategory nullability and Committed',
  CommitmentDiscountDimensions: '§3.2 CommitmentDiscountCategory/Name/Type/Status vs CommitmentDiscountId',
  CommitmentDiscountQuantityNullability: '§3.2 CommitmentDiscountQuantity nullability',
  CommitmentDiscountUnitPairing: '§3.2 CommitmentDiscountUnit null ⇔ quantity null; constant per id',
  CapacityReservationDimensions: '§3.1 CapacityReservationStatus vs CapacityReservationId',
  IdNamePairs: '§3.2 name/type columns null ⇔ their id is null',
  AllocationDimensions: '§3.4 Allocated* null when AllocatedMethodId is null',
  ChargeFrequencyPurchase: '§3.1 ChargeFrequency not Usage-Based for Purchase',
  EffectiveCostPurchase: '§3.2 EffectiveCost 0 for commitment purchases',
  ServiceNameCategory: '§3.4 ServiceName → one ServiceCategory (one ServiceSubcategory: SHOULD)',
  PeriodOrder: '§3.2 periods: inclusive start before exclusive end',
} as const;

export type FocusRuleId = keyof typeof focusRules;
