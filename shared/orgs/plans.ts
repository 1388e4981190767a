import type { Plan } from '../contracts/common.js';

export interface PlanLimits {
  /** Display name. */
  name: string;
  daily_limit: number;
  monthly_limit: number;
  concurrent_limit: number;
  seat_limit: number;
  provider_limit: number;
  monthly_price_usd: number;
}

/** Plan quotas from the product seed (v4.3, "Plan Quotas"). */
export const PLAN_LIMITS: Record<Plan, PlanLimits> = {
  STARTER: {
    name: 'Starter',
    daily_limit: 6,
    monthly_limit: 180,
    concurrent_limit: 20,
    seat_limit: 2,
    provider_limit: 3,
    monthly_price_usd: 19,
  },
  PROFESSIONAL: {
    name: 'Professional',
    daily_limit: 25,
    monthly_limit: 750,
    concurrent_limit: 20,
    seat_limit: 6,
    provider_limit: 6,
    monthly_price_usd: 69,
  },
  SCALE: {
    name: 'Scale',
    daily_limit: 100,
    monthly_limit: 3000,
    concurrent_limit: 20,
    seat_limit: 11,
    provider_limit: 10,
    monthly_price_usd: 199,
  },
};

/** New orgs start on a trial of this many days (Stripe `trialing` maps to TRIAL). */
export const TRIAL_DAYS = 14;
