/**
 * DuckDB SQL that types export text the way the JS reader does (`files/values.ts`), for loads the warehouse engine
 * reads itself: a value the JS reader refuses makes the statement fail (`error()`), so the load rolls back and
 * the file is re-read in JS to name the row and column (`engine-load.ts`). Decimals stay exact: text is cast to
 * DECIMAL, products and quotients are computed on HUGEINT mantissas, never through a double.
 */

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

/** A text column: empty is NULL. */
export const textValue = (c: string) => `NULLIF(${c}, '')`;

/** Validated decimal text (trimmed), NULL when empty; any other text fails the statement. */
export const decimalText = (c: string) =>
  `(CASE WHEN ${c} IS NULL OR ${c} = '' THEN NULL WHEN regexp_full_match(trim(${c}), ${DECIMAL_RE}) THEN trim(${c}) ` +
  `ELSE error('not a decimal') END)`;

/** Exact decimal text -> the warehouse's BIGNUMERIC (DECIMAL(38,18), rounded half away from zero). */
export const bignumeric = (text: string) => `CAST(${text} AS DECIMAL(38,18))`;

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
    ELSE COALESCE(TRY_CAST(${timestampForms(`trim(${c})`)} AS TIMESTAMPTZ), error('not a timestamp')) END)`;

/** A TIMESTAMPTZ as files/dates.ts formatUtc writes it: `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (UTC). */
export const isoUtc = (ts: string) =>
  `(strftime(${ts}, '%Y-%m-%dT%H:%M:%S') || (CASE WHEN microsecond(${ts}) % 1000000 = 0 THEN '' ` +
  `ELSE '.' || rtrim(lpad(CAST(microsecond(${ts}) % 1000000 AS VARCHAR), 6, '0'), '0') END) || 'Z')`;

/** JSON text (Azure's brace-less tags wrapped in `{}`) as JSON; other text fails the statement. */
export const jsonValue = (c: string) =>
  `(CASE WHEN ${c} IS NULL OR ${c} = '' THEN NULL WHEN json_valid(${c}) THEN CAST(${c} AS JSON) ` +
  `WHEN json_valid('{' || ${c} || '}') THEN CAST('{' || ${c} || '}' AS JSON) ELSE error('not valid JSON') END)`;

/** A validated decimal text without an exponent (exponent forms go through DECIMAL(38,18)). */
export const plainDecimal = (text: string) =>
  `(CASE WHEN regexp_matches(${text}, '[eE]') THEN CAST(CAST(${text} AS DECIMAL(38,18)) AS VARCHAR) ELSE ${text} END)`;

/** The fraction digits of a plain decimal text without trailing zeros. */
const fraction = (plain: string) => `rtrim(split_part(ltrim(${plain}, '+-'), '.', 2), '0')`;

/** The mantissa (HUGEINT) of a plain decimal text: value = mantissa / 10^decimalScale. */
export const decimalMantissa = (plain: string) =>
  `CAST((CASE WHEN starts_with(${plain}, '-') THEN '-' ELSE '' END) || ` +
  `COALESCE(NULLIF(split_part(ltrim(${plain}, '+-'), '.', 1) || ${fraction(plain)}, ''), '0') AS HUGEINT)`;

/** The scale of a plain decimal text (its fraction digits, trailing zeros dropped). */
export const decimalScale = (plain: string) => `length(${fraction(plain)})`;

/** Plain decimal text of m / 10^s (HUGEINT m, INTEGER s ≥ 0). */
export function partsText(m: string, s: string): string {
  const digits = `lpad(CAST(abs(${m}) AS VARCHAR), CAST(${s} + 1 AS INTEGER), '0')`;
  return `(CASE WHEN ${m} IS NULL THEN NULL WHEN ${s} = 0 THEN CAST(${m} AS VARCHAR) ELSE
    (CASE WHEN ${m} < 0 THEN '-' ELSE '' END) || left(${digits}, length(${digits}) - ${s}) || '.' || right(${digits}, ${s}) END)`;
}

const pow10 = (k: string) => `CAST(rpad('1', CAST((${k}) + 1 AS INTEGER), '0') AS HUGEINT)`;

/** A decimal as mantissa and scale expressions (decimalMantissa, decimalScale). */
export interface Parts {
  m: string;
  s: string;
}

/** a x b exactly, as decimal text; NULL when either is NULL. */
export const exactProduct = (a: Parts, b: Parts) => partsText(`(${a.m} * ${b.m})`, `(${a.s} + ${b.s})`);

/**
 * cost / amount as decimal text when that quotient is exact with at most 18 decimals, else NULL (aws-cur.ts
 * exactRate); NULL too when the exact check overflows 38 digits.
 */
export function exactQuotient(cost: Parts, amount: Parts): string {
  const e = `(18 + ${amount.s} - ${cost.s})`;
  const n = `try(CASE WHEN ${e} >= 0 THEN ${cost.m} * ${pow10(e)} ELSE ${cost.m} END)`;
  const d = `try(CASE WHEN ${e} >= 0 THEN ${amount.m} ELSE ${amount.m} * ${pow10(`-${e}`)} END)`;
  return `(CASE WHEN ${cost.m} IS NULL OR ${amount.m} IS NULL OR ${amount.m} = 0 THEN NULL
    WHEN ${n} IS NOT NULL AND ${d} IS NOT NULL AND ${n} % ${d} = 0 THEN ${partsText(`${n} // ${d}`, '18')} END)`;
}
