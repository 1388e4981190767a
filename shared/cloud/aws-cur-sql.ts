/**
 * `aws/cur` read by the warehouse engine: the SELECT turning one CUR file (every column text, either header style)
 * into `cloud_aws_billing_raw_daily` rows — the SQL twin of `curRawRow` (aws-cur.ts), row for row: the same
 * typing, exact rates and products, amortization, tags and GenAI provider. The Bedrock model (a few distinct
 * usage types per run) is set after the insert by `bedrockModels`, with aws-cur.ts's own function.
 */
import { AWS_CUR_COLUMNS } from './aws-cur.js';
import {
  bignumeric,
  decimalMantissa,
  decimalScale,
  decimalText,
  exactProduct,
  exactQuotient,
  ident,
  isoUtc,
  jsonValue,
  lit,
  partsText,
  plainDecimal,
  textValue,
  timestampValue,
  type Parts,
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

const parts = (plain: string): Parts => ({ m: decimalMantissa(plain), s: decimalScale(plain) });

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
END)`.replace(/d20\(([a-z_]+)\)/g, 'CAST($1 AS DECIMAL(38,20))');

/** Tags: the CUR 2.0 `resource_tags` map and each legacy `resourceTags/<key>` column, as one JSON object or NULL. */
function labelsSql(tagColumns: readonly string[]): string {
  const entries = [
    `CASE WHEN json_type(resource_tags) = 'OBJECT' THEN map_entries(CAST(resource_tags AS MAP(VARCHAR, VARCHAR)))
      ELSE CAST([] AS STRUCT(key VARCHAR, value VARCHAR)[]) END`,
    `[${tagColumns.map((h) => `{'key': ${lit(h.slice('resourceTags/'.length))}, 'value': ${ident(h)}}`).join(', ')}]`,
  ];
  const kept = `list_filter(list_concat(${entries.join(', ')}), x -> x.value IS NOT NULL AND x.value <> '')`;
  return `(CASE WHEN len(${kept}) = 0 THEN NULL ELSE CAST(to_json(map_from_entries(${kept})) AS JSON) END)`;
}

/** A raw value as the JS reader types it: decimals canonical, timestamps ISO in UTC, JSON parsed. */
function rawValue(name: string, type: string | undefined): string {
  const c = ident(name);
  if (type === 'decimal') {
    const plain = plainDecimal(c);
    return `to_json(${partsText(decimalMantissa(plain), decimalScale(plain))})`;
  }
  if (type === 'timestamp') return `to_json(${isoUtc(c)})`;
  return `to_json(${c})`;
}

/** The source row: every non-empty value, spec columns under their names (typed), others under their header. */
function rawSql(names: readonly string[]): string {
  const types = new Map(AWS_CUR_COLUMNS.map((c) => [c.name, c.type]));
  const entries = names.map((n) => `{'key': ${lit(n)}, 'value': ${rawValue(n, types.get(n))}}`).join(', ');
  return `CAST(to_json(map_from_entries(list_filter([${entries}], x -> x.value IS NOT NULL AND CAST(x.value AS VARCHAR) <> '""'))) AS JSON)`;
}

/** The typed spec columns and the other columns of one file, from its header. */
function typedColumns(file: string, header: readonly string[]) {
  const plan = planTable(file, header, { columns: AWS_CUR_COLUMNS, keepOther: true });
  const typed = AWS_CUR_COLUMNS.map((spec, k) => {
    const index = plan.specIndex[k]!;
    const value =
      index < 0 ? `CAST(NULL AS ${NULL_OF[spec.type]})` : TYPED[spec.type]!(ident(header[index]!));
    return `${value} AS ${ident(spec.name)}`;
  });
  const others = plan.others.map(([name]) => name);
  return { typed, others };
}

/**
 * The SELECT of one CUR file's rows in the run dates (`@start_date`..`@end_date`) with the run's lineage
 * (`@org_slug`, `@pipeline_id`, `@credential_id`, `@run_id`, `@ingested_at`), reading `FROM reader`.
 */
export function curSelect(file: string, header: readonly string[], reader: string): string {
  const { typed, others } = typedColumns(file, header);
  const tagColumns = others.filter((h) => h.startsWith('resourceTags/'));
  const otherText = others.map((h) => `${textValue(ident(h))} AS ${ident(h)}`);
  const rawNames = [...AWS_CUR_COLUMNS.map((c) => c.name), ...others];
  const cost = parts('cost_plain');
  const amount = parts('amount_plain');
  const rate = parts('rate_plain');
  const publicRate = parts('public_plain');
  // (first ?? second) x amount exactly, else the cost (curRawRow's list and contracted cost).
  const productOr = ([firstText, first]: [string, Parts], [secondText, second]: [string, Parts]) =>
    `(CASE WHEN amount_plain IS NULL THEN ${bignumeric('line_item_unblended_cost')}
      WHEN ${firstText} IS NOT NULL THEN ${bignumeric(exactProduct(first, amount))}
      WHEN ${secondText} IS NOT NULL THEN ${bignumeric(exactProduct(second, amount))}
      ELSE ${bignumeric('line_item_unblended_cost')} END)`;
  const byPublic: [string, Parts] = ['pricing_public_on_demand_rate', publicRate];
  const byRate: [string, Parts] = ['rate_plain', rate];
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
    ${bignumeric('line_item_usage_amount')} AS usage_amount,
    pricing_unit AS usage_unit,
    ${bignumeric('line_item_usage_amount')} AS pricing_quantity,
    pricing_unit,
    ${bignumeric('line_item_unblended_cost')} AS cost,
    ${productOr(byPublic, byRate)} AS list_cost,
    COALESCE(upper(line_item_currency_code), 'USD') AS currency,
    bill_invoice_id AS invoice_id,
    CAST(bill_billing_period_start_date AS DATE) AS billing_period_start,
    CAST(bill_billing_period_end_date AS DATE) AS billing_period_end,
    ${labelsSql(tagColumns)} AS labels,
    ${rawSql(rawNames)} AS raw,
    COALESCE(line_item_line_item_type, 'Usage') AS line_item_type,
    line_item_usage_type AS usage_type,
    line_item_operation AS operation,
    pricing_term,
    ${bignumeric('line_item_unblended_cost')} AS unblended_cost,
    ${bignumeric('line_item_net_unblended_cost')} AS net_unblended_cost,
    CAST(${AMORTIZED} AS DECIMAL(38,18)) AS amortized_cost,
    reservation_reservation_a_r_n AS reservation_arn,
    savings_plan_savings_plan_a_r_n AS savings_plan_arn,
    identity_line_item_id AS line_item_id,
    bill_billing_entity AS billing_entity,
    ${bignumeric('rate_plain')} AS unblended_rate,
    ${bignumeric('pricing_public_on_demand_rate')} AS public_on_demand_rate,
    ${productOr(byRate, byPublic)} AS contracted_cost,
    CASE WHEN starts_with(line_item_product_code, 'AmazonBedrock') OR ends_with(product_product_name, ' (Amazon Bedrock Edition)')
      OR product_product_name = 'Amazon Bedrock' THEN 'bedrock' END AS genai_provider,
    CAST(NULL AS VARCHAR) AS genai_model,
    'aws' AS x_cloud_provider,
    bill_payer_account_id AS x_cloud_account_id,
    @org_slug AS x_org_slug, @pipeline_id AS x_pipeline_id, CAST(@credential_id AS VARCHAR) AS x_credential_id,
    CAST(line_item_usage_start_date AS DATE) AS x_pipeline_run_date, @run_id AS x_run_id,
    CAST(@ingested_at AS TIMESTAMPTZ) AS x_ingested_at, CAST(CAST(@ingested_at AS TIMESTAMPTZ) AS DATE) AS x_ingestion_date
  FROM (SELECT *, COALESCE(line_item_unblended_rate_plain, ${exactQuotient(cost, amount)}) AS rate_plain FROM (
    SELECT *, CAST(line_item_unblended_cost AS DECIMAL(38,20)) AS unblended,
      ${plainDecimal('line_item_unblended_cost')} AS cost_plain, ${plainDecimal('line_item_usage_amount')} AS amount_plain,
      ${plainDecimal('line_item_unblended_rate')} AS line_item_unblended_rate_plain
    FROM (SELECT ${[...typed, ...otherText].join(',\n      ')} FROM ${reader})
    WHERE CAST(line_item_usage_start_date AS DATE) BETWEEN CAST(@start_date AS DATE) AND CAST(@end_date AS DATE)))`.replace(
    /public_plain/g,
    `${plainDecimal('pricing_public_on_demand_rate')}`,
  );
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
