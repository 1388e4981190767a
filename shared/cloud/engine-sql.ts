/**
 * DuckDB SQL that types export text the way the JS reader does (`files/values.ts`), for loads the warehouse engine
 * reads itself: a value the JS reader refuses makes the statement fail (`error()`), so the load rolls back and
 * the file is re-read in JS to name the row and column (`engine-load.ts`). Decimals stay exact: text is cast to
 * DECIMAL, products and quotients are computed on HUGEINT mantissas, never through a double.
 */

import { ROW_REFUSED } from '../ports/warehouse/port.js';

/** A SQL string literal. */
export const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;
/** A quoted SQL identifier. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

const DECIMAL_RE = lit('[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?');
const ISO_UTC_RE = lit('\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?Z');
/** files/dates.ts ISO_DATE_TIME: date, optional time (minutes, seconds, fraction optional), optional zone. */
const ISO_RE = lit(
  '(?i)(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?\\s*(Z|UTC|[+-]\\d{2}(?::?\\d{2})?)?',
);
const US_RE = lit('(\\d{1,2})/(\\d{1,2})/(\\d{4})');

/** `text` when it can be written as a literal of either engine as it is (no quote, backslash or control character). */
export function plainText(text: string): string {
  if ([...text].some((c) => c === "'" || c === '"' || c === '\\' || c < ' '))
    throw new Error(`not plain text: ${JSON.stringify(text)}`);
  return text;
}

/** The words files/values.ts reads as true and as false (trimmed, any case). */
export const BOOLEAN_WORDS = { true: ['true', 't', 'yes', 'y', '1'], false: ['false', 'f', 'no', 'n', '0'] };
const words = (list: readonly string[]) => list.map(lit).join(', ');

/** A boolean from BOOLEAN_WORDS, NULL when empty; other text fails the statement. */
export const booleanValue = (c: string) =>
  `(CASE WHEN ${c} IS NULL OR ${c} = '' THEN NULL WHEN lower(trim(${c})) IN (${words(BOOLEAN_WORDS.true)}) THEN true ` +
  `WHEN lower(trim(${c})) IN (${words(BOOLEAN_WORDS.false)}) THEN false ELSE ${refuse('not a boolean')} END)`;

/** Fails the statement: a row of the file is refused (`message`: plain text). */
export const refuse = (message: string) => `error(${lit(ROW_REFUSED + plainText(message))})`;

/** Whether a validated decimal text is zero (`0`, `-0.00`, `0E5`), exactly, whatever its scale. */
export const zeroText = (text: string) =>
  `regexp_full_match(${text}, ${lit('[+-]?0*\\.?0*(?:[eE][+-]?\\d+)?')})`;

/** A text column: empty is NULL. */
export const textValue = (c: string) => `NULLIF(${c}, '')`;

/** Validated decimal text (trimmed), NULL when empty; any other text fails the statement. */
export const decimalText = (c: string) =>
  `(CASE WHEN ${c} IS NULL OR ${c} = '' THEN NULL WHEN regexp_full_match(trim(${c}), ${DECIMAL_RE}) THEN trim(${c}) ` +
  `ELSE ${refuse('not a decimal')} END)`;

/** The general ISO / US forms of a timestamp as text DuckDB casts (zone as an offset), NULL when no form fits. */
function timestampForms(t: string): string {
  const iso = (part: string) => `regexp_extract(${t}, ${ISO_RE}, ['d', 'h', 'mi', 's', 'f', 'z']).${part}`;
  const us = (part: string) => `regexp_extract(${t}, ${US_RE}, ['mo', 'd', 'y']).${part}`;
  const two = (v: string) => `COALESCE(NULLIF(${v}, ''), '00')`;
  const z = `replace(${iso('z')}, ':', '')`;
  const zone =
    `(CASE WHEN ${z} = '' OR upper(${z}) IN ('Z', 'UTC') THEN '+00:00' ` +
    `ELSE left(${z}, 3) || ':' || ${two(`substr(${z}, 4, 2)`)} END)`;
  return `(CASE
    WHEN regexp_full_match(${t}, ${ISO_RE}) THEN ${iso('d')} || ' ' || ${two(iso('h'))} || ':' || ${two(iso('mi'))} || ':' ||
      ${two(iso('s'))} || (CASE WHEN ${iso('f')} = '' THEN '' ELSE '.' || ${iso('f')} END) || ${zone}
    WHEN regexp_full_match(${t}, ${US_RE}) THEN
      ${us('y')} || '-' || lpad(${us('mo')}, 2, '0') || '-' || lpad(${us('d')}, 2, '0') || ' 00:00:00+00:00'
  END)`;
}

