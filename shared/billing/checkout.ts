/**
 * The billing use cases of an org: its status, Stripe Checkout (or, without Stripe, the plan at once) and the
 * Stripe Billing Portal. Plan and status are written only through changeSubscription; the webhook does the rest.
 */
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Plan } from '../contracts/common.js';
import type { BillingStatusSchema } from '../contracts/billing.js';
import { describePrincipal } from '../auth/principal.js';
import { auditRequest, type RequestMeta } from '../orgs/audit.js';
import { AppError, notFound } from '../errors/index.js';
import { stripePriceOf } from './plans.js';
import { changeSubscription, lockSubscription, type SubscriptionRow } from './subscription.js';
import { LIVE_STATUSES } from './stripe-events.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Plan, status, trial end, period end, cancel at period end, and whether Stripe is on. */
export async function billingStatus(
  ctx: AppContext,
  orgSlug: string,
): Promise<z.input<typeof BillingStatusSchema>> {
  const { rows } = await (
    await ctx.db()
  ).query<SubscriptionRow>(
    `SELECT plan, status, trial_ends_at, current_period_end, cancel_at_period_end
     FROM org_subscriptions WHERE org_slug = $1`,
    [orgSlug],
  );
  const r = rows[0];
  if (!r) throw notFound(`Organization ${orgSlug} not found.`);
  return {
    plan: r.plan,
    status: r.status,
    trial_ends_at: iso(r.trial_ends_at),
    current_period_end: iso(r.current_period_end),
    cancel_at_period_end: r.cancel_at_period_end,
    stripe_enabled: (await ctx.payments()) !== undefined,
  };
}

export interface CheckoutInput {
  plan: Plan;
  success_url: string;
  cancel_url: string;
}

/**
 * With Stripe, a Checkout Session in subscription mode for the plan's price, tagged with the org slug (the
 * webhook finds the org by it); an org already paying gets 409 (the portal changes a plan, so no one pays twice).
 * Without Stripe, the plan applies at once, ACTIVE, and the browser goes straight to `success_url`.
 */
export async function startCheckout(
  ctx: AppContext,
  orgSlug: string,
  input: CheckoutInput,
  meta: RequestMeta,
): Promise<{ url: string }> {
  const payments = await ctx.payments();
  const db = await ctx.db();
  if (!payments) {
    return db.transaction(async (tx) => {
      const before = await lockSubscription(tx, orgSlug);
      await changeSubscription(
        tx,
        before,
        { plan: input.plan, status: 'ACTIVE' },
        { actor: describePrincipal(meta.principal), source: 'checkout', requestId: meta.requestId },
      );
      await auditRequest(tx, orgSlug, meta, 'billing.checkout', input.plan, {
        plan: input.plan,
        previous_plan: before.plan,
        stripe: false,
      });
      return { url: input.success_url };
    });
  }
  const priceId = stripePriceOf(ctx.config, input.plan);
  if (!priceId) {
    throw new AppError('rejected', `Plan ${input.plan} has no Stripe price configured.`, {
      code: 'PLAN_NOT_PURCHASABLE',
      details: { plan: input.plan },
    });
  }
  const org = await checkoutTarget(ctx, orgSlug);
  if (org.stripe_subscription_id && LIVE_STATUSES.has(org.status)) {
    throw new AppError(
      'conflict',
      'This organization already has a Stripe subscription: change or cancel it in the billing portal.',
      { code: 'SUBSCRIPTION_EXISTS' },
    );
  }
  const session = await payments.createCheckoutSession({
    priceId,
    orgSlug,
    customerId: org.stripe_customer_id ?? undefined,
    customerEmail: org.stripe_customer_id ? undefined : (org.billing_email ?? org.admin_email),
    successUrl: input.success_url,
    cancelUrl: input.cancel_url,
  });
  await auditRequest(db, orgSlug, meta, 'billing.checkout', input.plan, {
    plan: input.plan,
    checkout_session: session.id,
    stripe: true,
  });
  return { url: session.url };
}

type CheckoutTarget = Pick<SubscriptionRow, 'status' | 'stripe_customer_id' | 'stripe_subscription_id'> & {
  billing_email: string | null;
  admin_email: string;
};

async function checkoutTarget(ctx: AppContext, orgSlug: string): Promise<CheckoutTarget> {
  const { rows } = await (
    await ctx.db()
  ).query<CheckoutTarget>(
    `SELECT s.status, s.stripe_customer_id, s.stripe_subscription_id, o.billing_email, o.admin_email
     FROM org_subscriptions s JOIN organizations o ON o.org_slug = s.org_slug WHERE s.org_slug = $1`,
    [orgSlug],
  );
  if (!rows[0]) throw notFound(`Organization ${orgSlug} not found.`);
  return rows[0];
}

/** A Billing Portal session for the org's Stripe customer (plan changes, card, invoices, cancel). */
export async function openPortal(
  ctx: AppContext,
  orgSlug: string,
  returnUrl: string | undefined,
  meta: RequestMeta,
): Promise<{ url: string }> {
  const payments = await ctx.payments();
  if (!payments) {
    throw new AppError('conflict', 'Stripe is not configured: there is no billing portal.', {
      code: 'STRIPE_NOT_CONFIGURED',
    });
  }
  const db = await ctx.db();
  const { rows } = await db.query<{ stripe_customer_id: string | null }>(
    'SELECT stripe_customer_id FROM org_subscriptions WHERE org_slug = $1',
    [orgSlug],
  );
  if (!rows[0]) throw notFound(`Organization ${orgSlug} not found.`);
  const customerId = rows[0].stripe_customer_id;
  if (!customerId) {
    throw new AppError('conflict', 'This organization has no Stripe customer yet: start a checkout first.', {
      code: 'NO_STRIPE_CUSTOMER',
    });
  }
  const session = await payments.createPortalSession({ customerId, returnUrl });
  await auditRequest(db, orgSlug, meta, 'billing.portal', customerId);
  return { url: session.url };
}
