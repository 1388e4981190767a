// Conditional nullability of the pricing and consumption columns (FOCUS 1.3 specification §3.2).
import { UNIT_PRICES } from './costs.js';
import { mustBeNull, mustNotBeNull, pairing, UP, type Emit, type FocusRow } from './row.js';

/** UnitPriceNullability, PricingQuantityNullability and PricingUnitPairing. */
export function checkPricingNullability(row: FocusRow, emit: Emit): void {
  const cat = row.category;
  const skuPriceNull = row.isNull('SkuPriceId');
  for (const c of [...UNIT_PRICES, 'PricingQuantity']) {
    if (!row.has(c)) continue;
    const rule = c === 'PricingQuantity' ? 'PricingQuantityNullability' : 'UnitPriceNullability';
    if (skuPriceNull) mustBeNull(row, emit, rule, c, 'SkuPriceId is null');
    else if (cat === 'Tax') mustBeNull(row, emit, rule, c, 'ChargeCategory is Tax');
    if (c !== 'PricingQuantity' && row.notNull('SkuPriceId')) {
      mustNotBeNull(row, emit, rule, c, 'SkuPriceId is not null');
    } else if (row.usageOrPurchaseNonCorrection) mustNotBeNull(row, emit, rule, c, UP);
  }
  pairing(row, emit, 'PricingUnitPairing', 'PricingUnit', 'PricingQuantity');
}

/** ConsumedQuantityNullability and ConsumedUnitPairing. */
export function checkConsumedQuantity(row: FocusRow, emit: Emit): void {
  const rule = 'ConsumedQuantityNullability';
  const c = 'ConsumedQuantity';
  if (row.has(c)) {
    const cat = row.category;
    const unused = row.values.CommitmentDiscountStatus === 'Unused';
    if (row.isNull('SkuPriceId')) mustBeNull(row, emit, rule, c, 'SkuPriceId is null');
    else if (cat !== undefined && cat !== 'Usage')
      mustBeNull(row, emit, rule, c, 'ChargeCategory is not Usage');
    else if (cat === 'Usage' && unused) mustBeNull(row, emit, rule, c, 'CommitmentDiscountStatus is Unused');
    if (cat === 'Usage' && !unused && !row.correction) {
      const when =
        'ChargeCategory is Usage, CommitmentDiscountStatus is not Unused and ChargeClass is not Correction';
      mustNotBeNull(row, emit, rule, c, when);
    }
  }
  pairing(row, emit, 'ConsumedUnitPairing', 'ConsumedUnit', 'ConsumedQuantity');
}
