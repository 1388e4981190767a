import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TEST_ROOT_KEY, type TestPlatform } from '../../scripts/local/test-platform.js';
import { apiKey, bearer, ownerToken, signUp } from '../__tests__/helpers.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

const put = (org: string, email: string, role: string, headers: Record<string, string>) =>
  p.request(`/api/v1/organizations/${org}/members/${encodeURIComponent(email)}`, {
    method: 'PUT',
    headers,
    json: { role },
  });

describe('members and roles', () => {
  it('an added viewer can read but not write; removing them takes access away', async () => {
    const org = await p.onboard();
    const token = await signUp(p, 'ana@viewer.test');
    const url = `/api/v1/organizations/${org.org_slug}`;
    expect((await p.request(url, { headers: bearer(token) })).status).toBe(403);
    expect((await put(org.org_slug, 'Ana@Viewer.test', 'viewer', apiKey(org.api_key))).status).toBe(200);
    expect((await p.request(url, { headers: bearer(token) })).status).toBe(200);
    expect(
      (await p.request(url, { method: 'PUT', headers: bearer(token), json: { org_name: 'x' } })).status,
    ).toBe(403);
    const list = (await (await p.request(`${url}/members`, { headers: bearer(token) })).json()) as {
      items: { email: string; role: string }[];
    };
    expect(list.items.map((m) => [m.email, m.role])).toEqual(
      expect.arrayContaining([
        ['ana@viewer.test', 'viewer'],
        [expect.stringMatching(/^owner@/), 'owner'],
      ]),
    );
    const del = await p.request(`${url}/members/ana%40viewer.test`, {
      method: 'DELETE',
      headers: apiKey(org.api_key),
    });
    expect(del.status).toBe(204);
    expect((await p.request(url, { headers: bearer(token) })).status).toBe(403);
  });

  it('only an owner (or the operator) grants owner, and the last owner stays', async () => {
    const org = await p.onboard();
    expect((await put(org.org_slug, 'boss@x.test', 'owner', apiKey(org.api_key))).status).toBe(403);
    const owner = await ownerToken(p, org.org_slug);
    expect((await put(org.org_slug, 'boss@x.test', 'owner', bearer(owner))).status).toBe(200);
    expect((await put(org.org_slug, 'boss@x.test', 'viewer', bearer(owner))).status).toBe(200);
    const members = `/api/v1/organizations/${org.org_slug}/members`;
    const ownerEmail = (
      (await (await p.request(members, { headers: apiKey(org.api_key) })).json()) as {
        items: { email: string; role: string }[];
      }
    ).items.find((m) => m.role === 'owner')!.email;
    const last = await p.request(`${members}/${encodeURIComponent(ownerEmail)}`, {
      method: 'DELETE',
      headers: { 'x-ca-root-key': TEST_ROOT_KEY },
    });
    expect(last.status).toBe(409);
    expect((await put(org.org_slug, ownerEmail, 'admin', { 'x-ca-root-key': TEST_ROOT_KEY })).status).toBe(
      409,
    );
  });

  it('keeps to the plan seats', async () => {
    const org = await p.onboard({ plan: 'STARTER' }); // 2 seats: the owner and one more
    expect((await put(org.org_slug, 'second@x.test', 'member', apiKey(org.api_key))).status).toBe(200);
    const third = await put(org.org_slug, 'third@x.test', 'member', apiKey(org.api_key));
    expect(third.status).toBe(402);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('PLAN_LIMIT_REACHED');
    expect((await put(org.org_slug, 'second@x.test', 'viewer', apiKey(org.api_key))).status).toBe(200);
  });
});
