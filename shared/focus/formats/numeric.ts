// NumericFormat (FOCUS 1.3 specification, §2) and exact decimals for the cost relations.
import { Decimal } from 'decimal.js';
import { Exact } from '../../money/decimal.js';

/** The money decimal (1000 significant digits): products of unit prices and quantities stay exact. */
export type Dec = Exact;

/** NumericFormat: integer, decimal or mEn; no '+', no exponent '+', no separators, symbols or units. */
export const NUMERIC_RE = /^-?\d+(\.\d+)?([eE]-?\d+)?$/;

/** A Decimal cell as an exact decimal (strings must follow NumericFormat), or undefined. */
export function toDecimal(v: unknown): Dec | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? new Exact(v) : undefined;
  if (typeof v === 'bigint') return new Exact(v.toString());
  if (typeof v === 'string') return NUMERIC_RE.test(v) ? new Exact(v) : undefined;
  if (Decimal.isDecimal(v)) return new Exact((v as Decimal).toString());
  return undefined;
}

/** A decimal inside a JSON column: a finite number or a NumericFormat string. */
export const isJsonDecimal = (v: unknown): boolean =>
  (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && NUMERIC_RE.test(v));