/** A timestamp (TIMESTAMPTZ, UTC) from the forms files/dates.ts accepts; other text fails the statement. */
export const timestampValue = (c: string) =>
  `(CASE WHEN ${c} IS NULL OR ${c} = '' THEN NULL
    WHEN regexp_full_match(${c}, ${ISO_UTC_RE}) THEN CAST(${c} AS TIMESTAMPTZ)
    ELSE COALESCE(TRY_CAST(${timestampForms(`trim(${c})`)} AS TIMESTAMPTZ), ${refuse('not a timestamp')}) END)`;

/** A TIMESTAMPTZ as files/dates.ts formatUtc writes it: `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (UTC). */
export const isoUtc = (ts: string) =>
  `(strftime(${ts}, '%Y-%m-%dT%H:%M:%S') || (CASE WHEN microsecond(${ts}) % 1000000 = 0 THEN '' ` +
  `ELSE '.' || rtrim(lpad(CAST(microsecond(${ts}) % 1000000 AS VARCHAR), 6, '0'), '0') END) || 'Z')`;

/** JSON text (Azure's brace-less tags wrapped in `{}`) as JSON; other text fails the statement. */
export const jsonValue = (c: string) =>
  `(CASE WHEN ${c} IS NULL OR ${c} = '' THEN NULL WHEN json_valid(${c}) THEN CAST(${c} AS JSON) ` +
  `WHEN json_valid('{' || ${c} || '}') THEN CAST('{' || ${c} || '}' AS JSON) ELSE ${refuse('not valid JSON')} END)`;

/** The fraction digits of a decimal text without exponent (trailing zeros included). */
const fractionDigits = (text: string) =>
  `(CASE WHEN strpos(${text}, '.') = 0 THEN 0 ELSE length(${text}) - strpos(${text}, '.') END)`;

/**
 * The scale of a validated decimal text: its fraction digits, less the exponent (`1.81E-8` -> 10, `1.5E3` -> -2).
 * Computed once per column in a layer of the SELECT and passed to the functions below as `k`.
 */
export function decimalScale(text: string): string {
  const lowered = `lower(${text})`;
  return `(CASE WHEN ${text} IS NULL THEN NULL
    WHEN contains(${lowered}, 'e') THEN ${fractionDigits(`split_part(${lowered}, 'e', 1)`)} - CAST(split_part(${lowered}, 'e', 2) AS INTEGER)
    ELSE ${fractionDigits(text)} END)`;
}

/**
 * Decimal text of scale `k` -> the warehouse's BIGNUMERIC (DECIMAL(38,18), rounded half away from zero, as the JS
 * path's insert casts its text). DuckDB parses text into a DECIMAL(18,s) ~25x faster than into a DECIMAL(38,s), so
 * text that fits the DECIMAL(18, its scale) goes through it (exact: the scale is the text's own); other text
 * (more than 17 digits or decimals, an exponent above the fraction) is cast directly.
 */
export function bignumeric(text: string, k: string): string {
  const branches = Array.from(
    { length: 18 },
    (_, n) => `WHEN ${n} THEN CAST(TRY_CAST(${text} AS DECIMAL(18,${n})) AS DECIMAL(38,18))`,
  ).join(' ');
  return `COALESCE(CASE WHEN ${shortCasts(text)} THEN CASE ${k} ${branches} END END, CAST(${text} AS DECIMAL(38,18)))`;
}

/**
 * Whether TRY_CAST of this validated decimal text to a DECIMAL(18,s) is exact or NULL: DuckDB truncates an exponent
 * form of more than 18 digits instead of failing (`TRY_CAST('5.330127768368480106E+16' AS DECIMAL(18,2))` is
 * ...801.00); a text of at most 19 characters with an exponent has at most 17 digits.
 */
const shortCasts = (text: string) =>
  `(length(${text}) <= 19 OR (strpos(${text}, 'e') = 0 AND strpos(${text}, 'E') = 0))`;

/** The mantissa (HUGEINT) of a decimal text of scale `k` ≥ 0: value = mantissa / 10^k. */
function mantissa(text: string, k: string): string {
  const digits = `CAST(replace(replace(split_part(lower(${text}), 'e', 1), '.', ''), '+', '') AS HUGEINT)`;
  // An exponent beyond the fraction digits (k < 0) appends zeros: 1.5E3 -> 15 x 10^2 at scale 0.
  return `(CASE WHEN ${k} < 0 THEN ${digits} * ${pow10(`-${k}`)} ELSE ${digits} END)`;
}

/** Plain decimal text of m / 10^s (HUGEINT m, INTEGER s ≥ 0). */
export function partsText(m: string, s: string): string {
  // lpad cuts a longer text to the length: only shorter ones are padded (to one digit before the point).
  const abs = `CAST(abs(${m}) AS VARCHAR)`;
  const digits = `lpad(${abs}, CAST(greatest(length(${abs}), ${s} + 1) AS INTEGER), '0')`;
  return `(CASE WHEN ${m} IS NULL THEN NULL WHEN ${s} = 0 THEN CAST(${m} AS VARCHAR) ELSE
    (CASE WHEN ${m} < 0 THEN '-' ELSE '' END) || left(${digits}, length(${digits}) - ${s}) || '.' || right(${digits}, ${s}) END)`;
}

