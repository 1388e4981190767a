/**
 * GCP Cloud Billing export rows (BigQuery standard `gcp_billing_export_v1_*` or detailed resource-level
 * `gcp_billing_export_resource_v1_*` table) -> `cloud_gcp_billing_raw_daily` rows. The local stand-in of the
 * export table is a directory of export files: CSV with flattened names (`service.description`,
 * `usage.amount_in_pricing_units`, as koku writes them; `service_description` also works) or JSON lines of the
 * BigQuery rows (nested objects, `credits` / `labels` arrays). Money stays exact text (decimal.js).
 *
 * Money: `cost` is the cost before credits, as exported; `credits_total` is the exact sum of the row's credits
 * (negative, 0 without credits). The invoice of a GCP billing account is Σ cost + Σ credits, and GCP's own
 * FOCUS view bills the row at cost + credits: the FOCUS conversion does the same. `list_cost` is GCP's
 * cost_at_list, else cost.
 *
 * Prices (gcp-prices.ts): a usage row gets `sku_price_id`, `list_unit_price` and `contracted_unit_price` per
 * pricing unit (exported, else derived from the rounded cost), and its units in FOCUS UnitFormat
 * (`usage_unit`, `pricing_unit`: 'gibibyte month' -> 'GiB-Months'); `raw` keeps GCP's own text.
 *
 * `credits`, `labels`, `project.labels`, `system_labels` and `tags` come as JSON text (BigQuery JSON) or as
 * Python literals (koku's flattened CSVs: `[{'name': 'FreeTrial:Credit-…', 'amount': -5e-06, 'full_name':
 * None, …}]`); both are parsed by `shared/json/literal.ts`, numbers exactly.
 */
import { Exact } from '../money/decimal.js';
import { cloudGcpBillingRawDaily } from '../datasets/index.js';
import { RowProblem, type ColumnSpec } from './files/index.js';
import { requiredSetting, type BillingFormat } from './format.js';
import { gcpPrices, gcpUnit } from './gcp-prices.js';
import { JsonNumber } from '../json/exact.js';
import { parseLiteral } from '../json/literal.js';

/** [BigQuery (dotted) name, type, required] of every field the normaliser reads; `a.b` also matches `a_b`. */
const COLUMNS: [string, ColumnSpec['type'], boolean?][] = [
  ['billing_account_id', 'string', true],
  ['invoice.month', 'string'],
  ['cost_type', 'string'],
  ['service.id', 'string'],
  ['service.description', 'string'],
  ['sku.id', 'string'],
  ['sku.description', 'string'],
  ['usage_start_time', 'timestamp', true],
  ['usage_end_time', 'timestamp'],
  ['project.id', 'string'],
  ['project.number', 'string'],
  ['project.name', 'string'],
  ['project.labels', 'string'],
  ['labels', 'string'],
  ['system_labels', 'string'],
  ['tags', 'string'],
  ['location.location', 'string'],
  ['location.region', 'string'],
  ['location.zone', 'string'],
  ['resource.name', 'string'],
  ['resource.global_name', 'string'],
  ['cost', 'decimal', true],
  ['cost_at_list', 'decimal'],
  ['currency', 'string'],
  ['usage.amount', 'decimal'],
  ['usage.unit', 'string'],
  ['usage.amount_in_pricing_units', 'decimal'],
  ['usage.pricing_unit', 'string'],
  ['credits', 'string'],
  // Detailed export only: the unit prices of gcpPrices.
  ['price.effective_price', 'decimal'],
  ['price.list_price', 'decimal'],
  ['price.tier_start_amount', 'decimal'],
  ['price.unit', 'string'],
  ['price.pricing_unit_quantity', 'decimal'],
];

/** What readBillingFile reads from a GCP export file (dotted or underscore names). */
export const GCP_EXPORT_COLUMNS: readonly ColumnSpec[] = COLUMNS.map(([name, type, required]) => ({
  name,
  type,
  ...(name.includes('.') ? { aliases: [name.replaceAll('.', '_')] } : {}),
  ...(required ? { required: true } : {}),
}));

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
const dec = (v: unknown) => (v === null || v === undefined || v === '' ? null : new Exact(String(v)));

// ---------------------------------------------------------------------------------------------------------
// JSON / Python literal values (lists of records), numbers exact.

/** A list-of-records field (credits, labels, tags); null / empty text is an empty list. */
function records(r: Row, field: string): Record<string, unknown>[] {
  const text = str(r[field]);
  if (text === null) return [];
  let parsed: unknown;
  try {
    parsed = parseLiteral(text);
  } catch (err) {
    throw new RowProblem(
      field,
      `${field} of the row starting ${String(r.usage_start_time)}: ${(err as Error).message}`,
    );
  }
  if (parsed === null) return [];
  // A key-value object ({"env": "prod"}) reads as [{key, value}] records.
  if (!Array.isArray(parsed) && typeof parsed === 'object' && !(parsed instanceof JsonNumber)) {
    return Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({ key, value }));
  }
  if (
    !Array.isArray(parsed) ||
    parsed.some((e) => e === null || typeof e !== 'object' || e instanceof JsonNumber)
  ) {
    throw new RowProblem(
      field,
      `${field} of the row starting ${String(r.usage_start_time)} is not a list of records`,
    );
  }
  return parsed as Record<string, unknown>[];
}

