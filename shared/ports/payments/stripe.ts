/**
 * The production payments adapter on the `stripe` SDK, API version pinned. Host, port and protocol come from
 * STRIPE_API_URL, so tests point the real SDK at a local server speaking Stripe's wire format.
 */
import Stripe from 'stripe';
import { AppError } from '../../errors/index.js';
import type { CheckoutRequest, HostedSession, PaymentEvent, Payments } from './port.js';

/** The API version this SDK ships with; every request says it (Stripe-Version). */
export const STRIPE_API_VERSION = '2026-10-28.endive';

/** Network retries of one call (the SDK sends an idempotency key, so a retried POST creates one session). */
const MAX_NETWORK_RETRIES = 2;

export interface StripeOptions {
  secretKey: string;
  apiUrl: string;
  timeoutMs: number;
}

/** The SDK's connection settings for an API base URL (`http://127.0.0.1:4010` or `https://api.stripe.com`). */
export function stripeAddress(apiUrl: string): { host: string; port: number; protocol: 'http' | 'https' } {
  const u = new URL(apiUrl);
  const protocol = u.protocol === 'http:' ? 'http' : 'https';
  return { host: u.hostname, port: u.port ? Number(u.port) : protocol === 'http' ? 80 : 443, protocol };
}

/** Payments through Stripe Checkout and the Billing Portal. */
export function stripePayments(o: StripeOptions): Payments {
  const stripe = new Stripe(o.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    ...stripeAddress(o.apiUrl),
    timeout: o.timeoutMs,
    maxNetworkRetries: MAX_NETWORK_RETRIES,
    telemetry: false,
  });
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw stripeError(what, err, o.secretKey);
    }
  };
  return {
    async createCheckoutSession(r: CheckoutRequest): Promise<HostedSession> {
      const s = await call('Checkout session', () =>
        stripe.checkout.sessions.create({
          mode: 'subscription',
          line_items: [{ price: r.priceId, quantity: 1 }],
          client_reference_id: r.orgSlug,
          subscription_data: { metadata: { org_slug: r.orgSlug } },
          metadata: { org_slug: r.orgSlug },
          success_url: r.successUrl,
          cancel_url: r.cancelUrl,
          ...(r.customerId
            ? { customer: r.customerId }
            : r.customerEmail
              ? { customer_email: r.customerEmail }
              : {}),
        }),
      );
      return hosted('Checkout session', s.id, s.url);
    },
    async createPortalSession(r): Promise<HostedSession> {
      const s = await call('Billing Portal session', () =>
        stripe.billingPortal.sessions.create({
          customer: r.customerId,
          ...(r.returnUrl ? { return_url: r.returnUrl } : {}),
        }),
      );
      return hosted('Billing Portal session', s.id, s.url);
    },
  };
}

function hosted(what: string, id: string, url: string | null | undefined): HostedSession {
  if (!url)
    throw new AppError('upstream', `Stripe returned a ${what} without a URL.`, { code: 'STRIPE_ERROR' });
  return { id, url };
}

/** Verifies the signature over the raw body with the SDK's own check (needs no API key) and returns the event. */
export async function constructStripeEvent(
  rawBody: string,
  signature: string,
  secret: string,
  toleranceSeconds: number,
): Promise<PaymentEvent> {
  const event = await Stripe.webhooks.constructEventAsync(rawBody, signature, secret, toleranceSeconds);
  return event as unknown as PaymentEvent;
}

/** Removes the key and anything shaped like a Stripe key from a message Stripe wrote. */
const scrub = (message: string, key: string) =>
  message
    .split(key)
    .join('[REDACTED]')
    .replace(/\b(sk|rk|pk|whsec)_[A-Za-z0-9_*]+/g, '[REDACTED]');

/**
 * A Stripe SDK failure as an AppError with Stripe's message (never the key): a refused request or card is
 * `rejected`, a failure to reach Stripe or a 5xx `upstream` and retryable, a refused key `upstream` and not.
 */
export function stripeError(what: string, err: unknown, secretKey: string): AppError {
  if (!(err instanceof Stripe.errors.StripeError)) {
    return new AppError('upstream', `${what}: Stripe could not be reached.`, { code: 'STRIPE_UNAVAILABLE' });
  }
  const message = `${what}: ${scrub(err.message, secretKey)}`;
  const details = { stripe_type: err.type, stripe_code: err.code ?? null, request_id: err.requestId ?? null };
  if (err instanceof Stripe.errors.StripeCardError)
    return new AppError('rejected', message, { code: 'STRIPE_CARD_ERROR', details });
  if (err instanceof Stripe.errors.StripeInvalidRequestError)
    return new AppError('rejected', message, { code: 'STRIPE_INVALID_REQUEST', details });
  if (
    err instanceof Stripe.errors.StripeAuthenticationError ||
    err instanceof Stripe.errors.StripePermissionError
  ) {
    // Stripe's text quotes part of the key: say only what to fix.
    return new AppError(
      'upstream',
      `${what}: Stripe refused the configured secret key (stripe-secret-key).`,
      {
        code: 'STRIPE_AUTHENTICATION',
        retryable: false,
        details: { stripe_type: err.type },
      },
    );
  }
  return new AppError('upstream', message, { code: 'STRIPE_UNAVAILABLE', retryable: true, details });
}
