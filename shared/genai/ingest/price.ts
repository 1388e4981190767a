/**
 * Prices `genai_payg_usage_raw` rows into `genai_payg_costs_daily` lines: one line per usage bucket and token
 * type, with the contracted price (org override when one is valid that day, else the public price) and the
 * public list price beside it. Usage without a price becomes unpriced lines (listed, never costed at 0).
 */
import { costUsage, type CostResult, type PricedCost } from '../pricing/cost.js';
import { UsageDataError } from '../pricing/errors.js';
import type { PriceBook, PriceOptions } from '../pricing/price-book.js';
import { billableQuantities, type ParsedUsageRow } from '../pricing/quantities.js';
import { D } from '../pricing/rates.js';
import { UsageRowSchema, type PriceKey } from '../pricing/types.js';
import { asReportedProblem, bookTier, usageOfRaw, type RawUsageRow } from './raw.js';

/** One `genai_payg_costs_daily` row without its lineage columns. Money and quantities are exact strings. */
export interface CostLineRow {
  cost_date: string;
  provider: string;
  usage_kind: string;
  usage_row_id: string;
  model: string | null;
  matched_model: string | null;
  region: string | null;
  workspace_id: string | null;
  api_key_id: string | null;
  service_tier: string | null;
  is_batch: boolean | null;
  long_context: string | null;
  token_type: string;
  pricing_unit: string;
  quantity: string;
  list_unit_price: string | null;
  unit_price: string | null;
  list_cost: string | null;
  total_cost: string | null;
  currency: string | null;
  price_id: string | null;
  list_price_id: string | null;
  price_source: string | null;
  rate_from: string | null;
  pricing_status: 'priced' | 'unpriced' | 'free';
  unpriced_reason: string | null;
}

/** FOCUS PricingUnit of each price key (UnitFormat plural units). */
export const PRICING_UNIT: Record<PriceKey, string> = {
  input: 'Tokens',
  cached_input: 'Tokens',
  cache_write_5m: 'Tokens',
  cache_write_1h: 'Tokens',
  audio_input: 'Tokens',
  image_input: 'Tokens',
  output: 'Tokens',
  audio_output: 'Tokens',
  image: 'Images',
  character: 'Characters',
  second: 'Seconds',
  request: 'Requests',
};

/** Usage kinds the provider does not charge for (OpenAI: the moderation endpoint is free of charge). */
const FREE_KINDS: Record<string, ReadonlySet<string>> = { openai: new Set(['moderations']) };
/** Usage kinds billed by something other than tokens or units the price book holds (reported unpriced). */
const OTHER_UNITS: Record<string, [keyof RawUsageRow, string]> = {
  code_interpreter_sessions: ['sessions', 'Sessions'],
  vector_stores: ['usage_bytes', 'Bytes'],
};

/** The most decimals BIGNUMERIC holds in both warehouses (DuckDB DECIMAL(38,18)). */
const MAX_SCALE = 18;

/** A price or cost that cannot be stored exactly: its line is reported unpriced, never rounded. */
class PrecisionError extends Error {}

function exact(value: InstanceType<typeof D>, what: string): string {
  if (value.decimalPlaces() > MAX_SCALE) {
    throw new PrecisionError(`${what} = ${value.toFixed()} needs more than ${MAX_SCALE} decimals`);
  }
  return value.toFixed();
}

/** The price books of one org: public defaults (list prices) and defaults plus the org's overrides. */
export interface OrgPriceBooks {
  list: PriceBook;
  contracted: PriceBook;
}

/** A line's own values: everything but the row's dimensions (an unpriced line without a price by default). */
type LineValues = Pick<CostLineRow, 'token_type' | 'pricing_unit' | 'quantity'> &
  Partial<Omit<CostLineRow, 'token_type' | 'pricing_unit' | 'quantity'>>;

/**
 * One cost line of `r`, built as one literal with every field (V8 builds spreads of this many fields slowly, and
 * the price step prices thousands of rows).
 */
function costLine(r: RawUsageRow, v: LineValues): CostLineRow {
  return {
    cost_date: r.usage_date,
    provider: r.provider,
    usage_kind: r.usage_kind,
    usage_row_id: r.usage_row_id,
    model: r.model,
    matched_model: v.matched_model ?? null,
    region: r.region,
    workspace_id: r.workspace_id,
    api_key_id: r.api_key_id,
    service_tier: r.service_tier,
    is_batch: r.is_batch,
    long_context: v.long_context ?? null,
    token_type: v.token_type,
    pricing_unit: v.pricing_unit,
    quantity: v.quantity,
    list_unit_price: v.list_unit_price ?? null,
    unit_price: v.unit_price ?? null,
    list_cost: v.list_cost ?? null,
    total_cost: v.total_cost ?? null,
    currency: v.currency ?? null,
    price_id: v.price_id ?? null,
    list_price_id: v.list_price_id ?? null,
    price_source: v.price_source ?? null,
    rate_from: v.rate_from ?? null,
    pricing_status: v.pricing_status ?? 'unpriced',
    unpriced_reason: v.unpriced_reason ?? null,
  };
}

