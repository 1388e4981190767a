import { describe, expect, it } from 'vitest';
import { MAX_RUN_DAYS } from '../../../../shared/contracts/pipelines.js';
import {
  addStale,
  apiFieldErrors,
  checkChange,
  checkCreate,
  checkUpdate,
  earliestStart,
  emptyPlanForm,
  planToForm,
  rangeDays,
  recalcRanges,
  termsOn,
  type Plan,
  type PlanForm,
} from './model.js';
import { parseSubscriptionsSearch } from './search.js';

const form = (over: Partial<PlanForm> = {}): PlanForm => ({
  ...emptyPlanForm('2026-11-01'),
  plan_name: 'pro',
  unit_price: '20.125',
  seats: '3',
  ...over,
});

const plan = (over: Partial<Plan> = {}): Plan => ({
  plan_id: '11111111-1111-4111-8111-111111111111',
  provider: 'cursor',
  plan_name: 'pro',
  display_name: null,
  category: 'ai',
  enabled: true,
  disabled_from: null,
  start_date: '2026-11-01',
  end_date: null,
  billing_cycle: 'monthly',
  custom_cycle_months: null,
  custom_cycle_days: null,
  pricing_model: 'PER_SEAT',
  unit_price: 20,
  seats: 3,
  currency: 'USD',
  discount_type: null,
  discount_value: null,
  auto_renew: true,
  hierarchy_entity_id: null,
  owner_email: null,
  notes: null,
  changes: [],
  created_at: '2026-11-01T00:00:00Z',
  updated_at: '2026-11-01T00:00:00Z',
  ...over,
});

