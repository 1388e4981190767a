/**
 * BigQuery's typing primitives for a format's engine SQL (see `engine-dialect.ts`): export text typed the way the
 * JS reader types it (`files/values.ts`), a value it refuses failing the statement (`ERROR()`, inside CASE and
 * COALESCE, which evaluate lazily). Money is BIGNUMERIC, whose 38 decimals hold every product of two 18-decimal
 * values exactly, so no mantissa arithmetic is needed as on DuckDB. Written against the GoogleSQL reference; it
 * runs only on BigQuery (the tests parse it as BigQuery SQL), while DuckDB's twin runs in every test here.
 */
import type { EngineDialect, JsonMember } from './engine-dialect.js';
import { ROW_REFUSED } from '../ports/warehouse/port.js';
import { BOOLEAN_WORDS, plainText } from './engine-sql.js';

/** Fails the statement: a row of the file is refused (`message`: plain text). */
const refuse = (message: string) => `ERROR(${bqLit(ROW_REFUSED + plainText(message))})`;

/** A GoogleSQL string literal (backslash escapes; a doubled quote is not an escape there; control characters \xHH). */
export const bqLit = (text: string) =>
  `'${Array.from(text, (c) =>
    c === '\\' || c === "'" ? `\\${c}` : c < ' ' ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c,
  ).join('')}'`;

/** A raw GoogleSQL literal of a regular expression (RE2). */
const re = (pattern: string) => `r'${pattern}'`;

const DECIMAL_RE = re(String.raw`^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$`);
/** files/dates.ts ISO_DATE_TIME: date, optional time (minutes, seconds, fraction optional), optional zone. */
const ISO_RE = re(
  String.raw`(?i)^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?\s*(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)?$`,
);
const US_RE = re(String.raw`^\d{1,2}/\d{1,2}/\d{4}$`);

/** One part of a matched ISO text (REGEXP_EXTRACT takes one capturing group). */
const part = (t: string, pattern: string) => `REGEXP_EXTRACT(${t}, ${re(pattern)})`;

/** The ISO form as text BigQuery casts to TIMESTAMP: seconds and zone filled in, fraction cut to microseconds. */
function isoText(t: string): string {
  const time = String.raw`(?i)^.{10}[T ]`;
  const two = (v: string) => `IFNULL(${v}, '00')`;
  const zone = part(
    t,
    String.raw`(?i)^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)$`,
  );
  const digits = `REPLACE(${zone}, ':', '')`;
  const offset = `(CASE WHEN ${zone} IS NULL OR UPPER(${zone}) IN ('Z', 'UTC') THEN '+00:00'
    ELSE CONCAT(SUBSTR(${digits}, 1, 3), ':', IFNULL(NULLIF(SUBSTR(${digits}, 4, 2), ''), '00')) END)`;
  return `CONCAT(${part(t, String.raw`^(\d{4}-\d{2}-\d{2})`)}, ' ',
    ${two(part(t, String.raw`${time}(\d{2})`))}, ':', ${two(part(t, String.raw`${time}\d{2}:(\d{2})`))}, ':',
    ${two(part(t, String.raw`${time}\d{2}:\d{2}:(\d{2})`))},
    IFNULL(CONCAT('.', ${part(t, String.raw`${time}\d{2}:\d{2}:\d{2}[.,](\d{1,6})`)}), ''), ${offset})`;
}

/** `M/D/YYYY` (Azure EA/MCA, US month-first) as a DATE; NULL when it is not a calendar date. */
function usDate(t: string): string {
  const n = (pattern: string) => `CAST(${part(t, pattern)} AS INT64)`;
  return `SAFE.DATE(${n(String.raw`^\d{1,2}/\d{1,2}/(\d{4})$`)}, ${n(String.raw`^(\d{1,2})/`)}, ${n(String.raw`^\d{1,2}/(\d{1,2})/`)})`;
}

/** `"key":<JSON>` when the member's value is neither NULL nor empty, else NULL (left out of the object). */
const member = ({ key, value, json }: JsonMember) =>
  `IF(${value} <> '', CONCAT(${bqLit(`${JSON.stringify(key)}:`)}, TO_JSON_STRING(${json ?? value})), NULL)`;

/** The object text `{…}` of the members present (the NULL ones filtered out before they are joined). */
const objectText = (members: readonly string[]) =>
  `CONCAT('{', ARRAY_TO_STRING(ARRAY(SELECT m FROM UNNEST([${members.join(', ')}]) AS m WHERE m IS NOT NULL), ','), '}')`;

const json = (text: string) => `SAFE.PARSE_JSON(${text}, wide_number_mode => 'round')`;

