// Values of removed or renamed concepts ([CL] FOCUS_Spec CHANGELOG.md): the 1.0-preview ChargeSubcategory, and
// the two value rules 1.1 introduced, applied to 1.0 sources only.
import type { Draft } from './draft.js';

/** ChargeSubcategory (removed in 1.0) → ChargeCategory Credit and CommitmentDiscountStatus. */
export function upgradeChargeSubcategory(draft: Draft): void {
  const chargeSubcategory = [...draft.plan].find(
    ([source]) => source.trim().toLowerCase() === 'chargesubcategory',
  )?.[1];
  if (!chargeSubcategory) return;
  if (draft.has('ChargeCategory')) {
    // [CL] v1.0 ChargeCategory: 'Added "Credit" value for credits'; 1.0-preview put credits under Adjustment
    // with ChargeSubcategory "Credit". (Refunds now keep the category of what they refund: not derivable.)
    for (const r of draft.rows) {
      if (r.ChargeCategory === 'Adjustment' && r[chargeSubcategory] === 'Credit') {
        r.ChargeCategory = 'Credit';
        draft.tally.add("ChargeCategory 'Adjustment' with ChargeSubcategory 'Credit' → 'Credit' (FOCUS 1.0)");
      }
    }
  }
  if (draft.has('CommitmentDiscountId')) {
    // [CL] v1.0 added CommitmentDiscountStatus; 1.0-preview said "Used Commitment" / "Unused Commitment" in
    // ChargeSubcategory.
    if (!draft.has('CommitmentDiscountStatus')) draft.addColumn('CommitmentDiscountStatus', () => null);
    const status: Record<string, string> = { 'Used Commitment': 'Used', 'Unused Commitment': 'Unused' };
    for (const r of draft.rows) {
      const s = status[String(r[chargeSubcategory])];
      if (s && r.CommitmentDiscountStatus === null && r.CommitmentDiscountId !== null) {
        r.CommitmentDiscountStatus = s;
        draft.tally.add(
          'CommitmentDiscountStatus derived from ChargeSubcategory Used/Unused Commitment (FOCUS 1.0)',
        );
      }
    }
  }
}

/** The 1.1 value rules for 1.0 rows: no consumption on Unused commitment rows; purchases are not Committed. */
export function applyVersion11ValueRules(draft: Draft): void {
  // [CL] v1.1 ConsumedQuantity: "Must be null when CommitmentDiscountStatus is Unused" (ConsumedUnit likewise).
  for (const r of draft.rows) {
    if (r.CommitmentDiscountStatus === 'Unused' && (r.ConsumedQuantity ?? null) !== null) {
      r.ConsumedQuantity = null;
      if (draft.has('ConsumedUnit')) r.ConsumedUnit = null;
      draft.tally.add('ConsumedQuantity / ConsumedUnit set to null on Unused commitment rows (FOCUS 1.1)');
    }
  }
  // [CL] v1.1 PricingCategory: "Must not be Committed when the charge is for a commitment discount purchase";
  // the FOCUS 1.3 specification (§3.1): the purchase of a commitment at agreed rates is Standard.
  for (const r of draft.rows) {
    if (
      r.ChargeCategory === 'Purchase' &&
      r.PricingCategory === 'Committed' &&
      (r.CommitmentDiscountId ?? null) !== null &&
      r.CommitmentDiscountId === r.ResourceId
    ) {
      r.PricingCategory = 'Standard';
      draft.tally.add("PricingCategory 'Committed' → 'Standard' on commitment purchases (FOCUS 1.1)");
    }
  }
}
