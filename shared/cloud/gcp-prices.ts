/**
 * FOCUS price columns of a GCP Cloud Billing export row: unit names in FOCUS UnitFormat, and the unit prices of
 * a usage row, exact where the export has them and derived from its cost where it does not.
 *
 * GCP rounds `cost` (and `cost_at_list`) to 6 decimals ("to a precision of up to six decimal places"; koku's
 * samples: '2e-06' for 1.1955e-05 GiB of egress), so no unit price times the pricing quantity equals it exactly.
 * FOCUS ContractedCost / ListCost stay GCP's own cost and cost at list (what the invoice adds up); the unit
 * prices are kept within GCP_COST_TOLERANCE of them (half GCP's rounding unit), which is the `costTolerance` a
 * conformance check of GCP rows passes (shared/focus/conformance.ts).
 */
import { Quotient as Exact } from '../money/decimal.js';

/** Half of GCP's 1e-6 rounding of cost: how far a unit price x pricing quantity may be from the cost. */
export const GCP_COST_TOLERANCE = '0.0000005';

/** Decimals of a derived unit price: the most BIGNUMERIC holds in both warehouses (DECIMAL(38,18) embedded). */
export const GCP_PRICE_SCALE = 18;

type Dec = Exact;
type Row = Record<string, unknown>;

const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
const dec = (v: unknown) => (v === null || v === undefined || v === '' ? null : new Exact(String(v)));

// ---------------------------------------------------------------------------------------------------------
// Units: GCP writes `bytes`, `byte-seconds`, `gibibyte month`, `hour`, `requests`, `count` ...; FOCUS UnitFormat
// wants data sizes abbreviated (B, GiB), time and count units capitalized and plural alone ('Hours'), singular
// before a '-' ('GiB-Months'), and a singular time unit after '/' ('GB/Hour').

const SIZES: Record<string, string> = {
  bit: 'b',
  byte: 'B',
  by: 'B',
  ...Object.fromEntries(
    (['K', 'M', 'G', 'T', 'P', 'E'] as const).flatMap((p, i) => {
      const si = ['kilo', 'mega', 'giga', 'tera', 'peta', 'exa'][i]!;
      const bin = ['kibi', 'mebi', 'gibi', 'tebi', 'pebi', 'exbi'][i]!;
      return [
        [`${si}bit`, `${p}b`],
        [`${si}byte`, `${p}B`],
        [`${bin}bit`, `${p}ib`],
        [`${bin}byte`, `${p}iB`],
        [`${p.toLowerCase()}iby`, `${p}iB`],
      ];
    }),
  ),
};
const ABBREVIATIONS = new Set(Object.values(SIZES));
const TIMES: Record<string, string> = {
  millisecond: 'Millisecond',
  ms: 'Millisecond',
  second: 'Second',
  s: 'Second',
  sec: 'Second',
  minute: 'Minute',
  min: 'Minute',
  hour: 'Hour',
  h: 'Hour',
  hr: 'Hour',
  day: 'Day',
  d: 'Day',
  week: 'Week',
  month: 'Month',
  mo: 'Month',
  year: 'Year',
  yr: 'Year',
};
const COUNTS = ['count', 'unit', 'request', 'token', 'connection', 'certificate', 'domain', 'core'];

interface Word {
  singular: string;
  plural: string;
  time?: boolean;
}

/** One GCP unit word in FOCUS spelling; data sizes have no plural. */
function word(w: string): Word | null {
  if (ABBREVIATIONS.has(w)) return { singular: w, plural: w };
  const lower = w.toLowerCase();
  const base = lower.endsWith('s') && lower.length > 2 ? lower.slice(0, -1) : lower;
  const size = SIZES[lower] ?? SIZES[base];
  if (size) return { singular: size, plural: size };
  const time = TIMES[lower] ?? TIMES[base];
  if (time) return { singular: time, plural: `${time}s`, time: true };
  if (COUNTS.includes(base)) {
    const cap = base[0]!.toUpperCase() + base.slice(1);
    return { singular: cap, plural: `${cap}s` };
  }
  return null;
}

const capitalized = (text: string) =>
  text
    .split(/\s+/)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');

