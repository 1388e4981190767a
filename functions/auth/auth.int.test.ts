import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { ownerEmail, startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { identityKeyFile } from '../../shared/context.js';
import { loadSigningKey } from '../../shared/identity/signing-key.js';
import { readLocalMailbox } from '../../shared/identity/mailbox.js';
import { bearer, ownerToken, signUp } from '../__tests__/helpers.js';

let p: TestPlatform;

/** supabase-js, unchanged, talking to the local identity endpoint in-process through its fetch option. */
const supabase = () =>
  createClient('http://localhost', 'local-anon-key', {
    global: { fetch: (input, init) => p.fetch(new Request(input, init)) },
    auth: { persistSession: false, autoRefreshToken: false },
    // Node 20 has no global WebSocket; browsers and Node 22 do. Realtime is not used here.
    realtime: { transport: WebSocket as never },
  });

beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

describe('local identity with @supabase/supabase-js', () => {
  it('signs up, signs in, gets the user, refreshes and signs out', async () => {
    const sb = supabase();
    const up = await sb.auth.signUp({
      email: 'Dev@Example.test',
      password: 'pw-123456',
      options: { data: { name: 'Dev' } },
    });
    expect(up.error).toBeNull();
    expect(up.data.user?.email).toBe('dev@example.test');
    expect(up.data.user?.email_confirmed_at).toBeNull();
    expect(up.data.session).toBeNull(); // as Supabase with "Confirm email" on: the session comes with the link

    const again = await sb.auth.signUp({ email: 'dev@example.test', password: 'pw-123456' });
    expect(again.error).toBeNull(); // a registered email is answered like a new one
    expect(again.data.session).toBeNull();

    const mail = readLocalMailbox(p.config)
      .filter((m) => m.to === 'dev@example.test' && m.type === 'signup')
      .at(-1)!;
    expect(mail.link).toMatch(/^\/auth\/v1\/verify\?token=\w+&type=signup$/);
    const confirmed = await sb.auth.verifyOtp({ type: 'signup', token_hash: mail.token_hash! });
    expect(confirmed.error).toBeNull();
    expect(confirmed.data.user?.email_confirmed_at).toBeTruthy();
    const reusedLink = await sb.auth.verifyOtp({ type: 'signup', token_hash: mail.token_hash! });
    expect(reusedLink.error?.code).toBe('otp_expired');

    const bad = await sb.auth.signInWithPassword({ email: 'dev@example.test', password: 'wrong' });
    expect(bad.error?.code).toBe('invalid_credentials');

    const signIn = await sb.auth.signInWithPassword({ email: 'dev@example.test', password: 'pw-123456' });
    expect(signIn.error).toBeNull();
    const session = signIn.data.session!;
    expect(session.user.user_metadata).toEqual({ name: 'Dev' });

    const user = await sb.auth.getUser(session.access_token);
    expect(user.data.user?.id).toBe(up.data.user?.id);

    const refreshed = await sb.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refreshed.error).toBeNull();
    expect(refreshed.data.session?.refresh_token).not.toBe(session.refresh_token);
    const reused = await sb.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(reused.error).not.toBeNull(); // rotated tokens are single-use

    const claims = await sb.auth.getClaims(refreshed.data.session!.access_token);
    expect(claims.error).toBeNull();
    expect(claims.data?.claims.sub).toBe(up.data.user?.id);

    await sb.auth.setSession({
      access_token: refreshed.data.session!.access_token,
      refresh_token: refreshed.data.session!.refresh_token,
    });
    const out = await sb.auth.signOut();
    expect(out.error).toBeNull();
    const afterLogout = await sb.auth.refreshSession({
      refresh_token: refreshed.data.session!.refresh_token,
    });
    expect(afterLogout.error).not.toBeNull();
  });

  it('issues tokens the API accepts for org members only', async () => {
    const org = await p.onboard();
    const sb = supabase();
    const owner = await signUp(p, `owner@${org.org_slug.replace(/_/g, '-')}.test`, 'pw-123456');
    const stranger = await signUp(p, 'stranger@else.test', 'pw-123456');
    const get = (token: string) =>
      p.request(`/api/v1/organizations/${org.org_slug}`, { headers: { authorization: `Bearer ${token}` } });
    const signedIn = await sb.auth.signInWithPassword({
      email: `owner@${org.org_slug.replace(/_/g, '-')}.test`,
      password: 'pw-123456',
    });
    expect((await get(signedIn.data.session!.access_token)).status).toBe(200);
    expect((await get(owner)).status).toBe(200);
    expect((await get(stranger)).status).toBe(403);
    expect((await get(owner.slice(0, -4) + 'AAAA')).status).toBe(401);
  });

  it('is disabled when LOCAL_IDENTITY=false', async () => {
    const off = await startTestPlatform({ LOCAL_IDENTITY: 'false' });
    try {
      const res = await off.request('/auth/v1/signup', {
        method: 'POST',
        json: { email: 'a@b.test', password: 'pw-123456' },
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error_code: 'not_found' });
    } finally {
      await off.close();
    }
  });

  it('refuses a correctly signed token without exp, or issued in the future', async () => {
    const org = await p.onboard();
    const url = `/api/v1/organizations/${org.org_slug}`;
    const owner = await ownerToken(p, org.org_slug);
    const me = await p.request('/auth/v1/user', { headers: bearer(owner) });
    const sub = ((await me.json()) as { id: string }).id;
    const key = await loadSigningKey(identityKeyFile(p.config));
    const forge = (claims: JWTPayload) =>
      new SignJWT({
        email: ownerEmail(org.org_slug),
        email_verified: true,
        session_id: randomUUID(),
        ...claims,
      })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
        .setSubject(sub)
        .setAudience(p.config.JWT_AUDIENCE)
        .sign(key.privateKey);
    const now = Math.floor(Date.now() / 1000);
    const status = async (token: string) => (await p.request(url, { headers: bearer(token) })).status;
    expect(await status(await forge({ iat: now, exp: now + 600 }))).toBe(200); // the forge itself is sound
    expect(await status(await forge({ iat: now }))).toBe(401);
    expect(await status(await forge({}))).toBe(401);
    expect(await status(await forge({ iat: now + 3600, exp: now + 7200 }))).toBe(401);
  });

  it('an access token stops working when its session signs out', async () => {
    const org = await p.onboard();
    const url = `/api/v1/organizations/${org.org_slug}`;
    const token = await ownerToken(p, org.org_slug);
    expect((await p.request(url, { headers: bearer(token) })).status).toBe(200);
    const out = await p.request('/auth/v1/logout?scope=local', { method: 'POST', headers: bearer(token) });
    expect(out.status).toBe(204);
    expect((await p.request(url, { headers: bearer(token) })).status).toBe(401);
    expect((await p.request('/auth/v1/user', { headers: bearer(token) })).status).toBe(403);
  });

  it('answers a sign-up for a registered email exactly as for a new one, and keeps the account', async () => {
    const answer = async (email: string, password: string) => {
      const res = await p.request('/auth/v1/signup', { method: 'POST', json: { email, password } });
      const body = (await res.json()) as Record<string, unknown>;
      expect(typeof body.id).toBe('string');
      // what differs between any two sign-ups: the new id and the clock
      const { id: _id, created_at: _c, updated_at: _u, ...rest } = body;
      return { status: res.status, body: { ...rest, email: '<email>' }, keys: Object.keys(body).sort() };
    };
    const first = await answer('taken@leak.test', 'pw-original');
    const again = await answer('taken@leak.test', 'pw-attacker');
    const fresh = await answer('fresh@leak.test', 'pw-attacker');
    expect(again).toEqual(fresh);
    expect(first).toEqual(fresh);
    const signIn = (password: string) =>
      p.request('/auth/v1/token?grant_type=password', {
        method: 'POST',
        json: { email: 'taken@leak.test', password },
      });
    expect((await signIn('pw-original')).status).toBe(200);
    expect((await signIn('pw-attacker')).status).toBe(400);
  });
});
