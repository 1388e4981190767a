import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cyclesOf,
  dailyCosts,
  ScheduleError,
  type DailyCost,
  type PlanChange,
  type PlanTerms,
} from './schedule.js';

const Ref = Decimal.clone({ precision: 120, rounding: Decimal.ROUND_HALF_EVEN });

const base: PlanTerms = {
  start_date: '2026-01-01',
  billing_cycle: 'monthly',
  pricing_model: 'FLAT_FEE',
  unit_price: '100',
  currency: 'USD',
};
const plan = (over: Partial<PlanTerms>): PlanTerms => ({ ...base, ...over });
const year2026 = { from: '2026-01-01', to: '2026-12-31' };

const total = (rows: readonly DailyCost[], key: 'daily_cost' | 'daily_list_cost' = 'daily_cost') =>
  rows.reduce((sum, r) => sum.plus(r[key]), new Ref(0)).toFixed();

/** Rows grouped by cycle start, in order. */
function byCycle(rows: readonly DailyCost[]): DailyCost[][] {
  const groups = new Map<string, DailyCost[]>();
  for (const r of rows) {
    const group = groups.get(r.cycle_start_date) ?? [];
    group.push(r);
    groups.set(r.cycle_start_date, group);
  }
  return [...groups.values()];
}

const DAY = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const addDays = (date: string, n: number) => dateOf(dayNumber(date) + n);

function thrown(fn: () => unknown): ScheduleError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleError);
    return error as ScheduleError;
  }
  throw new Error('expected a ScheduleError');
}

describe('each cycle type over a year', () => {
  it('monthly $100 from 2026-01-01: 365 days sum to exactly 1200, each month to 100', () => {
    const rows = dailyCosts(base, [], year2026);
    expect(rows).toHaveLength(365);
    expect(total(rows)).toBe('1200');
    expect(total(rows, 'daily_list_cost')).toBe('1200');
    const months = byCycle(rows);
    expect(months.map((m) => m.length)).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    for (const month of months) expect(total(month)).toBe('100');
    expect(rows[0]).toEqual({
      date: '2026-01-01',
      cycle_start_date: '2026-01-01',
      cycle_end_date: '2026-01-31',
      days_in_cycle: 31,
      seats: null,
      unit_price: '100',
      cycle_cost: '100',
      list_cycle_cost: '100',
      daily_cost: '3.225806452', // 100/31 = 3.2258064516...
      daily_list_cost: '3.225806452',
      is_prorated: false,
      currency: 'USD',
      cycle_index: 0,
    });
    // Cumulative rounding: T(2) = round(200/31) = 6.451612903, so day 2 = 6.451612903 - 3.225806452.
    expect(rows[1]?.daily_cost).toBe('3.225806451');
    expect(rows.every((r) => !r.is_prorated)).toBe(true);
  });

  it('quarterly $300 sums to 1200 over 2026 in cycles of 90, 91, 92 and 92 days', () => {
    const rows = dailyCosts(plan({ billing_cycle: 'quarterly', unit_price: '300' }), [], year2026);
    expect(total(rows)).toBe('1200');
    const quarters = byCycle(rows);
    expect(quarters.map((q) => q[0]?.days_in_cycle)).toEqual([90, 91, 92, 92]);
    expect(quarters.map((q) => q[0]?.cycle_end_date)).toEqual([
      '2026-03-31',
      '2026-06-30',
      '2026-09-30',
      '2026-12-31',
    ]);
    for (const q of quarters) expect(total(q)).toBe('300');
  });

  it('semi-annual $600 sums to 1200 over 2026 in cycles of 181 and 184 days', () => {
    const rows = dailyCosts(plan({ billing_cycle: 'semi_annual', unit_price: '600' }), [], year2026);
    expect(total(rows)).toBe('1200');
    expect(byCycle(rows).map((c) => [c.length, total(c)])).toEqual([
      [181, '600'],
      [184, '600'],
    ]);
  });

  it('annual $1200 sums to 1200 over 2026 (365 days)', () => {
    const rows = dailyCosts(plan({ billing_cycle: 'annual', unit_price: '1200' }), [], year2026);
    expect(rows).toHaveLength(365);
    expect(total(rows)).toBe('1200');
    expect(rows.every((r) => r.days_in_cycle === 365 && r.cycle_end_date === '2026-12-31')).toBe(true);
  });

  it('annual $1200 over the leap year 2028: 366 days of 1200/366, summing to 1200', () => {
    const p = plan({ start_date: '2028-01-01', billing_cycle: 'annual', unit_price: '1200' });
    const rows = dailyCosts(p, [], { from: '2028-01-01', to: '2028-12-31' });
    expect(rows).toHaveLength(366);
    expect(rows.every((r) => r.days_in_cycle === 366)).toBe(true);
    expect(rows.some((r) => r.date === '2028-02-29')).toBe(true);
    expect(rows[0]?.daily_cost).toBe('3.278688525'); // 1200/366 = 3.27868852459...
    expect(total(rows)).toBe('1200');
  });

  it('an annual cycle anchored mid-year that spans Feb 29 has 366 days', () => {
    const p = plan({ start_date: '2027-07-01', billing_cycle: 'annual', unit_price: '1000' });
    expect(cyclesOf(p, '2028-07-01')).toEqual([
      { start: '2027-07-01', end: '2028-06-30', days: 366 },
      { start: '2028-07-01', end: '2029-06-30', days: 365 },
    ]);
    expect(total(dailyCosts(p, [], { from: '2027-01-01', to: '2028-06-30' }))).toBe('1000');
  });
});

