// FOCUS versions of the Cost and Usage dataset and their detection from column names.
// Sources: [CL] FOCUS_Spec CHANGELOG.md ("Added" per version); [SPEC] the FOCUS 1.3 specification's changes from
// 1.2 (57 → 65 columns); [MS] Microsoft's FOCUS 1.0 export already carries BillingAccountType / SubAccountType.

export const focusVersions = ['1.0', '1.1', '1.2', '1.3'] as const;
export type FocusVersion = (typeof focusVersions)[number];

/** Columns added by each version ([CL]; 1.3: [SPEC]). The 43 columns of 1.0 are the rest. */
const ADDED_IN = {
  // [CL] v1.0: new columns ChargeClass, CommitmentDiscountStatus, ContractedCost, ContractedUnitPrice,
  // RegionId (renamed from Region), RegionName.
  '1.0': ['ChargeClass', 'CommitmentDiscountStatus', 'ContractedCost', 'ContractedUnitPrice', 'RegionName'],
  // [CL] v1.1
  '1.1': [
    'CapacityReservationId',
    'CapacityReservationStatus',
    'CommitmentDiscountQuantity',
    'CommitmentDiscountUnit',
    'ServiceSubcategory',
    'SkuMeter',
    'SkuPriceDetails',
  ],
  // [CL] v1.2 ("InvoiceID" in the changelog; the column ID is InvoiceId)
  '1.2': [
    'BillingAccountType',
    'InvoiceId',
    'PricingCurrency',
    'PricingCurrencyContractedUnitPrice',
    'PricingCurrencyEffectiveCost',
    'PricingCurrencyListUnitPrice',
    'SubAccountType',
  ],
  // [SPEC] v1.3 changelog: 57 → 65 columns
  '1.3': [
    'AllocatedMethodDetails',
    'AllocatedMethodId',
    'AllocatedResourceId',
    'AllocatedResourceName',
    'AllocatedTags',
    'ContractApplied',
    'HostProviderName',
    'ServiceProviderName',
  ],
} as const;

/** 1.2 columns that only 1.2+ generators emit (Microsoft's 1.0 export already has the two *AccountType: [MS]). */
const STRONG_1_2 = ADDED_IN['1.2'].filter((c) => c !== 'BillingAccountType' && c !== 'SubAccountType');
const WEAK_1_2 = ['BillingAccountType', 'SubAccountType'];
const PRE_1_0_NAMES = [
  'AmortizedCost',
  'ChargeType',
  'UsageQuantity',
  'UsageUnit',
  'Region',
  'ChargeSubcategory',
];

/** Parses a version string; throws for anything but '1.0', '1.1', '1.2', '1.3'. */
export function parseFocusVersion(v: unknown): FocusVersion {
  if (typeof v === 'string' && (focusVersions as readonly string[]).includes(v)) return v as FocusVersion;
  throw new Error(
    `Unsupported FOCUS version ${JSON.stringify(v)}: expected one of ${focusVersions.join(', ')}`,
  );
}

/**
 * The FOCUS version of a Cost and Usage dataset from its column names (case-insensitive): 1.3 when a 1.3
 * column exists, 1.2 when a 1.2 column exists (BillingAccountType / SubAccountType alone only together with a
 * 1.1 column: Microsoft's 1.0 export has them [MS]), 1.1 when a 1.1 column exists, else 1.0 (also for 0.5 /
 * 1.0-preview names, which are upgraded as 1.0).
 */
export function detectFocusVersion(columns: readonly string[]): { version: FocusVersion; evidence: string } {
  const present = new Set(columns.map((c) => c.trim().toLowerCase()));
  const found = (names: readonly string[]) => names.filter((n) => present.has(n.toLowerCase()));
  const v13 = found(ADDED_IN['1.3']);
  if (v13.length > 0) return { version: '1.3', evidence: `1.3 columns present: ${v13.join(', ')}` };
  const strong = found(STRONG_1_2);
  const weak = found(WEAK_1_2);
  const v11 = found(ADDED_IN['1.1']);
  if (strong.length > 0 || (weak.length > 0 && v11.length > 0)) {
    return { version: '1.2', evidence: `1.2 columns present: ${[...strong, ...weak].join(', ')}` };
  }
  if (v11.length > 0) {
    return { version: '1.1', evidence: `1.1 columns present: ${v11.join(', ')}; no 1.2 or 1.3 column` };
  }
  const parts = ['no 1.1, 1.2 or 1.3 column'];
  if (weak.length > 0) {
    parts.push(`${weak.join(', ')} without any 1.1 column (as in Microsoft's FOCUS 1.0 export)`);
  }
  const pre = found(PRE_1_0_NAMES);
  if (pre.length > 0)
    parts.push(`pre-1.0 column names ${pre.join(', ')} (0.5 / 1.0-preview), upgraded as 1.0`);
  return { version: '1.0', evidence: parts.join('; ') };
}
