import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ownerEmail,
  startTestPlatform,
  TEST_ROOT_KEY,
  type TestPlatform,
} from '../../scripts/local/test-platform.js';
import { identityKeyFile } from '../../shared/context.js';
import { loadSigningKey } from '../../shared/identity/signing-key.js';
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

  it('an email match counts only for a verified email, and then binds the membership to that user', async () => {
    const org = await p.onboard();
    const email = ownerEmail(org.org_slug);
    const url = `/api/v1/organizations/${org.org_slug}`;
    // Someone signs up with the owner's address and never sees the confirmation mail.
    const up = await p.request('/auth/v1/signup', { method: 'POST', json: { email, password: 'pw-123456' } });
    expect(up.status).toBe(200);
    const signIn = await p.request('/auth/v1/token?grant_type=password', {
      method: 'POST',
      json: { email, password: 'pw-123456' },
    });
    expect(signIn.status).toBe(200); // an unverified user may still sign in
    const unverified = ((await signIn.json()) as { access_token: string }).access_token;
    expect((await p.request(url, { headers: bearer(unverified) })).status).toBe(403);
    const unbound = await (
      await p.ctx.db()
    ).query<{ user_id: string | null }>(
      'SELECT user_id FROM org_members WHERE org_slug = $1 AND email = $2',
      [org.org_slug, email],
    );
    expect(unbound.rows[0]!.user_id).toBeNull();

    // The address's owner follows the link from the local mailbox.
    const mails = readFileSync(join(p.dataDir, 'identity', 'mailbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { to: string; type: string; token_hash: string });
    const mail = mails.filter((m) => m.to === email && m.type === 'signup').at(-1)!;
    const verify = await p.request('/auth/v1/verify', {
      method: 'POST',
      json: { type: 'signup', token_hash: mail.token_hash },
    });
    expect(verify.status).toBe(200);
    const session = (await verify.json()) as { access_token: string; user: { id: string } };
    expect((await p.request(url, { headers: bearer(session.access_token) })).status).toBe(200);
    // confirming ends the sessions opened before the proof (whoever signed up first loses them)
    expect((await p.request(url, { headers: bearer(unverified) })).status).toBe(401);
    const bound = await (
      await p.ctx.db()
    ).query<{ user_id: string | null }>(
      'SELECT user_id FROM org_members WHERE org_slug = $1 AND email = $2',
      [org.org_slug, email],
    );
    expect(bound.rows[0]!.user_id).toBe(session.user.id);

    // Another subject with the same (verified) address no longer gets the membership.
    const key = await loadSigningKey(identityKeyFile(p.config));
    const other = await new SignJWT({
      email,
      email_verified: true,
      user_metadata: { email_verified: true },
      session_id: randomUUID(),
    })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setSubject(randomUUID())
      .setAudience(p.config.JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key.privateKey);
    expect((await p.request(url, { headers: bearer(other) })).status).toBe(403);
  });
});
