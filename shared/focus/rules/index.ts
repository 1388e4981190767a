// The row rules in the order they report. To add a rule: give it an id in `spec/rules.ts` (with its spec
// section), write `check…(row, emit)` in the file of its group (or a new one), list it here, and add a test that
// mutates a conformant row in `conformance.test.ts`.
import { checkAllowedValues } from './allowed-values.js';
import { checkPeriodOrder, checkPurchases } from './charges.js';
import { checkCommitmentDiscountDimensions, checkCommitmentDiscountQuantity } from './commitment-discount.js';
import { checkUnitPriceSigns, costRelationsCheck, type CostPrecision } from './costs.js';
import { checkAllocation, checkCapacityReservation, checkIdNamePairs } from './dimensions.js';
import { checkCurrencies, checkUnits } from './formats.js';
import { checkJsonObjects } from './json-objects.js';
import { checkKeyValues } from './key-value.js';
import { checkConsumedQuantity, checkPricingNullability } from './pricing.js';
import type { RowCheck } from './row.js';
import { checkPricingCategory, checkSkuNullability } from './sku.js';
import { checkTypes } from './types.js';

export { checkNamingAndOrder, checkPresence } from './columns.js';
export { CrossRowState } from './cross-row.js';
export { applyNullHandling } from './null-handling.js';
export { FocusRow, show, type Emit } from './row.js';

/** Every single-row rule; throws RangeError for an invalid cost precision. */
export function rowChecks(precision: CostPrecision): readonly RowCheck[] {
  return [
    checkTypes,
    checkAllowedValues,
    checkCurrencies,
    checkUnits,
    checkKeyValues,
    checkJsonObjects,
    costRelationsCheck(precision),
    checkUnitPriceSigns,
    checkPricingNullability,
    checkConsumedQuantity,
    checkSkuNullability,
    checkPricingCategory,
    checkCommitmentDiscountDimensions,
    checkCommitmentDiscountQuantity,
    checkCapacityReservation,
    checkIdNamePairs,
    checkAllocation,
    checkPurchases,
    checkPeriodOrder,
  ];
}
