/** Typing one source value (CSV text, exact JSON value, Parquet text) per ColumnType. */
import { Decimal } from 'decimal.js';
import { JsonNumber, parseJsonExact, toJsonText, toPlainJson } from '../../json/exact.js';
import { formatUtc, parseInstant } from './dates.js';
import type { ColumnType } from './types.js';
import { MS_PER_DAY } from '../../time/day.js';

/** A value that is not of its column's type; the row typer turns it into a BillingFileError. */
export class ValueProblem extends Error {}

const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Exact canonical decimal text: plain notation, no exponent, no trailing zeros, '-0' → '0'. */
function decimalText(text: string): string {
  const trimmed = text.trim();
  if (!DECIMAL_TEXT.test(trimmed)) throw new ValueProblem(TYPE_PROBLEM.decimal);
  const exponent = /[eE]([+-]?\d+)$/.exec(trimmed);
  if (exponent && Math.abs(Number(exponent[1])) > 1000)
    throw new ValueProblem('decimal exponent out of range');
  return new Decimal(trimmed).toFixed();
}

function integerValue(text: string): number {
  let exact: string;
  try {
    exact = decimalText(text);
  } catch {
    throw new ValueProblem('not an integer');
  }
  if (exact.includes('.')) throw new ValueProblem('not an integer');
  const number = Number(exact);
  if (!Number.isSafeInteger(number)) throw new ValueProblem('integer out of the safe range (±2^53)');
  return number;
}

function booleanValue(text: string): boolean {
  const word = text.trim().toLowerCase();
  if (word === 'true' || word === 't' || word === 'yes' || word === 'y' || word === '1') return true;
  if (word === 'false' || word === 'f' || word === 'no' || word === 'n' || word === '0') return false;
  throw new ValueProblem('not a boolean');
}

function timestampValue(text: string): string {
  const instant = parseInstant(text.trim());
  if (instant === undefined) throw new ValueProblem('not a timestamp');
  return formatUtc(...instant);
}

function dateValue(text: string): string {
  const instant = parseInstant(text.trim());
  if (instant === undefined) throw new ValueProblem('not a date');
  const [ms, fraction] = instant;
  if (ms % MS_PER_DAY !== 0 || fraction !== '')
    throw new ValueProblem('not a date (a time other than midnight UTC)');
  return formatUtc(ms, '').slice(0, 10);
}

function jsonValue(text: string): unknown {
  try {
    return toPlainJson(parseJsonExact(text));
  } catch (err) {
    // Azure EA / MCA cost exports write Tags as `"key": "value","key2": "value2"` without the braces.
    if (/^\s*"/.test(text)) {
      try {
        return toPlainJson(parseJsonExact(`{${text}}`));
      } catch {
        // report the original error below
      }
    }
    throw new ValueProblem(`not valid JSON (${(err as Error).message})`);
  }
}

const TEXT_PARSERS: Record<Exclude<ColumnType, 'string' | 'json'>, (text: string) => unknown> = {
  decimal: decimalText,
  integer: integerValue,
  date: dateValue,
  timestamp: timestampValue,
  boolean: booleanValue,
};

/** Text of a non-text source value (JSON scalar, Parquet nested value) for 'string' columns and messages. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof JsonNumber) return value.text;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return toJsonText(value);
}

/**
 * Converts one source value (CSV cell text, JSON value with JsonNumber, Parquet text or nested JS value) to
 * its typed form. Throws ValueProblem.
 */
export function convert(type: ColumnType, value: unknown, nulls: ReadonlySet<string>): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (value === '' || nulls.has(value)) return null;
    if (type === 'string') return value;
    if (type === 'json') return jsonValue(value);
    return TEXT_PARSERS[type](value);
  }
  if (type === 'string') return asText(value);
  if (type === 'json') return toPlainJson(value);
  if (value instanceof JsonNumber || typeof value === 'number' || typeof value === 'bigint') {
    if (type === 'decimal' || type === 'integer') return TEXT_PARSERS[type](asText(value));
  } else if (typeof value === 'boolean' && type === 'boolean') {
    return value;
  }
  throw new ValueProblem(TYPE_PROBLEM[type]);
}

const TYPE_PROBLEM: Record<ColumnType, string> = {
  string: 'not a string',
  decimal: 'not a decimal',
  integer: 'not an integer',
  date: 'not a date',
  timestamp: 'not a timestamp',
  boolean: 'not a boolean',
  json: 'not JSON',
};

/** Other columns: kept as text (CSV cell verbatim, Parquet value cast to text, JSON scalar text / JSON text). */
export function otherValue(value: unknown, nulls: ReadonlySet<string>): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' || nulls.has(value) ? null : value;
  return asText(value);
}

/** A value as an error message shows it: its text, cut at 200 characters. */
export function shown(value: unknown): string {
  const text = asText(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
