/**
 * Counted once: GenAI money billed through a cloud is in the org's FOCUS table twice when the org also imports
 * that provider's usage (Bedrock, Azure OpenAI, Vertex, Gemini) through its GenAI pipeline. The cloud bill is
 * authoritative for money billed through a cloud, so:
 *
 *   for an (org, day, x_genai_provider) that has cloud-billing FOCUS rows (x_cloud_provider not null), the FOCUS
 *   rows written by that provider's GenAI usage pipeline (x_cost_type 'genai', no x_cloud_provider) are not
 *   counted in money totals. They stay in the table as usage detail (tokens, models, API keys).
 *
 * The day is the UTC day of ChargePeriodStart. Every reader of FOCUS money totals applies the rule, either in SQL
 * (`countedOnceSql`, a boolean expression for the WHERE clause of a query over `cost_data_standard_1_3`) or in
 * memory (`countedOnce`, a predicate over rows already loaded), never a copy of it. The daily cost rollup
 * (shared/datasets/cost-rollup.ts) applies `countedOnceSql` to its groups (a table with the same columns), so the
 * cost views read money already counted once.
 *
 * ```ts
 * const focus = wh.table(dataset, 'cost_data_standard_1_3');
 * await wh.query(
 *   `SELECT SUM(f.BilledCost) AS billed FROM ${focus} AS f
 *    WHERE ${chargeDayInRangeSql('f', 'start', 'end')} AND f.x_org_slug = @org
 *      AND ${countedOnceSql({ alias: 'f', table: focus, range: { start: 'start', end: 'end' } })}`,
 *   { start, end, org },
 * );
 * const counted = countedOnce(rows); // rows: whole days of the org's FOCUS rows
 * const total = rows.filter(counted).reduce((s, r) => s.plus(r.BilledCost), new Decimal(0));
 * ```
 */

/** The FOCUS columns the rule reads. */
export interface CountedOnceRow {
  x_org_slug: string;
  /** UTC ISO 8601 text (as the warehouse port returns TIMESTAMP) or a Date. */
  ChargePeriodStart: string | Date;
  x_cost_type: string;
  x_cloud_provider?: string | null;
  x_genai_provider?: string | null;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function identifier(what: string, name: string): string {
  if (!IDENTIFIER.test(name))
    throw new Error(`counted-once: ${what} ${JSON.stringify(name)} is not an identifier.`);
  return name;
}

/**
 * `<alias>.ChargePeriodStart` within the UTC days [@start, @end] (DATE parameters named `start` and `end`), in a
 * form that prunes the partitions of `cost_data_standard_1_3` (partitioned by ChargePeriodStart).
 */
export function chargeDayInRangeSql(alias: string, start: string, end: string): string {
  const a = identifier('alias', alias);
  return `${a}.ChargePeriodStart >= CAST(CAST(@${identifier('parameter', start)} AS DATE) AS TIMESTAMP)
    AND ${a}.ChargePeriodStart < CAST(DATE_ADD(CAST(@${identifier('parameter', end)} AS DATE), INTERVAL 1 DAY) AS TIMESTAMP)`;
}

export interface CountedOnceSqlOptions {
  /** Alias of the FOCUS table in the caller's FROM clause. */
  alias: string;
  /** The FOCUS table as the warehouse names it: `wh.table(dataset, 'cost_data_standard_1_3')`. */
  table: string;
  /** Names of the caller's DATE parameters bounding its range: the lookup of cloud rows prunes by them. */
  range?: { start: string; end: string };
}

/**
 * A boolean SQL expression, true for the rows of `alias` counted in money totals (see the module header). BigQuery
 * Standard SQL that the embedded warehouse runs unchanged: a correlated EXISTS on org, provider and UTC day.
 */
export function countedOnceSql({ alias, table, range }: CountedOnceSqlOptions): string {
  const a = identifier('alias', alias);
  const c = a === 'cloud_billed' ? 'cloud_billed_2' : 'cloud_billed';
  if (!/^[A-Za-z0-9_.:`"-]+$/.test(table)) {
    throw new Error(`counted-once: table ${JSON.stringify(table)} is not a warehouse table name.`);
  }
  const pruned = range ? `\n        AND ${chargeDayInRangeSql(c, range.start, range.end)}` : '';
  return `NOT (
    ${a}.x_cost_type = 'genai'
    AND ${a}.x_cloud_provider IS NULL
    AND ${a}.x_genai_provider IS NOT NULL
    AND EXISTS (
      SELECT 1 FROM ${table} AS ${c}
      WHERE ${c}.x_cloud_provider IS NOT NULL
        AND ${c}.x_org_slug = ${a}.x_org_slug
        AND ${c}.x_genai_provider = ${a}.x_genai_provider
        AND CAST(${c}.ChargePeriodStart AS DATE) = CAST(${a}.ChargePeriodStart AS DATE)${pruned}
    )
  )`;
}

/** The UTC day (YYYY-MM-DD) of a ChargePeriodStart value. */
function utcDay(v: string | Date): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const day = v.slice(0, 10);
  // Text with an offset other than UTC would put the charge on another day: convert it.
  return /(?:Z|[+-]00(?::?00)?)$/.test(v) || v.length === 10 ? day : new Date(v).toISOString().slice(0, 10);
}

const key = (org: string, day: string, provider: string) => `${org}\u0000${day}\u0000${provider}`;

/** Whether a row was written by a GenAI usage pipeline for a provider that may also bill through a cloud. */
const genaiPipelineRow = (r: CountedOnceRow) =>
  r.x_cost_type === 'genai' && (r.x_cloud_provider ?? null) === null && (r.x_genai_provider ?? null) !== null;

/**
 * The in-memory rule: a predicate, true for the rows counted in money totals. `rows` must hold every FOCUS row of
 * the days being totalled (a reader that loads whole days of the org's table does), so that the cloud rows that
 * make an imported row uncounted are among them. Rows of several orgs are kept apart by x_org_slug.
 */
export function countedOnce<T extends CountedOnceRow>(rows: Iterable<T>): (row: T) => boolean {
  const cloudBilled = new Set<string>();
  for (const r of rows) {
    if ((r.x_cloud_provider ?? null) !== null && r.x_genai_provider) {
      cloudBilled.add(key(r.x_org_slug, utcDay(r.ChargePeriodStart), r.x_genai_provider));
    }
  }
  return (r) =>
    !genaiPipelineRow(r) ||
    !cloudBilled.has(key(r.x_org_slug, utcDay(r.ChargePeriodStart), r.x_genai_provider!));
}
