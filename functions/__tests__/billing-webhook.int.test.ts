// size: one suite per done-when line of the webhook (status table, limits, shuffled replays, signatures, 402, secrets) sharing one signed-delivery helper and one platform
import Stripe from 'stripe';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import type { Org } from '../../shared/testing/platform.js';
import { PLAN_LIMITS } from '../../shared/orgs/plans.js';
import {
  checkoutCompletedEvent,
  invoiceEvent,
  startStripeServer,
  subscriptionEvent,
  type StripeServer,
  type TestEvent,
  type TestSubscription,
} from '../../shared/testing/stripe-server.js';
import { apiKey, expectReadsButNoRuns } from './helpers.js';

const KEY = 'sk_test_webhook_suite_0123456789abcdef';
const SECRET = 'whsec_webhook_suite_secret_abcdef012345';
const PRICE = { STARTER: 'price_starter', PROFESSIONAL: 'price_pro', SCALE: 'price_scale' };

let p: TestPlatform;
let stripe: StripeServer;
beforeAll(async () => {
  stripe = await startStripeServer(KEY);
  p = await startTestPlatform({
    STRIPE_SECRET_KEY: KEY,
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_PRICE_STARTER: PRICE.STARTER,
    STRIPE_PRICE_PROFESSIONAL: PRICE.PROFESSIONAL,
    STRIPE_PRICE_SCALE: PRICE.SCALE,
    STRIPE_API_URL: stripe.url,
    RATE_LIMIT_ENABLED: 'false',
  });
});
afterAll(async () => {
  await p?.close();
  await stripe?.close();
});

const responses: string[] = [];
const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await (await p.ctx.db()).query<T>(text, params)).rows;

/** Posts `event` signed as Stripe does (or with the header, secret, time or body a test gives). */
async function deliver(
  event: TestEvent,
  o: { secret?: string; timestamp?: number; header?: string | null; body?: string } = {},
) {
  const payload = JSON.stringify(event);
  const header =
    o.header !== undefined
      ? o.header
      : Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: o.secret ?? SECRET,
          ...(o.timestamp ? { timestamp: o.timestamp } : {}),
        });
  const res = await p.request('/api/v1/billing/webhook', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(header === null ? {} : { 'stripe-signature': header }),
    },
    body: o.body ?? payload,
  });
  const text = await res.text();
  responses.push(text);
  return { status: res.status, body: JSON.parse(text) as { received?: true; error?: { code: string } } };
}

async function deliverOk(event: TestEvent) {
  const r = await deliver(event);
  expect(r, event.id).toEqual({ status: 200, body: { received: true } });
}

async function billing(org: Org) {
  const res = await p.request(`/api/v1/billing/${org.org_slug}`, { headers: apiKey(org.api_key) });
  expect(res.status).toBe(200);
  const text = await res.text();
  responses.push(text);
  return JSON.parse(text) as Record<string, unknown>;
}

async function quotaLimits(org: Org) {
  const res = await p.request(`/api/v1/organizations/${org.org_slug}/quota`, {
    headers: apiKey(org.api_key),
  });
  expect(res.status).toBe(200);
  const q = (await res.json()) as Record<string, { limit: number }> & { plan: string };
  return {
    plan: q.plan,
    daily: q.daily!.limit,
    monthly: q.monthly!.limit,
    concurrent: q.concurrent!.limit,
    seats: q.seats!.limit,
    providers: q.providers!.limit,
  };
}

const limitsOf = (plan: keyof typeof PLAN_LIMITS) => ({
  plan,
  daily: PLAN_LIMITS[plan].daily_limit,
  monthly: PLAN_LIMITS[plan].monthly_limit,
  concurrent: PLAN_LIMITS[plan].concurrent_limit,
  seats: PLAN_LIMITS[plan].seat_limit,
  providers: PLAN_LIMITS[plan].provider_limit,
});