describe('month-end anchors', () => {
  it('a Jan 31 monthly start clamps to each month end without drifting', () => {
    expect(cyclesOf(plan({ start_date: '2026-01-31' }), '2026-06-30')).toEqual([
      { start: '2026-01-31', end: '2026-02-27', days: 28 },
      { start: '2026-02-28', end: '2026-03-30', days: 31 },
      { start: '2026-03-31', end: '2026-04-29', days: 30 },
      { start: '2026-04-30', end: '2026-05-30', days: 31 },
      { start: '2026-05-31', end: '2026-06-29', days: 30 },
      { start: '2026-06-30', end: '2026-07-30', days: 31 },
    ]);
    expect(cyclesOf(plan({ start_date: '2028-01-31' }), '2028-03-31').map((c) => c.start)).toEqual([
      '2028-01-31',
      '2028-02-29',
      '2028-03-31',
    ]);
  });

  it('quarterly from Nov 30 and annual from Feb 29 come back to the anchor day when the month allows', () => {
    expect(cyclesOf(plan({ start_date: '2026-11-30', billing_cycle: 'quarterly' }), '2027-09-01')).toEqual([
      { start: '2026-11-30', end: '2027-02-27', days: 90 },
      { start: '2027-02-28', end: '2027-05-29', days: 91 },
      { start: '2027-05-30', end: '2027-08-29', days: 92 },
      { start: '2027-08-30', end: '2027-11-29', days: 92 },
    ]);
    const leap = plan({ start_date: '2028-02-29', billing_cycle: 'annual' });
    expect(cyclesOf(leap, '2032-03-01').map((c) => [c.start, c.days])).toEqual([
      ['2028-02-29', 365],
      ['2029-02-28', 365],
      ['2030-02-28', 365],
      ['2031-02-28', 366],
      ['2032-02-29', 365],
    ]);
  });

  it('daily costs follow the clamped cycles: every month of a Jan 31 plan sums to its price', () => {
    const rows = dailyCosts(plan({ start_date: '2026-01-31', unit_price: '49.99' }), [], {
      from: '2026-01-31',
      to: '2026-07-30',
    });
    const cycles = byCycle(rows);
    expect(cycles.map((c) => c.length)).toEqual([28, 31, 30, 31, 30, 31]);
    for (const c of cycles) expect(total(c)).toBe('49.99');
    expect(rows.find((r) => r.date === '2026-03-15')?.cycle_start_date).toBe('2026-02-28');
  });

  it('cyclesOf stops at end_date and is empty before start_date', () => {
    const p = plan({ end_date: '2026-03-10' });
    expect(cyclesOf(p, '2027-01-01').map((c) => c.start)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(cyclesOf(p, '2025-12-31')).toEqual([]);
  });
});

describe('custom cycles', () => {
  it('custom months: a 2-month cycle anchored on the 15th', () => {
    const p = plan({
      billing_cycle: 'custom',
      custom_cycle_months: 2,
      start_date: '2026-01-15',
      unit_price: '200',
    });
    expect(cyclesOf(p, '2026-05-15')).toEqual([
      { start: '2026-01-15', end: '2026-03-14', days: 59 },
      { start: '2026-03-15', end: '2026-05-14', days: 61 },
      { start: '2026-05-15', end: '2026-07-14', days: 61 },
    ]);
    const rows = dailyCosts(p, [], { from: '2026-01-01', to: '2026-05-14' });
    expect(byCycle(rows).map((c) => total(c))).toEqual(['200', '200']);
  });

  it('custom months: a 36-month cycle spreads its price over 1096 days', () => {
    const p = plan({ billing_cycle: 'custom', custom_cycle_months: 36, unit_price: '10960' });
    const rows = dailyCosts(p, [], { from: '2026-01-01', to: '2028-12-31' });
    expect(rows).toHaveLength(1096);
    expect(rows.every((r) => r.daily_cost === '10' && r.days_in_cycle === 1096)).toBe(true);
  });

  it('custom days: 10-day cycles of $10 cost exactly $1 a day', () => {
    const p = plan({ billing_cycle: 'custom', custom_cycle_days: 10, unit_price: '10' });
    expect(cyclesOf(p, '2026-01-31')).toEqual([
      { start: '2026-01-01', end: '2026-01-10', days: 10 },
      { start: '2026-01-11', end: '2026-01-20', days: 10 },
      { start: '2026-01-21', end: '2026-01-30', days: 10 },
      { start: '2026-01-31', end: '2026-02-09', days: 10 },
    ]);
    const rows = dailyCosts(p, [], { from: '2026-01-01', to: '2026-01-31' });
    expect(rows.map((r) => r.daily_cost)).toEqual(Array(31).fill('1'));
    expect(rows[30]?.cycle_start_date).toBe('2026-01-31');
  });

  it('custom days: a 7-day cycle of $1 sums to $1 despite repeating decimals', () => {
    const p = plan({ billing_cycle: 'custom', custom_cycle_days: 7, unit_price: '1' });
    const rows = dailyCosts(p, [], { from: '2026-01-01', to: '2026-01-07' });
    expect(rows.map((r) => r.daily_cost)).toEqual([
      '0.142857143', // T(1) = round(1/7) = 0.142857143
      '0.142857143', // T(2) = 0.285714286
      '0.142857143', // T(3) = 0.428571429
      '0.142857142', // T(4) = 0.571428571
      '0.142857143', // T(5) = 0.714285714
      '0.142857143', // T(6) = 0.857142857
      '0.142857143', // T(7) = 1
    ]);
    expect(total(rows)).toBe('1');
  });
});

describe('proration at end_date', () => {
  it('a monthly plan ending Jan 10 accrues 10/31 of the month, rounded once, and nothing after', () => {
    const rows = dailyCosts(plan({ end_date: '2026-01-10' }), [], year2026);
    expect(rows).toHaveLength(10);
    expect(rows.at(-1)?.date).toBe('2026-01-10');
    // 100 × 10/31 = 32.2580645161290... → 32.258064516
    expect(total(rows)).toBe('32.258064516');
    expect(
      rows.every((r) => r.is_prorated && r.days_in_cycle === 31 && r.cycle_end_date === '2026-01-31'),
    ).toBe(true);
    expect(rows.every((r) => r.cycle_cost === '100')).toBe(true);
  });

  it('only the cut cycle is prorated', () => {
    const rows = dailyCosts(plan({ end_date: '2026-03-10' }), [], year2026);
    const [jan, feb, mar] = byCycle(rows);
    expect([jan, feb].every((c) => c?.every((r) => !r.is_prorated))).toBe(true);
    expect(mar?.every((r) => r.is_prorated)).toBe(true);
    expect(total(mar ?? [])).toBe('32.258064516'); // March also has 31 days
    expect(total(rows)).toBe('232.258064516');
  });

  it('an annual $1000 plan ending Jun 30 accrues 181/365 of it', () => {
    const p = plan({ billing_cycle: 'annual', unit_price: '1000', end_date: '2026-06-30' });
    const rows = dailyCosts(p, [], year2026);
    expect(rows).toHaveLength(181);
    // 1000 × 181/365 = 495.890410958904... → 495.890410959
    expect(total(rows)).toBe('495.890410959');
  });

  it('an end_date on the last day of a cycle is not a proration', () => {
    const rows = dailyCosts(plan({ end_date: '2026-02-28' }), [], year2026);
    expect(rows).toHaveLength(59);
    expect(rows.some((r) => r.is_prorated)).toBe(false);
    expect(total(rows)).toBe('200');
  });

  it('a one-day plan accrues one day', () => {
    const rows = dailyCosts(plan({ end_date: '2026-01-01' }), [], year2026);
    expect(rows.map((r) => [r.date, r.daily_cost, r.is_prorated])).toEqual([
      ['2026-01-01', '3.225806452', true],
    ]);
  });
});

describe('changes', () => {
  const seatPlan = plan({ start_date: '2026-04-01', pricing_model: 'PER_SEAT', unit_price: '10', seats: 5 });
  const spring = { from: '2026-04-01', to: '2026-05-31' };

  it('a seat change mid-cycle splits the cycle: 10 days at 5 seats, 20 days at 8', () => {
    const rows = dailyCosts(seatPlan, [{ effective_date: '2026-04-11', seats: 8 }], spring);
    const [april, may] = byCycle(rows);
    // April (30 days): 5 × 10 × 10/30 + 8 × 10 × 20/30 = 500/30 + 1600/30 = 2100/30 = 70
    expect(total(april ?? [])).toBe('70');
    expect(total(may ?? [])).toBe('80');
    expect(april?.every((r) => r.is_prorated)).toBe(true);
    expect(may?.every((r) => !r.is_prorated)).toBe(true);
    const apr10 = rows.find((r) => r.date === '2026-04-10');
    const apr11 = rows.find((r) => r.date === '2026-04-11');
    expect([apr10?.seats, apr10?.cycle_cost, apr10?.daily_cost]).toEqual([5, '50', '1.666666667']);
    expect([apr11?.seats, apr11?.cycle_cost, apr11?.daily_cost]).toEqual([8, '80', '2.666666666']);
    expect(apr11?.unit_price).toBe('10');
  });

  it('a price change mid-cycle: 15 days at 100 and 16 days at 155 of a 31-day January', () => {
    const rows = dailyCosts(base, [{ effective_date: '2026-01-16', unit_price: '155' }], {
      from: '2026-01-01',
      to: '2026-02-28',
    });
    const [jan, feb] = byCycle(rows);
    // (100 × 15 + 155 × 16) / 31 = 3980/31 = 128.387096774193... → 128.387096774
    expect(total(jan ?? [])).toBe('128.387096774');
    expect(total(feb ?? [])).toBe('155');
    expect(jan?.[14]?.cycle_cost).toBe('100');
    expect(jan?.[15]?.cycle_cost).toBe('155');
  });

  it('changes accumulate, apply in date order whatever the input order, the last of a day winning', () => {
    const changes: PlanChange[] = [
      { effective_date: '2026-05-01', unit_price: '12' },
      { effective_date: '2026-04-11', seats: 8 },
      { effective_date: '2026-05-01', unit_price: '11' },
    ];
    const rows = dailyCosts(seatPlan, changes, spring);
    const may = rows.find((r) => r.date === '2026-05-01');
    expect([may?.seats, may?.unit_price, may?.cycle_cost]).toEqual([8, '11', '88']);
    expect(total(byCycle(rows)[1] ?? [])).toBe('88');
    expect(rows.find((r) => r.date === '2026-05-01')?.is_prorated).toBe(false); // on the cycle's first day
    const sorted = [changes[1], changes[0], changes[2]] as PlanChange[];
    expect(dailyCosts(seatPlan, sorted, spring)).toEqual(rows);
  });

  it('a change on start_date replaces the initial terms without prorating', () => {
    const rows = dailyCosts(base, [{ effective_date: '2026-01-01', unit_price: '62' }], {
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(total(rows)).toBe('62');
    expect(rows.every((r) => !r.is_prorated && r.cycle_cost === '62')).toBe(true);
  });

  it('a discount added mid-cycle and removed later', () => {
    const rows = dailyCosts(
      plan({ start_date: '2026-06-01', unit_price: '90' }),
      [
        { effective_date: '2026-06-21', discount_type: 'percent', discount_value: '50' },
        { effective_date: '2026-07-01', discount_type: null },
      ],
      { from: '2026-06-01', to: '2026-07-31' },
    );
    const [june, july] = byCycle(rows);
    // June (30 days): 90 × 20/30 + 45 × 10/30 = 60 + 15 = 75; list 90
    expect(total(june ?? [])).toBe('75');
    expect(total(june ?? [], 'daily_list_cost')).toBe('90');
    expect(total(july ?? [])).toBe('90');
    expect(july?.every((r) => !r.is_prorated)).toBe(true);
  });

  it('FLAT_FEE ignores seat changes', () => {
    const rows = dailyCosts(base, [{ effective_date: '2026-01-10', seats: 40 }], {
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(total(rows)).toBe('100');
    expect(rows.every((r) => r.seats === null)).toBe(true);
  });
});

describe('discounts', () => {
  it('percent: 20% off $100 costs 80 a month, list 100', () => {
    const rows = dailyCosts(plan({ discount_type: 'percent', discount_value: '20' }), [], year2026);
    expect([rows[0]?.cycle_cost, rows[0]?.list_cycle_cost]).toEqual(['80', '100']);
    expect(total(rows)).toBe('960');
    expect(total(rows, 'daily_list_cost')).toBe('1200');
    for (const month of byCycle(rows)) expect(total(month)).toBe('80');
  });

  it('percent with decimals: 12.5% off 99.99 = 87.49125 exactly, summed exactly per month', () => {
    const rows = dailyCosts(
      plan({ unit_price: '99.99', discount_type: 'percent', discount_value: '12.5' }),
      [],
      {
        from: '2026-01-01',
        to: '2026-03-31',
      },
    );
    expect(rows[0]?.cycle_cost).toBe('87.49125');
    expect(byCycle(rows).map((c) => total(c))).toEqual(['87.49125', '87.49125', '87.49125']);
  });

  it('per seat with a percent discount: 25 seats × $12 − 15% = 255', () => {
    const p = plan({ pricing_model: 'PER_SEAT', unit_price: '12', seats: 25 });
    const rows = dailyCosts({ ...p, discount_type: 'percent', discount_value: '15' }, [], year2026);
    expect([rows[0]?.cycle_cost, rows[0]?.list_cycle_cost, rows[0]?.seats]).toEqual(['255', '300', 25]);
    expect(total(rows)).toBe('3060');
  });

  it('fixed: $30 off each cycle, and never below zero', () => {
    const rows = dailyCosts(plan({ discount_type: 'fixed', discount_value: '30' }), [], year2026);
    expect(rows[0]?.cycle_cost).toBe('70');
    expect(total(rows)).toBe('840');
    const free = dailyCosts(plan({ discount_type: 'fixed', discount_value: '150' }), [], year2026);
    expect(free[0]?.cycle_cost).toBe('0');
    expect(free.every((r) => r.daily_cost === '0')).toBe(true);
    expect(total(free, 'daily_list_cost')).toBe('1200');
  });

  it('seats default to 1 and 0 seats cost nothing', () => {
    expect(dailyCosts(plan({ pricing_model: 'PER_SEAT' }), [], year2026)[0]?.seats).toBe(1);
    const none = dailyCosts(plan({ pricing_model: 'PER_SEAT', seats: 0 }), [], year2026);
    expect(total(none)).toBe('0');
  });
});

describe('range', () => {
  const p = plan({ start_date: '2026-01-31', end_date: '2026-11-14', unit_price: '33.33' });
  const full = dailyCosts(p, [{ effective_date: '2026-04-17', unit_price: '41' }], {
    from: '2020-01-01',
    to: '2030-12-31',
  });

  it('has no rows before start_date or after end_date', () => {
    expect(full[0]?.date).toBe('2026-01-31');
    expect(full.at(-1)?.date).toBe('2026-11-14');
    expect(full).toHaveLength(dayNumber('2026-11-14') - dayNumber('2026-01-31') + 1);
    expect(dailyCosts(p, [], { from: '2025-01-01', to: '2026-01-30' })).toEqual([]);
    expect(dailyCosts(p, [], { from: '2026-11-15', to: '2027-01-30' })).toEqual([]);
  });

  it('a sub-range gives the same rows as the full schedule for those days', () => {
    for (const [from, to] of [
      ['2026-03-15', '2026-03-15'],
      ['2026-04-10', '2026-05-20'],
      ['2026-02-28', '2026-02-28'],
      ['2026-10-31', '2026-12-31'],
    ] as const) {
      const part = dailyCosts(p, [{ effective_date: '2026-04-17', unit_price: '41' }], { from, to });
      const expected = full.filter((r) => r.date >= from && r.date <= to);
      expect(part.length).toBeGreaterThan(0);
      expect(part).toEqual(expected);
    }
  });

  it('an open-ended plan runs to the end of the range', () => {
    const rows = dailyCosts(base, [], { from: '2035-12-30', to: '2036-01-02' });
    expect(rows.map((r) => [r.date, r.cycle_index])).toEqual([
      ['2035-12-30', 119],
      ['2035-12-31', 119],
      ['2036-01-01', 120],
      ['2036-01-02', 120],
    ]);
  });

  it('scale sets the decimals of daily values; cycles still sum exactly', () => {
    const two = dailyCosts(base, [], { from: '2026-01-01', to: '2026-01-31' }, { scale: 2 });
    expect(two.slice(0, 3).map((r) => r.daily_cost)).toEqual(['3.23', '3.22', '3.23']);
    expect(total(two)).toBe('100');
    const whole = dailyCosts(base, [], { from: '2026-01-01', to: '2026-01-31' }, { scale: 0 });
    expect(whole.every((r) => r.daily_cost === '3' || r.daily_cost === '4')).toBe(true);
    expect(total(whole)).toBe('100');
  });
});

describe('validation', () => {
  const cases: [string, () => unknown, string][] = [
    ['end before start', () => dailyCosts(plan({ end_date: '2025-12-31' }), [], year2026), 'end_date'],
    ['negative price', () => dailyCosts(plan({ unit_price: '-1' }), [], year2026), 'unit_price'],
    ['exponent price', () => dailyCosts(plan({ unit_price: '1e3' }), [], year2026), 'unit_price'],
    ['fractional seats', () => dailyCosts(plan({ seats: 2.5 }), [], year2026), 'seats'],
    ['negative seats', () => dailyCosts(plan({ seats: -1 }), [], year2026), 'seats'],
    [
      'custom without a length',
      () => dailyCosts(plan({ billing_cycle: 'custom' }), [], year2026),
      'custom_cycle_months',
    ],
    [
      'custom with both lengths',
      () =>
        dailyCosts(
          plan({ billing_cycle: 'custom', custom_cycle_months: 1, custom_cycle_days: 30 }),
          [],
          year2026,
        ),
      'custom_cycle_months',
    ],
    [
      'custom months out of range',
      () => dailyCosts(plan({ billing_cycle: 'custom', custom_cycle_months: 37 }), [], year2026),
      'custom_cycle_months',
    ],
    [
      'custom days not an integer',
      () => dailyCosts(plan({ billing_cycle: 'custom', custom_cycle_days: 1.5 }), [], year2026),
      'custom_cycle_days',
    ],
    [
      'a length on a non-custom cycle',
      () => cyclesOf(plan({ custom_cycle_days: 7 }), '2026-12-31'),
      'custom_cycle_days',
    ],
    [
      'unknown cycle',
      () => dailyCosts(plan({ billing_cycle: 'weekly' as PlanTerms['billing_cycle'] }), [], year2026),
      'billing_cycle',
    ],
    [
      'unknown pricing model',
      () => dailyCosts(plan({ pricing_model: 'TIERED' as PlanTerms['pricing_model'] }), [], year2026),
      'pricing_model',
    ],
    ['not a calendar date', () => dailyCosts(plan({ start_date: '2026-02-29' }), [], year2026), 'start_date'],
    ['not a date', () => dailyCosts(plan({ end_date: '2026/12/31' }), [], year2026), 'end_date'],
    ['currency', () => dailyCosts(plan({ currency: 'usd' }), [], year2026), 'currency'],
    [
      'a change before start_date',
      () => dailyCosts(base, [{ effective_date: '2025-12-31', seats: 2 }], year2026),
      'changes[0].effective_date',
    ],
    [
      'a negative price in a change',
      () =>
        dailyCosts(
          base,
          [
            { effective_date: '2026-02-01', seats: 2 },
            { effective_date: '2026-03-01', unit_price: '-5' },
          ],
          year2026,
        ),
      'changes[1].unit_price',
    ],
    [
      'fractional seats in a change',
      () => dailyCosts(base, [{ effective_date: '2026-02-01', seats: 1.5 }], year2026),
      'changes[0].seats',
    ],
    [
      'percent over 100',
      () => dailyCosts(plan({ discount_type: 'percent', discount_value: '120' }), [], year2026),
      'discount_value',
    ],
    [
      'negative fixed',
      () => dailyCosts(plan({ discount_type: 'fixed', discount_value: '-1' }), [], year2026),
      'discount_value',
    ],
    [
      'discount type without value',
      () => dailyCosts(plan({ discount_type: 'fixed' }), [], year2026),
      'discount_value',
    ],
    [
      'discount value without type',
      () => dailyCosts(plan({ discount_value: '5' }), [], year2026),
      'discount_type',
    ],
    ['scale', () => dailyCosts(base, [], year2026, { scale: -1 }), 'options.scale'],
    ['range backwards', () => dailyCosts(base, [], { from: '2026-02-01', to: '2026-01-31' }), 'range.to'],
    ['cyclesOf until', () => cyclesOf(base, 'soon'), 'until'],
  ];

  it.each(cases)('rejects %s', (_name, fn, field) => {
    const error = thrown(fn);
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(error.name).toBe('ScheduleError');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

const START = dayNumber('2020-01-01');
const date = (maxDays: number) => fc.integer({ min: 0, max: maxDays }).map((n) => dateOf(START + n));
/** A decimal text with up to `decimals` decimals. */
const amount = (max: number, decimals: number) =>
  fc
    .tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: decimals }))
    .map(([n, d]) => new Ref(n).div(new Ref(10).pow(d)).toFixed());
const cycle = fc.oneof(
  fc.constantFrom<Pick<PlanTerms, 'billing_cycle'>>(
    { billing_cycle: 'monthly' },
    { billing_cycle: 'quarterly' },
    { billing_cycle: 'semi_annual' },
    { billing_cycle: 'annual' },
  ),
  fc.integer({ min: 1, max: 13 }).map((m) => ({ billing_cycle: 'custom' as const, custom_cycle_months: m })),
  fc.integer({ min: 1, max: 120 }).map((d) => ({ billing_cycle: 'custom' as const, custom_cycle_days: d })),
);
const discount = (percentDecimals: number) =>
  fc.oneof(
    fc.constant({}),
    amount(100, percentDecimals).map((v) => ({ discount_type: 'percent' as const, discount_value: v })),
    amount(500_000, 2).map((v) => ({ discount_type: 'fixed' as const, discount_value: v })),
  );
const plans = (priceDecimals: number, percentDecimals: number) =>
  fc
    .record({
      start_date: date(4000),
      cycle,
      pricing_model: fc.constantFrom<PlanTerms['pricing_model']>('PER_SEAT', 'FLAT_FEE'),
      unit_price: amount(10_000_000, priceDecimals),
      seats: fc.integer({ min: 0, max: 500 }),
      discount: discount(percentDecimals),
    })
    .map(({ cycle, discount, ...rest }): PlanTerms => ({ ...rest, ...cycle, ...discount, currency: 'EUR' }));

const WINDOW = 400;
const windowOf = (p: PlanTerms) => ({ from: p.start_date, to: addDays(p.start_date, WINDOW) });
const decimalsOf = (text: string) => text.split('.')[1]?.length ?? 0;

describe('properties', () => {
  it('every full, unchanged cycle sums exactly to its cycle cost; daily values have at most 9 decimals', () => {
    fc.assert(
      fc.property(plans(4, 0), (p) => {
        const rows = dailyCosts(p, [], windowOf(p));
        expect(rows).toHaveLength(WINDOW + 1);
        for (const c of byCycle(rows)) {
          const first = c[0] as DailyCost;
          expect(c.every((r) => !r.is_prorated && r.cycle_cost === first.cycle_cost)).toBe(true);
          if (c.length === first.days_in_cycle) {
            expect(total(c)).toBe(first.cycle_cost);
            expect(total(c, 'daily_list_cost')).toBe(first.list_cycle_cost);
          }
        }
        for (const r of rows) {
          expect(decimalsOf(r.daily_cost)).toBeLessThanOrEqual(9);
          expect(decimalsOf(r.daily_list_cost)).toBeLessThanOrEqual(9);
          expect(new Ref(r.daily_cost).isNegative()).toBe(false);
          expect(r.daily_cost).not.toMatch(/e/i);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('at any scale a full cycle sums to its cycle cost rounded once (half even)', () => {
    fc.assert(
      fc.property(plans(6, 3), fc.integer({ min: 0, max: 12 }), (p, scale) => {
        const rows = dailyCosts(p, [], { from: p.start_date, to: addDays(p.start_date, 200) }, { scale });
        for (const c of byCycle(rows)) {
          const first = c[0] as DailyCost;
          for (const r of c) expect(decimalsOf(r.daily_cost)).toBeLessThanOrEqual(scale);
          if (c.length === first.days_in_cycle) {
            expect(total(c)).toBe(new Ref(first.cycle_cost).toDecimalPlaces(scale).toFixed());
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  const changes = (p: PlanTerms) =>
    fc.array(
      fc
        .tuple(
          fc.record(
            {
              effective_date: fc.integer({ min: 0, max: WINDOW }).map((n) => addDays(p.start_date, n)),
              unit_price: amount(1_000_000, 3),
              seats: fc.integer({ min: 0, max: 50 }),
            },
            { requiredKeys: ['effective_date'] },
          ),
          fc.oneof(fc.constant({}), fc.constant({ discount_type: null }), discount(1)),
        )
        .map(([change, off]): PlanChange => ({ ...change, ...off })),
      { maxLength: 4 },
    );
  const amended = plans(3, 1).chain((p) =>
    fc.tuple(
      fc.constant(p),
      changes(p),
      fc.option(
        fc.integer({ min: 0, max: WINDOW }).map((n) => addDays(p.start_date, n)),
        { nil: null },
      ),
    ),
  );

  /** The terms in force on `day` by the rule: every change on or before it, in date then input order. */
  function reference(p: PlanTerms, list: readonly PlanChange[], day: string) {
    const t = { ...p };
    const inForce = list
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.effective_date <= day)
      .sort((a, b) =>
        a.c.effective_date < b.c.effective_date
          ? -1
          : a.c.effective_date > b.c.effective_date
            ? 1
            : a.i - b.i,
      );
    for (const { c } of inForce) {
      if (c.unit_price !== undefined) t.unit_price = c.unit_price;
      if (c.seats !== undefined) t.seats = c.seats;
      if (c.discount_type !== undefined) {
        t.discount_type = c.discount_type;
        if (c.discount_type === null) t.discount_value = null;
      }
      if (c.discount_value !== undefined) t.discount_value = c.discount_value;
    }
    const list0 = new Ref(t.unit_price).times(t.pricing_model === 'PER_SEAT' ? (t.seats ?? 1) : 1);
    const v = new Ref(t.discount_value ?? 0);
    const cost =
      t.discount_type === 'percent'
        ? list0.times(new Ref(100).minus(v)).div(100)
        : t.discount_type === 'fixed'
          ? Ref.max(list0.minus(v), 0)
          : list0;
    return { cost, list: list0 };
  }

  it('with changes and an end_date, every cycle sums to its exact prorated total rounded once', () => {
    fc.assert(
      fc.property(amended, ([p0, list, end]) => {
        const p: PlanTerms = { ...p0, end_date: end };
        const rows = dailyCosts(p, list, windowOf(p));
        expect(rows.at(-1)?.date).toBe(end ?? addDays(p.start_date, WINDOW));
        for (const c of byCycle(rows)) {
          const first = c[0] as DailyCost;
          let exact = new Ref(0);
          let exactList = new Ref(0);
          for (const r of c) {
            const terms = reference(p, list, r.date);
            expect(r.cycle_cost).toBe(terms.cost.toFixed());
            expect(r.list_cycle_cost).toBe(terms.list.toFixed());
            exact = exact.plus(terms.cost);
            exactList = exactList.plus(terms.list);
          }
          expect(total(c)).toBe(exact.div(first.days_in_cycle).toDecimalPlaces(9).toFixed());
          expect(total(c, 'daily_list_cost')).toBe(
            exactList.div(first.days_in_cycle).toDecimalPlaces(9).toFixed(),
          );
          const cut = c.length < first.days_in_cycle && end !== null && end < first.cycle_end_date;
          const split =
            new Set(c.map((r) => r.cycle_cost + '|' + r.list_cycle_cost + '|' + r.seats)).size > 1;
          if (cut || split) expect(first.is_prorated).toBe(true);
          expect(c.every((r) => r.is_prorated === first.is_prorated)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('any sub-range gives the same rows as the full schedule', () => {
    fc.assert(
      fc.property(
        amended,
        fc.integer({ min: -30, max: WINDOW + 30 }),
        fc.integer({ min: 0, max: 120 }),
        ([p0, list, end], offset, length) => {
          const p: PlanTerms = { ...p0, end_date: end };
          const full = dailyCosts(p, list, {
            from: addDays(p.start_date, -40),
            to: addDays(p.start_date, WINDOW + 200),
          });
          const from = addDays(p.start_date, offset);
          const to = addDays(from, length);
          expect(dailyCosts(p, list, { from, to })).toEqual(
            full.filter((r) => r.date >= from && r.date <= to),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('cycles tile the calendar from start_date, anchored on its day of month', () => {
    fc.assert(
      fc.property(plans(0, 0), (p) => {
        const cycles = cyclesOf(p, addDays(p.start_date, 1500));
        expect(cycles[0]?.start).toBe(p.start_date);
        const anchorDay = Number(p.start_date.slice(8));
        cycles.forEach((c, i) => {
          expect(dayNumber(c.end) - dayNumber(c.start) + 1).toBe(c.days);
          if (i > 0) expect(dayNumber(c.start)).toBe(dayNumber(cycles[i - 1]?.end ?? '') + 1);
          if (p.custom_cycle_days) {
            expect(c.days).toBe(p.custom_cycle_days);
          } else {
            const [y, m] = c.start.split('-').map(Number) as [number, number];
            const monthLength = new Date(Date.UTC(y, m, 0)).getUTCDate();
            expect(Number(c.start.slice(8))).toBe(Math.min(anchorDay, monthLength));
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});
