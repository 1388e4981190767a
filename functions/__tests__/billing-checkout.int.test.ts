import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ownerEmail, startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import type { Org } from '../../shared/testing/platform.js';
import { startStripeServer, type StripeServer } from '../../shared/testing/stripe-server.js';
import { apiKey, bearer, ownerToken, signUp } from './helpers.js';

const KEY = 'sk_test_checkout_suite_0123456789abcdef';
const SECRET = 'whsec_checkout_suite_secret_0123456789';

let p: TestPlatform;
let stripe: StripeServer;
beforeAll(async () => {
  stripe = await startStripeServer(KEY);
  stripe.prices.add('price_pro');
  p = await startTestPlatform({
    STRIPE_SECRET_KEY: KEY,
    STRIPE_WEBHOOK_SECRET: SECRET,
    // No price for SCALE: it cannot be bought. STARTER's price is one the server does not know.
    STRIPE_PRICE_STARTER: 'price_starter_gone',
    STRIPE_PRICE_PROFESSIONAL: 'price_pro',
    STRIPE_API_URL: stripe.url,
    RATE_LIMIT_ENABLED: 'false',
  });
});
afterAll(async () => {
  await p?.close();
  await stripe?.close();
});
beforeEach(() => {
  stripe.requests.length = 0;
  stripe.fail('/v1/checkout/sessions', undefined);
});

const responses: string[] = [];
const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await (await p.ctx.db()).query<T>(text, params)).rows;

const URLS = {
  success_url: 'https://app.example.com/billing?done=1',
  cancel_url: 'https://app.example.com/billing',
};

async function post(org: Org, what: 'checkout' | 'portal', json: unknown, headers: Record<string, string>) {
  const res = await p.request(`/api/v1/billing/${org.org_slug}/${what}`, { method: 'POST', headers, json });
  const text = await res.text();
  responses.push(text);
  return {
    status: res.status,
    body: JSON.parse(text) as { url?: string; error?: { code: string; message: string } },
  };
}

describe('checkout against the local Stripe-format server', () => {
  it('creates a subscription Checkout Session for the plan, tagged with the org, and audits it', async () => {
    const org = await p.onboard({ plan: 'STARTER' });
    const r = await post(
      org,
      'checkout',
      { plan: 'PROFESSIONAL', ...URLS },
      bearer(await ownerToken(p, org.org_slug)),
    );
    expect(r.status).toBe(200);
    expect(r.body.url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_[0-9a-f]+$/);
    expect(stripe.requests).toHaveLength(1);
    const [req] = stripe.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions', authorized: true });
    expect(req!.stripeVersion).toBe('2026-10-28.endive');
    expect(req!.params).toEqual({
      mode: 'subscription',
      line_items: [{ price: 'price_pro', quantity: '1' }],
      client_reference_id: org.org_slug,
      subscription_data: { metadata: { org_slug: org.org_slug } },
      metadata: { org_slug: org.org_slug },
      customer_email: ownerEmail(org.org_slug),
      success_url: URLS.success_url,
      cancel_url: URLS.cancel_url,
    });
    // Nothing changes until Stripe says so (the webhook).
    expect(
      await sql('SELECT plan, status FROM org_subscriptions WHERE org_slug = $1', [org.org_slug]),
    ).toEqual([{ plan: 'STARTER', status: 'TRIAL' }]);
    const audit = await sql<{ action: string; actor: string; target: string }>(
      'SELECT action, actor, target FROM audit_log WHERE org_slug = $1 AND action = $2',
      [org.org_slug, 'billing.checkout'],
    );
    expect(audit).toEqual([
      { action: 'billing.checkout', actor: expect.stringMatching(/^user:/), target: 'PROFESSIONAL' },
    ]);
  });

  it("sends the org's Stripe customer when it has one, and the API key may start checkout", async () => {
    const org = await p.onboard();
    await sql(
      "UPDATE org_subscriptions SET stripe_customer_id = 'cus_known', status = 'CANCELLED' WHERE org_slug = $1",
      [org.org_slug],
    );
    const r = await post(org, 'checkout', { plan: 'PROFESSIONAL', ...URLS }, apiKey(org.api_key));
    expect(r.status).toBe(200);
    expect(stripe.requests[0]!.params).toMatchObject({ customer: 'cus_known' });
    expect(stripe.requests[0]!.params).not.toHaveProperty('customer_email');
  });

  it('refuses members and viewers (403) and an unknown plan (400), before calling Stripe', async () => {
    const org = await p.onboard();
    for (const role of ['member', 'viewer']) {
      const email = `${role}-${org.org_slug.replace(/_/g, '-')}@billing.test`;
      const put = await p.request(
        `/api/v1/organizations/${org.org_slug}/members/${encodeURIComponent(email)}`,
        {
          method: 'PUT',
          headers: apiKey(org.api_key),
          json: { role },
        },
      );
      expect(put.status).toBe(200);
      const token = await signUp(p, email);
      expect((await post(org, 'checkout', { plan: 'PROFESSIONAL', ...URLS }, bearer(token))).status).toBe(
        403,
      );
      expect((await post(org, 'portal', {}, bearer(token))).status).toBe(403);
    }
    const unknown = await post(org, 'checkout', { plan: 'GOLD', ...URLS }, apiKey(org.api_key));
    expect(unknown.status).toBe(400);
    expect(stripe.requests).toEqual([]);
  });

  it('a plan with no Stripe price is 422 PLAN_NOT_PURCHASABLE', async () => {
    const org = await p.onboard();
    const r = await post(org, 'checkout', { plan: 'SCALE', ...URLS }, apiKey(org.api_key));
    expect(r.status).toBe(422);
    expect(r.body.error?.code).toBe('PLAN_NOT_PURCHASABLE');
    expect(stripe.requests).toEqual([]);
  });

  it('an org with a live Stripe subscription is sent to the portal (409 SUBSCRIPTION_EXISTS)', async () => {
    const org = await p.onboard();
    for (const status of ['TRIAL', 'ACTIVE', 'SUSPENDED']) {
      await sql(
        "UPDATE org_subscriptions SET status = $2, stripe_subscription_id = $3, stripe_customer_id = 'cus_x' WHERE org_slug = $1",
        [org.org_slug, status, `sub_${org.org_slug}`],
      );
      const r = await post(org, 'checkout', { plan: 'PROFESSIONAL', ...URLS }, apiKey(org.api_key));
      expect(r.status, status).toBe(409);
      expect(r.body.error?.code).toBe('SUBSCRIPTION_EXISTS');
    }
    expect(stripe.requests).toEqual([]);
  });

  it("maps Stripe's errors: an unknown price 422 with Stripe's message, a Stripe outage 502", async () => {
    const org = await p.onboard();
    const gone = await post(org, 'checkout', { plan: 'STARTER', ...URLS }, apiKey(org.api_key));
    expect(gone.status).toBe(422);
    expect(gone.body.error).toMatchObject({ code: 'STRIPE_INVALID_REQUEST' });
    expect(gone.body.error?.message).toContain("No such price: 'price_starter_gone'");
    stripe.fail('/v1/checkout/sessions', {
      status: 500,
      type: 'api_error',
      message: 'Internal server error',
    });
    const down = await post(org, 'checkout', { plan: 'PROFESSIONAL', ...URLS }, apiKey(org.api_key));
    expect(down.status).toBe(502);
    expect(down.body.error?.code).toBe('STRIPE_UNAVAILABLE');
  });
});

