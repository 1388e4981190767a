// Exact: dividing any accepted amount by 100 is exact (amounts are capped at 100 digits).
import { Exact } from '../../money/decimal.js';

/** A JSON number's text or a decimal string: digits, optional fraction and exponent. */
export const DECIMAL_TEXT = /^-?\d{1,100}(\.\d{1,100})?([eE][+-]?\d{1,4})?$/;

/** A decimal text in plain (non-exponent) notation, exactly: `1e-7` → `0.0000001`, `0.060` → `0.06`. */
export const plainDecimal = (text: string) => new Exact(text).toFixed();

/** Minor units (Anthropic cents, a decimal string) to major units, exactly: `123.45` → `1.2345`. */
export const centsToUnits = (cents: string) => new Exact(cents).div(100).toFixed();

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Rewrites `text` (JSON) so that every number that is the value of property `key` becomes a string holding
 * the number's exact source text; JSON.parse would otherwise round it to a double. Strings are skipped.
 */
export function quoteNumbersOf(text: string, key: string): string {
  let out = '';
  const quotedKey = JSON.stringify(key);
  let lastKey: string | undefined;
  let afterColon = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const token = text.slice(i, j + 1);
      let k = j + 1;
      while (/\s/.test(text[k] ?? '')) k++;
      lastKey = text[k] === ':' ? token : undefined;
      afterColon = false;
      out += token;
      i = j + 1;
    } else if (ch === ':') {
      afterColon = lastKey !== undefined;
      out += ch;
      i++;
    } else if (afterColon && lastKey === quotedKey && (ch === '-' || (ch >= '0' && ch <= '9'))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      const number = m?.[0] ?? ch;
      out += `"${number}"`;
      i += number.length;
      afterColon = false;
    } else {
      if (!/\s/.test(ch)) afterColon = false;
      out += ch;
      i++;
    }
  }
  return out;
}