/** The whole subscription state of an org, with its own ids replaced by placeholders (to compare orgs). */
async function state(org: Org, ids: Record<string, string>) {
  const [row] = await sql<Record<string, unknown>>(
    `SELECT plan, status, trial_ends_at, current_period_end, cancel_at_period_end, stripe_customer_id,
       stripe_subscription_id, stripe_price_id, daily_limit, monthly_limit, concurrent_limit, seat_limit,
       provider_limit FROM org_subscriptions WHERE org_slug = $1`,
    [org.org_slug],
  );
  let text = JSON.stringify({ row, billing: await billing(org) });
  for (const [name, id] of Object.entries(ids)) text = text.split(id).join(`<${name}>`);
  return JSON.parse(text) as unknown;
}

let seq = 0;
const uid = (prefix: string) => `${prefix}_${process.pid}_${++seq}`;

describe('the status table, row by row', () => {
  it.each([
    ['trialing', 'TRIAL'],
    ['active', 'ACTIVE'],
    ['past_due', 'SUSPENDED'],
    ['unpaid', 'SUSPENDED'],
    ['incomplete', 'SUSPENDED'],
    ['paused', 'SUSPENDED'],
    ['canceled', 'CANCELLED'],
    ['incomplete_expired', 'CANCELLED'],
  ])('Stripe %s -> %s', async (stripeStatus, status) => {
    const org = await p.onboard();
    const sub: TestSubscription = {
      id: uid('sub'),
      customer: uid('cus'),
      status: stripeStatus,
      price: PRICE.PROFESSIONAL,
      org: org.org_slug,
      periodEnd: 1_900_000_000,
      trialEnd: stripeStatus === 'trialing' ? 1_890_000_000 : null,
    };
    await deliverOk(subscriptionEvent(uid('evt'), 'updated', 1_800_000_000, sub));
    expect(await billing(org)).toEqual({
      plan: 'PROFESSIONAL',
      status,
      trial_ends_at: stripeStatus === 'trialing' ? new Date(1_890_000_000_000).toISOString() : null,
      current_period_end: new Date(1_900_000_000_000).toISOString(),
      cancel_at_period_end: false,
      stripe_enabled: true,
    });
  });

  it('customer.subscription.deleted -> CANCELLED', async () => {
    const org = await p.onboard();
    const sub = {
      id: uid('sub'),
      customer: uid('cus'),
      status: 'active',
      price: PRICE.STARTER,
      org: org.org_slug,
    };
    await deliverOk(subscriptionEvent(uid('evt'), 'created', 1_800_000_000, sub));
    expect((await billing(org)).status).toBe('ACTIVE');
    await deliverOk(subscriptionEvent(uid('evt'), 'deleted', 1_800_000_100, { ...sub, status: 'canceled' }));
    expect(await billing(org)).toMatchObject({ status: 'CANCELLED', plan: 'STARTER' });
  });
});

describe('plans and limits', () => {
  it('a plan change by webhook changes the limits at once and is audited with its before and after', async () => {
    const org = await p.onboard({ plan: 'STARTER' });
    expect(await quotaLimits(org)).toEqual(limitsOf('STARTER'));
    const sub = {
      id: uid('sub'),
      customer: uid('cus'),
      status: 'active',
      price: PRICE.STARTER,
      org: org.org_slug,
    };
    await deliverOk(subscriptionEvent(uid('evt'), 'created', 1_800_000_000, sub));
    const upgrade = subscriptionEvent(uid('evt'), 'updated', 1_800_000_100, { ...sub, price: PRICE.SCALE });
    await deliverOk(upgrade);
    expect(await quotaLimits(org)).toEqual(limitsOf('SCALE'));
    const audit = await sql(
      `SELECT actor, source, old_plan, new_plan, old_status, new_status, details FROM plan_change_audit
       WHERE org_slug = $1 AND source = 'webhook' ORDER BY id`,
      [org.org_slug],
    );
    expect(audit.at(-1)).toEqual({
      actor: `stripe:${upgrade.id}`,
      source: 'webhook',
      old_plan: 'STARTER',
      new_plan: 'SCALE',
      old_status: 'ACTIVE',
      new_status: 'ACTIVE',
      details: { event_type: 'customer.subscription.updated' },
    });
  });

  it('an unknown price keeps the plan and is recorded', async () => {
    const org = await p.onboard({ plan: 'STARTER' });
    const sub = {
      id: uid('sub'),
      customer: uid('cus'),
      status: 'active',
      price: 'price_not_ours',
      org: org.org_slug,
    };
    await deliverOk(subscriptionEvent(uid('evt'), 'created', 1_800_000_000, sub));
    expect(await billing(org)).toMatchObject({ plan: 'STARTER', status: 'ACTIVE' });
    const [row] = await sql<{ details: Record<string, unknown> }>(
      "SELECT details FROM plan_change_audit WHERE org_slug = $1 AND source = 'webhook'",
      [org.org_slug],
    );
    expect(row!.details).toEqual({
      event_type: 'customer.subscription.created',
      unknown_price: 'price_not_ours',
    });
  });
});

