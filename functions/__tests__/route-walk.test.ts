import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpEntries } from '../registry.js';
import { isOrgScoped, type RouteContract } from '../../shared/http/contract.js';
import { fillPath } from '../../shared/http/path-template.js';
import { startTestPlatform, TEST_ROOT_KEY, type TestPlatform } from '../../scripts/local/test-platform.js';
import { apiKey, bearer, ownerToken } from './helpers.js';

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

/** Path values that only make sense for one route (e.g. a run that can be retried). */
const routeParams: Record<string, (p: TestPlatform, org: string) => Promise<Record<string, string>>> = {
  'pipelineLogs.retry': async (p, org) => ({ run_id: await sampleRun(p, org, 'FAILED') }),
};

const paramResolvers: Record<string, Resolver> = {
  provider: async () => 'sample',
  domain: async () => 'demo',
  pipeline: async () => 'costs',
  run_id: (p, org) => sampleRun(p, org),
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

async function call(c: RouteContract, org: string, headers: Record<string, string>) {
  const values: Record<string, string> = { org, ...(await routeParams[c.id]?.(p, org)) };
  for (const name of [...c.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((n) => !(n in values))) {
    const resolve = paramResolvers[name];
    if (!resolve)
      throw new Error(`Route ${c.id}: add a resolver for path parameter {${name}} in route-walk.test.ts`);
    values[name] = await resolve(p, org);
  }
  if (c.body && c.example?.body === undefined && c.method !== 'POST')
    throw new Error(`Route ${c.id} needs example.body`);
  const qs = c.example?.query ? `?${new URLSearchParams(c.example.query)}` : '';
  return p.request(fillPath(c.path, values) + qs, {
    method: c.method,
    headers,
    ...(c.example?.body === undefined ? {} : { json: c.example.body }),
  });
}

beforeAll(async () => {
  p = await startTestPlatform();
  other = await freshOrg();
});
afterAll(() => p.close());

describe('every org-scoped route', () => {
  it('is registered', () => expect(orgRoutes.length).toBeGreaterThan(3));

  it.each(orgRoutes.map((c) => [c.id, c] as const))('%s: 401 without credentials', async (_, c) => {
    const org = await freshOrg();
    const res = await call(c, org.org_slug, {});
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it.each(orgRoutes.map((c) => [c.id, c] as const))("%s: 403 with another org's credential", async (_, c) => {
    const org = await freshOrg();
    const res = await call(c, org.org_slug, otherCredential(c));
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe('FORBIDDEN');
    expect(body.error.request_id).toBe(res.headers.get('x-request-id'));
  });

  it.each(orgRoutes.map((c) => [c.id, c] as const))('%s: 2xx with the right credential', async (_, c) => {
    const org = await freshOrg();
    const res = await call(c, org.org_slug, credential(c, org));
    expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(await res.text()).not.toContain(other.org_slug);
  });
});
