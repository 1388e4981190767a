import type { Server } from 'node:http';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listen } from '../../scripts/local/gateway.js';
import { TEST_ROOT_KEY, type TestPlatform } from '../../scripts/local/test-platform.js';
import { createContext } from '../../shared/context.js';
import { z } from 'zod';
import { route } from '../../shared/contracts/route.js';
import { createHttpFunction, handle, type HttpFunction } from '../../shared/http/factory.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import { apiKey, bearer, signUp } from './helpers.js';

// Small limits so a few requests reach them. The test platform turns rate limiting off unless told otherwise.
const PER_CALLER = 3;
const ANONYMOUS = 5;
let p: TestPlatform;
useBarePlatform((q) => (p = q), {
  LOG_LEVEL: 'error',
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_PER_MINUTE: String(PER_CALLER),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(ANONYMOUS),
});

// Each test starts 15 s into a minute of its own (the clock runs on from there): every bucket starts at zero, and
// no window ends while a test runs.
const MINUTE = 60_000;
let windowStart = Math.floor(Date.now() / MINUTE) * MINUTE;
beforeEach(() => {
  windowStart += 10 * MINUTE;
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(windowStart + 15_000);
});
afterEach(() => void vi.useRealTimers());

const LB = '130.211.0.1';
/** The header Google's load balancer sends for a client at `ip`. */
const from = (ip: string) => ({ 'x-forwarded-for': `${ip}, ${LB}` });
const quota = (org: string, headers: Record<string, string>) =>
  p.request(`/api/v1/organizations/${org}/quota`, { headers });
const plans = (headers: Record<string, string> = {}) => p.request('/api/v1/billing/plans', { headers });
const statuses = async (calls: (() => Promise<Response>)[]) => {
  const out: number[] = [];
  for (const call of calls) out.push((await call()).status);
  return out;
};
const times = (n: number, call: () => Promise<Response>) => Array.from({ length: n }, () => call);

async function expectRateLimited(res: Response) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  // 15 s of the window have gone: the retry time is the window's end, not a fixed minute.
  expect(retryAfter).toBeLessThanOrEqual(45);
  const { error } = (await res.json()) as { error: { code: string; details: Record<string, number> } };
  expect(error.code).toBe('RATE_LIMITED');
  expect(error.details).toEqual({ limit_per_minute: expect.any(Number), retry_after_seconds: retryAfter });
}

describe('rate limits per API key and per user', () => {
  it('answers the key’s (limit+1)th request 429 RATE_LIMITED with Retry-After; other keys and users go on', async () => {
    const [a, b] = [await p.onboard(), await p.onboard()];
    expect(await statuses(times(PER_CALLER, () => quota(a.org_slug, apiKey(a.api_key))))).toEqual([
      200, 200, 200,
    ]);
    await expectRateLimited(await quota(a.org_slug, apiKey(a.api_key)));
    expect((await quota(b.org_slug, apiKey(b.api_key))).status).toBe(200);

    const [alice, bob] = [
      await signUp(p, `alice-${a.org_slug}@x.test`),
      await signUp(p, `bob-${a.org_slug}@x.test`),
    ];
    const me = (token: string) => () => p.request('/api/v1/me', { headers: bearer(token) });
    expect(await statuses(times(PER_CALLER, me(alice)))).toEqual([200, 200, 200]);
    await expectRateLimited(await me(alice)());
    expect((await me(bob)()).status).toBe(200);
    expect((await quota(b.org_slug, apiKey(b.api_key))).status).toBe(200);
  });

  it('lets exactly the limit through a concurrent burst (one atomic count)', async () => {
    const org = await p.onboard();
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => quota(org.org_slug, apiKey(org.api_key))),
    );
    expect(burst.filter((r) => r.status === 200)).toHaveLength(PER_CALLER);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(10 - PER_CALLER);
  });

  it('starts a new window fresh and keeps only the current window of a bucket', async () => {
    const org = await p.onboard();
    await statuses(times(PER_CALLER, () => quota(org.org_slug, apiKey(org.api_key))));
    await expectRateLimited(await quota(org.org_slug, apiKey(org.api_key)));
    vi.setSystemTime(windowStart + MINUTE + 1_000);
    expect((await quota(org.org_slug, apiKey(org.api_key))).status).toBe(200);
    const { rows } = await (
      await p.ctx.db()
    ).query<{ window_start: Date; hits: number }>(
      "SELECT window_start, hits FROM rate_limit_windows WHERE bucket LIKE 'key:%' AND window_start >= $1",
      [new Date(windowStart).toISOString()],
    );
    expect(rows.map((r) => [new Date(r.window_start).getTime(), r.hits])).toEqual([
      [windowStart + MINUTE, 1],
    ]);
  });

  it('never limits the root key', async () => {
    const org = await p.onboard();
    const root = { 'x-ca-root-key': TEST_ROOT_KEY };
    expect(await statuses(times(3 * PER_CALLER, () => quota(org.org_slug, root)))).toEqual(
      Array(3 * PER_CALLER).fill(200),
    );
  });
});

