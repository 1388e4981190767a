/**
 * Pricing in SQL by groups of alike usage rows. Two raw rows whose price-relevant values agree (day, provider,
 * kind, model, tier, batch, long-context inputs against every threshold of the books, which token buckets are
 * non-zero) get the same cost lines up to the quantity: each line's cost is its integer quantity times a unit
 * price of at most 18 decimals, so it is exact. The step prices one representative row per group in JS
 * (priceRawRow, the one pricing path), writes each group's lines without quantities into `genai_payg_price_lines`,
 * and one INSERT ... SELECT multiplies every row's quantities by its group's unit prices in the warehouse.
 * Rows the warehouse cannot price by a group (kept as reported, billed in units, negative or missing counts) are
 * groups of their own whose lines are written in full.
 */
import type { Column, TableDef } from '../../ports/warehouse/schema.js';
import type { CostLineRow } from './price.js';

const col = (name: string, type: Column['type'], required = false): Column => ({
  name,
  type,
  mode: required ? 'REQUIRED' : 'NULLABLE',
});

/** The line fields a group's rows share (the rest come from the row, or from `quantity` for whole lines). */
const SHARED = [
  'matched_model',
  'long_context',
  'token_type',
  'pricing_unit',
  'list_unit_price',
  'unit_price',
  'currency',
  'price_id',
  'list_price_id',
  'price_source',
  'rate_from',
  'pricing_status',
  'unpriced_reason',
] as const;

/**
 * `genai_payg_price_lines`: the price step's working table, one run's cost lines per group of alike usage rows
 * (slice: org, pipeline, credential), emptied when the step has written the cost lines.
 */
export const genaiPaygPriceLines: TableDef = {
  name: 'genai_payg_price_lines',
  description:
    'Working table of the GenAI price step: the cost lines of each group of alike usage rows of a run, without quantities (whole lines for rows priced on their own).',
  version: 1,
  columns: [
    col('price_group', 'STRING', true),
    col('line_no', 'INT64', true),
    col('usage_row_id', 'STRING'),
    col('matched_model', 'STRING'),
    col('long_context', 'STRING'),
    col('token_type', 'STRING', true),
    col('pricing_unit', 'STRING', true),
    col('quantity', 'NUMERIC'),
    col('list_unit_price', 'BIGNUMERIC'),
    col('unit_price', 'BIGNUMERIC'),
    col('list_cost', 'BIGNUMERIC'),
    col('total_cost', 'BIGNUMERIC'),
    col('currency', 'STRING'),
    col('price_id', 'STRING'),
    col('list_price_id', 'STRING'),
    col('price_source', 'STRING'),
    col('rate_from', 'STRING'),
    col('pricing_status', 'STRING', true),
    col('unpriced_reason', 'STRING'),
    col('x_org_slug', 'STRING', true),
    col('x_pipeline_id', 'STRING', true),
    col('x_credential_id', 'STRING'),
    col('x_run_id', 'STRING', true),
  ],
};

/** Raw token columns and the price key each one is billed as (the order of PRICE_KEYS). */
export const TOKEN_COLUMNS = {
  input: 'input_tokens',
  cached_input: 'cached_input_tokens',
  cache_write_5m: 'cache_write_5m_tokens',
  cache_write_1h: 'cache_write_1h_tokens',
  audio_input: 'audio_input_tokens',
  image_input: 'image_input_tokens',
  output: 'output_tokens',
  audio_output: 'audio_output_tokens',
} as const;

const TOKENS = Object.values(TOKEN_COLUMNS);
const PROMPT = TOKENS.filter((c) => c !== 'output_tokens' && c !== 'audio_output_tokens').join(' + ');
const COUNTS = [...TOKENS, 'reasoning_tokens', 'request_count'];

/**
 * A row priced on its own: kept as reported (its reason names its counts), billed in units other than tokens
 * (quantities need not be integers), a missing or negative count, or no model name (invalid usage).
 */
