// size: one pure algorithm whose numbered rules (header) and their implementation read together; no I/O.
/**
 * SaaS subscription schedules: spreads a plan's price per billing cycle over the days of that cycle (FinOps
 * "amortize the subscription over its billing cycle"), exactly. Pure: no I/O, no clock, no floats for money
 * (decimal.js; dates are whole day numbers).
 *
 * Rules
 * 1. Dates are `YYYY-MM-DD` calendar days (UTC, no time of day). `start_date` is the first day that accrues
 *    cost, `end_date` (optional, null = open-ended) the last one, inclusive; `end_date` before `start_date`
 *    is rejected.
 * 2. Cycles are anchored on `start_date`. Cycle k starts at start_date + k × n months (n = 1 monthly,
 *    3 quarterly, 6 semi_annual, 12 annual, `custom_cycle_months` custom), always computed from the original
 *    start with the day of month clamped to the month's length (start Jan 31 → Feb 28/29 → Mar 31 → Apr 30 ...,
 *    never drifting), or at start_date + k × `custom_cycle_days`. A 'custom' cycle needs exactly one of
 *    `custom_cycle_months` (1..36) and `custom_cycle_days` (1..3660); other cycles must not set either.
 *    A cycle ends the day before the next one starts, so `days_in_cycle` is its nominal length (28..31 days
 *    for monthly, 365 or 366 for annual); `end_date` never shortens it.
 * 3. Cycle cost (the terms' price for one whole cycle): list = unit_price × seats (PER_SEAT; seats default 1)
 *    or unit_price (FLAT_FEE). Discount, per cycle: 'percent' v (0..100) → list × (100 − v) / 100; 'fixed' v
 *    (>= 0) → max(0, list − v); none → list. Both costs are exact (never rounded).
 * 4. Amendments (`PlanChange`) take effect on their `effective_date` (not before `start_date`) and stay in
 *    force: the terms on a day are the plan's terms with every change effective on or before that day applied
 *    in effective_date order (input order among equal dates). A field a change leaves undefined keeps its value;
 *    `discount_type: null` removes the discount. Seats are ignored for FLAT_FEE plans (but still validated).
 * 5. Daily cost: each day accrues the cycle cost valid on that day divided by the cycle's days. Values are
 *    rounded by cumulative rounding per cycle: with S(k) the exact sum of the first k days' accruals of a cycle
 *    and T(k) = round_half_even(S(k), scale), day k carries T(k) − T(k − 1). So an uncut, unchanged cycle's
 *    days sum exactly to its cycle cost (rounded once to `scale` decimals, i.e. exactly when it has at most
 *    `scale` decimals), a cycle cut by `end_date` or split by changes sums to its exact prorated total rounded
 *    once, and no day is ever negative. The list (undiscounted) values follow the same rule.
 * 6. A day's values depend only on the plan and its changes, never on the requested range: any sub-range
 *    gives the same rows for the same days. Days before `start_date` or after `end_date` have no rows; the
 *    range only clips the output.
 * 7. `is_prorated` marks every day of a cycle that is cut by `end_date` (end_date before the cycle's last day)
 *    or in which a change takes effect on a day other than its first.
 * 8. Bad input throws `ScheduleError` naming the field (`field`), e.g. `end_date`, `unit_price`,
 *    `changes[2].effective_date`. Decimal texts are plain (`12`, `0.5`; at most 30 digits each side of the
 *    point); seats are safe integers >= 0; currency is three upper-case letters (ISO 4217).
 * 9. Output decimals are plain strings (`toFixed()`, never an exponent, trailing zeros dropped): `unit_price`,
 *    `cycle_cost` and `list_cycle_cost` exact, `daily_cost` and `daily_list_cost` with at most `scale`
 *    (default 9, 0..50) decimals.
 */
import { Decimal } from 'decimal.js';
import { MS_PER_DAY } from '../time/day.js';

/**
 * Large enough that every product, sum and shifted quotient below is exact: amounts have at most 30 + 30
 * digits, seats 16, percents 3 + 30 and cumulative sums at most 3660 terms, far under 250 significant digits.
 */
