import { describe, expect, it } from 'vitest';
import { TEST_ROOT_KEY, type TestPlatform } from '../../scripts/local/test-platform.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import { apiKey, bearer, signUp } from '../__tests__/helpers.js';

let p: TestPlatform;
useBarePlatform((q) => (p = q));

let users = 0;
const newUser = () => signUp(p, `founder${++users}@selfserve.test`);

async function create(token: string, body: unknown, key?: string) {
  const res = await p.request('/api/v1/organizations', {
    method: 'POST',
    headers: { ...bearer(token), ...(key ? { 'idempotency-key': key } : {}) },
    json: body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

const me = async (token: string) => {
  const res = await p.request('/api/v1/me', { headers: bearer(token) });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    user: { id: string; email: string };
    memberships: { org_slug: string; org_name: string; role: string; plan: string; status: string }[];
  };
};

const db = () => p.ctx.db();

describe('GET /me', () => {
  it('lists a user with no org with no memberships', async () => {
    const token = await newUser();
    const body = await me(token);
    expect(body.user.email).toBe(`founder${users}@selfserve.test`);
    expect(body.user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.memberships).toEqual([]);
  });

  it('is for users only: an org API key and no credentials are refused', async () => {
    const org = await p.onboard();
    expect((await p.request('/api/v1/me', { headers: apiKey(org.api_key) })).status).toBe(403);
    expect((await p.request('/api/v1/me')).status).toBe(401);
  });

  it('lists an invitation by email once the invited user signs in, with role, plan and status', async () => {
    const org = await p.onboard();
    const put = await p.request(`/api/v1/organizations/${org.org_slug}/members/guest@selfserve.test`, {
      method: 'PUT',
      headers: { 'x-ca-root-key': TEST_ROOT_KEY },
      json: { role: 'viewer' },
    });
    expect(put.status).toBe(200);
    const token = await signUp(p, 'guest@selfserve.test');
    const body = await me(token);
    expect(body.memberships).toEqual([
      expect.objectContaining({ org_slug: org.org_slug, role: 'viewer', status: 'TRIAL' }),
    ]);
  });
});

describe('POST /organizations (self-serve)', () => {
  it('creates the org with its dataset, trial and key; the caller owns it and GET /me lists it', async () => {
    const token = await newUser();
    const { status, body } = await create(token, {
      org_name: 'Founder Labs',
      plan: 'PROFESSIONAL',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ plan: 'PROFESSIONAL', status: 'TRIAL' });
    expect(body.org_slug).toMatch(/^founder_labs_[a-z0-9]+$/);
    expect(body.dataset).toBe(`${body.org_slug}_test`);
    expect(body.api_key).toMatch(new RegExp(`^${body.org_slug}_api_`));
    const trialDays = (Date.parse(body.trial_ends_at!) - Date.now()) / 86_400_000;
    expect(trialDays).toBeGreaterThan(13.9);
    expect(trialDays).toBeLessThanOrEqual(14);

    const tables = await (await p.ctx.warehouse()).listTables(body.dataset!);
    expect(tables).toContain('cost_data_standard_1_3');
    expect((await me(token)).memberships).toEqual([
      {
        org_slug: body.org_slug,
        org_name: 'Founder Labs',
        role: 'owner',
        plan: 'PROFESSIONAL',
        status: 'TRIAL',
      },
    ]);
    // The owner acts on it at once; the key works; the locale is the one asked for.
    const profile = await p.request(`/api/v1/organizations/${body.org_slug}/locale`, {
      headers: bearer(token),
    });
    expect(await profile.json()).toMatchObject({ currency: 'EUR', timezone: 'Europe/Berlin' });
    const byKey = await p.request(`/api/v1/organizations/${body.org_slug}`, {
      headers: apiKey(body.api_key!),
    });
    expect(await byKey.json()).toMatchObject({ admin_email: `founder${users}@selfserve.test` });
    const { rows } = await (
      await db()
    ).query('SELECT source, new_plan, new_status FROM plan_change_audit WHERE org_slug = $1', [
      body.org_slug,
    ]);
    expect(rows).toEqual([{ source: 'onboard', new_plan: 'PROFESSIONAL', new_status: 'TRIAL' }]);
  });

  it('a retry with the same Idempotency-Key returns the same org and key, once', async () => {
    const token = await newUser();
    const input = { org_name: 'Retry Co', plan: 'STARTER' };
    const first = await create(token, input, 'create-retry-1');
    expect(first.status).toBe(201);
    const second = await create(token, input, 'create-retry-1');
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    // Parallel retries too: every answer is the same org.
    const more = await Promise.all([1, 2, 3].map(() => create(token, input, 'create-retry-2')));
    expect(new Set(more.map((r) => r.body.org_slug)).size).toBe(1);
    expect(more.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect((await me(token)).memberships.map((m) => m.org_name).sort()).toEqual(['Retry Co', 'Retry Co']);
    const { rows } = await (
      await db()
    ).query<{ response_ciphertext: string }>(
      "SELECT response_ciphertext FROM org_create_requests WHERE idempotency_key = 'create-retry-1'",
    );
    // Kept for the replay, never in clear.
    expect(rows[0]!.response_ciphertext).not.toContain(first.body.api_key);
  });

  it('the same key for another body is 409 and creates nothing; without a key each request creates', async () => {
    const token = await newUser();
    expect((await create(token, { org_name: 'Keyed', plan: 'STARTER' }, 'k-1')).status).toBe(201);
    const reused = await create(token, { org_name: 'Other', plan: 'STARTER' }, 'k-1');
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect((await create(token, { org_name: 'Keyless', plan: 'STARTER' })).status).toBe(201);
    expect((await create(token, { org_name: 'Keyless', plan: 'STARTER' })).status).toBe(201);
    expect((await me(token)).memberships.map((m) => m.org_name).sort()).toEqual([
      'Keyed',
      'Keyless',
      'Keyless',
    ]);
  });

  it('a user owns at most 3 orgs: the 4th is refused and nothing is half-made', async () => {
    const token = await newUser();
    for (const n of [1, 2, 3])
      expect((await create(token, { org_name: `Org ${n}`, plan: 'STARTER' })).status).toBe(201);
    const fourth = await create(token, { org_name: 'Org 4', plan: 'STARTER', org_slug: 'fourth_org_x' });
    expect(fourth.status).toBe(422);
    expect(fourth.body).toMatchObject({ error: { code: 'ORG_LIMIT' } });
    const { rows } = await (await db()).query("SELECT 1 FROM organizations WHERE org_slug = 'fourth_org_x'");
    expect(rows).toEqual([]);
    expect(await (await p.ctx.warehouse()).listTables('fourth_org_x_test')).toEqual([]);
  });

  it('refuses bad input with 400 and a taken slug with 409, creating nothing', async () => {
    const token = await newUser();
    for (const body of [
      {},
      { org_name: 'X', plan: 'GOLD' },
      { org_name: 'X', plan: 'STARTER', currency: 'XXX1' },
      { org_name: 'X', plan: 'STARTER', timezone: 'Mars/Olympus' },
      { org_name: 'X', plan: 'STARTER', admin_email: 'a@b.c' },
      { org_name: '   ', plan: 'STARTER' },
    ])
      expect((await create(token, body)).status).toBe(400);
    const bad = await p.request('/api/v1/organizations', {
      method: 'POST',
      headers: { ...bearer(token), 'idempotency-key': 'has space' },
      json: { org_name: 'X', plan: 'STARTER' },
    });
    expect(bad.status).toBe(400);
    const taken = await p.onboard();
    const dup = await create(token, { org_name: 'Dup', plan: 'STARTER', org_slug: taken.org_slug });
    expect(dup.status).toBe(409);
    expect((await me(token)).memberships).toEqual([]);
  });

  it('only a signed-in user creates: the root key, an org key and no credentials are refused', async () => {
    const org = await p.onboard();
    const body = { org_name: 'Nope', plan: 'STARTER' };
    for (const headers of [{ 'x-ca-root-key': TEST_ROOT_KEY }, apiKey(org.api_key)]) {
      expect((await p.request('/api/v1/organizations', { method: 'POST', headers, json: body })).status).toBe(
        403,
      );
    }
    expect((await p.request('/api/v1/organizations', { method: 'POST', json: body })).status).toBe(401);
  });
});