/** The realistic life of one subscription, in the order Stripe sends it; ids unique to `org`. */
function lifecycle(org: Org) {
  const ids = { sub: uid('sub'), cus: uid('cus') };
  const s: TestSubscription = {
    id: ids.sub,
    customer: ids.cus,
    status: 'trialing',
    price: PRICE.STARTER,
    org: org.org_slug,
    trialEnd: 1_800_086_400,
    periodEnd: 1_800_086_400,
  };
  const e = (n: number) => `evt_${ids.sub}_${String(n).padStart(2, '0')}`;
  const inv = { subscription: ids.sub, customer: ids.cus, org: org.org_slug };
  const events = [
    checkoutCompletedEvent(e(1), 1_800_000_000, {
      org: org.org_slug,
      customer: ids.cus,
      subscription: ids.sub,
    }),
    subscriptionEvent(e(2), 'created', 1_800_000_000, s),
    invoiceEvent(e(3), 'paid', 1_800_000_001, { ...inv, amountPaid: 0 }),
    subscriptionEvent(e(4), 'updated', 1_800_086_400, { ...s, status: 'active', periodEnd: 1_802_678_400 }),
    subscriptionEvent(e(5), 'updated', 1_800_100_000, {
      ...s,
      status: 'active',
      price: PRICE.PROFESSIONAL,
      periodEnd: 1_802_678_400,
    }),
    invoiceEvent(e(6), 'payment_failed', 1_802_678_500, inv),
    subscriptionEvent(e(7), 'updated', 1_802_678_501, {
      ...s,
      status: 'past_due',
      price: PRICE.PROFESSIONAL,
      periodEnd: 1_805_270_400,
    }),
    invoiceEvent(e(8), 'paid', 1_802_700_000, inv),
    subscriptionEvent(e(9), 'updated', 1_802_700_001, {
      ...s,
      status: 'active',
      price: PRICE.PROFESSIONAL,
      periodEnd: 1_805_270_400,
    }),
    subscriptionEvent(e(10), 'updated', 1_803_000_000, {
      ...s,
      status: 'active',
      price: PRICE.PROFESSIONAL,
      periodEnd: 1_805_270_400,
      cancelAtPeriodEnd: true,
    }),
    subscriptionEvent(e(11), 'deleted', 1_805_270_400, {
      ...s,
      status: 'canceled',
      price: PRICE.PROFESSIONAL,
      periodEnd: 1_805_270_400,
      cancelAtPeriodEnd: true,
    }),
  ];
  return { ids, events };
}