const Exact = Decimal.clone({
  precision: 250,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
type Dec = Decimal;

export type BillingCycle = 'monthly' | 'quarterly' | 'semi_annual' | 'annual' | 'custom';
export type PricingModel = 'PER_SEAT' | 'FLAT_FEE';
export type DiscountType = 'percent' | 'fixed';

export interface PlanTerms {
  /** YYYY-MM-DD, first day costs accrue; cycles are anchored on it. */
  start_date: string;
  /** YYYY-MM-DD, last day costs accrue (inclusive); null or absent = open-ended. */
  end_date?: string | null;
  billing_cycle: BillingCycle;
  /** billing_cycle 'custom': cycle length in whole months (1..36) ... */
  custom_cycle_months?: number | null;
  /** ... or in days (1..3660); exactly one of the two. */
  custom_cycle_days?: number | null;
  pricing_model: PricingModel;
  /** Decimal string, price per cycle (per seat for PER_SEAT). */
  unit_price: string;
  /** PER_SEAT: integer >= 0 (default 1). */
  seats?: number;
  /** ISO 4217. */
  currency: string;
  /** Per cycle: percent of the cycle price, or an amount off (never below 0). */
  discount_type?: DiscountType | null;
  discount_value?: string | null;
}

/** An amendment in force from `effective_date` on; undefined fields keep their value. */
export interface PlanChange {
  effective_date: string;
  unit_price?: string;
  seats?: number;
  discount_type?: DiscountType | null;
  discount_value?: string | null;
}

export interface DailyCost {
  date: string;
  cycle_start_date: string;
  /** Inclusive; the nominal end, even when end_date cuts the cycle. */
  cycle_end_date: string;
  days_in_cycle: number;
  /** PER_SEAT: the seats valid on `date`; FLAT_FEE: null. */
  seats: number | null;
  unit_price: string;
  /** The full cycle's cost under the terms valid on `date`, after discount. */
  cycle_cost: string;
  /** The same before discount. */
  list_cycle_cost: string;
  /** Exact decimal string with at most `scale` decimals. */
  daily_cost: string;
  daily_list_cost: string;
  /** The cycle is cut by end_date, or terms change inside it. */
  is_prorated: boolean;
  /** The plan's currency (always set). */
  currency?: string;
  /** 0 for the cycle starting on start_date, then 1, 2, ... (always set). */
  cycle_index?: number;
}

export interface BillingPeriod {
  /** YYYY-MM-DD, first day of the cycle. */
  start: string;
  /** YYYY-MM-DD, last day of the cycle (inclusive, nominal: not cut by end_date). */
  end: string;
  days: number;
}

export interface ScheduleOptions {
  /** Decimals of daily_cost and daily_list_cost, 0..50 (default 9). */
  scale?: number;
}

export const DEFAULT_SCALE = 9;
const MAX_SCALE = 50;

/** Invalid plan, change, range or option; `field` names the offending input. */
export class ScheduleError extends Error {
  override name = 'ScheduleError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Days

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid YYYY-MM-DD text. */
function parseDay(value: unknown, field: string): number {
  if (typeof value !== 'string') throw new ScheduleError(field, 'must be a YYYY-MM-DD date');
  const m = DATE_TEXT.exec(value);
  if (!m) throw new ScheduleError(field, `must be a YYYY-MM-DD date, got ${JSON.stringify(value)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms) || formatDay(ms / MS_PER_DAY) !== value) {
    throw new ScheduleError(field, `is not a calendar date: ${value}`);
  }
  return ms / MS_PER_DAY;
}

function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function dayOf(year: number, month0: number, dayOfMonth: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month0, dayOfMonth);
  return Math.round(date.getTime() / MS_PER_DAY);
}

function daysInMonth(year: number, month0: number): number {
  return dayOf(year, month0 + 1, 1) - dayOf(year, month0, 1);
}

// ---------------------------------------------------------------------------------------------------------
// Cycles

const CYCLE_MONTHS: Record<Exclude<BillingCycle, 'custom'>, number> = {
  monthly: 1,
  quarterly: 3,
  semi_annual: 6,
  annual: 12,
};

type CycleRule = { kind: 'months'; n: number } | { kind: 'days'; n: number };

/** The anchor and rule that place every cycle of one plan. */
class Cycles {
  private readonly year: number;
  private readonly month0: number;
  private readonly dayOfMonth: number;

  constructor(
    readonly anchor: number,
    readonly rule: CycleRule,
  ) {
    const d = new Date(anchor * MS_PER_DAY);
    this.year = d.getUTCFullYear();
    this.month0 = d.getUTCMonth();
    this.dayOfMonth = d.getUTCDate();
  }

  /** First day of cycle k (k >= 0), always from the anchor, day of month clamped. */
  start(k: number): number {
    if (this.rule.kind === 'days') return this.anchor + k * this.rule.n;
    const months = this.month0 + k * this.rule.n;
    const year = this.year + Math.floor(months / 12);
    const month0 = months - Math.floor(months / 12) * 12;
    return dayOf(year, month0, Math.min(this.dayOfMonth, daysInMonth(year, month0)));
  }

  /** The index of the cycle containing `day` (>= anchor). */
  indexAt(day: number): number {
    if (this.rule.kind === 'days') return Math.floor((day - this.anchor) / this.rule.n);
    const d = new Date(day * MS_PER_DAY);
    const monthsApart = (d.getUTCFullYear() - this.year) * 12 + (d.getUTCMonth() - this.month0);
    let k = Math.max(0, Math.floor(monthsApart / this.rule.n));
    while (k > 0 && this.start(k) > day) k--;
    while (this.start(k + 1) <= day) k++;
    return k;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Validation

const DECIMAL = /^[+-]?\d{1,30}(\.\d{1,30})?$/;

function parseDecimal(value: unknown, field: string): Dec {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new ScheduleError(
      field,
      `must be a plain decimal string (at most 30 digits each side of the point), got ${JSON.stringify(value)}`,
    );
  }
  const d = new Exact(value);
  if (d.isNegative() && !d.isZero()) throw new ScheduleError(field, `must not be negative, got ${value}`);
  return d.abs();
}

function parseSeats(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ScheduleError(field, `must be an integer >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseRule(plan: PlanTerms): CycleRule {
  const cycle = plan.billing_cycle as string;
  const months = plan.custom_cycle_months ?? null;
  const days = plan.custom_cycle_days ?? null;
  if (cycle === 'custom') {
    if ((months === null) === (days === null)) {
      throw new ScheduleError(
        'custom_cycle_months',
        'a custom billing cycle needs exactly one of custom_cycle_months and custom_cycle_days',
      );
    }
    if (months !== null) {
      if (!Number.isInteger(months) || months < 1 || months > 36) {
        throw new ScheduleError(
          'custom_cycle_months',
          `must be an integer 1..36, got ${JSON.stringify(months)}`,
        );
      }
      return { kind: 'months', n: months };
    }
    if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 3660) {
      throw new ScheduleError('custom_cycle_days', `must be an integer 1..3660, got ${JSON.stringify(days)}`);
    }
    return { kind: 'days', n: days as number };
  }
  if (!Object.hasOwn(CYCLE_MONTHS, cycle)) {
    throw new ScheduleError(
      'billing_cycle',
      `must be monthly, quarterly, semi_annual, annual or custom, got ${JSON.stringify(cycle)}`,
    );
  }
  if (months !== null) throw new ScheduleError('custom_cycle_months', `only applies to billing_cycle custom`);
  if (days !== null) throw new ScheduleError('custom_cycle_days', `only applies to billing_cycle custom`);
  return { kind: 'months', n: CYCLE_MONTHS[cycle as keyof typeof CYCLE_MONTHS] };
}

/** The terms in force on some days, with both cycle costs and their output texts. */
interface Terms {
  unitPrice: Dec;
  seats: number;
  discountType: DiscountType | null;
  discountValue: Dec | null;
  cost: Dec;
  list: Dec;
  text: { unitPrice: string; cost: string; list: string; seats: number | null };
}

interface Segment {
  /** First day these terms are in force. */
  from: number;
  terms: Terms;
}

function priced(
  model: PricingModel,
  unitPrice: Dec,
  seats: number,
  discountType: DiscountType | null,
  discountValue: Dec | null,
  field: (name: string) => string,
): Terms {
  if (discountType !== null && discountValue === null) {
    throw new ScheduleError(field('discount_value'), `is required with discount_type ${discountType}`);
  }
  if (discountType === null && discountValue !== null) {
    throw new ScheduleError(field('discount_type'), 'is required with a discount_value');
  }
  const list = model === 'PER_SEAT' ? unitPrice.times(seats) : unitPrice;
  let cost = list;
  if (discountType === 'percent' && discountValue !== null) {
    if (discountValue.gt(100)) {
      throw new ScheduleError(
        field('discount_value'),
        `a percent discount must be 0..100, got ${discountValue}`,
      );
    }
    cost = list.times(new Exact(100).minus(discountValue)).div(100);
  } else if (discountType === 'fixed' && discountValue !== null) {
    cost = Exact.max(list.minus(discountValue), 0);
  }
  return {
    unitPrice,
    seats,
    discountType,
    discountValue,
    cost,
    list,
    text: {
      unitPrice: unitPrice.toFixed(),
      cost: cost.toFixed(),
      list: list.toFixed(),
      seats: model === 'PER_SEAT' ? seats : null,
    },
  };
}

function parseDiscountType(value: unknown, field: string): DiscountType | null {
  if (value === null || value === undefined) return null;
  if (value !== 'percent' && value !== 'fixed') {
    throw new ScheduleError(field, `must be percent, fixed or null, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A validated plan: where its days and cycles are, and the terms in force from each change on. */
interface Resolved {
  start: number;
  /** Last day with cost, or null (open-ended). */
  end: number | null;
  cycles: Cycles;
  currency: string;
  /** Sorted by `from`, the first from `start`, at most one per day. */
  segments: Segment[];
}

function resolve(plan: PlanTerms, changes: readonly PlanChange[]): Resolved {
  if (typeof plan !== 'object' || plan === null) throw new ScheduleError('plan', 'must be an object');
  const start = parseDay(plan.start_date, 'start_date');
  const end =
    plan.end_date === null || plan.end_date === undefined ? null : parseDay(plan.end_date, 'end_date');
  if (end !== null && end < start) {
    throw new ScheduleError(
      'end_date',
      `must not be before start_date (${plan.start_date}), got ${plan.end_date}`,
    );
  }
  const cycles = new Cycles(start, parseRule(plan));
  const model = plan.pricing_model as string;
  if (model !== 'PER_SEAT' && model !== 'FLAT_FEE') {
    throw new ScheduleError('pricing_model', `must be PER_SEAT or FLAT_FEE, got ${JSON.stringify(model)}`);
  }
  if (typeof plan.currency !== 'string' || !/^[A-Z]{3}$/.test(plan.currency)) {
    throw new ScheduleError('currency', `must be an ISO 4217 code, got ${JSON.stringify(plan.currency)}`);
  }
  const base = priced(
    model,
    parseDecimal(plan.unit_price, 'unit_price'),
    plan.seats === undefined ? 1 : parseSeats(plan.seats, 'seats'),
    parseDiscountType(plan.discount_type, 'discount_type'),
    plan.discount_value === null || plan.discount_value === undefined
      ? null
      : parseDecimal(plan.discount_value, 'discount_value'),
    (name) => name,
  );

  if (!Array.isArray(changes)) throw new ScheduleError('changes', 'must be an array');
  const dated = changes.map((change: PlanChange, index) => {
    if (typeof change !== 'object' || change === null) {
      throw new ScheduleError(`changes[${index}]`, 'must be an object');
    }
    const field = `changes[${index}].effective_date`;
    const day = parseDay(change.effective_date, field);
    if (day < start) {
      throw new ScheduleError(
        field,
        `must not be before start_date (${plan.start_date}), got ${change.effective_date}`,
      );
    }
    return { day, index, change };
  });
  dated.sort((a, b) => a.day - b.day || a.index - b.index);

  const segments: Segment[] = [{ from: start, terms: base }];
  let terms = base;
  for (const { day, index, change } of dated) {
    const field = (name: string) => `changes[${index}].${name}`;
    const unitPrice =
      change.unit_price === undefined
        ? terms.unitPrice
        : parseDecimal(change.unit_price, field('unit_price'));
    const seats = change.seats === undefined ? terms.seats : parseSeats(change.seats, field('seats'));
    let discountType = terms.discountType;
    let discountValue = terms.discountValue;
    if (change.discount_type !== undefined) {
      discountType = parseDiscountType(change.discount_type, field('discount_type'));
      if (discountType === null) discountValue = null;
    }
    if (change.discount_value !== undefined) {
      discountValue =
        change.discount_value === null ? null : parseDecimal(change.discount_value, field('discount_value'));
    }
    terms = priced(model, unitPrice, seats, discountType, discountValue, field);
    const last = segments[segments.length - 1] as Segment;
    if (last.from === day) last.terms = terms;
    else segments.push({ from: day, terms });
  }
  return { start, end, cycles, currency: plan.currency, segments };
}

// ---------------------------------------------------------------------------------------------------------
// Amortization

/** round_half_even(sum / days) to a multiple of `unit` (10^-scale), exactly: integer quotient and remainder of the shifted sum. */
function roundedShare(sum: Dec, days: number, unit: Dec): Dec {
  const shifted = sum.div(unit);
  const quotient = shifted.divToInt(days);
  const twiceRemainder = shifted.minus(quotient.times(days)).times(2);
  const cmp = twiceRemainder.cmp(days);
  const up = cmp > 0 || (cmp === 0 && !quotient.mod(2).isZero());
  return (up ? quotient.plus(1) : quotient).times(unit);
}

function parseScale(options: ScheduleOptions | undefined): number {
  const scale = options?.scale ?? DEFAULT_SCALE;
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) {
    throw new ScheduleError(
      'options.scale',
      `must be an integer 0..${MAX_SCALE}, got ${JSON.stringify(scale)}`,
    );
  }
  return scale;
}

/**
 * The daily costs of `plan` amended by `changes`, one row per day of `range` (inclusive) on which the plan
 * accrues cost (from start_date through end_date), in date order. See the rules at the top of this file.
 */
export function dailyCosts(
  plan: PlanTerms,
  changes: readonly PlanChange[],
  range: { from: string; to: string },
  options?: ScheduleOptions,
): DailyCost[] {
  const resolved = resolve(plan, changes);
  const unit = new Exact(10).pow(-parseScale(options));
  if (typeof range !== 'object' || range === null) throw new ScheduleError('range', 'must be an object');
  const from = parseDay(range.from, 'range.from');
  const to = parseDay(range.to, 'range.to');
  if (to < from) throw new ScheduleError('range.to', `must not be before range.from (${range.from})`);

  const { start, end, cycles, segments, currency } = resolved;
  const first = Math.max(from, start);
  const last = end === null ? to : Math.min(to, end);
  const rows: DailyCost[] = [];
  let day = first;
  while (day <= last) {
    const k = cycles.indexAt(day);
    const cycleStart = cycles.start(k);
    const nextStart = cycles.start(k + 1);
    const days = nextStart - cycleStart;
    const accrualEnd = end === null ? nextStart - 1 : Math.min(nextStart - 1, end);
    const isProrated =
      accrualEnd < nextStart - 1 || segments.some((s) => s.from > cycleStart && s.from <= accrualEnd);
    const cycleStartText = formatDay(cycleStart);
    const cycleEndText = formatDay(nextStart - 1);

    // Exact accruals of the cycle's days before `day` (whole segments at a time, no per-day loop).
    let sum: Dec = new Exact(0);
    let listSum: Dec = new Exact(0);
    let s = 0;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i] as Segment;
      const segEnd = i + 1 < segments.length ? (segments[i + 1] as Segment).from - 1 : Infinity;
      if (seg.from <= day) s = i;
      const overlap = Math.min(segEnd, day - 1) - Math.max(seg.from, cycleStart) + 1;
      if (overlap > 0) {
        sum = sum.plus(seg.terms.cost.times(overlap));
        listSum = listSum.plus(seg.terms.list.times(overlap));
      }
    }
    let previous = roundedShare(sum, days, unit);
    let previousList = roundedShare(listSum, days, unit);

    const stop = Math.min(accrualEnd, last);
    for (; day <= stop; day++) {
      while (s + 1 < segments.length && (segments[s + 1] as Segment).from <= day) s++;
      const terms = (segments[s] as Segment).terms;
      sum = sum.plus(terms.cost);
      listSum = listSum.plus(terms.list);
      const total = roundedShare(sum, days, unit);
      const listTotal = roundedShare(listSum, days, unit);
      rows.push({
        date: formatDay(day),
        cycle_start_date: cycleStartText,
        cycle_end_date: cycleEndText,
        days_in_cycle: days,
        seats: terms.text.seats,
        unit_price: terms.text.unitPrice,
        cycle_cost: terms.text.cost,
        list_cycle_cost: terms.text.list,
        daily_cost: total.minus(previous).toFixed(),
        daily_list_cost: listTotal.minus(previousList).toFixed(),
        is_prorated: isProrated,
        currency,
        cycle_index: k,
      });
      previous = total;
      previousList = listTotal;
    }
  }
  return rows;
}

/**
 * The plan's billing cycles that start on or before `until` (and on or before end_date), in order, with their
 * nominal bounds: the last one may extend past `until` and past end_date. Empty when `until` is before
 * start_date.
 */
export function cyclesOf(plan: PlanTerms, until: string): BillingPeriod[] {
  const { start, end, cycles } = resolve(plan, []);
  const limit = Math.min(parseDay(until, 'until'), end ?? Infinity);
  const out: BillingPeriod[] = [];
  if (limit < start) return out;
  const count = cycles.indexAt(limit) + 1;
  let cycleStart = start;
  for (let k = 0; k < count; k++) {
    const next = cycles.start(k + 1);
    out.push({ start: formatDay(cycleStart), end: formatDay(next - 1), days: next - cycleStart });
    cycleStart = next;
  }
  return out;
}
