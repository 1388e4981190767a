/**
 * What the webhook reads from a verified Stripe event, and nothing more: ids, status, price, period end, cancel
 * flag and trial end of a subscription; the org slug and ids of a completed checkout; the subscription of an
 * invoice. Pure (no I/O), so each mapping is tested on its own. No email, address or card field is read.
 */
import { z } from 'zod';
import type { SubscriptionStatus } from './subscription.js';

/** Stripe subscription status -> org subscription status (the seed's table). */
export const STATUS_OF_STRIPE: Record<string, SubscriptionStatus> = {
  trialing: 'TRIAL',
  active: 'ACTIVE',
  past_due: 'SUSPENDED',
  unpaid: 'SUSPENDED',
  incomplete: 'SUSPENDED',
  paused: 'SUSPENDED',
  canceled: 'CANCELLED',
  incomplete_expired: 'CANCELLED',
};

/** Statuses under which an org has a subscription it pays for (or will): a second checkout is refused. */
export const LIVE_STATUSES: ReadonlySet<SubscriptionStatus> = new Set(['TRIAL', 'ACTIVE', 'SUSPENDED']);

const Id = z.string().min(1).max(255);
/** An id field that may be expanded into its object (`customer: {id, ...}`). */
const Ref = z.union([Id, z.object({ id: Id }).transform((o) => o.id)]).nullish();
const Seconds = z.number().int().nullish();
const Metadata = z.record(z.string(), z.string()).nullish();

const SubscriptionObject = z.object({
  id: Id,
  customer: Ref,
  status: z.string(),
  metadata: Metadata,
  cancel_at_period_end: z.boolean().nullish(),
  trial_end: Seconds,
  current_period_end: Seconds,
  items: z
    .object({
      data: z.array(z.object({ price: z.object({ id: Id }).nullish(), current_period_end: Seconds })),
    })
    .nullish(),
});

const CheckoutObject = z.object({
  client_reference_id: z.string().nullish(),
  metadata: Metadata,
  customer: Ref,
  subscription: Ref,
  mode: z.string().nullish(),
});

const InvoiceObject = z.object({
  customer: Ref,
  /** Before API 2025-03-31 the subscription sat on the invoice itself. */
  subscription: Ref,
  subscription_details: z.object({ metadata: Metadata }).nullish(),
  parent: z
    .object({
      subscription_details: z.object({ subscription: Ref, metadata: Metadata }).nullish(),
    })
    .nullish(),
});

const toDate = (s: number | null | undefined) => (s == null ? null : new Date(s * 1000));

export type StripeFacts =
  | {
      kind: 'subscription';
      subscriptionId: string;
      customerId: string | null;
      orgSlug: string | null;
      status: SubscriptionStatus;
      priceId: string | null;
      currentPeriodEnd: Date | null;
      cancelAtPeriodEnd: boolean;
      trialEndsAt: Date | null;
    }
  | { kind: 'checkout'; orgSlug: string | null; customerId: string | null; subscriptionId: string | null }
  | {
      kind: 'invoice';
      paid: boolean;
      subscriptionId: string | null;
      customerId: string | null;
      orgSlug: string | null;
    }
  | { kind: 'other' };

/** The facts of an event the webhook acts on; `other` for any type (or shape) it does not. */
export function stripeFacts(type: string, object: unknown): StripeFacts {
  if (type.startsWith('customer.subscription.')) {
    if (!['created', 'updated', 'deleted'].includes(type.slice('customer.subscription.'.length)))
      return { kind: 'other' };
    const s = SubscriptionObject.safeParse(object);
    if (!s.success) return { kind: 'other' };
    const stripeStatus = type === 'customer.subscription.deleted' ? 'canceled' : s.data.status;
    const status = STATUS_OF_STRIPE[stripeStatus];
    if (!status) return { kind: 'other' };
    const item = s.data.items?.data[0];
    return {
      kind: 'subscription',
      subscriptionId: s.data.id,
      customerId: s.data.customer ?? null,
      orgSlug: s.data.metadata?.org_slug ?? null,
      status,
      priceId: item?.price?.id ?? null,
      // API 2025-03-31 and later keep the period on the item; older payloads on the subscription.
      currentPeriodEnd: toDate(item?.current_period_end ?? s.data.current_period_end),
      cancelAtPeriodEnd: s.data.cancel_at_period_end ?? false,
      trialEndsAt: toDate(s.data.trial_end),
    };
  }
  if (type === 'checkout.session.completed') {
    const c = CheckoutObject.safeParse(object);
    if (!c.success || (c.data.mode && c.data.mode !== 'subscription')) return { kind: 'other' };
    return {
      kind: 'checkout',
      orgSlug: c.data.client_reference_id ?? c.data.metadata?.org_slug ?? null,
      customerId: c.data.customer ?? null,
      subscriptionId: c.data.subscription ?? null,
    };
  }
  if (type === 'invoice.paid' || type === 'invoice.payment_failed') {
    const i = InvoiceObject.safeParse(object);
    if (!i.success) return { kind: 'other' };
    const details = i.data.parent?.subscription_details;
    return {
      kind: 'invoice',
      paid: type === 'invoice.paid',
      subscriptionId: details?.subscription ?? i.data.subscription ?? null,
      customerId: i.data.customer ?? null,
      orgSlug: details?.metadata?.org_slug ?? i.data.subscription_details?.metadata?.org_slug ?? null,
    };
  }
  return { kind: 'other' };
}