describe('the billing portal', () => {
  it('needs a Stripe customer (409 NO_STRIPE_CUSTOMER), then opens a session for it', async () => {
    const org = await p.onboard();
    const none = await post(
      org,
      'portal',
      { return_url: 'https://app.example.com/billing' },
      apiKey(org.api_key),
    );
    expect(none.status).toBe(409);
    expect(none.body.error?.code).toBe('NO_STRIPE_CUSTOMER');
    expect(stripe.requests).toEqual([]);
    await sql("UPDATE org_subscriptions SET stripe_customer_id = 'cus_portal' WHERE org_slug = $1", [
      org.org_slug,
    ]);
    const ok = await post(
      org,
      'portal',
      { return_url: 'https://app.example.com/billing' },
      apiKey(org.api_key),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.url).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\/bps_test_/);
    expect(stripe.requests.map((r) => [r.path, r.params, r.stripeVersion])).toEqual([
      [
        '/v1/billing_portal/sessions',
        { customer: 'cus_portal', return_url: 'https://app.example.com/billing' },
        '2026-10-28.endive',
      ],
    ]);
  });

  it('GET /billing/{org} says Stripe is on', async () => {
    const org = await p.onboard();
    const res = await p.request(`/api/v1/billing/${org.org_slug}`, { headers: apiKey(org.api_key) });
    expect(await res.json()).toMatchObject({
      stripe_enabled: true,
      status: 'TRIAL',
      cancel_at_period_end: false,
    });
  });
});

describe('secrets', () => {
  it('the Stripe key and webhook secret appear in no billing table, audit entry, response or log line', async () => {
    let dump = '';
    for (const t of ['org_subscriptions', 'stripe_events', 'plan_change_audit', 'audit_log'])
      dump += (await sql<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${t} t`))
        .map((r) => r.j)
        .join('\n');
    expect(dump).toContain('billing.checkout');
    expect(responses.length).toBeGreaterThan(10);
    for (const text of [dump, responses.join('\n'), p.logs.join('\n')]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(SECRET);
    }
  });
});
