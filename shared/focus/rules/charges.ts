// ChargeFrequencyPurchase, EffectiveCostPurchase and PeriodOrder.
import type { Emit, FocusRow } from './row.js';

/**
 * A Purchase is not Usage-Based. "EffectiveCost 0 when the purchase covers future eligible charges" is only
 * decidable for commitment-discount purchases (Purchase, CommitmentDiscountId = ResourceId, per
 * DiscountHandling), so only those rows are held to it (EffectiveCost and PricingCurrencyEffectiveCost).
 */
export function checkPurchases(row: FocusRow, emit: Emit): void {
  if (row.category !== 'Purchase') return;
  if (row.values.ChargeFrequency === 'Usage-Based') {
    emit(
      'ChargeFrequencyPurchase',
      'ChargeFrequency',
      'MUST NOT be Usage-Based when ChargeCategory is Purchase',
    );
  }
  const commitmentPurchase =
    row.notNull('CommitmentDiscountId') &&
    (!row.has('ResourceId') || row.values.ResourceId === row.values.CommitmentDiscountId);
  if (!commitmentPurchase) return;
  for (const c of ['EffectiveCost', 'PricingCurrencyEffectiveCost']) {
    const d = row.decimal(c);
    if (d && !d.isZero()) {
      emit('EffectiveCostPurchase', c, `${c} MUST be 0 for the purchase of a commitment discount`);
    }
  }
}

/**
 * Start before end in both periods. No explicit bullet: it follows from the "inclusive start bound" and
 * "exclusive end bound" of one period. No rule that the charge period lies inside the billing period (the spec
 * has none: corrections cross periods).
 */
export function checkPeriodOrder(row: FocusRow, emit: Emit): void {
  for (const [start, end] of [
    ['ChargePeriodStart', 'ChargePeriodEnd'],
    ['BillingPeriodStart', 'BillingPeriodEnd'],
  ] as const) {
    const s = row.millis(start);
    const e = row.millis(end);
    if (s !== undefined && e !== undefined && !(s < e)) {
      emit('PeriodOrder', end, `${end} MUST be after ${start} (exclusive end bound)`);
    }
  }
}
