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