const scalar = (v: unknown) => (v instanceof JsonNumber ? v.text : str(v));

const DECIMAL_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$/;

/** Credits as stored: `amount` exact text (a number, or a decimal string), other nulls dropped. */
export function creditsOf(r: Row): Record<string, string>[] {
  return records(r, 'credits').map((c) => {
    const amount =
      c.amount instanceof JsonNumber ? c.amount.text : typeof c.amount === 'string' ? c.amount.trim() : '';
    if (!DECIMAL_TEXT.test(amount)) {
      throw new RowProblem(
        'credits',
        `a credit of the row starting ${String(r.usage_start_time)} has no decimal amount: ${JSON.stringify(c, (_, v: unknown) => (v instanceof JsonNumber ? v.text : v))}`,
      );
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(c)) {
      const s = k === 'amount' ? new Exact(amount).toFixed() : scalar(v);
      if (s !== null) out[k] = s;
    }
    return out;
  });
}

/** key/value records as one object (later records win); `namespace` (resource tags) prefixes the key. */
function keyValues(
  list: Record<string, unknown>[],
  into: Record<string, string> = {},
): Record<string, string> {
  for (const e of list) {
    const key = scalar(e.key);
    const value = scalar(e.value);
    if (key === null || value === null) continue;
    const namespace = scalar(e.namespace);
    // defineProperty: a `__proto__` key stays a key.
    Object.defineProperty(into, namespace ? `${namespace}/${key}` : key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return into;
}

// ---------------------------------------------------------------------------------------------------------

const day = (ts: string) => ts.slice(0, 10);

/** `YYYYMM` -> [first day, first day of the next month], or null. */
function invoicePeriod(month: string | null): [string, string] | null {
  const m = month ? /^(\d{4})(0[1-9]|1[0-2])$/.exec(month) : null;
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return [`${m[1]}-${m[2]}-01`, `${next}-01`];
}

/** regular | tax | adjustment | rounding_error (GCP's docs spell the last one "rounding error"). */
const costType = (v: unknown) => (str(v) ?? 'regular').trim().toLowerCase().replace(/\s+/g, '_');

/** One export row as a `cloud_gcp_billing_raw_daily` row (without lineage). */
export function gcpRawRow(r: Row) {
  const start = str(r.usage_start_time)!;
  const account = str(r.billing_account_id)!;
  const cost = dec(r.cost)!;
  const credits = creditsOf(r);
  const creditsTotal = credits.reduce((sum, c) => sum.plus(c.amount!), new Exact(0));
  const month = str(r['invoice.month']);
  const period = invoicePeriod(month);
  const location = str(r['location.location'])?.toLowerCase() ?? null;
  const system = keyValues(records(r, 'system_labels'));
  // FOCUS Tags: provider-defined (system labels), inherited project labels, resource tags, resource labels.
  const labels = keyValues(
    records(r, 'labels'),
    keyValues(records(r, 'tags'), keyValues(records(r, 'project.labels'), { ...system })),
  );
  const raw = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && v !== ''));
  const type = costType(r.cost_type);
  return {
    usage_date: day(start),
    usage_start_time: start,
    usage_end_time: str(r.usage_end_time),
    billing_account_id: account,
    sub_account_id: str(r['project.id']),
    sub_account_name: str(r['project.name']),
    service_id: str(r['service.id']),
    service_name: str(r['service.description']) ?? str(r['service.id']),
    sku_id: str(r['sku.id']),
    sku_description: str(r['sku.description']),
    resource_id: str(r['resource.global_name']),
    resource_name: str(r['resource.name']),
    region: str(r['location.region']) ?? (location === 'global' ? null : location),
    zone: str(r['location.zone']),
    charge_type: type,
    usage_amount: str(r['usage.amount']),
    usage_unit: gcpUnit(str(r['usage.unit'])),
    pricing_quantity: str(r['usage.amount_in_pricing_units']),
    pricing_unit: gcpUnit(str(r['usage.pricing_unit']) ?? str(r['price.unit'])),
    cost: cost.toFixed(),
    list_cost: (dec(r.cost_at_list) ?? cost).toFixed(),
    credits_total: creditsTotal.toFixed(),
    currency: str(r.currency)?.toUpperCase() ?? 'USD',
    invoice_id: month,
    billing_period_start: period?.[0] ?? null,
    billing_period_end: period?.[1] ?? null,
    labels: Object.keys(labels).length ? labels : null,
    raw,
    project_number: str(r['project.number']),
    cost_type: type,
    credits: credits.length ? credits : null,
    system_labels: Object.keys(system).length ? system : null,
    ...gcpPrices(r, type === 'regular'),
    x_cloud_provider: 'gcp',
    x_cloud_account_id: account,
  };
}

export const gcpBillingExportFormat: BillingFormat = {
  provider: 'gcp',
  format: 'billing_export',
  description:
    'GCP Cloud Billing export (standard or detailed resource-level BigQuery table), as CSV with flattened names or JSON lines',
  columns: GCP_EXPORT_COLUMNS,
  read: { keepOther: true },
  table: cloudGcpBillingRawDaily,
  location: (c) => [requiredSetting(c, 'billing_export_table')],
  toRaw: gcpRawRow,
};
