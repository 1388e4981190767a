import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStripeServer, type StripeServer } from '../../testing/stripe-server.js';
import { AppError } from '../../errors/index.js';
import { openPayments, verifyPaymentEvent } from './open.js';
import { STRIPE_API_VERSION, stripeAddress } from './stripe.js';
import type { Payments } from './port.js';

const KEY = 'sk_test_unit_0123456789abcdefghijkl';
let server: StripeServer;
let payments: Payments;

beforeAll(async () => {
  server = await startStripeServer(KEY);
  server.prices.add('price_pro');
  payments = (await openPayments({ secretKey: KEY, apiUrl: server.url, timeoutMs: 5000 }))!;
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.fail('/v1/checkout/sessions', undefined);
});

const checkout = (over: Partial<Parameters<Payments['createCheckoutSession']>[0]> = {}) =>
  payments.createCheckoutSession({
    priceId: 'price_pro',
    orgSlug: 'acme',
    customerEmail: 'billing@acme.test',
    successUrl: 'https://app.test/ok',
    cancelUrl: 'https://app.test/back',
    ...over,
  });

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('Stripe payments adapter (real SDK against the local Stripe-format server)', () => {
  it('is absent without a secret key', async () => {
    expect(await openPayments({ secretKey: undefined, apiUrl: server.url, timeoutMs: 1000 })).toBeUndefined();
    expect(await openPayments({ secretKey: '', apiUrl: server.url, timeoutMs: 1000 })).toBeUndefined();
  });

  it('reads host, port and protocol from the API URL', () => {
    expect(stripeAddress('http://127.0.0.1:4010')).toEqual({
      host: '127.0.0.1',
      port: 4010,
      protocol: 'http',
    });
    expect(stripeAddress('https://api.stripe.com')).toEqual({
      host: 'api.stripe.com',
      port: 443,
      protocol: 'https',
    });
  });

  it('creates a subscription Checkout Session with the pinned API version', async () => {
    const s = await checkout();
    expect(s.id).toMatch(/^cs_test_/);
    expect(s.url).toBe(`https://checkout.stripe.com/c/pay/${s.id}`);
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions', authorized: true });
    expect(req!.stripeVersion).toBe(STRIPE_API_VERSION);
    expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
    expect(req!.params).toEqual({
      mode: 'subscription',
      line_items: [{ price: 'price_pro', quantity: '1' }],
      client_reference_id: 'acme',
      subscription_data: { metadata: { org_slug: 'acme' } },
      metadata: { org_slug: 'acme' },
      success_url: 'https://app.test/ok',
      cancel_url: 'https://app.test/back',
      customer_email: 'billing@acme.test',
    });
  });

  it('sends the known customer instead of an email', async () => {
    await checkout({ customerId: 'cus_1', customerEmail: undefined });
    expect(server.requests[0]!.params).toMatchObject({ customer: 'cus_1' });
    expect(server.requests[0]!.params).not.toHaveProperty('customer_email');
  });

  it('creates a Billing Portal session', async () => {
    const s = await payments.createPortalSession({
      customerId: 'cus_1',
      returnUrl: 'https://app.test/billing',
    });
    expect(s.url).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\/bps_test_/);
    expect(server.requests[0]!.params).toEqual({ customer: 'cus_1', return_url: 'https://app.test/billing' });
  });

  it('maps an unknown price to rejected, with Stripe’s message', async () => {
    const err = await failure(checkout({ priceId: 'price_gone' }));
    expect(err).toMatchObject({ kind: 'rejected', code: 'STRIPE_INVALID_REQUEST', retryable: false });
    expect(err.message).toContain("No such price: 'price_gone'");
  });

  it('maps a card error to rejected and a 5xx to a retryable upstream error', async () => {
    server.fail('/v1/checkout/sessions', {
      status: 402,
      type: 'card_error',
      code: 'card_declined',
      message: 'Your card was declined.',
    });
    expect(await failure(checkout())).toMatchObject({ kind: 'rejected', code: 'STRIPE_CARD_ERROR' });
    server.fail('/v1/checkout/sessions', {
      status: 500,
      type: 'api_error',
      message: 'Something went wrong on Stripe’s end.',
    });
    expect(await failure(checkout())).toMatchObject({
      kind: 'upstream',
      retryable: true,
      code: 'STRIPE_UNAVAILABLE',
    });
  });

  it('maps a refused key to upstream without quoting any key', async () => {
    const wrong = 'sk_test_wrong_key_zyxwvutsrqponm';
    const other = (await openPayments({ secretKey: wrong, apiUrl: server.url, timeoutMs: 5000 }))!;
    const err = await failure(other.createPortalSession({ customerId: 'cus_1' }));
    expect(err).toMatchObject({ kind: 'upstream', code: 'STRIPE_AUTHENTICATION', retryable: false });
    const text = JSON.stringify({ m: err.message, d: err.details });
    expect(text).not.toContain(wrong);
    expect(text).not.toContain('sk_test');
    expect(server.requests.at(-1)!.authorized).toBe(false);
  });

  it('maps an unreachable Stripe to a retryable upstream error', async () => {
    const down = (await openPayments({ secretKey: KEY, apiUrl: 'http://127.0.0.1:1', timeoutMs: 2000 }))!;
    expect(await failure(down.createPortalSession({ customerId: 'cus_1' }))).toMatchObject({
      kind: 'upstream',
      retryable: true,
    });
  }, 20_000);

  it('verifies webhook signatures with the SDK (wrong secret, tampered body and stale time refused)', async () => {
    const secret = 'whsec_unit_test_secret';
    const payload = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', created: 1, data: { object: {} } });
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
    expect((await verifyPaymentEvent(payload, header, secret, 300)).id).toBe('evt_1');
    await expect(verifyPaymentEvent(payload, header, 'whsec_other', 300)).rejects.toThrow();
    await expect(
      verifyPaymentEvent(payload.replace('evt_1', 'evt_2'), header, secret, 300),
    ).rejects.toThrow();
    const old = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    await expect(verifyPaymentEvent(payload, old, secret, 300)).rejects.toThrow();
  });
});
