/**
 * A local server speaking Stripe's wire format for what the payments adapter calls: POST /v1/checkout/sessions
 * and POST /v1/billing_portal/sessions, form-encoded with bracket notation, Bearer auth, Stripe's error shape.
 * The real `stripe` SDK talks to it (STRIPE_API_URL=http://127.0.0.1:<port>); every request is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export type FormValue = string | FormValue[] | { [key: string]: FormValue };

export interface StripeRequest {
  method: string;
  path: string;
  /** The body, decoded from bracket notation (`a[b][0][c]=x` -> `{a: {b: [{c: 'x'}]}}`). */
  params: Record<string, FormValue>;
  /** The raw form body as sent. */
  body: string;
  stripeVersion: string | undefined;
  idempotencyKey: string | undefined;
  authorized: boolean;
}

/** An error to answer the next matching call with (Stripe's `{error: {type, code, message, param}}`). */
export interface StripeFailure {
  status: number;
  type: 'invalid_request_error' | 'card_error' | 'api_error' | 'rate_limit_error' | 'authentication_error';
  code?: string;
  message: string;
  param?: string;
}

export interface StripeServer {
  url: string;
  /** Every request received, in order. */
  requests: StripeRequest[];
  /** Answers calls to `path` with `failure` until `fail(path, undefined)`. */
  fail(path: string, failure: StripeFailure | undefined): void;
  /** Prices the server knows; a checkout for any other is `resource_missing` (as Stripe answers). */
  prices: Set<string>;
  close(): Promise<void>;
}

/** Decodes one form body in Stripe's bracket notation; numeric keys make arrays. */
export function decodeForm(body: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = rawKey.split(/\[|\]\[|\]/).filter((k) => k !== '');
    let node = root as Record<string, FormValue>;
    path.forEach((key, i) => {
      if (i === path.length - 1) node[key] = value;
      else node = (node[key] ??= {}) as Record<string, FormValue>;
    });
  }
  return arrays(root) as Record<string, FormValue>;
}

function arrays(v: FormValue): FormValue {
  if (typeof v === 'string' || Array.isArray(v)) return v;
  const keys = Object.keys(v);
  const mapped = Object.fromEntries(keys.map((k) => [k, arrays(v[k]!)]));
  return keys.length > 0 && keys.every((k, i) => k === String(i)) ? keys.map((k) => mapped[k]!) : mapped;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'request-id': id('req'),
    // As Stripe does for errors a retry cannot fix; the SDK then does not retry.
    ...(status >= 400 ? { 'stripe-should-retry': 'false' } : {}),
    ...headers,
  });
  res.end(JSON.stringify(body));
}

const errorBody = (f: StripeFailure) => ({
  error: {
    type: f.type,
    message: f.message,
    ...(f.code ? { code: f.code } : {}),
    ...(f.param ? { param: f.param } : {}),
  },
});

type Params = Record<string, FormValue>;
const str = (v: FormValue | undefined) => (typeof v === 'string' ? v : null);

