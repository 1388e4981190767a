/**
 * The one configured decimal for money: `Exact`. Precision 1000 significant digits: sums, differences and
 * products of amounts of up to 100 digits, and divisions by powers of ten (cents to units, nano-units to units),
 * are exact, so nothing is rounded before the edge decides to. Rounding, where a caller asks for it
 * (`toDecimalPlaces`, `toFixed(dp)`), is half up, decimal.js's default.
 *
 * A module needing another configuration keeps its own clone and says why beside it (e.g. the GenAI price book's
 * half-even rounding at 100 digits, shared/genai/pricing/rates.ts).
 */
import { Decimal } from 'decimal.js';

export const EXACT_PRECISION = 1_000;

export const Exact = Decimal.clone({ precision: EXACT_PRECISION, rounding: Decimal.ROUND_HALF_UP });
export type Exact = InstanceType<typeof Exact>;

/**
 * Derived unit prices (cost / quantity) and exactness checks of such quotients: 100 significant digits, half up.
 * A stored price has at most 38 digits, so a quotient that terminates within 100 is exact and one that does not
 * is rounded far below any stored scale; a division at Exact's 1000 digits costs 6x more (per billing row).
 */
export const Quotient = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP });
export type Quotient = InstanceType<typeof Quotient>;
