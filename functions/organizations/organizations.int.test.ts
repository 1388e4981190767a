import { describe, expect, it } from 'vitest';
import { TEST_ROOT_KEY, type TestPlatform } from '../../scripts/local/test-platform.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import { apiKey, bearer, ownerToken, signUp } from '../__tests__/helpers.js';

const root = { 'x-ca-root-key': TEST_ROOT_KEY };
let p: TestPlatform;
useBarePlatform((q) => (p = q));

describe('onboarding', () => {
  it('creates the org, its dataset with every table, a trial and a key shown once', async () => {
    const res = await p.request('/api/v1/organizations/onboard', {
      method: 'POST',
      headers: root,
      json: {
        org_name: 'Acme Corp',
        admin_email: 'ops@acme.test',
        plan: 'PROFESSIONAL',
        org_slug: 'acme_onb',
      },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({
      org_slug: 'acme_onb',
      plan: 'PROFESSIONAL',
      status: 'TRIAL',
      dataset: 'acme_onb_test',
    });
    expect(body.api_key).toMatch(/^acme_onb_api_[A-Za-z0-9]{32}$/);
    expect(body.api_key_fingerprint).toBe(body.api_key!.slice(-4));

    const tables = await (await p.ctx.warehouse()).listTables('acme_onb_test');
    expect(tables).toEqual(
      expect.arrayContaining(['cost_data_standard_1_3', 'contract_commitment_1_3', 'schema_versions']),
    );

    const profile = await p.request('/api/v1/organizations/acme_onb', { headers: apiKey(body.api_key!) });
    const json = await profile.json();
    expect(json).toMatchObject({
      org_name: 'Acme Corp',
      plan: 'PROFESSIONAL',
      currency: 'USD',
      timezone: 'UTC',
    });
    expect(JSON.stringify(json)).not.toContain(body.api_key);

    const { rows } = await (
      await p.ctx.db()
    ).query<{ daily_limit: number }>('SELECT daily_limit FROM org_subscriptions WHERE org_slug = $1', [
      'acme_onb',
    ]);
    expect(rows[0]?.daily_limit).toBe(25);
  });

  it('refuses a second onboarding of the same slug with 409 and changes nothing', async () => {
    const org = await p.onboard();
    const res = await p.request('/api/v1/organizations/onboard', {
      method: 'POST',
      headers: root,
      json: { org_name: 'Other', admin_email: 'x@y.test', plan: 'STARTER', org_slug: org.org_slug },
    });
    expect(res.status).toBe(409);
    const profile = (await (
      await p.request(`/api/v1/organizations/${org.org_slug}`, { headers: apiKey(org.api_key) })
    ).json()) as {
      plan: string;
    };
    expect(profile.plan).toBe('SCALE');
  });

  it('derives a slug from the name when none is given', async () => {
    const res = await p.request('/api/v1/organizations/onboard', {
      method: 'POST',
      headers: root,
      json: { org_name: 'Zürich Data & Co.', admin_email: 'a@zurich.test', plan: 'STARTER' },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { org_slug: string }).org_slug).toMatch(/^zurich_data_co_[0-9a-z]+$/);
  });

  it('needs the root key', async () => {
    const org = await p.onboard();
    const body = { org_name: 'X', admin_email: 'x@x.test', plan: 'STARTER' };
    expect((await p.request('/api/v1/organizations/onboard', { method: 'POST', json: body })).status).toBe(
      401,
    );
    const withOrgKey = await p.request('/api/v1/organizations/onboard', {
      method: 'POST',
      json: body,
      headers: apiKey(org.api_key),
    });
    expect(withOrgKey.status).toBe(403);
    const wrongRoot = await p.request('/api/v1/organizations/onboard', {
      method: 'POST',
      json: body,
      headers: { 'x-ca-root-key': 'nope' },
    });
    expect(wrongRoot.status).toBe(401);
  });
});

describe('API key rotation', () => {
  it('makes the old key 401 and the new one work', async () => {
    const org = await p.onboard();
    const res = await p.request(`/api/v1/organizations/${org.org_slug}/api-key/rotate`, {
      method: 'POST',
      headers: root,
    });
    expect(res.status).toBe(200);
    const { api_key } = (await res.json()) as { api_key: string };
    expect(api_key).not.toBe(org.api_key);
    expect(
      (await p.request(`/api/v1/organizations/${org.org_slug}`, { headers: apiKey(org.api_key) })).status,
    ).toBe(401);
    expect(
      (await p.request(`/api/v1/organizations/${org.org_slug}`, { headers: apiKey(api_key) })).status,
    ).toBe(200);
  });

  it('is for owners: an org API key and a viewer cannot rotate', async () => {
    const org = await p.onboard();
    const byKey = await p.request(`/api/v1/organizations/${org.org_slug}/api-key/rotate`, {
      method: 'POST',
      headers: apiKey(org.api_key),
    });
    expect(byKey.status).toBe(403);
    const viewer = await signUp(p, `viewer@${org.org_slug.replace(/_/g, '-')}.test`);
    await (
      await p.ctx.db()
    ).query("INSERT INTO org_members (org_slug, email, role) VALUES ($1, $2, 'viewer')", [
      org.org_slug,
      `viewer@${org.org_slug.replace(/_/g, '-')}.test`,
    ]);
    const url = `/api/v1/organizations/${org.org_slug}`;
    expect((await p.request(url, { headers: bearer(viewer) })).status).toBe(200);
    expect(
      (await p.request(`${url}/api-key/rotate`, { method: 'POST', headers: bearer(viewer) })).status,
    ).toBe(403);
    expect(
      (await p.request(url, { method: 'PUT', headers: bearer(viewer), json: { org_name: 'x' } })).status,
    ).toBe(403);
    const owner = await ownerToken(p, org.org_slug);
    expect(
      (await p.request(`${url}/api-key/rotate`, { method: 'POST', headers: bearer(owner) })).status,
    ).toBe(200);
  });
});

describe('profile and locale', () => {
  it('updates name and contact fields, and the locale, with validation', async () => {
    const org = await p.onboard();
    const h = apiKey(org.api_key);
    const url = `/api/v1/organizations/${org.org_slug}`;
    const put = await p.request(url, {
      method: 'PUT',
      headers: h,
      json: { org_name: 'Renamed', contact_phone: '+1 555' },
    });
    expect(await put.json()).toMatchObject({ org_name: 'Renamed', contact_phone: '+1 555' });
    const loc = await p.request(`${url}/locale`, {
      method: 'PUT',
      headers: h,
      json: { currency: 'EUR', timezone: 'Europe/Berlin' },
    });
    expect(await loc.json()).toEqual({
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      fiscal_year_start_month: 1,
    });
    const bad = await p.request(`${url}/locale`, {
      method: 'PUT',
      headers: h,
      json: { currency: 'XXY', fiscal_year_start_month: 13 },
    });
    expect(bad.status).toBe(400);
    const details = ((await bad.json()) as { error: { details: { field: string }[] } }).error.details.map(
      (d) => d.field,
    );
    expect(details).toEqual(expect.arrayContaining(['body.currency', 'body.fiscal_year_start_month']));
    expect(await (await p.request(`${url}/locale`, { headers: h })).json()).toMatchObject({
      currency: 'EUR',
    });
    const unknownField = await p.request(url, { method: 'PUT', headers: h, json: { plan: 'SCALE' } });
    expect(unknownField.status).toBe(400);
  });
});

describe('bootstrap and sync', () => {
  it('is re-runnable: the second call reports everything as existing', async () => {
    const first = (await (
      await p.request('/api/v1/admin/bootstrap', { method: 'POST', headers: root })
    ).json()) as {
      created: string[];
      existing: string[];
    };
    expect(first.created).toEqual([]);
    expect(first.existing).toEqual(
      expect.arrayContaining([
        'control_plane.migration.001_control-plane',
        'warehouse.dataset.organizations',
      ]),
    );
    const org = await p.onboard();
    const sync = await p.request(`/api/v1/admin/organizations/${org.org_slug}/sync`, {
      method: 'POST',
      headers: root,
    });
    const report = (await sync.json()) as { created: string[]; existing: string[] };
    expect(report.created).toEqual([]);
    expect(report.existing.length).toBeGreaterThan(10);
  });

  it('echoes X-Request-ID and answers unknown paths in the error shape', async () => {
    const res = await p.request('/api/v1/organizations/acme/nothing-here', {
      headers: { 'x-request-id': 'req-123' },
    });
    expect(res.headers.get('x-request-id')).toBe('req-123');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: expect.any(String), request_id: 'req-123' },
    });
  });
});
