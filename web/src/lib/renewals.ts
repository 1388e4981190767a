import { addDays, type Day } from '../../../shared/time/day.js';

/** What a SaaS plan needs for its renewal date (GET /subscriptions/{org}/providers/{provider}/plans). */
export interface PlanCycle {
  start_date: Day;
  end_date: Day | null;
  billing_cycle: 'monthly' | 'quarterly' | 'semi_annual' | 'annual' | 'custom';
  custom_cycle_months: number | null;
  custom_cycle_days: number | null;
  auto_renew: boolean;
}

const MONTHS: Record<string, number> = { monthly: 1, quarterly: 3, semi_annual: 6, annual: 12 };

/** `start` + `months` calendar months, the day of month clamped to the month's length (Jan 31 + 1 → Feb 28). */
export function addMonthsClamped(start: Day, months: number): Day {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const index = m - 1 + months;
  const year = y + Math.floor(index / 12);
  const month = ((index % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

/** Cycle k's first day: anchored on the plan's start, as the SaaS schedule computes it (never drifting). */
function cycleStart(plan: PlanCycle, k: number): Day {
  if (plan.billing_cycle === 'custom' && plan.custom_cycle_days)
    return addDays(plan.start_date, k * plan.custom_cycle_days);
  const months =
    plan.billing_cycle === 'custom' ? (plan.custom_cycle_months ?? 1) : MONTHS[plan.billing_cycle]!;
  return addMonthsClamped(plan.start_date, k * months);
}

export type Renewal =
  | { kind: 'renews'; on: Day }
  | { kind: 'ends'; on: Day }
  | { kind: 'starts'; on: Day }
  | { kind: 'ended'; on: Day };

/**
 * The plan's next event after `today` (UTC): it starts (a future plan), renews (the next cycle's first day), or
 * ends (its end_date comes first, or it does not renew: the current cycle's last day); `ended` when it is over.
 */
export function nextRenewal(plan: PlanCycle, today: Day): Renewal {
  if (plan.start_date > today) return { kind: 'starts', on: plan.start_date };
  if (plan.end_date && plan.end_date < today) return { kind: 'ended', on: plan.end_date };
  let k = 1;
  let next = cycleStart(plan, k);
  while (next <= today) next = cycleStart(plan, ++k);
  if (plan.end_date && plan.end_date < next) return { kind: 'ends', on: plan.end_date };
  if (!plan.auto_renew) return { kind: 'ends', on: addDays(next, -1) };
  return { kind: 'renews', on: next };
}
