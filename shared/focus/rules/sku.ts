// SkuNullability and PricingCategoryRules (FOCUS 1.3 specification §3.1, §3.2, §3.4).
import { mustBeNull, mustNotBeNull, show, UP, type Emit, type FocusRow } from './row.js';

/** SkuId / SkuPriceId null for Tax and set for Usage/Purchase; SkuMeter and SkuPriceDetails follow their id. */
export function checkSkuNullability(row: FocusRow, emit: Emit): void {
  for (const c of ['SkuId', 'SkuPriceId']) {
    if (row.category === 'Tax') mustBeNull(row, emit, 'SkuNullability', c, 'ChargeCategory is Tax');
    else if (row.usageOrPurchaseNonCorrection) mustNotBeNull(row, emit, 'SkuNullability', c, UP);
  }
  if (row.isNull('SkuId')) mustBeNull(row, emit, 'SkuNullability', 'SkuMeter', 'SkuId is null');
  if (row.notNull('SkuId')) {
    mustNotBeNull(row, emit, 'SkuNullability', 'SkuMeter', 'SkuId is not null', 'SHOULD');
  }
  if (row.isNull('SkuPriceId')) {
    mustBeNull(row, emit, 'SkuNullability', 'SkuPriceDetails', 'SkuPriceId is null');
  }
}

/**
 * PricingCategory null without a SkuPriceId or on Tax, set for Usage/Purchase. 'Committed' requires a
 * CommitmentDiscountId and is wrong on the purchase of the commitment itself; a Usage row carrying a
 * CommitmentDiscountStatus is "subject to a commitment discount" and so MUST be 'Committed' (the spec's own
 * examples use 'Committed' on Used and Unused rows).
 */
export function checkPricingCategory(row: FocusRow, emit: Emit): void {
  if (!row.has('PricingCategory')) return;
  const rule = 'PricingCategoryRules';
  const c = 'PricingCategory';
  const cat = row.category;
  if (row.isNull('SkuPriceId')) mustBeNull(row, emit, rule, c, 'SkuPriceId is null');
  else if (cat === 'Tax') mustBeNull(row, emit, rule, c, 'ChargeCategory is Tax');
  if (row.usageOrPurchaseNonCorrection) mustNotBeNull(row, emit, rule, c, UP);
  const pc = row.values.PricingCategory;
  const cdId = row.values.CommitmentDiscountId;
  if (pc === 'Committed' && row.isNull('CommitmentDiscountId')) {
    emit(rule, c, 'Committed requires a CommitmentDiscountId');
  }
  if (pc === 'Committed' && cat === 'Purchase' && cdId != null && cdId === row.values.ResourceId) {
    emit(rule, c, 'the purchase of a commitment discount is not Committed');
  }
  if (cat === 'Usage' && row.notNull('CommitmentDiscountStatus') && pc != null && pc !== 'Committed') {
    emit(rule, c, `${show(pc)}: a charge subject to a commitment discount MUST be Committed`);
  }
}