function checkoutSession(p: Params, prices: Set<string>): [number, unknown] {
  const items = Array.isArray(p.line_items) ? (p.line_items as Params[]) : [];
  const price = str(items[0]?.price);
  if (!price || !prices.has(price)) {
    return [
      400,
      errorBody({
        status: 400,
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such price: '${price ?? ''}'`,
        param: 'line_items[0][price]',
      }),
    ];
  }
  const sid = id('cs');
  return [
    200,
    {
      id: sid,
      object: 'checkout.session',
      mode: str(p.mode),
      client_reference_id: str(p.client_reference_id),
      customer: str(p.customer),
      customer_email: str(p.customer_email),
      success_url: str(p.success_url),
      cancel_url: str(p.cancel_url),
      status: 'open',
      url: `https://checkout.stripe.com/c/pay/${sid}`,
    },
  ];
}

function portalSession(p: Params): [number, unknown] {
  const customer = str(p.customer);
  if (!customer) {
    return [
      400,
      errorBody({
        status: 400,
        type: 'invalid_request_error',
        message: 'Missing required param: customer.',
        param: 'customer',
      }),
    ];
  }
  const sid = id('bps');
  return [
    200,
    {
      id: sid,
      object: 'billing_portal.session',
      customer,
      return_url: str(p.return_url),
      url: `https://billing.stripe.com/p/session/${sid}`,
    },
  ];
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** Starts the server on a free loopback port; `secretKey` is the only key it accepts. */
export async function startStripeServer(secretKey: string): Promise<StripeServer> {
  const requests: StripeRequest[] = [];
  const failures = new Map<string, StripeFailure>();
  const prices = new Set<string>();
  const server = createServer((req, res) => {
    void read(req).then((body) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const authorized = req.headers.authorization === `Bearer ${secretKey}`;
      const params = decodeForm(body);
      requests.push({
        method: req.method ?? '',
        path,
        params,
        body,
        stripeVersion: req.headers['stripe-version'] as string | undefined,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        authorized,
      });
      if (!authorized) {
        const f: StripeFailure = {
          status: 401,
          type: 'authentication_error',
          message: 'Invalid API Key provided: sk_test_****',
        };
        return send(res, 401, errorBody(f));
      }
      const failure = failures.get(path);
      if (failure) return send(res, failure.status, errorBody(failure));
      if (req.method === 'POST' && path === '/v1/checkout/sessions')
        return send(res, ...checkoutSession(params, prices));
      if (req.method === 'POST' && path === '/v1/billing_portal/sessions')
        return send(res, ...portalSession(params));
      const missing: StripeFailure = {
        status: 404,
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${req.method}: ${path}).`,
      };
      return send(res, 404, errorBody(missing));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    prices,
    fail: (path, failure) => (failure ? failures.set(path, failure) : failures.delete(path)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** A Stripe event as the webhook receives it (only what the handler reads, in API 2026-10-28 shapes). */
export interface TestEvent {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
}

export interface TestSubscription {
  id: string;
  customer: string;
  status: string;
  price: string;
  org?: string | undefined;
  cancelAtPeriodEnd?: boolean;
  /** Unix seconds. */
  periodEnd?: number;
  trialEnd?: number | null;
}

/** A customer.subscription.* event whose object is the subscription as Stripe sends it. */
export function subscriptionEvent(
  id: string,
  type: 'created' | 'updated' | 'deleted',
  created: number,
  s: TestSubscription,
): TestEvent {
  return {
    id,
    type: `customer.subscription.${type}`,
    created,
    data: {
      object: {
        id: s.id,
        object: 'subscription',
        customer: s.customer,
        status: s.status,
        metadata: s.org ? { org_slug: s.org } : {},
        cancel_at_period_end: s.cancelAtPeriodEnd ?? false,
        trial_end: s.trialEnd ?? null,
        items: {
          object: 'list',
          data: [
            {
              id: `si_${s.id}`,
              price: { id: s.price },
              current_period_end: s.periodEnd ?? created + 30 * 86_400,
            },
          ],
        },
      },
    },
  };
}

/** An invoice.paid or invoice.payment_failed event of a subscription (its metadata under parent, API 2026). */
export function invoiceEvent(
  id: string,
  type: 'paid' | 'payment_failed',
  created: number,
  i: { subscription: string; customer: string; org?: string; amountPaid?: number },
): TestEvent {
  return {
    id,
    type: `invoice.${type}`,
    created,
    data: {
      object: {
        id: `in_${id}`,
        object: 'invoice',
        customer: i.customer,
        amount_paid: i.amountPaid ?? 0,
        parent: {
          type: 'subscription_details',
          subscription_details: { subscription: i.subscription, metadata: i.org ? { org_slug: i.org } : {} },
        },
      },
    },
  };
}

/** A checkout.session.completed event of a subscription-mode session. */
export function checkoutCompletedEvent(
  id: string,
  created: number,
  c: { org: string; customer: string; subscription: string },
): TestEvent {
  return {
    id,
    type: 'checkout.session.completed',
    created,
    data: {
      object: {
        id: `cs_test_${id}`,
        object: 'checkout.session',
        mode: 'subscription',
        client_reference_id: c.org,
        customer: c.customer,
        subscription: c.subscription,
      },
    },
  };
}
