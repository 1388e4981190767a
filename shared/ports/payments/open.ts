import type { PaymentEvent, Payments, PaymentsOptions } from './port.js';

/** The Stripe adapter, or undefined when no secret key is configured (the embedded default). SDK loaded lazily. */
export async function openPayments(options: PaymentsOptions): Promise<Payments | undefined> {
  if (!options.secretKey) return undefined;
  const { stripePayments } = await import('./stripe.js');
  return stripePayments({ ...options, secretKey: options.secretKey });
}

/**
 * Verifies a Stripe-Signature header over the raw body with the webhook secret (the SDK's own check, no API key
 * needed) and returns the event; throws when the signature is missing, wrong or older than `toleranceSeconds`.
 */
export async function verifyPaymentEvent(
  rawBody: string,
  signature: string,
  secret: string,
  toleranceSeconds: number,
): Promise<PaymentEvent> {
  const { constructStripeEvent } = await import('./stripe.js');
  return constructStripeEvent(rawBody, signature, secret, toleranceSeconds);
}
