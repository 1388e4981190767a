/** A Checkout Session to start: one subscription to `priceId` for the org. */
export interface CheckoutRequest {
  priceId: string;
  orgSlug: string;
  /** The org's Stripe customer when it has one; otherwise Stripe creates one from `customerEmail`. */
  customerId?: string | undefined;
  customerEmail?: string | undefined;
  successUrl: string;
  cancelUrl: string;
}

/** A hosted Stripe page to send the browser to. */
export interface HostedSession {
  id: string;
  url: string;
}

/** A verified Stripe event: what the webhook applies (nothing else of the payload is trusted or kept). */
export interface PaymentEvent {
  id: string;
  type: string;
  /** Unix seconds. */
  created: number;
  data: { object: Record<string, unknown> };
}

/**
 * The payments port: Stripe Checkout and the Billing Portal. Absent (undefined from `openPayments`) when no
 * Stripe secret key is configured; checkout then applies a plan directly.
 */
export interface Payments {
  createCheckoutSession(request: CheckoutRequest): Promise<HostedSession>;
  createPortalSession(request: {
    customerId: string;
    returnUrl?: string | undefined;
  }): Promise<HostedSession>;
}

export interface PaymentsOptions {
  /** The `stripe-secret-key` secret; undefined turns payments off. */
  secretKey: string | undefined;
  /** STRIPE_API_URL: https://api.stripe.com, or a local server speaking Stripe's wire format in tests. */
  apiUrl: string;
  timeoutMs: number;
}
