/**
 * `aws/cur` read by the warehouse engine: the SELECT turning one CUR file (every column text, either header style)
 * into `cloud_aws_billing_raw_daily` rows — the SQL twin of `curRawRow` (aws-cur.ts), row for row: the same
 * typing, exact rates and products, amortization, tags and GenAI provider. The Bedrock model (a few distinct
 * usage types per run) is set after the insert by `bedrockModels`, with aws-cur.ts's own function.
 */
import { AWS_CUR_COLUMNS, inRaw } from './aws-cur.js';
import {
  bignumeric,
  decimalScale,
  decimalText,
  type Dec,
  exactProduct,
  exactQuotient,
  ident,
  jsonValue,
  lit,
  textValue,
  timestampValue,
} from './engine-sql.js';
import { planTable } from './files/headers.js';
import { bedrockModel } from './genai-tags.js';

const TYPED: Record<string, (c: string) => string> = {
  string: textValue,
  decimal: decimalText,
  timestamp: timestampValue,
  json: jsonValue,
};
const NULL_OF: Record<string, string> = {
  string: 'VARCHAR',
  decimal: 'VARCHAR',
  timestamp: 'TIMESTAMPTZ',
  json: 'JSON',
};

/** The decimal columns the SELECT computes with: each gets its scale (`<name>__k`) and value (`<name>__d`). */
const DECIMALS = [
  'line_item_unblended_cost',
  'line_item_usage_amount',
  'line_item_unblended_rate',
  'pricing_public_on_demand_rate',
  'line_item_net_unblended_cost',
  'savings_plan_savings_plan_effective_cost',
  'savings_plan_total_commitment_to_date',
  'savings_plan_used_commitment',
  'reservation_effective_cost',
  'reservation_unused_amortized_upfront_fee_for_billing_period',
  'reservation_unused_recurring_fee',
];
const dec = (name: string): Dec => ({ text: name, k: `${name}__k`, d: `${name}__d` });

/** A decimal column as DECIMAL(38,20): exact for up to 20 decimals, so sums round once, as in the JS path. */
const d20 = (name: string) =>
  `(CASE WHEN ${name}__k <= 18 THEN CAST(${name}__d AS DECIMAL(38,20)) ELSE CAST(${name} AS DECIMAL(38,20)) END)`;

/** The AWS amortized cost by line item type (aws-cur.ts amortizedCost), as DECIMAL(38,20) before rounding. */
const AMORTIZED = `(CASE
  WHEN line_item_line_item_type = 'SavingsPlanCoveredUsage' THEN COALESCE(d20(savings_plan_savings_plan_effective_cost), unblended)
  WHEN line_item_line_item_type = 'SavingsPlanRecurringFee' THEN
    CASE WHEN savings_plan_total_commitment_to_date IS NOT NULL AND savings_plan_used_commitment IS NOT NULL
      THEN d20(savings_plan_total_commitment_to_date) - d20(savings_plan_used_commitment) ELSE unblended END
  WHEN line_item_line_item_type IN ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') THEN CAST(0 AS DECIMAL(38,20))
  WHEN line_item_line_item_type = 'DiscountedUsage' THEN COALESCE(d20(reservation_effective_cost), unblended)
  WHEN line_item_line_item_type = 'RIFee' THEN
    CASE WHEN reservation_unused_amortized_upfront_fee_for_billing_period IS NOT NULL OR reservation_unused_recurring_fee IS NOT NULL
      THEN COALESCE(d20(reservation_unused_amortized_upfront_fee_for_billing_period), 0) + COALESCE(d20(reservation_unused_recurring_fee), 0)
      ELSE unblended END
  WHEN line_item_line_item_type = 'Fee' THEN CASE WHEN reservation_reservation_a_r_n IS NOT NULL THEN CAST(0 AS DECIMAL(38,20)) ELSE unblended END
  ELSE unblended
END)`.replace(/d20\(([a-z_]+)\)/g, (_, column: string) => d20(column));

/** `"key":<value as JSON>` when `value` is not NULL or empty, else NULL (concat_ws skips it). */
const member = (key: string, value: string, json = `to_json(${value})`) =>
  `CASE WHEN ${value} <> '' THEN ${lit(JSON.stringify(key))} || ':' || CAST(${json} AS VARCHAR) END`;

/** A JSON object text of members (concat_ws drops the NULL ones), NULL when there are none. */
const object = (members: readonly string[]) =>
  `CAST(NULLIF('{' || concat_ws(',', ${members.join(', ')}) || '}', '{}') AS JSON)`;

