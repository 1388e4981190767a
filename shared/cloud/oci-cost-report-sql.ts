/**
 * `oci/cost_report` read by the warehouse engine: the SELECT turning one OCI cost report file (every column text)
 * into `cloud_oci_billing_raw_daily` rows — the SQL twin of `ociCostReportRawRow` and `reportCurrency`
 * (oci-report.ts), row for row: the same typing, exact price x quantity, units, tags and the report's currency
 * for rows without one. Authored once over `EngineDialect`; runs on DuckDB here and on BigQuery in production.
 * A row the JS path refuses fails the statement (`fail`), and engine-load.ts re-reads the file in JS to name it.
 */
import type { FileReader } from '../ports/warehouse/port.js';
import {
  engineDialect,
  inRunDates,
  lineageSql,
  type EngineDialect,
  type JsonMember,
} from './engine-dialect.js';
import { plainText, type Dec } from './engine-sql.js';
import { planTable } from './files/headers.js';
import { OCI_COST_REPORT_COLUMNS, OCI_UNITS } from './oci-report.js';

/** The SQL name a spec column's typed value has in the SELECT's layers (spec names hold `/`). */
const alias = (name: string) => `c_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
const TAG_PREFIX = 'tags/';

/** The columns whose value a row must have (ociCostReportRawRow's refusals), with the refusal. */
const REQUIRED_VALUES: Readonly<Record<string, string>> = {
  'lineItem/intervalUsageStart': 'an OCI cost report row without lineItem/intervalUsageStart',
  'cost/myCost': 'an OCI cost report row without cost/myCost',
};

/** The decimals the SELECT computes with: each gets its scale (`__k`) and value (`__d`) layers. */
const DECIMALS = ['usage/billedQuantity', 'cost/unitPrice', 'cost/myCost'];
const dec = (name: string): Dec => ({ text: alias(name), k: `${alias(name)}__k`, d: `${alias(name)}__d` });
const [QUANTITY, PRICE, COST] = DECIMALS.map(dec) as [Dec, Dec, Dec];

/** The typed value of one spec column from its text (NULL when the header lacks it). */
function typed(d: EngineDialect, type: string, text: string | null): string {
  if (text === null) {
    const sqlType =
      type === 'boolean' ? d.types.bool : type === 'timestamp' ? d.types.timestamp : d.types.text;
    return `CAST(NULL AS ${sqlType})`;
  }
  if (type === 'decimal') return d.decimalText(text);
  if (type === 'timestamp') return d.timestampValue(text);
  if (type === 'boolean') return d.booleanValue(text);
  return d.text(text);
}

/**
 * The typed spec columns, the tag columns and the raw row of one file. `raw` holds every non-empty cell as the
 * JS reader's row does (spec columns under their names, the others under their header), decimals as their
 * validated text, booleans as JSON booleans, other cells as the file's text.
 */
function typedColumns(file: string, reader: FileReader, d: EngineDialect) {
  const { header, column } = reader;
  const plan = planTable(file, header, { columns: OCI_COST_REPORT_COLUMNS, keepOther: true });
  const position = new Map<string, number>();
  header.forEach((h, i) => position.has(h) || position.set(h, i));
  const members: JsonMember[] = [];
  const columns = OCI_COST_REPORT_COLUMNS.map((spec, k) => {
    const index = plan.specIndex[k]!;
    const text = index < 0 ? null : column(index);
    if (text !== null) {
      const value = spec.type === 'decimal' ? d.decimalText(text) : text;
      members.push({
        key: spec.name,
        value,
        ...(spec.type === 'boolean' ? { json: d.toJson(d.booleanValue(text)) } : {}),
      });
    }
    const value = typed(d, spec.type, text);
    const missing = REQUIRED_VALUES[spec.name];
    return `${missing ? `COALESCE(${value}, ${d.fail(missing)})` : value} AS ${alias(spec.name)}`;
  });
  // Checked where the values are typed (as the JS path checks every row it reads).
  const textOf = (name: string) => {
    const index = plan.specIndex[OCI_COST_REPORT_COLUMNS.findIndex((c) => c.name === name)]!;
    return index < 0 ? 'NULL' : d.text(column(index));
  };
  columns.push(
    `COALESCE(${textOf('cost/subscriptionId')}, ${textOf('lineItem/tenantId')}, ${d.fail('an OCI cost report row without lineItem/tenantId')}) AS account`,
    // The report's currency where the row has none (fileCurrency, cross joined beside the file).
    `COALESCE(UPPER(${textOf('cost/currencyCode')}), report.file_currency, ${d.fail('an OCI cost report row without a currency, in a report without one')}) AS currency`,
  );
  const others = plan.others.map(([name]) => ({ name, text: column(position.get(name)!) }));
  for (const o of others) members.push({ key: o.name, value: o.text });
  const tags = others
    .filter((o) => o.name.startsWith(TAG_PREFIX))
    .map((o) => ({ key: o.name.slice(TAG_PREFIX.length), value: o.text }));
  columns.push(`${d.labels(tags, null)} AS labels`, `${d.jsonObject(members, '{}')} AS raw`);
  return {
    columns,
    currency: plan.specIndex[OCI_COST_REPORT_COLUMNS.findIndex((c) => c.name === 'cost/currencyCode')]!,
  };
}

/** OCI's unit names in FOCUS UnitFormat (oci-report.ts ociUnit). */
const unit = (text: string) =>
  `(CASE ${text} ${Object.entries(OCI_UNITS)
    .map(([from, to]) => `WHEN '${plainText(from)}' THEN '${plainText(to)}'`)
    .join(' ')} ELSE ${text} END)`;

/**
 * The report's currency (reportCurrency): the one currency its rows name, NULL when they name none or several;
 * from every row of the file, whatever its date.
 */
function fileCurrency(reader: FileReader, d: EngineDialect, index: number): string {
  if (index < 0) return `(SELECT CAST(NULL AS ${d.types.text}) AS file_currency)`;
  return `(SELECT CASE WHEN COUNT(DISTINCT c) = 1 THEN MIN(c) END AS file_currency
    FROM (SELECT UPPER(NULLIF(${reader.column(index)}, '')) AS c FROM ${reader.from}) AS currencies)`;
}

/**
 * The SELECT of one OCI cost report file's rows in the run dates (`@start_date`..`@end_date`) with the run's
 * lineage (see `lineageSql`), reading `FROM reader.from`, in the reader's dialect.
 */
export function ociCostReportSelect(file: string, reader: FileReader): string {
  const d = engineDialect(reader.dialect);
  const { columns, currency } = typedColumns(file, reader, d);
  const c = (name: string) => alias(name);
  const start = c('lineItem/intervalUsageStart');
  const day = `CAST(${start} AS DATE)`;
  // A zero-cost row with a quantity and no unit price (free usage) is priced at 0.
  const free = `(${d.zeroText(COST.text)} AND ${QUANTITY.d} IS NOT NULL)`;
  const zero = d.money(d.zero);
  const priced = `(CASE WHEN ${PRICE.d} IS NOT NULL AND ${QUANTITY.d} IS NOT NULL THEN ${d.exactProduct(PRICE, QUANTITY)}
    WHEN ${free} THEN ${zero} ELSE ${COST.d} END)`;
  const units = unit(c('cost/skuUnitDescription'));
  return `SELECT
    ${day} AS usage_date,
    ${start} AS usage_start_time,
    ${c('lineItem/intervalUsageEnd')} AS usage_end_time,
    account AS billing_account_id,
    ${c('lineItem/tenantId')} AS sub_account_id,
    ${c('product/service')} AS service_id,
    ${c('product/service')} AS service_name,
    ${c('cost/productSku')} AS sku_id,
    ${c('product/Description')} AS sku_description,
    ${c('product/resourceId')} AS resource_id,
    ${c('product/region')} AS region,
    ${c('product/availabilityDomain')} AS zone,
    CASE WHEN ${c('lineItem/isCorrection')} THEN 'Usage Correction' ELSE 'Usage' END AS charge_type,
    ${QUANTITY.d} AS usage_amount,
    ${units} AS usage_unit,
    ${QUANTITY.d} AS pricing_quantity,
    ${units} AS pricing_unit,
    ${COST.d} AS cost,
    ${priced} AS list_cost,
    currency,
    labels,
    raw,
    ${c('lineItem/tenantId')} AS tenancy_id,
    ${c('product/compartmentName')} AS compartment_path,
    ${c('lineItem/referenceNo')} AS reference_number,
    ${c('cost/overageFlag')} AS is_overage,
    ${COST.d} AS effective_cost,
    COALESCE(${PRICE.d}, CASE WHEN ${free} THEN ${zero} END) AS list_unit_price,
    COALESCE(${PRICE.d}, CASE WHEN ${free} THEN ${zero} END) AS contracted_unit_price,
    ${priced} AS contracted_cost,
    'oci' AS x_cloud_provider,
    account AS x_cloud_account_id,
    ${lineageSql(d, day)}
  FROM (SELECT *, ${DECIMALS.map((n) => `${d.bignumeric(dec(n).text, dec(n).k)} AS ${dec(n).d}`).join(', ')}
  FROM (SELECT *, ${DECIMALS.map((n) => `${d.decimalScale(dec(n).text)} AS ${dec(n).k}`).join(', ')}
    FROM (SELECT ${columns.join(',\n      ')}
      FROM ${reader.from} AS file_rows CROSS JOIN ${fileCurrency(reader, d, currency)} AS report) AS typed
    WHERE ${inRunDates(day)}) AS scaled) AS valued`;
}
