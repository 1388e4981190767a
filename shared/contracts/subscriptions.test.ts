import { describe, expect, it } from 'vitest';
import { CreatePlanSchema, PlanChangeBodySchema, planIssues } from './subscriptions.js';

const base = {
  plan_name: 'pro',
  billing_cycle: 'monthly',
  pricing_model: 'PER_SEAT',
  start_date: '2026-01-01',
  unit_price: 10,
};

/** The fields and messages a refused body reports (what the HTTP 400's details carry, without `body.`). */
const refused = (
  body: unknown,
  schema: typeof CreatePlanSchema | typeof PlanChangeBodySchema = CreatePlanSchema,
) => {
  const r = schema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
};

describe('SaaS plan rules in the contract', () => {
  it('accepts a plain plan and a custom cycle with one length', () => {
    expect(refused(base)).toEqual([]);
    expect(refused({ ...base, billing_cycle: 'custom', custom_cycle_days: 10 })).toEqual([]);
  });

  it('names the field of each broken rule, as the hand-written checks did', () => {
    expect(refused({ ...base, billing_cycle: 'custom' })).toEqual([
      ['billing_cycle', 'custom cycle length mismatch'],
    ]);
    expect(refused({ ...base, custom_cycle_days: 10 })).toEqual([
      ['billing_cycle', 'custom cycle length mismatch'],
    ]);
    expect(
      refused({ ...base, billing_cycle: 'custom', custom_cycle_days: 10, custom_cycle_months: 1 }),
    ).toEqual([['billing_cycle', 'custom cycle length mismatch']]);
    expect(refused({ ...base, end_date: '2025-12-31' })).toEqual([['end_date', 'before start_date']]);
    expect(refused({ ...base, discount_value: 5 })).toEqual([['discount_value', 'needs discount_type']]);
    expect(refused({ ...base, discount_type: 'percent', discount_value: 101 })).toEqual([
      ['discount_value', 'at most 100'],
    ]);
    expect(refused({ ...base, unit_price: '0.0000000001' })).toEqual([
      ['unit_price', 'at most 9 decimals, below 10^12'],
    ]);
    expect(refused({ ...base, unit_price: 1e12 })).toEqual([
      ['unit_price', 'at most 9 decimals, below 10^12'],
    ]);
    expect(refused({ effective_date: '2026-03-01' }, PlanChangeBodySchema)).toEqual([
      ['', 'nothing to change'],
    ]);
  });

  it('checks an edited plan (stored terms with the edit applied) with the same rules', () => {
    const stored = {
      start_date: '2026-01-01',
      end_date: null,
      discount_type: 'fixed',
      discount_value: '150',
    };
    expect(planIssues({ ...stored, discount_type: 'percent' }).map((i) => [i.field, i.summary])).toEqual([
      ['discount_value', 'A percent discount is at most 100.'],
    ]);
    expect(planIssues({ ...stored, end_date: '2025-06-30' }).map((i) => i.summary)).toEqual([
      'end_date is before start_date.',
    ]);
  });
});