/** A GCP usage / pricing unit in FOCUS UnitFormat ('gibibyte month' -> 'GiB-Months'); null stays null. */
export function gcpUnit(unit: string | null): string | null {
  const text = unit?.trim();
  if (!text) return null;
  const counted = /^(\d+)\s+(.+)$/.exec(text);
  if (counted) return `${counted[1]} ${gcpUnit(counted[2]!)}`;
  const [numerator, denominator, ...more] = text.split('/');
  const words = numerator!.trim().split(/[\s-]+/);
  const parsed = words.map(word);
  const per = denominator === undefined ? undefined : word(denominator.trim());
  if (more.length > 0 || parsed.length > 2 || parsed.some((w) => !w) || per === null)
    return capitalized(text);
  const [first, second] = parsed as [Word, Word | undefined];
  const head = second ? `${first.singular}-${second.plural}` : first.plural;
  return per ? `${head}/${per.singular}` : head;
}

// ---------------------------------------------------------------------------------------------------------
// Prices

export interface GcpPrices {
  sku_price_id: string | null;
  list_unit_price: string | null;
  contracted_unit_price: string | null;
}

const UNPRICED: GcpPrices = { sku_price_id: null, list_unit_price: null, contracted_unit_price: null };
const TOLERANCE = new Exact(GCP_COST_TOLERANCE);

/** The exported price per pricing unit, at GCP_PRICE_SCALE, when its product is within tolerance of `cost`. */
function exported(price: Dec | null, per: Dec, quantity: Dec, cost: Dec): Dec | null {
  if (!price || price.isNegative() || !per.isPositive()) return null;
  const unit = price.div(per).toDecimalPlaces(GCP_PRICE_SCALE, Exact.ROUND_HALF_UP);
  return unit.times(quantity).minus(cost).abs().lte(TOLERANCE) ? unit : null;
}

/** cost / quantity at GCP_PRICE_SCALE (0 for a zero cost), when its product is within tolerance of `cost`. */
function derived(cost: Dec, quantity: Dec): Dec | null {
  if (cost.isZero()) return new Exact(0);
  if (!quantity.isPositive()) return null;
  const unit = cost.div(quantity).toDecimalPlaces(GCP_PRICE_SCALE, Exact.ROUND_HALF_UP);
  return unit.times(quantity).minus(cost).abs().lte(TOLERANCE) ? unit : null;
}

/**
 * The FOCUS unit prices of a usage (`regular`) row with a SKU and a pricing quantity, per one pricing unit:
 * the detailed export's price.effective_price (ContractedUnitPrice) and price.list_price (ListUnitPrice, else
 * the effective price), each divided by price.pricing_unit_quantity, when that price times
 * usage.amount_in_pricing_units is within GCP_COST_TOLERANCE of cost (resp. cost_at_list, else cost); otherwise
 * (the standard export has no prices) cost / quantity and cost at list / quantity, rounded half up to
 * GCP_PRICE_SCALE decimals; a zero cost is a zero price. The quantity is taken as stored (at most 18 decimals).
 * SkuPriceId: the SKU, its pricing unit and, when exported, the tier start (`2E27-4F75-95CD/Hours/0`), so each
 * SkuPriceId has one SkuId. Unpriced (all null): other cost types, no SKU or pricing quantity, a negative cost
 * or quantity, a cost on a zero quantity, or a product that cannot come within the tolerance.
 */
export function gcpPrices(r: Row, regular: boolean): GcpPrices {
  const sku = str(r['sku.id']);
  const quantity = dec(r['usage.amount_in_pricing_units'])?.toDecimalPlaces(18, Exact.ROUND_HALF_UP);
  const cost = dec(r.cost);
  const listCost = dec(r.cost_at_list) ?? cost;
  if (!regular || !sku || !quantity || !cost || !listCost) return UNPRICED;
  if (quantity.isNegative() || cost.isNegative() || listCost.isNegative()) return UNPRICED;
  const per = dec(r['price.pricing_unit_quantity']) ?? new Exact(1);
  const effective = dec(r['price.effective_price']);
  const contracted = exported(effective, per, quantity, cost) ?? derived(cost, quantity);
  const list =
    exported(dec(r['price.list_price']) ?? effective, per, quantity, listCost) ?? derived(listCost, quantity);
  if (!contracted || !list) return UNPRICED;
  const unit = gcpUnit(str(r['usage.pricing_unit']) ?? str(r['price.unit'])) ?? 'Units';
  const tier = dec(r['price.tier_start_amount']);
  return {
    sku_price_id: [sku, unit, ...(tier ? [tier.toFixed()] : [])].join('/'),
    list_unit_price: list.toFixed(),
    contracted_unit_price: contracted.toFixed(),
  };
}