describe('replayed, duplicated and out-of-order deliveries', () => {
  let inOrder: unknown;

  it('one in-order delivery walks the lifecycle (a $0 trial invoice leaves the trial a trial)', async () => {
    const org = await p.onboard({ plan: 'STARTER' });
    const { ids, events } = lifecycle(org);
    const statuses: string[] = [];
    for (const ev of events) {
      await deliverOk(ev);
      statuses.push(`${String((await billing(org)).status)}/${String((await billing(org)).plan)}`);
    }
    expect(statuses).toEqual([
      'TRIAL/STARTER', // checkout links the ids only
      'TRIAL/STARTER',
      'TRIAL/STARTER', // $0 trial invoice
      'ACTIVE/STARTER',
      'ACTIVE/PROFESSIONAL',
      'SUSPENDED/PROFESSIONAL',
      'SUSPENDED/PROFESSIONAL',
      'ACTIVE/PROFESSIONAL',
      'ACTIVE/PROFESSIONAL',
      'ACTIVE/PROFESSIONAL',
      'CANCELLED/PROFESSIONAL',
    ]);
    inOrder = await state(org, ids);
    expect(inOrder).toMatchObject({
      billing: {
        plan: 'PROFESSIONAL',
        status: 'CANCELLED',
        cancel_at_period_end: true,
        current_period_end: new Date(1_805_270_400_000).toISOString(),
        trial_ends_at: new Date(1_800_086_400_000).toISOString(),
      },
      row: {
        stripe_customer_id: '<cus>',
        stripe_subscription_id: '<sub>',
        stripe_price_id: PRICE.PROFESSIONAL,
      },
    });
    // Redelivering everything changes nothing, and each event is stored once.
    for (const ev of events) await deliverOk(ev);
    expect(await state(org, ids)).toEqual(inOrder);
    const stored = await sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM stripe_events WHERE org_slug = $1',
      [org.org_slug],
    );
    expect(stored[0]!.n).toBe(events.length);
  });

  it('the same events shuffled, with duplicates, leave exactly the same state (several seeds)', async () => {
    expect(inOrder).toBeDefined();
    const n = lifecycle({ org_slug: 'x', api_key: '' }).events.length;
    const order = fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 6 }).chain((dups) => {
      const all = [...Array.from({ length: n }, (_, i) => i), ...dups];
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    });
    await fc.assert(
      fc.asyncProperty(order, async (indices) => {
        const org = await p.onboard({ plan: 'STARTER' });
        const { ids, events } = lifecycle(org);
        for (const i of indices) await deliverOk(events[i]!);
        expect(await state(org, ids)).toEqual(inOrder);
      }),
      { numRuns: 6, seed: 1313, endOnFailure: true },
    );
  });

  it("an old subscription's events never undo the live one, in any order", async () => {
    const perms = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const perm of perms) {
      const org = await p.onboard();
      const cus = uid('cus');
      const a = { id: uid('sub'), customer: cus, status: 'active', price: PRICE.STARTER, org: org.org_slug };
      const b = { ...a, id: uid('sub'), price: PRICE.SCALE };
      const events = [
        subscriptionEvent(uid('evt'), 'created', 1_800_000_000, a),
        subscriptionEvent(uid('evt'), 'created', 1_800_000_100, b),
        subscriptionEvent(uid('evt'), 'deleted', 1_800_000_200, { ...a, status: 'canceled' }),
      ];
      for (const i of perm) await deliverOk(events[i]!);
      const [row] = await sql(
        'SELECT status, plan, stripe_subscription_id FROM org_subscriptions WHERE org_slug = $1',
        [org.org_slug],
      );
      expect(row, perm.join(',')).toEqual({ status: 'ACTIVE', plan: 'SCALE', stripe_subscription_id: b.id });
    }
  });

  it('answers 200 for an unknown org or an irrelevant type, and records it as ignored', async () => {
    const irrelevant: TestEvent = {
      id: uid('evt'),
      type: 'customer.created',
      created: 1_800_000_000,
      data: { object: {} },
    };
    await deliverOk(irrelevant);
    const stranger = subscriptionEvent(uid('evt'), 'created', 1_800_000_000, {
      id: uid('sub'),
      customer: uid('cus'),
      status: 'active',
      price: PRICE.STARTER,
      org: 'no_such_org',
    });
    await deliverOk(stranger);
    const rows = await sql(
      'SELECT org_slug, outcome FROM stripe_events WHERE event_id = ANY($1) ORDER BY event_id',
      [[irrelevant.id, stranger.id].sort()],
    );
    expect(rows).toEqual([
      { org_slug: null, outcome: 'ignored' },
      { org_slug: null, outcome: 'ignored' },
    ]);
  });
});

