// Value normalisation of every cell: NullHandling, the value formats of the FOCUS 1.3 specification (§2) by
// column type, allowed-value casing and currency-code case. A value that cannot be fixed exactly is left as it is
// for the conformance checker to report.
import { Decimal } from 'decimal.js';
import { focusAllowedValues } from '../spec/allowed-values.js';
import { focusColumnSpecs } from '../spec/columns.js';
import { ISO_4217_NATIONAL } from '../spec/currencies.js';
import type { Draft, Tally } from './draft.js';
import { normaliseJson } from './json-values.js';
import { normaliseTimestamp } from './timestamp.js';

const PLACEHOLDER_RE = /^(null|n\/a|not applicable)$/i;
/** NumericFormat: integer, decimal or mEn; exponent sign only when negative; no '+'. */
const NUMERIC_RE = /^-?\d+(\.\d+)?([eE]-?\d+)?$/;
const LENIENT_NUMERIC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE])([+-]?\d+))?$/;

/** Every cell in place: placeholders to null, then the format of the column's FOCUS type. */
export function normaliseValues(draft: Draft): void {
  const { tally } = draft;
  for (const r of draft.rows) {
    for (const c of draft.columns) {
      let v = r[c];
      const type = focusColumnSpecs[c]?.type;
      if (typeof v === 'string' && (v.trim() === '' || (type ? PLACEHOLDER_RE : /^null$/i).test(v.trim()))) {
        tally.add(
          `NullHandling: empty strings and ${type ? "'NULL' / 'N/A' placeholders" : "'NULL'"} → null`,
          c,
        );
        r[c] = null;
        continue;
      }
      if (v === null || !type) continue;
      if (type === 'Decimal') v = normaliseDecimal(v, c, tally);
      else if (type === 'DateTime') v = normaliseTimestamp(v, c, tally);
      else if (type === 'JSON') v = normaliseJson(v, c, tally);
      else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') {
        tally.add('String columns holding numbers or booleans written as strings', c);
        v = String(v);
      }
      if (typeof v === 'string' && type === 'String') {
        v = normaliseAllowedValue(v, c, tally);
        if (c === 'BillingCurrency' || c === 'PricingCurrency') v = normaliseCurrency(v as string, c, tally);
      }
      r[c] = v;
    }
  }
}

function normaliseDecimal(v: unknown, column: string, tally: Tally): unknown {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      tally.add('Decimal values that are not numbers, left unchanged', column);
      return v;
    }
    tally.add('JS numbers written as decimal strings (their shortest exact text)', column);
    return new Decimal(v).toFixed();
  }
  if (typeof v === 'bigint') return v.toString();
  if (Decimal.isDecimal(v)) return (v as Decimal).toFixed();
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (NUMERIC_RE.test(t)) {
    if (t !== v) tally.add('Decimal values trimmed of whitespace', column);
    return t;
  }
  const m = LENIENT_NUMERIC_RE.exec(t);
  if (m && (m[2] !== '' || (m[3] ?? '') !== '')) {
    const [, sign, int, frac, e, exp] = m;
    const fixed =
      (sign === '-' ? '-' : '') +
      (int === '' ? '0' : int) +
      (frac ? `.${frac}` : '') +
      (e ? `${e}${exp!.replace('+', '')}` : '');
    if (NUMERIC_RE.test(fixed)) {
      tally.add("Decimal text fixed to NumericFormat (no '+' signs, digits around the point)", column);
      return fixed;
    }
  }
  tally.add('Decimal values not in NumericFormat, left unchanged (e.g. separators or units)', column);
  return v;
}

/** Allowed values by their lower-case form (only where that form is unique, i.e. unambiguous). */
const ALLOWED_LOWER = new Map(
  Object.entries(focusAllowedValues).map(([column, values]) => {
    const byLower = new Map<string, string | null>();
    for (const v of values) byLower.set(v.toLowerCase(), byLower.has(v.toLowerCase()) ? null : v);
    return [column, { set: new Set(values), byLower }] as const;
  }),
);

/** [CL] v1.0 PricingCategory: "Changed On-Demand to Standard", "Changed Commitment-Based to Committed". */
const PRICING_CATEGORY_RENAMES: Readonly<Record<string, string>> = {
  'on-demand': 'Standard',
  'commitment-based': 'Committed',
};

function normaliseAllowedValue(v: string, column: string, tally: Tally): string {
  const allowed = ALLOWED_LOWER.get(column);
  if (!allowed || allowed.set.has(v)) return v;
  const lower = v.trim().toLowerCase();
  const renamed = column === 'PricingCategory' ? PRICING_CATEGORY_RENAMES[lower] : undefined;
  if (renamed) {
    tally.add(`PricingCategory '${v}' renamed to '${renamed}' (FOCUS 1.0)`, column);
    return renamed;
  }
  const match = allowed.byLower.get(lower);
  if (match) {
    tally.add(`Allowed-value casing fixed: '${v}' → '${match}'`, column);
    return match;
  }
  return v;
}

function normaliseCurrency(v: string, column: string, tally: Tally): string {
  const t = v.trim();
  if (/^[A-Za-z]{3}$/.test(t) && t !== v.toUpperCase() && ISO_4217_NATIONAL?.has(t.toUpperCase()) === true) {
    tally.add('Currency codes written in ISO 4217 upper case (CurrencyFormat)', column);
    return t.toUpperCase();
  }
  return v;
}