export const bigQueryDialect: EngineDialect = {
  kind: 'bigquery',
  types: { text: 'STRING', timestamp: 'TIMESTAMP', json: 'JSON', bool: 'BOOL' },
  ident: (name) => `\`${name}\``,
  text: (c) => `NULLIF(${c}, '')`,
  decimalText: (c) =>
    `(CASE WHEN ${c} IS NULL OR ${c} = '' THEN NULL WHEN REGEXP_CONTAINS(TRIM(${c}), ${DECIMAL_RE}) THEN TRIM(${c}) ` +
    `ELSE ${refuse('not a decimal')} END)`,
  timestampValue(c) {
    const t = `TRIM(${c})`;
    return `(CASE WHEN ${c} IS NULL OR ${c} = '' THEN NULL ELSE COALESCE(CASE
      WHEN REGEXP_CONTAINS(${t}, ${ISO_RE}) THEN SAFE_CAST(${isoText(t)} AS TIMESTAMP)
      WHEN REGEXP_CONTAINS(${t}, ${US_RE}) THEN TIMESTAMP(${usDate(t)}) END, ${refuse('not a timestamp')}) END)`;
  },
  booleanValue: (c) => {
    const word = `LOWER(TRIM(${c}))`;
    const list = (words: readonly string[]) => words.map(bqLit).join(', ');
    return `(CASE WHEN ${c} IS NULL OR ${c} = '' THEN NULL WHEN ${word} IN (${list(BOOLEAN_WORDS.true)}) THEN TRUE
      WHEN ${word} IN (${list(BOOLEAN_WORDS.false)}) THEN FALSE ELSE ${refuse('not a boolean')} END)`;
  },
  toJson: (value) => `TO_JSON(${value})`,
  fail: refuse,
  zeroText: (text) => `REGEXP_CONTAINS(${text}, ${re(String.raw`^[+-]?0*\.?0*(?:[eE][+-]?\d+)?$`)})`,
  jsonValue: (c) =>
    `(CASE WHEN ${c} IS NULL OR ${c} = '' THEN NULL ELSE ` +
    `COALESCE(${json(c)}, ${json(`CONCAT('{', ${c}, '}')`)}, ${refuse('not valid JSON')}) END)`,
  // BIGNUMERIC parses any decimal text exactly (exponents too): no scale is needed.
  decimalScale: () => '0',
  bignumeric: (text) => `PARSE_BIGNUMERIC(${text})`,
  wide: (name) => `${name}__d`,
  widen: (d) => d,
  zero: `BIGNUMERIC '0'`,
  money: (wide) => wide,
  exactProduct: (a, b) => `(${a.d} * ${b.d})`,
  // The rate rounded to 18 decimals is the exact one when it gives back the cost (a quotient with at most 18
  // decimals is exact in BIGNUMERIC's 38).
  exactQuotient(cost, amount) {
    const q = `ROUND(SAFE_DIVIDE(${cost.d}, ${amount.d}), 18)`;
    return `(CASE WHEN ${cost.d} IS NULL OR ${amount.d} IS NULL OR ${amount.d} = 0 THEN NULL
      WHEN SAFE_MULTIPLY(${q}, ${amount.d}) = ${cost.d} THEN CAST(${q} AS STRING) END)`;
  },
  jsonObject(members, none) {
    if (members.length === 0) return none === '{}' ? `JSON '{}'` : 'CAST(NULL AS JSON)';
    const text = objectText(members.map(member));
    return none === '{}' ? `PARSE_JSON(${text})` : `PARSE_JSON(NULLIF(${text}, '{}'))`;
  },
  labels(tags, map) {
    if (map === null) return bigQueryDialect.jsonObject(tags, 'null');
    // The map's top-level keys (JSON_KEYS quotes a key holding special characters), each key's value as text
    // through the subscript operator (a JSONPath must be a literal); then the tag columns. A key keeps its first
    // place and its last non-empty value, as the JS reader's object does.
    const key = `REGEXP_REPLACE(k, r'^"(.*)"$', r'\\1')`;
    const fromMap = `SELECT ${key} AS k, LAX_STRING(${map}[${key}]) AS v, o
      FROM UNNEST(IF(JSON_TYPE(${map}) = 'object', JSON_KEYS(${map}, 1), [])) AS k WITH OFFSET o`;
    const fromTags = tags.map(
      (t, i) => `SELECT ${bqLit(t.key)} AS k, ${t.value} AS v, ${1_000_000 + i} AS o`,
    );
    const entries = [fromMap, ...fromTags].join('\n      UNION ALL ');
    return `(SELECT PARSE_JSON(NULLIF(CONCAT('{', IFNULL(ARRAY_TO_STRING(ARRAY_AGG(
        CONCAT(TO_JSON_STRING(k), ':', TO_JSON_STRING(v)) ORDER BY o), ','), ''), '}'), '{}'))
      FROM (SELECT k, ARRAY_AGG(v ORDER BY o DESC LIMIT 1)[OFFSET(0)] AS v, MIN(o) AS o
        FROM (${entries}) WHERE v IS NOT NULL AND v <> '' GROUP BY k))`;
  },
  instant: (param) => `PARSE_TIMESTAMP('%Y-%m-%dT%H:%M:%E*SZ', ${param})`,
  jsonText: (value, path) => `JSON_VALUE(${value}, ${bqLit(path)})`,
};