function pow10(k: string): string {
  return `CAST(rpad('1', CAST((${k}) + 1 AS INTEGER), '0') AS HUGEINT)`;
}

/** A decimal as the SELECT's layers carry it: its text, scale (`decimalScale`) and DECIMAL(38,18) (`bignumeric`). */
export interface Dec {
  text: string;
  k: string;
  d: string;
}

/**
 * a x b exactly when it has at most 18 decimals (`a.k + b.k <= 18`), else NULL: the texts cast to DECIMAL(18,n) and
 * DECIMAL(18,18-n) (n between their scales, the spare digits shared) multiply into a DECIMAL(38,18) with no
 * rounding, on 64-bit mantissas. NULL too when either does not fit its 18 digits.
 */
function shortProduct(a: Dec, b: Dec): string {
  const n = `(${a.k} + (18 - ${a.k} - ${b.k}) // 2)`;
  const branches = Array.from(
    { length: 19 },
    (_, i) =>
      `WHEN ${i} THEN CAST(TRY_CAST(${a.text} AS DECIMAL(18,${i})) AS DECIMAL(38,${i})) * ` +
      `CAST(TRY_CAST(${b.text} AS DECIMAL(18,${18 - i})) AS DECIMAL(38,${18 - i}))`,
  ).join(' ');
  return `(CASE WHEN ${a.k} >= 0 AND ${b.k} >= 0 AND ${a.k} + ${b.k} <= 18 AND ${shortCasts(a.text)} AND ${shortCasts(b.text)}
    THEN CASE ${n} ${branches} END END)`;
}

/**
 * a x b exactly, rounded to DECIMAL(38,18) like the JS path's exact product (NULL when either is NULL). With at
 * most 18 decimals in all and 18 digits each, on 64-bit mantissas (`shortProduct`, ~10x faster than the rest);
 * with at most 18 decimals each, on DECIMAL(38,18) split into integer and fraction parts (no term overflows; only
 * the fraction x fraction term has more than 18 decimals and is rounded, once); otherwise on HUGEINT mantissas.
 */
export function exactProduct(a: Dec, b: Dec): string {
  const [ia, ib] = [`trunc(${a.d})`, `trunc(${b.d})`];
  const fraction = (d: string, i: string) => `CAST(${d} - ${i} AS DECIMAL(19,18))`;
  const split =
    `${ia} * ${b.d} + (${a.d} - ${ia}) * ${ib} + ` +
    `CAST(${fraction(a.d, ia)} * ${fraction(b.d, ib)} AS DECIMAL(38,18))`;
  const [ka, kb] = [`greatest(${a.k}, 0)`, `greatest(${b.k}, 0)`];
  const wide = `CAST(${partsText(`(${mantissa(a.text, a.k)} * ${mantissa(b.text, b.k)})`, `(${ka} + ${kb})`)} AS DECIMAL(38,18))`;
  return `(CASE WHEN ${a.d} IS NULL OR ${b.d} IS NULL THEN NULL
    ELSE COALESCE(${shortProduct(a, b)}, CASE WHEN ${a.k} <= 18 AND ${b.k} <= 18 THEN ${split} ELSE ${wide} END) END)`;
}

/**
 * cost / amount as plain decimal text when that quotient is exact with at most 18 decimals, else NULL (aws-cur.ts
 * exactRate); NULL too when the exact check overflows 38 digits.
 */
export function exactQuotient(cost: Dec, amount: Dec): string {
  const [kc, ka] = [`greatest(${cost.k}, 0)`, `greatest(${amount.k}, 0)`];
  const [mc, ma] = [mantissa(cost.text, cost.k), mantissa(amount.text, amount.k)];
  const e = `(18 + ${ka} - ${kc})`;
  const n = `try(CASE WHEN ${e} >= 0 THEN ${mc} * ${pow10(e)} ELSE ${mc} END)`;
  const d = `try(CASE WHEN ${e} >= 0 THEN ${ma} ELSE ${ma} * ${pow10(`-${e}`)} END)`;
  const text = partsText(`${n} // ${d}`, '18');
  return `(CASE WHEN ${cost.d} IS NULL OR ${amount.d} IS NULL OR ${amount.d} = 0 THEN NULL
    WHEN ${n} IS NOT NULL AND ${d} IS NOT NULL AND ${n} % ${d} = 0 THEN rtrim(rtrim(${text}, '0'), '.') END)`;
}
