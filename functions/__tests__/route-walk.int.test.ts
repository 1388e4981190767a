import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpEntries } from '../registry.js';
import { isOrgScoped, type RouteContract } from '../../shared/contracts/route.js';
import { fillPath } from '../../shared/http/path-template.js';
import { startTestPlatform, TEST_ROOT_KEY, type TestPlatform } from '../../scripts/local/test-platform.js';
import { apiKey, bearer, fakeProviderEnv, ownerToken } from './helpers.js';
import { startFakeProviders, type FakeProviders } from '../../shared/testing/fake-providers.js';
import { startStripeServer, type StripeServer } from '../../shared/testing/stripe-server.js';

// Every org-scoped route in the registry, walked with no key, another org's key and the right key.
// New routes join automatically; a route with a path parameter other than {org} needs a resolver here.
const orgRoutes: RouteContract[] = httpEntries.flatMap((e) => e.routes).filter(isOrgScoped);

type Resolver = (p: TestPlatform, org: string) => Promise<string>;

/** Starts a run of the reference pipeline directly (not through the walked routes) and waits for it. */
async function sampleRun(p: TestPlatform, org: string, status?: 'FAILED'): Promise<string> {
  const res = await p.request(`/api/v1/pipelines/run/${org}/sample/demo/costs`, {
    method: 'POST',
    headers: { 'x-ca-root-key': TEST_ROOT_KEY },
    json: { date: '2026-10-01' },
  });
  const { run_id } = (await res.json()) as { run_id: string };
  await p.bus.drain();
  if (status)
    await (
      await p.ctx.db()
    ).query('UPDATE pipeline_runs SET status = $2 WHERE run_id = $1', [run_id, status]);
  return run_id;
}

