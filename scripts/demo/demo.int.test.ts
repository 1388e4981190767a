/**
 * The first-start demo against a whole local platform on a temp data dir: the org is onboarded and the real
 * pipelines ingest three months of cloud, GenAI and SaaS cost whose summary equals a direct SQL sum over the
 * org's FOCUS table; the hierarchy exists; the org's admin is a confirmed local user whose generated password is
 * in demo.json and the banner, and who owns the org; a second seeding and a second start are no-ops (the same
 * login, no new user); CLOUDACT_DEMO=0 skips.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/config.js';
import { startTestPlatform, TEST_ROOT_KEY, type TestPlatform } from '../local/test-platform.js';
import { readLocalMailbox } from '../../shared/identity/mailbox.js';
import {
  DEMO_ORG,
  connectHint,
  demoBanner,
  demoStateFile,
  openDemo,
  readDemoState,
  type Demo,
  type SeedResult,
} from './demo.js';
import { ensureDemoLogin } from './login.js';

const NOW = new Date('2026-11-15T09:00:00Z');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cloudact-demo-'));
  dirs.push(d);
  return d;
};
const settings = (dataDir: string) => parseConfig({ ENVIRONMENT: 'test', CLOUDACT_DATA_DIR: dataDir });

let dataDir: string;
let demo: Demo;
let p: TestPlatform;
let first: SeedResult;
beforeAll(async () => {
  dataDir = tempDir();
  demo = (await openDemo(settings(dataDir), {}, NOW))!;
  p = await startTestPlatform(demo.env, { dataDir });
  first = await demo.seed(p.fetch, TEST_ROOT_KEY, { timeoutMs: 240_000 });
}, 300_000);
afterAll(async () => {
  await p?.close();
  await demo?.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const key = () => ({ 'x-api-key': readDemoState(dataDir)!.api_key! });
const get = async <T>(path: string) => {
  const res = await p.request(path, { headers: key() });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};

describe('demo seeding', () => {
  it('onboards acme_demo and runs every pipeline over the last 90 days', async () => {
    const state = readDemoState(dataDir)!;
    expect(state).toMatchObject({
      status: 'ready',
      org_slug: DEMO_ORG,
      start: '2026-08-17',
      end: '2026-11-14',
    });
    expect(first.skipped).toBe(false);
    expect(first.runs.map((r) => [r.pipeline, r.status])).toEqual([
      ['aws/cost/billing', 'COMPLETED'],
      ['openai/genai/usage', 'COMPLETED'],
      ['anthropic/genai/usage', 'COMPLETED'],
      ['saas/subscription/costs', 'COMPLETED'],
    ]);
    const org = await get<{ org_slug: string; plan: string }>(`/api/v1/organizations/${DEMO_ORG}`);
    expect(org).toMatchObject({ org_slug: DEMO_ORG, plan: 'SCALE' });
    console.log(`demo seeded in ${first.ms} ms; allocated share ${first.allocated_share}`);
  });

  it('the costs summary is > 0 per cost type and equals a direct SQL sum over the FOCUS table', async () => {
    const { start, end } = readDemoState(dataDir)!;
    const summary = await get<{
      total_billed_cost: number;
      by_cost_type: Record<'cloud' | 'genai' | 'subscription', number>;
      record_count: number;
    }>(`/api/v1/costs/${DEMO_ORG}/summary?start_date=${start}&end_date=${end}`);
    const wh = await p.ctx.warehouse();
    const rows = await wh.query<{ t: string; billed: string; n: number }>(
      `SELECT x_cost_type AS t, SUM(BilledCost) AS billed, COUNT(*) AS n
       FROM ${wh.table(`${DEMO_ORG}_${p.config.datasetEnv}`, 'cost_data_standard_1_3')}
       WHERE CAST(ChargePeriodStart AS DATE) BETWEEN CAST(@start AS DATE) AND CAST(@end AS DATE)
       GROUP BY 1`,
      { start, end },
    );
    const sql = Object.fromEntries(rows.map((r) => [r.t, new Decimal(r.billed)]));
    for (const type of ['cloud', 'genai', 'subscription'] as const) {
      expect(summary.by_cost_type[type], type).toBeGreaterThan(0);
      expect(summary.by_cost_type[type], type).toBeCloseTo(sql[type]!.toNumber(), 6);
    }
    const total = Object.values(sql).reduce((a, b) => a.plus(b), new Decimal(0));
    expect(summary.total_billed_cost).toBeCloseTo(total.toNumber(), 6);
    expect(summary.record_count).toBe(rows.reduce((a, r) => a + Number(r.n), 0));
    // Three months of a mid-size company: thousands of dollars a month per kind, not cents.
    expect(summary.by_cost_type.cloud).toBeGreaterThan(10_000);
    expect(summary.by_cost_type.genai).toBeGreaterThan(10_000);
    expect(summary.by_cost_type.subscription).toBeGreaterThan(5_000);
  });

  it('has the hierarchy, its allocation rules, integrations and SaaS plans', async () => {
    const tree = await get<{ roots: { entity_id: string; children: { children: unknown[] }[] }[] }>(
      `/api/v1/hierarchy/${DEMO_ORG}/tree`,
    );
    expect(tree.roots.map((r) => r.entity_id).sort()).toEqual(['DEPT-DATA', 'DEPT-ENG', 'DEPT-GTM']);
    const teams = tree.roots.flatMap((d) => d.children.flatMap((p) => p.children));
    expect(teams.length).toBe(8);
    const rules = await get<{ items: { match: { kind: string } }[] }>(
      `/api/v1/hierarchy/${DEMO_ORG}/allocation-rules`,
    );
    expect(new Set(rules.items.map((r) => r.match.kind))).toEqual(
      new Set(['tag', 'genai_dimension', 'saas_plan', 'cloud_account', 'credential']),
    );
    const integrations = await get<{ items: { provider: string; status: string }[] }>(
      `/api/v1/integrations/${DEMO_ORG}`,
    );
    expect(integrations.items.map((i) => `${i.provider}:${i.status}`).sort()).toEqual([
      'anthropic:VALID',
      'aws:VALID',
      'openai:VALID',
    ]);
  });

  it('when the pipelines allocate, every rule kind allocates cost and only the Zoom plan is left over', async () => {
    const { start, end, allocated_share } = readDemoState(dataDir)!;
    if (allocated_share === null || allocated_share === undefined) return; // no allocate step in the pipelines
    const { items } = await get<{ items: { entity_id: string | null; billed_cost: number }[] }>(
      `/api/v1/costs/${DEMO_ORG}/by-hierarchy?start_date=${start}&end_date=${end}`,
    );
    const entities = new Set(items.map((i) => i.entity_id));
    // tag, genai_dimension, saas_plan, plan entity, cloud_account (untagged data account), credential.
    for (const e of ['TEAM-SRE', 'TEAM-LLMOPS', 'DEPT-GTM', 'DEPT-ENG', 'PROJ-ANALYTICS', 'PROJ-ASSIST'])
      expect(entities.has(e), e).toBe(true);
    const unallocated = items.find((i) => i.entity_id === null)?.billed_cost ?? 0;
    const zoom = await get<{ total_billed_cost: number }>(
      `/api/v1/costs/${DEMO_ORG}/summary?start_date=${start}&end_date=${end}&provider=zoom`,
    );
    expect(unallocated).toBeCloseTo(zoom.total_billed_cost, 6);
  });

  it('the org admin is a confirmed local user with a generated password, kept in demo.json and printed', async () => {
    const state = readDemoState(dataDir)!;
    expect(state.user_email).toBe('finops@acme-demo.test');
    expect(state.user_password).toMatch(/^[A-Za-z0-9]{20,}$/);
    expect(statSync(demoStateFile(dataDir)).mode & 0o777).toBe(0o600);
    const signIn = `  Sign in at http://cloudact.test/signin as finops@acme-demo.test / ${state.user_password}`;
    for (const showKey of [true, false])
      expect(demoBanner(state, 'http://cloudact.test', dataDir, showKey)).toContain(signIn);
    // A newcomer's own org can connect OpenAI with the stand-in's key while OPENAI_BASE_URL points at it.
    expect(connectHint({ state, env: { OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' } }).join('\n')).toContain(
      `Integrations > OpenAI, key ${state.keys.openai}`,
    );
    expect(connectHint({ state, env: {} })).toEqual([]);
    // Signing in as a person would, and GET /me: the user owns acme_demo.
    const { access_token } = await signInAsDemoUser();
    const me = await p.request('/api/v1/me', { headers: { authorization: `Bearer ${access_token}` } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: { email: string }; memberships: unknown[] };
    expect(body.user.email).toBe('finops@acme-demo.test');
    expect(body.memberships).toEqual([expect.objectContaining({ org_slug: DEMO_ORG, role: 'owner' })]);
    // A wrong password is refused: the login is this password, not any.
    const wrong = await p.request('/auth/v1/token?grant_type=password', {
      method: 'POST',
      json: { email: state.user_email, password: `${state.user_password}x` },
    });
    expect(wrong.status).toBe(400);
  });

  it('a resumed login step keeps the recorded password and sends no new confirmation link', async () => {
    const state = readDemoState(dataDir)!;
    const links = () => readLocalMailbox({ dataDir }).filter((m) => m.type === 'signup').length;
    const before = links();
    expect(before).toBe(1);
    const login = { user_email: state.user_email!, user_password: state.user_password! };
    expect(await ensureDemoLogin(p.fetch, dataDir, DEMO_ORG, login)).toBe(true);
    expect(links()).toBe(before);
    expect((await signInAsDemoUser()).access_token).toBeTruthy();
  });

  it('a second seeding, and a second start on the same data dir, are no-ops', async () => {
    const login = readDemoState(dataDir)!.user_password;
    const runs = async () =>
      (await get<{ items: unknown[] }>(`/api/v1/pipelines/${DEMO_ORG}/runs`)).items.length;
    const before = await runs();
    expect((await demo.seed(p.fetch, TEST_ROOT_KEY)).skipped).toBe(true);
    const again = (await openDemo(settings(dataDir), {}, NOW))!;
    try {
      expect(again.state.status).toBe('ready');
      expect((await again.seed(p.fetch, TEST_ROOT_KEY)).skipped).toBe(true);
    } finally {
      await again.close();
    }
    expect(await runs()).toBe(before);
    expect(readDemoState(dataDir)!.user_password).toBe(login);
    expect(readLocalMailbox({ dataDir }).filter((m) => m.type === 'signup')).toHaveLength(1);
  });
});

async function signInAsDemoUser() {
  const state = readDemoState(dataDir)!;
  const res = await p.request('/auth/v1/token?grant_type=password', {
    method: 'POST',
    json: { email: state.user_email, password: state.user_password },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { access_token: string };
}

describe('CLOUDACT_DEMO=0', () => {
  it('skips the demo on a fresh data dir: no stand-in, no state, no org', async () => {
    const dir = tempDir();
    expect(await openDemo(settings(dir), { CLOUDACT_DEMO: '0' }, NOW)).toBeNull();
    expect(readDemoState(dir)).toBeNull();
    const plain = await startTestPlatform({}, { dataDir: dir });
    try {
      const res = await plain.request(`/api/v1/organizations/${DEMO_ORG}`, {
        headers: { 'x-ca-root-key': TEST_ROOT_KEY },
      });
      expect(res.status).toBe(404);
      // A data dir created without the demo never gets one later.
      expect(await openDemo(settings(dir), {}, NOW)).toBeNull();
    } finally {
      await plain.close();
    }
  });
});
