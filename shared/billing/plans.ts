import type { z } from 'zod';
import type { Config } from '../config/config.js';
import { PlanSchema, type Plan } from '../contracts/common.js';
import type { PlansResponseSchema } from '../contracts/billing.js';
import { PLAN_LIMITS } from '../orgs/plans.js';

type PriceSettings = Pick<
  Config,
  'STRIPE_PRICE_STARTER' | 'STRIPE_PRICE_PROFESSIONAL' | 'STRIPE_PRICE_SCALE'
>;

/** The Stripe price id each plan is sold at, from configuration (`STRIPE_PRICE_<PLAN>`); undefined when unset. */
export const stripePriceOf = (config: PriceSettings, plan: Plan): string | undefined =>
  ({
    STARTER: config.STRIPE_PRICE_STARTER,
    PROFESSIONAL: config.STRIPE_PRICE_PROFESSIONAL,
    SCALE: config.STRIPE_PRICE_SCALE,
  })[plan];

/** The plan a Stripe price id sells, or undefined for a price that is none of ours. */
export const planOfPrice = (config: PriceSettings, priceId: string | null | undefined): Plan | undefined =>
  priceId ? PlanSchema.options.find((p) => stripePriceOf(config, p) === priceId) : undefined;

/** Every plan with its price and limits: the one table (shared/orgs/plans.ts) plus the configured price ids. */
export function listPlans(config: PriceSettings): z.input<typeof PlansResponseSchema> {
  return {
    plans: PlanSchema.options.map((plan) => {
      const l = PLAN_LIMITS[plan];
      return {
        plan,
        name: l.name,
        price_monthly: l.monthly_price_usd,
        currency: 'USD',
        limits: {
          daily_runs: l.daily_limit,
          monthly_runs: l.monthly_limit,
          concurrent_runs: l.concurrent_limit,
          seats: l.seat_limit,
          providers: l.provider_limit,
        },
        stripe_price_id: stripePriceOf(config, plan) ?? null,
      };
    }),
  };
}