const ALONE = [
  `source_kind = 'usage_api_as_reported'`,
  `model = ''`,
  ...['images', 'characters', 'seconds', 'sessions', 'usage_bytes'].map((c) => `COALESCE(${c}, 0) <> 0`),
  ...COUNTS.map((c) => `${c} IS NULL OR ${c} < 0`),
  'max_prompt_tokens_per_request < 0',
].join(' OR ');

/** Parameter names of the i-th long-context threshold and of the j-th model a book prices with one. */
const lc = (i: number) => `lc_${i}`;
const lcProvider = (j: number) => `lc_provider_${j}`;
const lcModel = (j: number) => `lc_model_${j}`;

/** How many long-context thresholds and models the group keys test. */
export interface LongContextShape {
  thresholds: number;
  models: number;
}

/**
 * The expressions that decide a row's cost lines up to their quantities (see the module comment). The
 * long-context inputs (prompt and largest prompt against each threshold, a one-request row) split only the rows
 * of models some book prices with a long-context tier.
 */
function groupKeys({ thresholds, models }: LongContextShape): string[] {
  const lcRow = Array.from(
    { length: models },
    (_, j) => `(provider = @${lcProvider(j)} AND model = @${lcModel(j)})`,
  ).join(' OR ');
  const ifLc = (expr: string) => `CASE WHEN ${lcRow} THEN ${expr} END`;
  return [
    'x_pipeline_run_date',
    'usage_date',
    'provider',
    'usage_kind',
    'source_kind',
    'model',
    'service_tier',
    'is_batch',
    'long_context',
    ...TOKENS.map((c) => `${c} > 0`),
    ...(models
      ? [
          ifLc('request_count = 1'),
          ...Array.from({ length: thresholds }, (_, i) => [
            ifLc(`(${PROMPT}) > @${lc(i)}`),
            ifLc(`max_prompt_tokens_per_request > @${lc(i)}`),
          ]).flat(),
        ]
      : []),
    `CASE WHEN ${ALONE} THEN usage_row_id END`,
  ];
}

/** The raw columns a cost line or priceRawRow reads. */
export const PRICE_INPUT_COLUMNS = [
  'usage_date',
  'provider',
  'usage_kind',
  'usage_row_id',
  'model',
  'model_family',
  'region',
  'workspace_id',
  'api_key_id',
  'user_id',
  'service_tier',
  'is_batch',
  'context_window',
  'long_context',
  'image_size',
  'image_source',
  ...TOKENS,
  'reasoning_tokens',
  'total_tokens',
  'request_count',
  'max_prompt_tokens_per_request',
  'images',
  'characters',
  'seconds',
  'sessions',
  'usage_bytes',
  'source_kind',
  'x_pipeline_run_date',
  'x_genai_account_id',
] as const;

/** Parameters of the group queries: the run's slice of the raw table and the long-context tests. */
export interface GroupParams {
  org: string;
  pipeline: string;
  credential: string | null;
  start: string;
  end: string;
  /** Every long-context threshold of the books. */
  thresholds: readonly number[];
  /** The raw (provider, model) pairs some book prices with a long-context tier on a day of the run. */
  lcModels: readonly { provider: string; model: string }[];
}

export const shapeOf = (p: GroupParams): LongContextShape => ({
  thresholds: p.thresholds.length,
  models: p.lcModels.length,
});

export function groupQueryParams(p: GroupParams): Record<string, string | number | null> {
  const { thresholds, lcModels, ...rest } = p;
  return {
    ...rest,
    ...Object.fromEntries(thresholds.map((t, i) => [lc(i), t])),
    ...Object.fromEntries(
      lcModels.flatMap((m, j) => [
        [lcProvider(j), m.provider],
        [lcModel(j), m.model],
      ]),
    ),
  };
}

/** The run's distinct (provider, model, usage day), to find the models priced with a long-context tier. */
export const runModelsSql = (rawTable: string) =>
  `SELECT DISTINCT provider, model, CAST(usage_date AS STRING) AS usage_date FROM ${rawTable}
  WHERE x_org_slug = @org AND x_pipeline_id = @pipeline AND x_credential_id IS NOT DISTINCT FROM @credential
    AND x_pipeline_run_date BETWEEN CAST(@start AS DATE) AND CAST(@end AS DATE) AND model IS NOT NULL`;

