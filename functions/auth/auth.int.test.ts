import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';

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
    expect(up.data.session?.access_token).toBeTruthy();

    const again = await sb.auth.signUp({ email: 'dev@example.test', password: 'pw-123456' });
    expect(again.error?.code).toBe('user_already_exists');

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
    const owner = await sb.auth.signUp({
      email: `owner@${org.org_slug.replace(/_/g, '-')}.test`,
      password: 'pw-123456',
    });
    const stranger = await sb.auth.signUp({ email: 'stranger@else.test', password: 'pw-123456' });
    const get = (token: string) =>
      p.request(`/api/v1/organizations/${org.org_slug}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get(owner.data.session!.access_token)).status).toBe(200);
    expect((await get(stranger.data.session!.access_token)).status).toBe(403);
    expect((await get(owner.data.session!.access_token.slice(0, -4) + 'AAAA')).status).toBe(401);
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
});