/** An OpenAI credential the fake provider accepts, set up for the org; returns its id. */
let credentials = 0;
async function openAiCredential(p: TestPlatform, org: string): Promise<string> {
  // A new key each time: the 401 and 403 walks set up several credentials in their one shared org.
  const key = `sk-admin-${org}-${++credentials}`;
  fake.setValid('openai', [...validOpenAiKeys, key]);
  validOpenAiKeys.push(key);
  const res = await p.request(`/api/v1/integrations/${org}/openai/setup`, {
    method: 'POST',
    headers: { 'x-ca-root-key': TEST_ROOT_KEY },
    json: { credential: key },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { credential_id: string }).credential_id;
}

/** A top-level hierarchy entity of the org; returns its id. */
async function hierarchyEntity(p: TestPlatform, org: string): Promise<string> {
  const res = await p.request(`/api/v1/hierarchy/${org}/entities`, {
    method: 'POST',
    headers: { 'x-ca-root-key': TEST_ROOT_KEY },
    json: { name: 'Walked', level_code: 'department' },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { entity_id: string }).entity_id;
}

/** An email channel of the org (its test send goes to the platform's local SMTP server); returns its id. */
async function emailChannel(p: TestPlatform, org: string): Promise<string> {
  const res = await p.request(`/api/v1/notifications/${org}/channels`, {
    method: 'POST',
    headers: { 'x-ca-root-key': TEST_ROOT_KEY },
    json: {
      name: `walk-${Math.random().toString(36).slice(2, 10)}`,
      type: 'email',
      config: { to: ['walk@example.com'] },
    },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { channel_id: string }).channel_id;
}

/** A monthly cost threshold alert to an email channel (PATCH's example changes its threshold); returns its id. */
async function costAlert(p: TestPlatform, org: string): Promise<string> {
  const res = await p.request(`/api/v1/alerts/${org}`, {
    method: 'POST',
    headers: { 'x-ca-root-key': TEST_ROOT_KEY },
    json: {
      name: `walk-${Math.random().toString(36).slice(2, 10)}`,
      kind: 'cost_threshold',
      period: 'month',
      threshold: 1000,
      channel_ids: [await emailChannel(p, org)],
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { alert_id: string }).alert_id;
}

/** Path values and bodies that only make sense for one route (a run that can be retried, a valid credential). */
const routeFixtures: Record<
  string,
  (p: TestPlatform, org: string) => Promise<{ params?: Record<string, string>; body?: unknown }>
> = {
  'pipelineLogs.retry': async (p, org) => ({ params: { run_id: await sampleRun(p, org, 'FAILED') } }),
  'pipelines.run': async () => ({ params: { provider: 'sample', domain: 'demo', pipeline: 'costs' } }),
  'integrations.setup': async (_, org) => {
    const key = `sk-admin-new-${org}`;
    validOpenAiKeys.push(key);
    fake.setValid('openai', [...validOpenAiKeys]);
    return { params: { provider: 'openai' }, body: { credential: key } };
  },
  'integrations.validate': async (p, org) => ({
    params: { provider: 'openai' },
    body: { credential_id: await openAiCredential(p, org) },
  }),
  'integrations.rename': async (p, org) => ({
    params: { provider: 'openai', credential_id: await openAiCredential(p, org) },
  }),
  // The portal needs the org's Stripe customer (set by the webhook in production).
  'billing.portal': async (p, org) => {
    await (
      await p.ctx.db()
    ).query("UPDATE org_subscriptions SET stripe_customer_id = 'cus_walk' WHERE org_slug = $1", [org]);
    return {};
  },
  'genai-pricing.list': async () => ({ params: { provider: 'openai' } }),
  'genai-pricing.put': async () => ({ params: { provider: 'openai', model: 'gpt-4o' } }),
  'genai-pricing.reset': async () => ({ params: { provider: 'openai' } }),
  'genai-pricing.delete': async (p, org) => {
    const res = await p.request(`/api/v1/integrations/${org}/openai/pricing/gpt-4o`, {
      method: 'PUT',
      headers: { 'x-ca-root-key': TEST_ROOT_KEY },
      json: { input_per_1m: 2, output_per_1m: 8, effective_from: '2026-10-01' },
    });
    expect(res.status).toBe(200);
    return { params: { provider: 'openai', model: 'gpt-4o' } };
  },
  'genai.usage-import': async (p, org) => ({
    body: {
      provider: 'openai',
      credential_id: await openAiCredential(p, org),
      rows: [{ usage_date: '2026-10-01', model: 'gpt-4o', input_tokens: 10, output_tokens: 5 }],
    },
  }),
  'hierarchy.create-rule': async (p, org) => ({
    body: { entity_id: await hierarchyEntity(p, org), match: { kind: 'tag', key: 'team', value: 'walk' } },
  }),
  'integrations.delete': async (p, org) => ({
    params: { provider: 'openai', credential_id: await openAiCredential(p, org) },
  }),
  // The examples' channel ids are no channels of a fresh org.
  'alerts.create': async (p, org) => ({
    body: {
      name: 'Monthly cloud budget',
      kind: 'cost_threshold',
      period: 'month',
      threshold: 5000,
      scope: { cost_type: 'cloud' },
      channel_ids: [await emailChannel(p, org)],
      severity: 'critical',
    },
  }),
  'alerts.bulk': async (p, org) => ({ body: { alert_ids: [await costAlert(p, org)], action: 'disable' } }),
  'notifications.createSummary': async (p, org) => ({
    body: { frequency: 'weekly', channel_ids: [await emailChannel(p, org)] },
  }),
};

const paramResolvers: Record<string, Resolver> = {
  email: async (p, org) => {
    const email = `viewer-${org.replace(/_/g, '-')}@example.test`;
    await (
      await p.ctx.db()
    ).query(
      "INSERT INTO org_members (org_slug, email, role) VALUES ($1, $2, 'viewer') ON CONFLICT DO NOTHING",
      [org, email],
    );
    return email;
  },
  run_id: (p, org) => sampleRun(p, org),
  provider: async () => 'slack',
  plan_id: async (p, org) => {
    const res = await p.request(`/api/v1/subscriptions/${org}/providers/slack/plans`, {
      method: 'POST',
      headers: { 'x-ca-root-key': TEST_ROOT_KEY },
      json: {
        plan_name: `p${Math.random().toString(36).slice(2, 10)}`,
        start_date: '2026-01-01',
        billing_cycle: 'monthly',
        pricing_model: 'PER_SEAT',
        unit_price: 8.75,
        seats: 3,
      },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { plan_id: string }).plan_id;
  },
  // The bottom default level: a fresh org has no entities on it, so even DELETE succeeds.
  level_code: async () => 'team',
  entity_id: hierarchyEntity,
  rule_id: async (p, org) => {
    const res = await p.request(`/api/v1/hierarchy/${org}/allocation-rules`, {
      method: 'POST',
      headers: { 'x-ca-root-key': TEST_ROOT_KEY },
      json: {
        entity_id: await hierarchyEntity(p, org),
        match: { kind: 'credential', credential_id: 'walk' },
      },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { rule_id: string }).rule_id;
  },
  // An email channel: its test send goes to the platform's local SMTP server.
  channel_id: emailChannel,
  alert_id: costAlert,
  summary_id: async (p, org) => {
    const res = await p.request(`/api/v1/notifications/${org}/summaries`, {
      method: 'POST',
      headers: { 'x-ca-root-key': TEST_ROOT_KEY },
      json: { frequency: 'daily', channel_ids: [await emailChannel(p, org)] },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { summary_id: string }).summary_id;
  },
  key_id: async (p, org) => {
    const res = await p.request(`/api/v1/admin/organizations/${org}/api-keys`, {
      headers: { 'x-ca-root-key': TEST_ROOT_KEY },
    });
    return ((await res.json()) as { items: { key_id: string }[] }).items[0]!.key_id;
  },
};

interface Org {
  org_slug: string;
  api_key: string;
  token: string;
}

let p: TestPlatform;
let other: Org;
let fake: FakeProviders;
let stripe: StripeServer;
const STRIPE_KEY = 'sk_test_route_walk_0123456789abcdef';
const validOpenAiKeys: string[] = [];

async function freshOrg(): Promise<Org> {
  const o = await p.onboard();
  return { ...o, token: await ownerToken(p, o.org_slug) };
}

/** The strongest org-level credential the route accepts: API key, else owner JWT, else root. */
function credential(c: RouteContract, org: Org): Record<string, string> {
  const kinds = c.auth === 'public' ? [] : c.auth;
  if (kinds.includes('apiKey')) return apiKey(org.api_key);
  if (kinds.includes('user')) return bearer(org.token);
  return { 'x-ca-root-key': TEST_ROOT_KEY };
}

/** Another org's credential of the same kind (for root-only routes, another org's API key). */
function otherCredential(c: RouteContract): Record<string, string> {
  const kinds = c.auth === 'public' ? [] : c.auth;
  if (kinds.includes('user') && !kinds.includes('apiKey')) return bearer(other.token);
  return apiKey(other.api_key);
}

/** The route's path (with its example query) and body for `org`, set up as the 2xx walk needs them. */
async function prepare(c: RouteContract, org: string) {
  const fixture = (await routeFixtures[c.id]?.(p, org)) ?? {};
  const values: Record<string, string> = { org, ...fixture.params };
  for (const name of [...c.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((n) => !(n in values))) {
    const resolve = paramResolvers[name];
    if (!resolve)
      throw new Error(`Route ${c.id}: add a resolver for path parameter {${name}} in route-walk.test.ts`);
    values[name] = await resolve(p, org);
  }
  const body = fixture.body ?? c.example?.body;
  if (c.body && body === undefined && c.method !== 'POST')
    throw new Error(`Route ${c.id} needs example.body`);
  return { path: fillPath(c.path, values), query: c.example?.query, body };
}

async function call(c: RouteContract, org: string, headers: Record<string, string>) {
  const { path, query, body } = await prepare(c, org);
  return send(c, path, query, body, headers);
}

function send(
  c: RouteContract,
  path: string,
  query: Record<string, string> | undefined,
  body: unknown,
  headers: Record<string, string>,
) {
  const qs = query ? `?${new URLSearchParams(query)}` : '';
  return p.request(path + qs, { method: c.method, headers, ...(body === undefined ? {} : { json: body }) });
}

/** Every response carries the security headers: no MIME sniffing, never in a frame. */
function expectSecured(res: Response) {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
}

/** The path of every string in a JSON value, and the value with a NUL put into the string at one path. */
function stringPaths(v: unknown, at: string[] = []): string[][] {
  if (typeof v === 'string') return [at];
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, child]) => stringPaths(child, [...at, k]));
}
function withNul(v: unknown, at: readonly string[]): unknown {
  if (!at.length) return `${String(v)}\u0000x`;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string, unknown>;
  copy[at[0]!] = withNul(copy[at[0]!], at.slice(1));
  return copy;
}

// The 401 and 403 walks share one org: they must be refused before any handler runs, so nothing in the org
// changes. The 2xx walk onboards a fresh org per route, since a route may delete or rotate what others need.
let victim: Org;
let poisoned: Org;
beforeAll(async () => {
  fake = await startFakeProviders();
  // Billing checkout and portal answer 2xx only with Stripe: the real SDK against the local Stripe-format server.
  stripe = await startStripeServer(STRIPE_KEY);
  stripe.prices.add('price_walk_pro');
  p = await startTestPlatform({
    ...fakeProviderEnv(fake),
    STRIPE_SECRET_KEY: STRIPE_KEY,
    STRIPE_PRICE_PROFESSIONAL: 'price_walk_pro',
    STRIPE_API_URL: stripe.url,
  });
  other = await freshOrg();
  victim = await freshOrg();
  poisoned = await freshOrg();
});
afterAll(async () => {
  await p.close();
  await fake.close();
  await stripe.close();
});

describe('every org-scoped route', () => {
  it('is registered', () => expect(orgRoutes.length).toBeGreaterThan(3));

  it.each(orgRoutes.map((c) => [c.id, c] as const))('%s: 401 without credentials', async (_, c) => {
    const res = await call(c, victim.org_slug, {});
    expect(res.status).toBe(401);
    expectSecured(res);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it.each(orgRoutes.map((c) => [c.id, c] as const))("%s: 403 with another org's credential", async (_, c) => {
    const res = await call(c, victim.org_slug, otherCredential(c));
    expect(res.status).toBe(403);
    expectSecured(res);
    const body = (await res.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe('FORBIDDEN');
    expect(body.error.request_id).toBe(res.headers.get('x-request-id'));
  });

  it.each(orgRoutes.map((c) => [c.id, c] as const))('%s: 2xx with the right credential', async (_, c) => {
    const org = await freshOrg();
    const res = await call(c, org.org_slug, credential(c, org));
    const text = await res.clone().text();
    expect(res.status, text).toBeGreaterThanOrEqual(200);
    expect(res.status, text).toBeLessThan(300);
    expectSecured(res);
    expect(await res.text()).not.toContain(other.org_slug);
  });

  // PostgreSQL text cannot hold U+0000: a NUL in any string of a body or query is a 400 naming the field, never a
  // 500 from deep in a use case. Refused before any handler runs, so one org serves every route.
  it.each(orgRoutes.map((c) => [c.id, c] as const))(
    '%s: 400 naming the field for a NUL in any string of its body or query',
    async (_, c) => {
      const { path, query, body } = await prepare(c, poisoned.org_slug);
      const headers = credential(c, poisoned);
      const cases = [
        ...stringPaths(body).map((at) => ({
          field: ['body', ...at].join('.'),
          body: withNul(body, at),
          query,
        })),
        ...Object.keys(query ?? {}).map((k) => ({
          field: `query.${k}`,
          body,
          query: withNul(query, [k]) as Record<string, string>,
        })),
      ];
      for (const one of cases) {
        const res = await send(c, path, one.query, one.body, headers);
        const text = await res.clone().text();
        expect(res.status, `${one.field}: ${text}`).toBe(400);
        const { error } = (await res.json()) as { error: { code: string; details: { field: string }[] } };
        expect(error.code).toBe('VALIDATION_ERROR');
        expect(error.details[0]!.field).toBe(one.field);
      }
    },
  );
});

describe('every route', () => {
  const all = httpEntries.flatMap((e) => e.routes).filter((c) => !c.path.startsWith('/auth/'));

  it.each(all.map((c) => [c.id, c] as const))(
    '%s: 405 in the error shape for a method it does not serve',
    async (_, c) => {
      const path = fillPath(
        c.path,
        Object.fromEntries([...c.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, 'x'])),
      );
      // Methods no route on this path serves (PATCH is served by some paths).
      const served = all.filter((o) => o.path === c.path).map((o) => o.method as string);
      for (const method of ['PROPFIND', 'PURGE', 'PATCH'].filter((m) => !served.includes(m))) {
        const res = await p.request(path, { method, headers: { 'x-ca-root-key': TEST_ROOT_KEY } });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow')).toContain(c.method);
        expectSecured(res);
        const { error } = (await res.json()) as { error: { code: string; request_id: string } };
        expect(error.code).toBe('METHOD_NOT_ALLOWED');
        expect(error.request_id).toBe(res.headers.get('x-request-id'));
      }
    },
  );
});