describe('signatures', () => {
  it('refuses a missing, malformed, wrong-secret, tampered or stale signature with 400 and changes nothing', async () => {
    const org = await p.onboard();
    const before = await billing(org);
    const sub = {
      id: uid('sub'),
      customer: uid('cus'),
      status: 'past_due',
      price: PRICE.STARTER,
      org: org.org_slug,
    };
    const refused: TestEvent[] = [];
    const ev = (): TestEvent => {
      const e = subscriptionEvent(uid('evt'), 'created', 1_800_000_000, sub);
      refused.push(e);
      return e;
    };
    const eventsBefore = await sql('SELECT count(*)::int AS n FROM stripe_events');
    const tampered = ev();
    const attempts = [
      deliver(ev(), { header: null }),
      deliver(ev(), { header: 't=1,v1=deadbeef' }),
      deliver(ev(), { header: 'garbage' }),
      deliver(ev(), { secret: 'whsec_not_the_right_one' }),
      deliver(tampered, { body: JSON.stringify({ ...tampered, type: 'customer.subscription.deleted' }) }),
      deliver(ev(), { timestamp: Math.floor(Date.now() / 1000) - 301 }),
    ];
    for (const r of await Promise.all(attempts)) {
      expect(r.status).toBe(400);
      expect(r.body.error?.code).toBe('INVALID_SIGNATURE');
    }
    expect(await billing(org)).toEqual(before);
    expect(await sql('SELECT count(*)::int AS n FROM stripe_events')).toEqual(eventsBefore);
    expect(
      await sql('SELECT 1 FROM stripe_events WHERE event_id = ANY($1)', [refused.map((e) => e.id)]),
    ).toEqual([]);
    // The same event freshly signed (within the tolerance) is accepted and applied.
    expect((await deliver(refused[0]!, { timestamp: Math.floor(Date.now() / 1000) - 200 })).status).toBe(200);
    expect((await billing(org)).status).toBe('SUSPENDED');
  });
});

describe('an inactive subscription', () => {
  it('a SUSPENDED org (by webhook) gets 402 on a pipeline trigger and 200 on cost reads', async () => {
    const org = await p.onboard();
    const sub = {
      id: uid('sub'),
      customer: uid('cus'),
      status: 'past_due',
      price: PRICE.STARTER,
      org: org.org_slug,
    };
    await deliverOk(subscriptionEvent(uid('evt'), 'created', 1_800_000_000, sub));
    expect((await billing(org)).status).toBe('SUSPENDED');
    await expectReadsButNoRuns(p, org);
  });
});

describe('secrets and card data', () => {
  it('no Stripe key, webhook secret or card data in the billing tables, the audit log, responses or logs', async () => {
    const org = await p.onboard();
    const ev = subscriptionEvent(uid('evt'), 'created', 1_800_000_000, {
      id: uid('sub'),
      customer: uid('cus'),
      status: 'active',
      price: PRICE.STARTER,
      org: org.org_slug,
    });
    const card = {
      brand: 'visa',
      last4: '4242',
      exp_month: 12,
      exp_year: 2030,
      fingerprint: 'fp_card_secret_1',
    };
    Object.assign(ev.data.object, {
      default_payment_method: { id: 'pm_card_1', card },
      customer_email: 'payer-private@card.test',
    });
    await deliverOk(ev);
    const tables = ['org_subscriptions', 'stripe_events', 'plan_change_audit', 'audit_log'];
    let dump = '';
    for (const t of tables)
      dump += (await sql<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${t} t`))
        .map((r) => r.j)
        .join('\n');
    expect(dump).toContain(org.org_slug); // the dump sees billing data...
    const text = [dump, responses.join('\n'), p.logs.join('\n')];
    for (const haystack of text) {
      for (const needle of [
        KEY,
        SECRET,
        'fp_card_secret_1',
        'payer-private@card.test',
        '"last4"',
        'pm_card_1',
      ]) {
        expect(haystack).not.toContain(needle); // ...and none of these
      }
    }
  });
});