/** Tags: the CUR 2.0 `resource_tags` map and each legacy `resourceTags/<key>` column, as one JSON object or NULL. */
function labelsSql(tagColumns: readonly string[], hasMap: boolean): string {
  const columns = tagColumns.map((h) => member(h.slice('resourceTags/'.length), ident(h)));
  if (!hasMap) return columns.length ? object(columns) : 'CAST(NULL AS JSON)';
  const entries = [
    `CASE WHEN json_type(resource_tags) = 'OBJECT' THEN map_entries(CAST(resource_tags AS MAP(VARCHAR, VARCHAR)))
      ELSE CAST([] AS STRUCT(key VARCHAR, value VARCHAR)[]) END`,
    `[${tagColumns.map((h) => `{'key': ${lit(h.slice('resourceTags/'.length))}, 'value': ${ident(h)}}`).join(', ')}]`,
  ];
  const kept = `list_filter(list_concat(${entries.join(', ')}), x -> x.value IS NOT NULL AND x.value <> '')`;
  return `(CASE WHEN len(${kept}) = 0 THEN NULL ELSE CAST(to_json(map_from_entries(${kept})) AS JSON) END)`;
}

/**
 * The export columns no typed column holds (aws-cur.ts `inRaw`): each non-empty cell as its text (the JSON
 * `resource_tags` as JSON), spec columns under their names, the others under their header; `{}` when none.
 */
function rawSql(header: readonly string[], specIndex: readonly number[], others: readonly string[]): string {
  const members = AWS_CUR_COLUMNS.flatMap((spec, k) => {
    const index = specIndex[k]!;
    if (index < 0 || !inRaw(spec.name)) return [];
    const source = ident(header[index]!);
    return [member(spec.name, source, spec.type === 'json' ? jsonValue(source) : undefined)];
  });
  const all = [...members, ...others.filter(inRaw).map((h) => member(h, ident(h)))];
  // `{}` when every cell is typed or empty, as curRawRow's.
  return all.length ? `CAST('{' || concat_ws(',', ${all.join(', ')}) || '}' AS JSON)` : `CAST('{}' AS JSON)`;
}

/** The typed spec columns, the legacy tag columns and the raw row of one file, and its labels, from its header. */
function typedColumns(file: string, header: readonly string[]) {
  const plan = planTable(file, header, { columns: AWS_CUR_COLUMNS, keepOther: true });
  const others = plan.others.map(([name]) => name);
  const typed = AWS_CUR_COLUMNS.map((spec, k) => {
    const index = plan.specIndex[k]!;
    const value =
      index < 0 ? `CAST(NULL AS ${NULL_OF[spec.type]})` : TYPED[spec.type]!(ident(header[index]!));
    return `${value} AS ${ident(spec.name)}`;
  });
  // Legacy tag columns pass through as text for the labels.
  const tagColumns = others.filter((h) => h.startsWith('resourceTags/'));
  const hasMap = plan.specIndex[AWS_CUR_COLUMNS.findIndex((c) => c.name === 'resource_tags')]! >= 0;
  const columns = [
    ...typed,
    ...tagColumns.map((h) => `${ident(h)} AS ${ident(h)}`),
    `${rawSql(header, plan.specIndex, others)} AS raw`,
  ];
  return { columns, labels: labelsSql(tagColumns, hasMap) };
}

/** (first ?? second) x amount exactly, else the cost: curRawRow's list and contracted cost. */
const productOr = (first: Dec, second: Dec) => {
  const amount = dec('line_item_usage_amount');
  return `(CASE WHEN ${amount.d} IS NULL THEN cost
    WHEN ${first.d} IS NOT NULL THEN ${exactProduct(first, amount)}
    WHEN ${second.d} IS NOT NULL THEN ${exactProduct(second, amount)}
    ELSE cost END)`;
};
/** The applied rate: the export's, else exactly cost / usage amount (aws-cur.ts exactRate). */
const RATE: Dec = { text: 'rate', k: 'rate__k', d: 'rate__d' };
const PUBLIC = dec('pricing_public_on_demand_rate');

/**
 * The SELECT of one CUR file's rows in the run dates (`@start_date`..`@end_date`) with the run's lineage
 * (`@org_slug`, `@pipeline_id`, `@credential_id`, `@run_id`, `@ingested_at`), reading `FROM reader`.
 */
