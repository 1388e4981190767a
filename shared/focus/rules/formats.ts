// CurrencyFormat and UnitFormat.
import { focusUnitProblem } from '../formats/unit.js';
import { nationalCurrencyProblem } from '../spec/currencies.js';
import type { Emit, FocusRow } from './row.js';

/**
 * BillingCurrency MUST be an ISO 4217 national currency. PricingCurrency may be a virtual currency (a readable
 * name), so only its three-letter values are held to ISO 4217.
 */
export function checkCurrencies(row: FocusRow, emit: Emit): void {
  const billing = row.str('BillingCurrency');
  const billingProblem = billing === undefined ? undefined : nationalCurrencyProblem(billing);
  if (billingProblem) {
    emit('CurrencyFormat', 'BillingCurrency', `${billingProblem} (national currency required)`);
  }
  const pricing = row.str('PricingCurrency');
  if (pricing !== undefined && /^[A-Za-z]{3}$/.test(pricing)) {
    const p = nationalCurrencyProblem(pricing);
    if (p) emit('CurrencyFormat', 'PricingCurrency', `${p} (virtual currencies use a readable name)`);
  }
}

/** The unit columns SHOULD follow UnitFormat. */
export function checkUnits(row: FocusRow, emit: Emit): void {
  for (const c of ['PricingUnit', 'ConsumedUnit', 'CommitmentDiscountUnit']) {
    const u = row.str(c);
    const p = u === undefined ? undefined : focusUnitProblem(u);
    if (p) emit('UnitFormat', c, `'${u}': ${p}`, 'SHOULD');
  }
}
