/**
 * `aws/cur` read by the warehouse engine: the SELECT turning one CUR file (every column text, either header style)
 * into `cloud_aws_billing_raw_daily` rows — the SQL twin of `curRawRow` (aws-cur.ts), row for row: the same
 * typing, exact rates and products, amortization, tags and GenAI provider. The Bedrock model (a few distinct
 * usage types per run) is set after the insert by `bedrockModels`, with aws-cur.ts's own function.
 */
import type { FileReader } from '../ports/warehouse/port.js';
import { AWS_CUR_COLUMNS, inRaw } from './aws-cur.js';
import { engineDialect, inRunDates, lineageSql, type EngineDialect } from './engine-dialect.js';
import type { Dec } from './engine-sql.js';
import { planTable } from './files/headers.js';
import { bedrockModel } from './genai-tags.js';

type Typer = 'text' | 'decimalText' | 'timestampValue' | 'jsonValue';
const TYPED: Record<string, Typer> = {
  string: 'text',
  decimal: 'decimalText',
  timestamp: 'timestampValue',
  json: 'jsonValue',
};
const NULL_OF: Record<string, keyof EngineDialect['types']> = {
  string: 'text',
  decimal: 'text',
  timestamp: 'timestamp',
  json: 'json',
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

/** The AWS amortized cost by line item type (aws-cur.ts amortizedCost), in the dialect's wide type. */
const amortized = (d: EngineDialect) =>
  `(CASE
  WHEN line_item_line_item_type = 'SavingsPlanCoveredUsage' THEN COALESCE(wide(savings_plan_savings_plan_effective_cost), unblended)
  WHEN line_item_line_item_type = 'SavingsPlanRecurringFee' THEN
    CASE WHEN savings_plan_total_commitment_to_date IS NOT NULL AND savings_plan_used_commitment IS NOT NULL
      THEN wide(savings_plan_total_commitment_to_date) - wide(savings_plan_used_commitment) ELSE unblended END
  WHEN line_item_line_item_type IN ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') THEN ${d.zero}
  WHEN line_item_line_item_type = 'DiscountedUsage' THEN COALESCE(wide(reservation_effective_cost), unblended)
  WHEN line_item_line_item_type = 'RIFee' THEN
    CASE WHEN reservation_unused_amortized_upfront_fee_for_billing_period IS NOT NULL OR reservation_unused_recurring_fee IS NOT NULL
      THEN COALESCE(wide(reservation_unused_amortized_upfront_fee_for_billing_period), ${d.zero}) + COALESCE(wide(reservation_unused_recurring_fee), ${d.zero})
      ELSE unblended END
  WHEN line_item_line_item_type = 'Fee' THEN CASE WHEN reservation_reservation_a_r_n IS NOT NULL THEN ${d.zero} ELSE unblended END
  ELSE unblended
END)`.replace(/wide\(([a-z_]+)\)/g, (_, column: string) => d.wide(column));

/** A legacy `resourceTags/<key>` column as the SELECT's layers carry it (export headers are not SQL names). */
const tagAlias = (i: number) => `tag__${i}`;

/**
 * The export columns no typed column holds (aws-cur.ts `inRaw`): each non-empty cell as its text (the JSON
 * `resource_tags` as JSON), spec columns under their names, the others under their header; `{}` when none.
 */
function rawSql(
  reader: FileReader,
  d: EngineDialect,
  specIndex: readonly number[],
  others: readonly number[],
) {
  const { header, column } = reader;
  const members = AWS_CUR_COLUMNS.flatMap((spec, k) => {
    const index = specIndex[k]!;
    if (index < 0 || !inRaw(spec.name)) return [];
    const value = column(index);
    return [{ key: spec.name, value, ...(spec.type === 'json' ? { json: d.jsonValue(value) } : {}) }];
  });
  const all = [
    ...members,
    ...others.filter((i) => inRaw(header[i]!)).map((i) => ({ key: header[i]!, value: column(i) })),
  ];
  // `{}` when every cell is typed or empty, as curRawRow's.
  return d.jsonObject(all, '{}');
}

/** The typed spec columns, the legacy tag columns and the raw row of one file, and its labels, from its header. */
function typedColumns(file: string, reader: FileReader, d: EngineDialect) {
  const { header, column } = reader;
  const plan = planTable(file, header, { columns: AWS_CUR_COLUMNS, keepOther: true });
  const position = new Map<string, number>();
  header.forEach((h, i) => position.has(h) || position.set(h, i));
  const others = plan.others.map(([name]) => position.get(name)!);
  const typed = AWS_CUR_COLUMNS.map((spec, k) => {
    const index = plan.specIndex[k]!;
    const value =
      index < 0 ? `CAST(NULL AS ${d.types[NULL_OF[spec.type]!]})` : d[TYPED[spec.type]!](column(index));
    return `${value} AS ${spec.name}`;
  });
  // Legacy tag columns pass through as text for the labels.
  const tags = others.filter((i) => header[i]!.startsWith('resourceTags/'));
  const hasMap = plan.specIndex[AWS_CUR_COLUMNS.findIndex((c) => c.name === 'resource_tags')]! >= 0;
  const columns = [
    ...typed,
    ...tags.map((i, n) => `${column(i)} AS ${tagAlias(n)}`),
    `${rawSql(reader, d, plan.specIndex, others)} AS raw`,
  ];
  const tagMembers = tags.map((i, n) => ({
    key: header[i]!.slice('resourceTags/'.length),
    value: tagAlias(n),
  }));
  return { columns, labels: d.labels(tagMembers, hasMap ? 'resource_tags' : null) };
}

/** (first ?? second) x amount exactly, else the cost: curRawRow's list and contracted cost. */
const productOr = (d: EngineDialect, first: Dec, second: Dec) => {
  const amount = dec('line_item_usage_amount');
  return `(CASE WHEN ${amount.d} IS NULL THEN cost
    WHEN ${first.d} IS NOT NULL THEN ${d.exactProduct(first, amount)}
    WHEN ${second.d} IS NOT NULL THEN ${d.exactProduct(second, amount)}
    ELSE cost END)`;
};
/** The applied rate: the export's, else exactly cost / usage amount (aws-cur.ts exactRate). */
const RATE: Dec = { text: 'rate', k: 'rate__k', d: 'rate__d' };
const PUBLIC = dec('pricing_public_on_demand_rate');

/**
 * The SELECT of one CUR file's rows in the run dates (`@start_date`..`@end_date`) with the run's lineage
 * (`@org_slug`, `@pipeline_id`, `@credential_id`, `@run_id`, `@ingested_at`), reading `FROM reader.from`, in the
 * reader's dialect.
 */
export function curSelect(file: string, reader: FileReader): string {
  const d = engineDialect(reader.dialect);
  const { columns, labels } = typedColumns(file, reader, d);
  const { text } = d.types;
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
    ${productOr(d, PUBLIC, RATE)} AS list_cost,
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
    ${d.money(amortized(d))} AS amortized_cost,
    reservation_reservation_a_r_n AS reservation_arn,
    savings_plan_savings_plan_a_r_n AS savings_plan_arn,
    identity_line_item_id AS line_item_id,
    bill_billing_entity AS billing_entity,
    rate__d AS unblended_rate,
    pricing_public_on_demand_rate__d AS public_on_demand_rate,
    ${productOr(d, RATE, PUBLIC)} AS contracted_cost,
    CASE WHEN starts_with(line_item_product_code, 'AmazonBedrock') OR ends_with(product_product_name, ' (Amazon Bedrock Edition)')
      OR product_product_name = 'Amazon Bedrock' THEN 'bedrock' END AS genai_provider,
    CAST(NULL AS ${text}) AS genai_model,
    'aws' AS x_cloud_provider,
    bill_payer_account_id AS x_cloud_account_id,
    ${lineageSql(d, 'CAST(line_item_usage_start_date AS DATE)')}
  FROM (SELECT *, (CASE WHEN line_item_unblended_rate IS NOT NULL THEN line_item_unblended_rate__d ELSE ${d.bignumeric('rate', 'rate__k')} END) AS rate__d
  FROM (SELECT *, (CASE WHEN line_item_unblended_rate IS NOT NULL THEN line_item_unblended_rate__k ELSE ${d.decimalScale('rate')} END) AS rate__k
  FROM (SELECT *, COALESCE(line_item_unblended_rate, ${d.exactQuotient(dec('line_item_unblended_cost'), dec('line_item_usage_amount'))}) AS rate
  FROM (SELECT *, line_item_unblended_cost__d AS cost, ${d.widen('line_item_unblended_cost__d')} AS unblended
  FROM (SELECT *, ${DECIMALS.map((c) => `${d.bignumeric(c, `${c}__k`)} AS ${c}__d`).join(', ')}
  FROM (SELECT *, ${DECIMALS.map((c) => `${d.decimalScale(c)} AS ${c}__k`).join(', ')}
    FROM (SELECT ${columns.join(',\n      ')} FROM ${reader.from})
    WHERE ${inRunDates('CAST(line_item_usage_start_date AS DATE)')}))))))`;
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
  dialect: EngineDialect['kind'],
): Promise<void> {
  const d = engineDialect(dialect);
  const name = d.jsonText('raw', '$.product_product_name');
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
        AND usage_type IS NOT DISTINCT FROM CAST(@usage_type AS ${d.types.text})
        AND ${name} IS NOT DISTINCT FROM CAST(@product_name AS ${d.types.text})`,
      { ...params, model, usage_type: usageType, product_name: productName },
    );
  }
}