describe('checkCreate', () => {
  it('sends money as the typed decimal text and whole numbers as numbers', () => {
    const r = checkCreate(form({ discount_type: 'percent', discount_value: '12.5', currency: 'eur' }));
    expect(r).toEqual({
      ok: true,
      body: {
        plan_name: 'pro',
        start_date: '2026-11-01',
        billing_cycle: 'monthly',
        pricing_model: 'PER_SEAT',
        unit_price: '20.125',
        seats: 3,
        currency: 'EUR',
        enabled: true,
        auto_renew: true,
        discount_type: 'percent',
        discount_value: '12.5',
      },
    });
  });

  it("reports the contract's messages on their fields", () => {
    const r = checkCreate(
      form({
        plan_name: 'Pro Plan',
        unit_price: '1e3',
        seats: '2.5',
        end_date: '2026-10-01',
        discount_type: 'percent',
        discount_value: '120',
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.plan_name).toBe('a plan name like pro or business_plus');
    expect(r.errors.unit_price).toBe('a decimal like "2.5"');
    expect(r.errors.seats).toBeDefined();
    expect(r.errors.end_date).toBe('before start_date');
    expect(r.errors.discount_value).toBe('at most 100');
  });

  it('refuses more than 9 decimals of money', () => {
    const r = checkCreate(form({ unit_price: '0.0000000001' }));
    expect(r.ok ? undefined : r.errors.unit_price).toBe('at most 9 decimals, below 10^12');
  });

  it('a custom cycle takes its length in months or days, shown on the one length control', () => {
    const months = checkCreate(form({ billing_cycle: 'custom', custom_length: '2', custom_unit: 'months' }));
    expect(months.ok && months.body.custom_cycle_months).toBe(2);
    const days = checkCreate(form({ billing_cycle: 'custom', custom_length: '45', custom_unit: 'days' }));
    expect(days.ok && days.body.custom_cycle_days).toBe(45);
    const missing = checkCreate(form({ billing_cycle: 'custom', custom_length: '' }));
    expect(missing.ok ? undefined : missing.errors.custom_length).toBeDefined();
    const big = checkCreate(form({ billing_cycle: 'custom', custom_length: '40', custom_unit: 'months' }));
    expect(big.ok ? undefined : big.errors.custom_length).toBeDefined();
  });

  it('a flat fee sends no seats', () => {
    const r = checkCreate(form({ pricing_model: 'FLAT_FEE', seats: 'x' }));
    expect(r.ok && 'seats' in r.body).toBe(false);
  });
});

describe('checkUpdate', () => {
  it('a stored amount comes back as plain decimal text the contract takes', () => {
    const f = planToForm(plan({ unit_price: 1e-7, discount_type: 'fixed', discount_value: 2.5 }));
    expect([f.unit_price, f.discount_value]).toEqual(['0.0000001', '2.5']);
    expect(checkUpdate(f, plan()).ok).toBe(true);
  });

  it('sends every editable field, cleared ones as null', () => {
    const r = checkUpdate({ ...planToForm(plan()), notes: '  ', end_date: '2026-12-31' }, plan());
    expect(r).toEqual({
      ok: true,
      body: {
        display_name: null,
        start_date: '2026-11-01',
        end_date: '2026-12-31',
        discount_type: null,
        discount_value: null,
        auto_renew: true,
        owner_email: null,
        notes: null,
      },
    });
  });

  it('refuses what the API refuses: end before start, a discount over 100%, a start after the first change', () => {
    const p = plan({ changes: [{ effective_date: '2026-11-16', seats: 5, unit_price: null }] });
    const r = checkUpdate(
      {
        ...planToForm(p),
        start_date: '2026-11-20',
        end_date: '2026-11-10',
        discount_type: 'percent',
        discount_value: '101',
      },
      p,
    );
    expect(r.ok ? {} : r.errors).toEqual({
      end_date: 'before start_date',
      discount_value: 'at most 100',
      start_date: 'cannot move after the first change (2026-11-16)',
    });
  });
});

describe('checkChange', () => {
  it('takes seats and/or a decimal price from a day', () => {
    expect(checkChange({ effective_date: '2026-11-16', seats: '5', unit_price: '' })).toEqual({
      ok: true,
      body: { effective_date: '2026-11-16', seats: 5 },
    });
    expect(checkChange({ effective_date: '2026-11-16', seats: '', unit_price: '18.5' })).toEqual({
      ok: true,
      body: { effective_date: '2026-11-16', unit_price: '18.5' },
    });
  });

  it('nothing to change is a form error; a bad day a field error', () => {
    const none = checkChange({ effective_date: '2026-11-16', seats: '', unit_price: '' });
    expect(none.ok ? {} : none.errors).toEqual({ form: 'nothing to change' });
    const bad = checkChange({ effective_date: '2026-02-30', seats: '-1', unit_price: '' });
    expect(Object.keys(bad.ok ? {} : bad.errors).sort()).toEqual(['effective_date', 'seats']);
  });
});

describe('apiFieldErrors', () => {
  it("puts a 400's body field details on the form's fields, the first message per field", () => {
    expect(
      apiFieldErrors([
        { field: 'body.effective_date', message: 'on or before start_date' },
        { field: 'body.effective_date', message: 'second' },
        { field: 'params.plan_id', message: 'not a uuid' },
        { nope: true },
      ]),
    ).toEqual({ effective_date: 'on or before start_date' });
    expect(apiFieldErrors({ limit: 1 })).toEqual({});
  });
});

describe('what to recalculate', () => {
  it('the earliest changed day wins and the reasons add up', () => {
    const s = addStale(addStale(undefined, '2026-11-16', 'seats'), '2026-11-01', 'added');
    expect(s).toEqual({ from: '2026-11-01', what: ['seats', 'added'] });
    expect(addStale(s, '2026-12-01', 'off').from).toBe('2026-11-01');
  });

  it('one run through today, split into runs of at most the run limit, none for a future day', () => {
    expect(recalcRanges('2026-11-01', '2026-12-07')).toEqual([
      { start_date: '2026-11-01', end_date: '2026-12-07' },
    ]);
    expect(recalcRanges('2026-12-08', '2026-12-07')).toEqual([]);
    const long = recalcRanges('2026-01-01', '2026-12-07');
    expect(long.length).toBe(4);
    expect(long[0]).toEqual({ start_date: '2026-01-01', end_date: '2026-04-02' });
    for (const r of long) expect(rangeDays(r)).toBeLessThanOrEqual(MAX_RUN_DAYS);
    expect(long.at(-1)!.end_date).toBe('2026-12-07');
    expect(long.reduce((n, r) => n + rangeDays(r), 0)).toBe(341);
  });

  it('earliestStart over plans', () => {
    expect(earliestStart([])).toBeUndefined();
    expect(earliestStart([plan({ start_date: '2026-05-01' }), plan({ start_date: '2026-03-02' })])).toBe(
      '2026-03-02',
    );
  });
});

describe('the URL', () => {
  it('keeps a provider slug and drops anything else', () => {
    expect(parseSubscriptionsSearch({ provider: 'cursor' })).toEqual({ provider: 'cursor' });
    expect(parseSubscriptionsSearch({ provider: 'Bad Name' })).toEqual({ provider: undefined });
    expect(parseSubscriptionsSearch(undefined)).toEqual({});
  });
});

describe('termsOn', () => {
  it('applies the changes in force on the day, each keeping what it does not set', () => {
    const p = plan({
      changes: [
        { effective_date: '2026-12-01', seats: null, unit_price: 25 },
        { effective_date: '2026-11-16', seats: 5, unit_price: null },
      ],
    });
    expect(termsOn(p, '2026-11-15')).toEqual({ seats: 3, unit_price: 20 });
    expect(termsOn(p, '2026-11-16')).toEqual({ seats: 5, unit_price: 20 });
    expect(termsOn(p, '2026-12-07')).toEqual({ seats: 5, unit_price: 25 });
  });
});