/**
 * A group's id: its key values, each as its text prefixed by its length (`-` for NULL), so two different key
 * tuples never give the same id (unlike the least usage_row_id of the group: a usage_row_id the API sent twice with
 * other counts heads two groups).
 */
function groupIdSql(keys: readonly string[]): string {
  const text = (k: string) => `CAST((${k}) AS STRING)`;
  const part = (k: string) =>
    `CASE WHEN (${k}) IS NULL THEN '-' ELSE CONCAT(CAST(LENGTH(${text(k)}) AS STRING), ':', ${text(k)}) END`;
  return `CONCAT(${keys.map(part).join(', ')})`;
}

/**
 * `grouped`: the run's raw rows with their group's size and least usage_row_id (`group_head`: the row with that id
 * represents the group); `groupIdOf` the group's id over its columns. Dates are read as strings, so the rows pass to
 * priceRawRow as the extract wrote them.
 */
export function groupedRows(rawTable: string, shape: LongContextShape): string {
  const cols = PRICE_INPUT_COLUMNS.map((c) =>
    c === 'usage_date' || c === 'x_pipeline_run_date' ? `CAST(${c} AS STRING) AS ${c}` : c,
  ).join(', ');
  // Partitioned by the key values themselves (cheaper than by the id's text); equal keys, equal ids.
  const keys = groupKeys(shape).join(', ');
  return `WITH grouped AS (
    SELECT ${cols},
      MIN(usage_row_id) OVER (PARTITION BY ${keys}) AS group_head,
      COUNT(*) OVER (PARTITION BY ${keys}) AS group_rows
    FROM ${rawTable}
    WHERE x_org_slug = @org AND x_pipeline_id = @pipeline AND x_credential_id IS NOT DISTINCT FROM @credential
      AND x_pipeline_run_date BETWEEN CAST(@start AS DATE) AND CAST(@end AS DATE)
  )`;
}

/** `grouped` rows with their group's id (`price_group`). */
const withGroupId = (shape: LongContextShape) =>
  `SELECT *, ${groupIdSql(groupKeys(shape))} AS price_group FROM grouped`;

/**
 * The representatives of the groups (the rows whose id is the group's least), in run-date and id order; a group
 * whose least id the API sent twice has two (the caller takes one).
 */
export const representativesSql = (rawTable: string, shape: LongContextShape) =>
  `${groupedRows(rawTable, shape)}
  SELECT * FROM (${withGroupId(shape)} WHERE usage_row_id = group_head) AS reps
  ORDER BY x_pipeline_run_date, usage_row_id, price_group`;

/** Every row of one group (a group whose rows are priced one by one). */
export const groupMembersSql = (rawTable: string, shape: LongContextShape) =>
  `${groupedRows(rawTable, shape)}
  SELECT * FROM (${withGroupId(shape)}) AS members WHERE price_group = @group ORDER BY usage_row_id`;

/** A row's quantity of the line's token type (rows of a shared group bill tokens only). */
const QUANTITY = `CASE l.token_type ${Object.entries(TOKEN_COLUMNS)
  .map(([k, c]) => `WHEN '${k}' THEN g.${c}`)
  .join(' ')} END`;

/** The cost line columns costLinesSql selects, in order. */
const COST_LINE_COLUMNS = [
  'cost_date',
  'provider',
  'usage_kind',
  'usage_row_id',
  'model',
  'region',
  'workspace_id',
  'api_key_id',
  'service_tier',
  'is_batch',
  'token_type',
  ...SHARED.filter((c) => c !== 'token_type'),
  'quantity',
  'list_cost',
  'total_cost',
  'x_org_slug',
  'x_pipeline_id',
  'x_credential_id',
  'x_pipeline_run_date',
  'x_run_id',
  'x_ingested_at',
  'x_ingestion_date',
  'x_genai_provider',
  'x_genai_account_id',
] as const;

/** The message of the error costLinesSql raises when the run's rows or lines are not what was priced. */
export const PRICED_COUNT_CHANGED = 'the raw rows changed while the run was priced';

