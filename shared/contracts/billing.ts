import { z } from 'zod';
import { route } from './route.js';
import {
  EmptyQuerySchema,
  orgAdmin,
  OrgParamsSchema,
  orgViewer,
  PlanSchema,
  SubscriptionStatusSchema,
  TimestampSchema,
} from './common.js';

/** A page of the caller's own app to send the browser back to: absolute http(s) URL. */
const ReturnUrlSchema = z.url({ protocol: /^https?$/ }).max(2048);

export const PlanLimitsSchema = z.object({
  daily_runs: z.number().int(),
  monthly_runs: z.number().int(),
  concurrent_runs: z.number().int(),
  seats: z.number().int(),
  providers: z.number().int(),
});

export const PlanInfoSchema = z.object({
  plan: PlanSchema,
  name: z.string(),
  /** The monthly price in `currency`, a whole number of units (19 = $19.00). */
  price_monthly: z.number(),
  currency: z.string(),
  limits: PlanLimitsSchema,
  /** The Stripe price this plan is sold at (`STRIPE_PRICE_<PLAN>`), null when not configured. */
  stripe_price_id: z.string().nullable(),
});

export const PlansResponseSchema = z.object({ plans: z.array(PlanInfoSchema) });

export const BillingStatusSchema = z.object({
  plan: PlanSchema,
  status: SubscriptionStatusSchema,
  trial_ends_at: TimestampSchema.nullable(),
  current_period_end: TimestampSchema.nullable(),
  cancel_at_period_end: z.boolean(),
  /** False when no Stripe secret key is configured: checkout then applies the plan directly. */
  stripe_enabled: z.boolean(),
});

export const CheckoutBodySchema = z.strictObject({
  plan: PlanSchema,
  success_url: ReturnUrlSchema,
  cancel_url: ReturnUrlSchema,
});

export const PortalBodySchema = z.strictObject({ return_url: ReturnUrlSchema }).partial();

export const RedirectSchema = z.object({ url: z.string() });

export const WebhookResponseSchema = z.object({ received: z.literal(true) });

export const billingRoutes = {
  plans: route({
    id: 'billing.plans',
    method: 'GET',
    path: '/api/v1/billing/plans',
    summary: 'Every plan with its monthly price and limits (public).',
    auth: 'public',
    query: EmptyQuerySchema,
    response: PlansResponseSchema,
  }),
  webhook: route({
    id: 'billing.webhook',
    method: 'POST',
    path: '/api/v1/billing/webhook',
    summary:
      'Stripe webhook: verifies Stripe-Signature over the raw body, applies each event once and in order.',
    auth: 'public',
    rawBody: true,
    response: WebhookResponseSchema,
  }),
  get: route({
    id: 'billing.get',
    method: 'GET',
    path: '/api/v1/billing/{org}',
    summary: 'Plan, status, trial end, billing period end and whether Stripe is on.',
    ...orgViewer,
    params: OrgParamsSchema,
    query: EmptyQuerySchema,
    response: BillingStatusSchema,
  }),
  checkout: route({
    id: 'billing.checkout',
    method: 'POST',
    path: '/api/v1/billing/{org}/checkout',
    summary:
      'Start a Stripe Checkout session (subscription) for a plan and return its URL; without Stripe the plan applies at once.',
    ...orgAdmin,
    params: OrgParamsSchema,
    body: CheckoutBodySchema,
    response: RedirectSchema,
    example: {
      body: {
        plan: 'PROFESSIONAL',
        success_url: 'https://app.example.com/billing?done=1',
        cancel_url: 'https://app.example.com/billing',
      },
    },
  }),
  portal: route({
    id: 'billing.portal',
    method: 'POST',
    path: '/api/v1/billing/{org}/portal',
    summary: "Open a Stripe Billing Portal session for the org's customer and return its URL.",
    ...orgAdmin,
    params: OrgParamsSchema,
    body: PortalBodySchema,
    response: RedirectSchema,
    example: { body: { return_url: 'https://app.example.com/billing' } },
  }),
};