/** Non-zero billable quantities of a raw row, by price key. */
function quantitiesOf(r: RawUsageRow): [PriceKey, number][] {
  const parsed = UsageRowSchema.parse(usageOfRaw(r)) as ParsedUsageRow;
  return Object.entries(billableQuantities(parsed).quantities).filter(([, q]) => (q ?? 0) > 0) as [
    PriceKey,
    number,
  ][];
}

function unpricedLines(
  r: RawUsageRow,
  reason: string,
  status: 'unpriced' | 'free' = 'unpriced',
): CostLineRow[] {
  const other = OTHER_UNITS[r.usage_kind];
  if (other) {
    const q = Number(r[other[0]] ?? 0);
    if (q <= 0) return [];
    return [
      costLine(r, {
        token_type: r.usage_kind,
        pricing_unit: other[1],
        quantity: String(q),
        unpriced_reason: reason,
      }),
    ];
  }
  const free = status === 'free';
  return quantitiesOf(r).map(([key, q]) =>
    costLine(r, {
      token_type: key,
      pricing_unit: PRICING_UNIT[key],
      quantity: new D(q).toFixed(),
      pricing_status: status,
      unpriced_reason: free ? null : reason,
      ...(free
        ? {
            list_unit_price: '0',
            unit_price: '0',
            list_cost: '0',
            total_cost: '0',
            price_source: 'provider_free',
          }
        : {}),
    }),
  );
}

const perUnit = (line: PricedCost['lines'][number]) =>
  line.unit === 'token' ? new D(line.unit_price_per_1m!).div(1_000_000) : new D(line.unit_price!);

function pricedLines(r: RawUsageRow, contracted: PricedCost, list: CostResult): CostLineRow[] {
  const listLines = list.status === 'priced' ? new Map(list.lines.map((l) => [l.token_type, l])) : undefined;
  return contracted.lines.map((line) => {
    const name = `${r.provider}/${r.model}@${r.usage_date} ${line.token_type}`;
    const unit = perUnit(line);
    const quantity = new D(line.quantity);
    const listLine = listLines?.get(line.token_type);
    const sameCurrency = list.status === 'priced' && list.currency === contracted.currency;
    const listUnit = listLine && sameCurrency ? perUnit(listLine) : unit;
    return costLine(r, {
      matched_model: contracted.matched_model,
      long_context: contracted.long_context,
      token_type: line.token_type,
      pricing_unit: PRICING_UNIT[line.token_type],
      quantity: quantity.toFixed(),
      list_unit_price: exact(listUnit, `list unit price of ${name}`),
      unit_price: exact(unit, `unit price of ${name}`),
      list_cost: exact(quantity.times(listUnit), `list cost of ${name}`),
      total_cost: exact(new D(line.cost), `cost of ${name}`),
      currency: contracted.currency,
      price_id: contracted.price_id,
      list_price_id:
        listLine && sameCurrency && list.status === 'priced' ? list.price_id : contracted.price_id,
      price_source: contracted.price_id.startsWith('custom:') ? 'custom' : 'default',
      rate_from: line.rate_from ?? null,
      pricing_status: 'priced',
      unpriced_reason: null,
    });
  });
}

/** Prices one raw row into its cost lines. */
export function priceRawRow(r: RawUsageRow, books: OrgPriceBooks, options: PriceOptions = {}): CostLineRow[] {
  if (FREE_KINDS[r.provider]?.has(r.usage_kind)) return unpricedLines(r, '', 'free');
  if (r.source_kind === 'usage_api_as_reported')
    return unpricedLines(r, `invalid_usage:${asReportedProblem(r)}`);
  if (OTHER_UNITS[r.usage_kind] || r.model === null) return unpricedLines(r, 'no_price');
  if (bookTier(r.service_tier) === undefined)
    return unpricedLines(r, `unknown_service_tier:${r.service_tier}`);
  const usage = usageOfRaw(r);
  let contracted: CostResult;
  try {
    contracted = costUsage(usage, books.contracted, options);
  } catch (err) {
    if (err instanceof UsageDataError) return unpricedLines(r, `invalid_usage:${err.message}`);
    throw err;
  }
  if (contracted.status === 'unpriced') {
    const reason = contracted.missing?.length
      ? `${contracted.reason}:${contracted.missing.join(',')}`
      : contracted.reason;
    return unpricedLines(r, reason);
  }
  try {
    return pricedLines(r, contracted, costUsage(usage, books.list, options));
  } catch (err) {
    if (err instanceof PrecisionError) return unpricedLines(r, `precision:${err.message}`);
    throw err;
  }
}

/** Prices raw rows: every line, and the unpriced lines (for the run log and the genai views). */
export function priceRawRows(rows: readonly RawUsageRow[], books: OrgPriceBooks, options: PriceOptions = {}) {
  const lines = rows.flatMap((r) => priceRawRow(r, books, options));
  return { lines, unpriced: lines.filter((l) => l.pricing_status === 'unpriced') };
}