describe('rate limits per client IP', () => {
  it('counts anonymous requests per client IP, each IP on its own', async () => {
    expect(await statuses(times(ANONYMOUS, () => plans(from('198.51.100.1'))))).toEqual(
      Array(ANONYMOUS).fill(200),
    );
    await expectRateLimited(await plans(from('198.51.100.1')));
    expect((await plans(from('198.51.100.2'))).status).toBe(200);
  });

  it('counts wrong API keys against the IP guessing them, then refuses it even a public route', async () => {
    const org = await p.onboard();
    const guess = (i: number) => () =>
      quota(org.org_slug, { ...apiKey(`ca_wrong_${i}`), ...from('198.51.100.3') });
    expect(await statuses(Array.from({ length: ANONYMOUS }, (_, i) => guess(i)))).toEqual(
      Array(ANONYMOUS).fill(401),
    );
    await expectRateLimited(await guess(99)());
    await expectRateLimited(await plans(from('198.51.100.3')));
    expect((await quota(org.org_slug, apiKey(org.api_key))).status).toBe(200);
  });

  it('counts the local identity endpoint per IP too, in Supabase Auth’s error shape', async () => {
    const signIn = () =>
      p.request('/auth/v1/token?grant_type=password', {
        method: 'POST',
        headers: from('198.51.100.4'),
        json: { email: 'nobody@x.test', password: 'wrong password' },
      });
    expect(await statuses(times(ANONYMOUS, signIn))).toEqual(Array(ANONYMOUS).fill(400));
    const limited = await signIn();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: 429, error_code: 'over_request_rate_limit' });
  });

  it('exempts the health check (uptime probes)', async () => {
    expect(await statuses(times(ANONYMOUS + 2, () => p.request('/health')))).not.toContain(429);
  });

  describe('through the local gateway', () => {
    let server: Server;
    let url: string;
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('takes the client IP from the socket: a client-written X-Forwarded-For does not escape the limit', async () => {
      server = await listen(p.fetch, 0);
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const spoofed = (i: number) => () =>
        fetch(`${url}/api/v1/billing/plans`, {
          headers: { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.${i}` },
        });
      const codes = await statuses(Array.from({ length: ANONYMOUS + 1 }, (_, i) => spoofed(i)));
      expect(codes).toEqual([...Array(ANONYMOUS).fill(200), 429]);
      const { rows } = await (
        await p.ctx.db()
      ).query<{ hits: number }>(
        "SELECT hits FROM rate_limit_windows WHERE bucket = 'ip:127.0.0.1' AND window_start = $1",
        [new Date(windowStart).toISOString()],
      );
      expect(rows).toEqual([{ hits: ANONYMOUS + 1 }]);
    });
  });
});

describe('across instances and when disabled', () => {
  const probe = route({
    id: 'test.probe',
    method: 'GET',
    path: '/probe',
    summary: 'answers an API key',
    auth: ['apiKey'],
    response: z.object({}),
  });
  type Ctx = ReturnType<typeof createContext>;
  /** Another function instance: its own HttpFunction and context over the platform's database. */
  const instance = async (enabled = true): Promise<[HttpFunction, Ctx]> => [
    createHttpFunction('probe', [handle(probe, async () => ({}))]),
    createContext(
      { ...p.config, RATE_LIMIT_ENABLED: enabled },
      { db: await p.ctx.db(), secrets: await p.ctx.secrets() },
    ),
  ];
  const call = (fn: HttpFunction, ctx: Ctx, org: { api_key: string }) => () =>
    fn.fetch(new Request('http://localhost/probe', { headers: apiKey(org.api_key) }), ctx);

  it('shares one count between two instances on one database', async () => {
    const org = await p.onboard();
    const [fn, ctx] = await instance();
    const here = () => quota(org.org_slug, apiKey(org.api_key));
    expect(await statuses([here, call(fn, ctx, org), here])).toEqual([200, 200, 200]);
    await expectRateLimited(await call(fn, ctx, org)());
    await expectRateLimited(await here());
  });

  it('never limits with RATE_LIMIT_ENABLED=false', async () => {
    const org = await p.onboard();
    const [fn, ctx] = await instance(false);
    expect(await statuses(times(3 * PER_CALLER, call(fn, ctx, org)))).toEqual(
      Array(3 * PER_CALLER).fill(200),
    );
  });
});
