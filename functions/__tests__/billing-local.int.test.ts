import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { type Org, useBarePlatform } from '../../shared/testing/platform.js';
import { PLAN_LIMITS } from '../../shared/orgs/plans.js';
import { apiKey, bearer, ownerToken } from './helpers.js';

// No Stripe setting at all: the embedded default on a laptop.
let p: TestPlatform;
useBarePlatform((q) => (p = q), { RATE_LIMIT_ENABLED: 'false' });

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await (await p.ctx.db()).query<T>(text, params)).rows;

const URLS = {
  success_url: 'https://app.example.com/billing?done=1',
  cancel_url: 'https://app.example.com/billing',
};

async function get(org: Org, path: string) {
  const res = await p.request(path, { headers: apiKey(org.api_key) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, { limit: number }> & Record<string, unknown>;
}

describe('billing without Stripe', () => {
  it('GET /billing/{org} says Stripe is off', async () => {
    const org = await p.onboard({ plan: 'STARTER' });
    expect(await get(org, `/api/v1/billing/${org.org_slug}`)).toMatchObject({
      plan: 'STARTER',
      status: 'TRIAL',
      trial_ends_at: expect.any(String),
      current_period_end: null,
      cancel_at_period_end: false,
      stripe_enabled: false,
    });
  });

  it('checkout applies the plan at once (limits too), ACTIVE, audited, and returns success_url', async () => {
    const org = await p.onboard({ plan: 'STARTER' });
    const token = await ownerToken(p, org.org_slug);
    const res = await p.request(`/api/v1/billing/${org.org_slug}/checkout`, {
      method: 'POST',
      headers: bearer(token),
      json: { plan: 'PROFESSIONAL', ...URLS },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ url: URLS.success_url });
    expect(await get(org, `/api/v1/billing/${org.org_slug}`)).toMatchObject({
      plan: 'PROFESSIONAL',
      status: 'ACTIVE',
    });
    const quota = await get(org, `/api/v1/organizations/${org.org_slug}/quota`);
    const pro = PLAN_LIMITS.PROFESSIONAL;
    expect([
      quota.daily!.limit,
      quota.monthly!.limit,
      quota.concurrent!.limit,
      quota.seats!.limit,
      quota.providers!.limit,
    ]).toEqual([
      pro.daily_limit,
      pro.monthly_limit,
      pro.concurrent_limit,
      pro.seat_limit,
      pro.provider_limit,
    ]);
    const changes = await sql(
      `SELECT actor, source, old_plan, new_plan, old_status, new_status, request_id IS NOT NULL AS has_request
       FROM plan_change_audit WHERE org_slug = $1 AND source = 'checkout'`,
      [org.org_slug],
    );
    expect(changes).toEqual([
      {
        actor: expect.stringMatching(/^user:/),
        source: 'checkout',
        old_plan: 'STARTER',
        new_plan: 'PROFESSIONAL',
        old_status: 'TRIAL',
        new_status: 'ACTIVE',
        has_request: true,
      },
    ]);
    const audit = await sql('SELECT actor, target FROM audit_log WHERE org_slug = $1 AND action = $2', [
      org.org_slug,
      'billing.checkout',
    ]);
    expect(audit).toEqual([{ actor: changes[0]!.actor, target: 'PROFESSIONAL' }]);
  });

  it('a checkout by the org API key is recorded as that key', async () => {
    const org = await p.onboard({ plan: 'SCALE' });
    const res = await p.request(`/api/v1/billing/${org.org_slug}/checkout`, {
      method: 'POST',
      headers: apiKey(org.api_key),
      json: { plan: 'STARTER', ...URLS },
    });
    expect(res.status).toBe(200);
    const [row] = await sql<{ actor: string }>(
      "SELECT actor FROM plan_change_audit WHERE org_slug = $1 AND source = 'checkout'",
      [org.org_slug],
    );
    expect(row!.actor).toMatch(/^api_key:/);
    expect((await get(org, `/api/v1/organizations/${org.org_slug}/quota`)).daily!.limit).toBe(
      PLAN_LIMITS.STARTER.daily_limit,
    );
  });

  it('the portal is 409 STRIPE_NOT_CONFIGURED and the webhook 503 WEBHOOK_NOT_CONFIGURED (nothing stored)', async () => {
    const org = await p.onboard();
    const portal = await p.request(`/api/v1/billing/${org.org_slug}/portal`, {
      method: 'POST',
      headers: apiKey(org.api_key),
      json: {},
    });
    expect(portal.status).toBe(409);
    expect(((await portal.json()) as { error: { code: string } }).error.code).toBe('STRIPE_NOT_CONFIGURED');
    const hook = await p.request('/api/v1/billing/webhook', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      body: '{"id":"evt_1","type":"invoice.paid","created":1,"data":{"object":{}}}',
    });
    expect(hook.status).toBe(503);
    expect(((await hook.json()) as { error: { code: string } }).error.code).toBe('WEBHOOK_NOT_CONFIGURED');
    expect(await sql('SELECT 1 FROM stripe_events')).toEqual([]);
  });
});
