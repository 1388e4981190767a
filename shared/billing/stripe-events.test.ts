import { describe, expect, it } from 'vitest';
import { stripeFacts } from './stripe-events.js';

const sub = (status: string, extra: Record<string, unknown> = {}) => ({
  id: 'sub_1',
  object: 'subscription',
  customer: 'cus_1',
  status,
  metadata: { org_slug: 'acme' },
  cancel_at_period_end: false,
  trial_end: null,
  items: { data: [{ price: { id: 'price_pro' }, current_period_end: 1_800_000_000 }] },
  ...extra,
});

describe('stripeFacts', () => {
  it.each([
    ['trialing', 'TRIAL'],
    ['active', 'ACTIVE'],
    ['past_due', 'SUSPENDED'],
    ['unpaid', 'SUSPENDED'],
    ['incomplete', 'SUSPENDED'],
    ['paused', 'SUSPENDED'],
    ['canceled', 'CANCELLED'],
    ['incomplete_expired', 'CANCELLED'],
  ])('maps Stripe status %s to %s', (stripe, ours) => {
    expect(stripeFacts('customer.subscription.updated', sub(stripe))).toMatchObject({ status: ours });
  });

  it('treats deleted as canceled, reads the period end from the item and falls back to the subscription', () => {
    expect(stripeFacts('customer.subscription.deleted', sub('active'))).toMatchObject({
      status: 'CANCELLED',
      priceId: 'price_pro',
      currentPeriodEnd: new Date(1_800_000_000_000),
      orgSlug: 'acme',
    });
    const old = sub('active', {
      current_period_end: 1_700_000_000,
      items: { data: [{ price: { id: 'p' } }] },
    });
    expect(stripeFacts('customer.subscription.updated', old)).toMatchObject({
      currentPeriodEnd: new Date(1_700_000_000_000),
    });
  });

  it('reads the subscription of an invoice from its parent (API 2026) or the invoice (older)', () => {
    const invoice = {
      customer: { id: 'cus_1' },
      parent: { subscription_details: { subscription: 'sub_1', metadata: { org_slug: 'acme' } } },
    };
    expect(stripeFacts('invoice.paid', invoice)).toEqual({
      kind: 'invoice',
      paid: true,
      subscriptionId: 'sub_1',
      customerId: 'cus_1',
      orgSlug: 'acme',
    });
    expect(stripeFacts('invoice.payment_failed', { customer: 'cus_1', subscription: 'sub_2' })).toMatchObject(
      {
        paid: false,
        subscriptionId: 'sub_2',
        orgSlug: null,
      },
    );
  });

  it('ignores other types, unknown statuses and payment-mode checkouts', () => {
    expect(stripeFacts('customer.created', {})).toEqual({ kind: 'other' });
    expect(stripeFacts('customer.subscription.trial_will_end', sub('trialing'))).toEqual({ kind: 'other' });
    expect(stripeFacts('customer.subscription.updated', sub('mystery'))).toEqual({ kind: 'other' });
    expect(stripeFacts('checkout.session.completed', { mode: 'payment', client_reference_id: 'a' })).toEqual({
      kind: 'other',
    });
    expect(
      stripeFacts('checkout.session.completed', {
        mode: 'subscription',
        client_reference_id: 'acme',
        customer: 'cus_1',
        subscription: 'sub_1',
      }),
    ).toEqual({ kind: 'checkout', orgSlug: 'acme', customerId: 'cus_1', subscriptionId: 'sub_1' });
  });
});