export function curSelect(file: string, header: readonly string[], reader: string): string {
  const { columns, labels } = typedColumns(file, header);
  return `SELECT
    CAST(line_item_usage_start_date AS DATE) AS usage_date,
    line_item_usage_start_date AS usage_start_time,
    line_item_usage_end_date AS usage_end_time,
    bill_payer_account_id AS billing_account_id,
    line_item_usage_account_id AS sub_account_id,
    line_item_usage_account_name AS sub_account_name,
    line_item_product_code AS service_id,
    COALESCE(product_product_name, line_item_product_code) AS service_name,
    product_sku AS sku_id,
    line_item_line_item_description AS sku_description,
    line_item_resource_id AS resource_id,
    COALESCE(product_region_code, product_region) AS region,
    line_item_availability_zone AS zone,
    COALESCE(line_item_line_item_type, 'Usage') AS charge_type,
    line_item_usage_amount__d AS usage_amount,
    pricing_unit AS usage_unit,
    line_item_usage_amount__d AS pricing_quantity,
    pricing_unit,
    cost,
    ${productOr(PUBLIC, RATE)} AS list_cost,
    COALESCE(upper(line_item_currency_code), 'USD') AS currency,
    bill_invoice_id AS invoice_id,
    CAST(bill_billing_period_start_date AS DATE) AS billing_period_start,
    CAST(bill_billing_period_end_date AS DATE) AS billing_period_end,
    ${labels} AS labels,
    raw,
    COALESCE(line_item_line_item_type, 'Usage') AS line_item_type,
    line_item_usage_type AS usage_type,
    line_item_operation AS operation,
    pricing_term,
    cost AS unblended_cost,
    line_item_net_unblended_cost__d AS net_unblended_cost,
    CAST(${AMORTIZED} AS DECIMAL(38,18)) AS amortized_cost,
    reservation_reservation_a_r_n AS reservation_arn,
    savings_plan_savings_plan_a_r_n AS savings_plan_arn,
    identity_line_item_id AS line_item_id,
    bill_billing_entity AS billing_entity,
    rate__d AS unblended_rate,
    pricing_public_on_demand_rate__d AS public_on_demand_rate,
    ${productOr(RATE, PUBLIC)} AS contracted_cost,
    CASE WHEN starts_with(line_item_product_code, 'AmazonBedrock') OR ends_with(product_product_name, ' (Amazon Bedrock Edition)')
      OR product_product_name = 'Amazon Bedrock' THEN 'bedrock' END AS genai_provider,
    CAST(NULL AS VARCHAR) AS genai_model,
    'aws' AS x_cloud_provider,
    bill_payer_account_id AS x_cloud_account_id,
    @org_slug AS x_org_slug, @pipeline_id AS x_pipeline_id, CAST(@credential_id AS VARCHAR) AS x_credential_id,
    CAST(line_item_usage_start_date AS DATE) AS x_pipeline_run_date, @run_id AS x_run_id,
    CAST(@ingested_at AS TIMESTAMPTZ) AS x_ingested_at, CAST(CAST(@ingested_at AS TIMESTAMPTZ) AS DATE) AS x_ingestion_date
  FROM (SELECT *, (CASE WHEN line_item_unblended_rate IS NOT NULL THEN line_item_unblended_rate__d ELSE ${bignumeric('rate', 'rate__k')} END) AS rate__d
  FROM (SELECT *, (CASE WHEN line_item_unblended_rate IS NOT NULL THEN line_item_unblended_rate__k ELSE ${decimalScale('rate')} END) AS rate__k
  FROM (SELECT *, COALESCE(line_item_unblended_rate, ${exactQuotient(dec('line_item_unblended_cost'), dec('line_item_usage_amount'))}) AS rate
  FROM (SELECT *, line_item_unblended_cost__d AS cost, CAST(line_item_unblended_cost__d AS DECIMAL(38,20)) AS unblended
  FROM (SELECT *, ${DECIMALS.map((c) => `${bignumeric(c, `${c}__k`)} AS ${c}__d`).join(', ')}
  FROM (SELECT *, ${DECIMALS.map((c) => `${decimalScale(c)} AS ${c}__k`).join(', ')}
    FROM (SELECT ${columns.join(',\n      ')} FROM ${reader})
    WHERE CAST(line_item_usage_start_date AS DATE) BETWEEN CAST(@start_date AS DATE) AND CAST(@end_date AS DATE)))))))`;
}

/**
 * Sets `genai_model` of the slice's Bedrock rows: one `bedrockModel` call and one UPDATE per distinct usage type
 * and product name (a handful per run), inside the load's transaction.
 */
export async function bedrockModels(
  run: (sql: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>[]>,
  table: string,
  where: string,
  params: Record<string, unknown>,
): Promise<void> {
  const name = `json_extract_string(raw, '$.product_product_name')`;
  const bedrock = `${where} AND genai_provider = 'bedrock'`;
  const pairs = await run(
    `SELECT DISTINCT usage_type, ${name} AS product_name FROM ${table} WHERE ${bedrock}`,
    params,
  );
  for (const pair of pairs) {
    const usageType = pair.usage_type === null ? null : String(pair.usage_type);
    const productName = pair.product_name === null ? null : String(pair.product_name);
    const model = bedrockModel(usageType, productName);
    if (model === null) continue;
    await run(
      `UPDATE ${table} SET genai_model = @model WHERE ${bedrock}
        AND usage_type IS NOT DISTINCT FROM CAST(@usage_type AS VARCHAR) AND ${name} IS NOT DISTINCT FROM CAST(@product_name AS VARCHAR)`,
      { ...params, model, usage_type: usageType, product_name: productName },
    );
  }
}
