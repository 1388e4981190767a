import { describe, expect, it } from 'vitest';
import { addMonthsClamped, nextRenewal, type PlanCycle } from './renewals.js';

const plan = (p: Partial<PlanCycle>): PlanCycle => ({
  start_date: '2026-01-31',
  end_date: null,
  billing_cycle: 'monthly',
  custom_cycle_months: null,
  custom_cycle_days: null,
  auto_renew: true,
  ...p,
});

describe('addMonthsClamped', () => {
  it('clamps the day to the month and never drifts', () => {
    expect(addMonthsClamped('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsClamped('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonthsClamped('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsClamped('2026-11-15', 3)).toBe('2027-02-15');
  });
});

describe('nextRenewal', () => {
  it('renews on the next cycle start after today (anchored on the start)', () => {
    expect(nextRenewal(plan({}), '2026-03-15')).toEqual({ kind: 'renews', on: '2026-03-31' });
    expect(nextRenewal(plan({}), '2026-03-31')).toEqual({ kind: 'renews', on: '2026-04-30' });
    expect(nextRenewal(plan({ billing_cycle: 'annual', start_date: '2025-06-01' }), '2026-12-07')).toEqual({
      kind: 'renews',
      on: '2027-06-01',
    });
    expect(nextRenewal(plan({ billing_cycle: 'quarterly', start_date: '2026-01-10' }), '2026-04-10')).toEqual(
      {
        kind: 'renews',
        on: '2026-07-10',
      },
    );
  });

  it('custom cycles in months or days', () => {
    const days = plan({ billing_cycle: 'custom', custom_cycle_days: 10, start_date: '2026-12-01' });
    expect(nextRenewal(days, '2026-12-07')).toEqual({ kind: 'renews', on: '2026-12-11' });
    const months = plan({ billing_cycle: 'custom', custom_cycle_months: 2, start_date: '2026-10-05' });
    expect(nextRenewal(months, '2026-12-07')).toEqual({ kind: 'renews', on: '2027-02-05' });
  });

  it('ends instead when the end date comes first or it does not auto-renew', () => {
    expect(nextRenewal(plan({ end_date: '2026-04-15' }), '2026-04-01')).toEqual({
      kind: 'ends',
      on: '2026-04-15',
    });
    expect(nextRenewal(plan({ auto_renew: false }), '2026-03-15')).toEqual({
      kind: 'ends',
      on: '2026-03-30',
    });
  });

  it('a future plan starts; a past one has ended', () => {
    expect(nextRenewal(plan({ start_date: '2027-01-01' }), '2026-12-07')).toEqual({
      kind: 'starts',
      on: '2027-01-01',
    });
    expect(nextRenewal(plan({ end_date: '2026-06-30' }), '2026-12-07')).toEqual({
      kind: 'ended',
      on: '2026-06-30',
    });
  });
});