/**
 * The cost lines of the run: each raw row joined to its group's lines; a shared line's cost is the row's
 * quantity times the unit price (an integer times at most 18 decimals: exact), a whole line is taken as written.
 * The statement fails (ERROR, before anything commits) unless the run has @expected_rows raw rows giving
 * @expected_lines lines: rows written by a concurrent extract meanwhile are never half-priced.
 */
export function costLinesSql(rawTable: string, linesTable: string, shape: LongContextShape): string {
  const shared = SHARED.filter((c) => c !== 'token_type')
    .map((c) => `l.${c}`)
    .join(', ');
  return `${groupedRows(rawTable, shape)},
  lines AS (
  SELECT
    CAST(g.usage_date AS DATE) AS cost_date, g.provider, g.usage_kind, g.usage_row_id, g.model, g.region,
    g.workspace_id, g.api_key_id, g.service_tier, g.is_batch, l.token_type, ${shared},
    CASE WHEN l.usage_row_id IS NOT NULL THEN l.quantity ELSE ${QUANTITY} END AS quantity,
    CASE WHEN l.usage_row_id IS NOT NULL THEN l.list_cost ELSE ${QUANTITY} * l.list_unit_price END AS list_cost,
    CASE WHEN l.usage_row_id IS NOT NULL THEN l.total_cost ELSE ${QUANTITY} * l.unit_price END AS total_cost,
    l.x_org_slug, l.x_pipeline_id, l.x_credential_id, CAST(g.x_pipeline_run_date AS DATE) AS x_pipeline_run_date,
    l.x_run_id, CURRENT_TIMESTAMP() AS x_ingested_at, CURRENT_DATE() AS x_ingestion_date,
    g.provider AS x_genai_provider, g.x_genai_account_id
  FROM (${withGroupId(shape)}) AS g
  JOIN ${linesTable} l
    ON l.price_group = g.price_group AND (l.usage_row_id IS NULL OR l.usage_row_id = g.usage_row_id)
  WHERE l.x_org_slug = @org AND l.x_pipeline_id = @pipeline
    AND l.x_credential_id IS NOT DISTINCT FROM @credential AND l.x_run_id = @run_id
  )
  SELECT * FROM lines
  UNION ALL
  SELECT ${COST_LINE_COLUMNS.map((c) => `NULL AS ${c}`).join(', ')}
  FROM (SELECT COUNT(*) AS n FROM lines) AS counted
  WHERE IF(counted.n = @expected_lines AND (SELECT COUNT(*) FROM grouped) = @expected_rows, FALSE,
    ERROR('${PRICED_COUNT_CHANGED}'))`;
}

/** The keys of a run's rows in the working table. */
export interface WorkingKeys {
  x_org_slug: string;
  x_pipeline_id: string;
  x_credential_id: string | null;
  x_run_id: string;
}

/** A group's lines as written to genai_payg_price_lines: shared (no quantity) or whole (one row's lines). */
export function groupLines(
  group: string,
  lines: readonly CostLineRow[],
  whole: boolean,
  keys: WorkingKeys,
): Record<string, unknown>[] {
  // One literal per line (no spreads: V8 builds those slowly).
  return lines.map((l, i) => ({
    price_group: group,
    line_no: i,
    usage_row_id: whole ? l.usage_row_id : null,
    matched_model: l.matched_model,
    long_context: l.long_context,
    token_type: l.token_type,
    pricing_unit: l.pricing_unit,
    quantity: whole ? l.quantity : null,
    list_unit_price: l.list_unit_price,
    unit_price: l.unit_price,
    list_cost: whole ? l.list_cost : null,
    total_cost: whole ? l.total_cost : null,
    currency: l.currency,
    price_id: l.price_id,
    list_price_id: l.list_price_id,
    price_source: l.price_source,
    rate_from: l.rate_from,
    pricing_status: l.pricing_status,
    unpriced_reason: l.unpriced_reason,
    x_org_slug: keys.x_org_slug,
    x_pipeline_id: keys.x_pipeline_id,
    x_credential_id: keys.x_credential_id,
    x_run_id: keys.x_run_id,
  }));
}
