// CommitmentDiscountDimensions, CommitmentDiscountQuantityNullability and CommitmentDiscountUnitPairing
// (FOCUS 1.3 specification §3.2). The "one unit per CommitmentDiscountId" half is a cross-row rule.
import { mustBeNull, mustNotBeNull, pairing, UP, type Emit, type FocusRow } from './row.js';

/** Category / Name / Type / Status null without a CommitmentDiscountId; Category, Type (and Status on Usage) with it. */
export function checkCommitmentDiscountDimensions(row: FocusRow, emit: Emit): void {
  if (!row.has('CommitmentDiscountId')) return;
  const rule = 'CommitmentDiscountDimensions';
  if (row.isNull('CommitmentDiscountId')) {
    for (const c of ['Category', 'Name', 'Type', 'Status']) {
      mustBeNull(row, emit, rule, `CommitmentDiscount${c}`, 'CommitmentDiscountId is null');
    }
    return;
  }
  mustNotBeNull(row, emit, rule, 'CommitmentDiscountCategory', 'CommitmentDiscountId is not null');
  mustNotBeNull(row, emit, rule, 'CommitmentDiscountType', 'CommitmentDiscountId is not null');
  if (row.category === 'Usage') {
    const when = 'CommitmentDiscountId is not null and ChargeCategory is Usage';
    mustNotBeNull(row, emit, rule, 'CommitmentDiscountStatus', when);
  }
}

/** CommitmentDiscountQuantity set for Usage/Purchase with a CommitmentDiscountId, null otherwise; unit paired. */
export function checkCommitmentDiscountQuantity(row: FocusRow, emit: Emit): void {
  if (row.has('CommitmentDiscountQuantity')) {
    const rule = 'CommitmentDiscountQuantityNullability';
    const c = 'CommitmentDiscountQuantity';
    if (row.isNull('SkuPriceId')) mustBeNull(row, emit, rule, c, 'SkuPriceId is null');
    if (row.usageOrPurchase && row.notNull('CommitmentDiscountId')) {
      if (!row.correction) mustNotBeNull(row, emit, rule, c, `${UP} and CommitmentDiscountId is not null`);
    } else if (row.category !== undefined) {
      mustBeNull(row, emit, rule, c, 'the charge is not a Usage or Purchase with a CommitmentDiscountId');
    }
  }
  pairing(row, emit, 'CommitmentDiscountUnitPairing', 'CommitmentDiscountUnit', 'CommitmentDiscountQuantity');
}
