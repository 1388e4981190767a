/**
 * The typing primitives a format's engine SQL (`aws-cur-sql.ts`) is written with, once per warehouse engine: the
 * SELECT's shape (which column feeds which, amortization, lineage) is authored once, and each primitive here says
 * how its engine types export text exactly as the JS reader does (`files/values.ts`). DuckDB's are tuned for speed
 * on one machine (`engine-sql.ts`); BigQuery's use its native BIGNUMERIC and JSON (`engine-sql-bigquery.ts`).
 */
import {
  bignumeric,
  booleanValue,
  zeroText,
  decimalScale,
  decimalText,
  exactProduct,
  exactQuotient,
  ident,
  jsonValue,
  lit,
  refuse,
  textValue,
  timestampValue,
  type Dec,
} from './engine-sql.js';
import { bigQueryDialect } from './engine-sql-bigquery.js';

/** One member of a JSON object built per row: `key` when `value` (text) is neither NULL nor empty. */
export interface JsonMember {
  key: string;
  /** The member's text (SQL). */
  value: string;
  /** Its value as JSON (SQL of the engine's JSON type), when it is typed JSON rather than text. */
  json?: string;
}

export interface EngineDialect {
  kind: 'duckdb' | 'bigquery';
  types: { text: string; timestamp: string; json: string; bool: string };
  /** A quoted identifier. */
  ident(name: string): string;
  /** Text: empty is NULL. */
  text(c: string): string;
  /** Validated decimal text, NULL when empty; other text fails the statement. */
  decimalText(c: string): string;
  /** A timestamp from the forms the JS reader accepts (UTC); other text fails the statement. */
  timestampValue(c: string): string;
  /** JSON (Azure's brace-less tags wrapped in `{}`); other text fails the statement. */
  jsonValue(c: string): string;
  /** A boolean from the words the JS reader accepts (`true`, `f`, `yes`, `0`, … any case); other text fails. */
  booleanValue(c: string): string;
  /** A value (boolean, number) as the engine's JSON, for `JsonMember.json`. */
  toJson(value: string): string;
  /** An expression refusing the row (`ROW_REFUSED` + `message`, plain text) when it is evaluated. */
  fail(message: string): string;
  /** Whether a validated decimal text is exactly zero, whatever its scale (`1E-19` is not). */
  zeroText(text: string): string;
  /** The `<name>__k` layer of a decimal column (its scale, where the engine needs it). */
  decimalScale(text: string): string;
  /** Decimal text of scale `k` as the table's money type. */
  bignumeric(text: string, k: string): string;
  /** A decimal column as the type sums are made in before they are rounded to the money type once. */
  wide(name: string): string;
  /** A money value (`Dec.d`) widened the same way. */
  widen(d: string): string;
  /** Zero in that wide type. */
  zero: string;
  /** A wide value as the table's money type. */
  money(wide: string): string;
  exactProduct(a: Dec, b: Dec): string;
  exactQuotient(cost: Dec, amount: Dec): string;
  /** A JSON object of the members present; with none, `{}` or NULL as `none` says. */
  jsonObject(members: readonly JsonMember[], none: '{}' | 'null'): string;
  /**
   * Labels: the entries of a JSON map column (`map`, may be null) with non-empty values as text, then each tag
   * column (a later key wins), as one JSON object; NULL when there are none.
   */
  labels(tags: readonly JsonMember[], map: string | null): string;
  /** A timestamp parameter given as `Date.toISOString()` text. */
  instant(param: string): string;
  /** The text at a JSON path (`$.key`) of a JSON value. */
  jsonText(json: string, path: string): string;
}

/** `"key":<value as JSON>` when `value` is not NULL or empty, else NULL (concat_ws skips it). */
const member = ({ key, value, json }: JsonMember) =>
  `CASE WHEN ${value} <> '' THEN ${lit(JSON.stringify(key))} || ':' || CAST(${json ?? `to_json(${value})`} AS VARCHAR) END`;

/** A DuckDB DECIMAL(38,20) of a decimal column: exact for up to 20 decimals, so sums round once. */
const d20 = (name: string) =>
  `(CASE WHEN ${name}__k <= 18 THEN CAST(${name}__d AS DECIMAL(38,20)) ELSE CAST(${name} AS DECIMAL(38,20)) END)`;

export const duckDbDialect: EngineDialect = {
  kind: 'duckdb',
  types: { text: 'VARCHAR', timestamp: 'TIMESTAMPTZ', json: 'JSON', bool: 'BOOLEAN' },
  ident,
  text: textValue,
  decimalText,
  timestampValue,
  jsonValue,
  booleanValue,
  toJson: (value) => `to_json(${value})`,
  fail: refuse,
  zeroText,
  decimalScale,
  bignumeric,
  wide: d20,
  widen: (d) => `CAST(${d} AS DECIMAL(38,20))`,
  zero: 'CAST(0 AS DECIMAL(38,20))',
  money: (wide) => `CAST(${wide} AS DECIMAL(38,18))`,
  exactProduct,
  exactQuotient,
  jsonObject(members, none) {
    if (members.length === 0) return none === '{}' ? `CAST('{}' AS JSON)` : 'CAST(NULL AS JSON)';
    const body = `'{' || concat_ws(',', ${members.map(member).join(', ')}) || '}'`;
    return none === '{}' ? `CAST(${body} AS JSON)` : `CAST(NULLIF(${body}, '{}') AS JSON)`;
  },
  labels(tags, map) {
    if (map === null) return duckDbDialect.jsonObject(tags, 'null');
    const entries = [
      `CASE WHEN json_type(${map}) = 'OBJECT' THEN map_entries(CAST(${map} AS MAP(VARCHAR, VARCHAR)))
      ELSE CAST([] AS STRUCT(key VARCHAR, value VARCHAR)[]) END`,
      `[${tags.map((t) => `{'key': ${lit(t.key)}, 'value': ${t.value}}`).join(', ')}]`,
    ];
    const kept = `list_filter(list_concat(${entries.join(', ')}), x -> x.value IS NOT NULL AND x.value <> '')`;
    return `(CASE WHEN len(${kept}) = 0 THEN NULL ELSE CAST(to_json(map_from_entries(${kept})) AS JSON) END)`;
  },
  instant: (param) => `CAST(${param} AS TIMESTAMPTZ)`,
  jsonText: (json, path) => `json_extract_string(${json}, ${lit(path)})`,
};

/** The dialect of a warehouse engine. */
export const engineDialect = (kind: EngineDialect['kind']): EngineDialect =>
  kind === 'bigquery' ? bigQueryDialect : duckDbDialect;

/**
 * The lineage columns of a raw row a load writes: the run's parameters (`@org_slug`, `@pipeline_id`,
 * `@credential_id`, `@run_id`, `@ingested_at`) and its run date, the row's usage day (`usageDate`, SQL).
 */
export const lineageSql = (d: EngineDialect, usageDate: string) =>
  `@org_slug AS x_org_slug, @pipeline_id AS x_pipeline_id, CAST(@credential_id AS ${d.types.text}) AS x_credential_id,
    ${usageDate} AS x_pipeline_run_date, @run_id AS x_run_id,
    ${d.instant('@ingested_at')} AS x_ingested_at, CAST(${d.instant('@ingested_at')} AS DATE) AS x_ingestion_date`;

/** Whether a usage day (SQL) is in the run's dates (`@start_date`..`@end_date`). */
export const inRunDates = (usageDate: string) =>
  `${usageDate} BETWEEN CAST(@start_date AS DATE) AND CAST(@end_date AS DATE)`;
