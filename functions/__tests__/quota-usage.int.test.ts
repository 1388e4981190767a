/**
 * GET /organizations/{org}/quota: the numbers equal what the plan checks count (runs accepted today and this month,
 * runs in flight, members, providers with credentials), and the provider limit refuses a provider too many.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import type { z } from 'zod';
import type { QuotaResponseSchema } from '../../shared/contracts/quota.js';
import { startFakeProviders, type FakeProviders } from '../../shared/testing/fake-providers.js';
import type { Org } from '../../shared/testing/platform.js';
import { recordingBus } from '../../shared/testing/pipelines.js';
import { apiKey, bearer, fakeProviderEnv, signUp } from './helpers.js';

type Quota = z.infer<typeof QuotaResponseSchema>;

let fake: FakeProviders;
let p: TestPlatform;
beforeAll(async () => {
  fake = await startFakeProviders();
  // Runs must stay in flight, so the use cases publish to a bus that only records.
  p = await startTestPlatform({ ...fakeProviderEnv(fake), LOG_LEVEL: 'error' }, { bus: recordingBus().bus });
});
afterAll(async () => {
  await p?.close();
  await fake?.close();
});

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[]) =>
  (await p.ctx.db()).query<T>(text, params);

const limit = (org: Org, column: string, value: number) =>
  sql(`UPDATE org_subscriptions SET ${column} = $2 WHERE org_slug = $1`, [org.org_slug, value]);

async function quota(org: Org, headers: Record<string, string> = apiKey(org.api_key)) {
  const res = await p.request(`/api/v1/organizations/${org.org_slug}/quota`, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Quota;
}

/** `n` pipeline triggers at once; how many were accepted (202) and refused for quota (429). */
async function burst(org: Org, n: number) {
  const responses = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      p.request(`/api/v1/pipelines/run/${org.org_slug}/sample/demo/costs`, {
        method: 'POST',
        headers: apiKey(org.api_key),
        json: { date: `2026-10-${String((i % 28) + 1).padStart(2, '0')}` },
      }),
    ),
  );
  const statuses = responses.map((r) => r.status);
  expect(statuses.every((s) => s === 202 || s === 429)).toBe(true);
  return {
    accepted: statuses.filter((s) => s === 202).length,
    refused: statuses.filter((s) => s === 429).length,
  };
}

const inFlight = async (org: Org) =>
  (
    await sql<{ n: number }>(
      "SELECT count(*)::int AS n FROM pipeline_runs WHERE org_slug = $1 AND status IN ('PENDING', 'RUNNING')",
      [org.org_slug],
    )
  ).rows[0]!.n;

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

describe('GET /organizations/{org}/quota', () => {
  it('counts exactly the runs accepted by concurrent triggers, today and this month, and those in flight', async () => {
    const org = await p.onboard();
    await limit(org, 'daily_limit', 7);
    const before = await quota(org);
    expect(before).toMatchObject({
      daily: { used: 0, limit: 7 },
      monthly: { used: 0 },
      concurrent: { running: 0 },
    });
    const { accepted, refused } = await burst(org, 25);
    expect(accepted).toBe(7);
    expect(refused).toBe(18);
    const after = await quota(org);
    expect(after.daily).toMatchObject({ used: accepted, limit: 7 });
    expect(after.monthly.used).toBe(accepted);
    expect(after.concurrent.running).toBe(await inFlight(org));
    expect(after.concurrent.running).toBe(accepted);
    // A run that ends frees its slot but not its place in today's and this month's counts.
    await sql(
      `UPDATE pipeline_runs SET status = 'COMPLETED' WHERE run_id IN
         (SELECT run_id FROM pipeline_runs WHERE org_slug = $1 ORDER BY run_id LIMIT 3)`,
      [org.org_slug],
    );
    const later = await quota(org);
    expect(later.concurrent.running).toBe(accepted - 3);
    expect([later.daily.used, later.monthly.used]).toEqual([accepted, accepted]);
  });

  it('counts the monthly limit the same way when it is the one that refuses', async () => {
    const org = await p.onboard();
    await limit(org, 'monthly_limit', 5);
    const { accepted } = await burst(org, 15);
    expect(accepted).toBe(5);
    const q = await quota(org);
    expect(q.monthly).toMatchObject({ used: 5, limit: 5 });
    expect(q.daily.used).toBe(5);
  });

  it("does not count yesterday's or last month's runs (the counters roll over at 00:00 UTC and on the 1st)", async () => {
    const org = await p.onboard();
    const now = new Date();
    const yesterday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1));
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const insert = (period: string, start: string, runs: number) =>
      sql('INSERT INTO org_quota_usage (org_slug, period, period_start, runs) VALUES ($1, $2, $3, $4)', [
        org.org_slug,
        period,
        start,
        runs,
      ]);
    await insert('day', utcDay(yesterday), 40);
    await insert('month', utcDay(lastMonth), 900);
    await insert('day', utcDay(lastMonth), 30);
    const q = await quota(org);
    expect([q.daily.used, q.monthly.used]).toEqual([0, 0]);
    const { accepted } = await burst(org, 2);
    const after = await quota(org);
    expect([after.daily.used, after.monthly.used]).toEqual([accepted, accepted]);
    expect(after.daily.resets_at).toBe(
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString(),
    );
    expect(after.monthly.resets_at).toBe(
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
    );
  });

  it('counts seats as members and providers as distinct providers with a credential, against the plan', async () => {
    const org = await p.onboard({ plan: 'PROFESSIONAL' });
    const base = await quota(org);
    expect(base).toMatchObject({
      plan: 'PROFESSIONAL',
      seats: { used: 1, limit: 6 },
      providers: { used: 0, limit: 6 },
    });
    for (const email of ['a@seats.test', 'b@seats.test']) {
      const res = await p.request(
        `/api/v1/organizations/${org.org_slug}/members/${encodeURIComponent(email)}`,
        {
          method: 'PUT',
          headers: apiKey(org.api_key),
          json: { role: 'member' },
        },
      );
      expect(res.status).toBe(200);
    }
    fake.setValid('openai', ['sk-admin-quota-seat-1111', 'sk-admin-quota-seat-2222']);
    fake.setValid('deepseek', ['sk-deepseek-quota-0001']);
    for (const [provider, key] of [
      ['openai', 'sk-admin-quota-seat-1111'],
      ['openai', 'sk-admin-quota-seat-2222'],
      ['deepseek', 'sk-deepseek-quota-0001'],
    ] as const)
      expect((await setup(org, provider, key, key.slice(-4))).status).toBe(201);
    const q = await quota(org);
    expect(q.seats).toEqual({ used: 3, limit: 6 });
    expect(q.providers).toEqual({ used: 2, limit: 6 });
  });

  it("is readable by a viewer and not by another org's key", async () => {
    const org = await p.onboard();
    const other = await p.onboard();
    const email = `viewer@${org.org_slug.replace(/_/g, '-')}.test`;
    const token = await signUp(p, email);
    await sql("INSERT INTO org_members (org_slug, email, role) VALUES ($1, $2, 'viewer')", [
      org.org_slug,
      email,
    ]);
    expect((await quota(org, bearer(token))).seats.used).toBe(2);
    const res = await p.request(`/api/v1/organizations/${org.org_slug}/quota`, {
      headers: apiKey(other.api_key),
    });
    expect(res.status).toBe(403);
  });
});

async function setup(org: Org, provider: string, credential: string, name: string) {
  const res = await p.request(`/api/v1/integrations/${org.org_slug}/${provider}/setup`, {
    method: 'POST',
    headers: apiKey(org.api_key),
    json: { credential, name },
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

describe('the provider limit', () => {
  it('refuses a new provider once the distinct providers reach it (402 PROVIDER_LIMIT), storing nothing', async () => {
    const org = await p.onboard();
    await limit(org, 'provider_limit', 2);
    fake.setValid('openai', ['sk-admin-limit-0001', 'sk-admin-limit-0002']);
    fake.setValid('deepseek', ['sk-deepseek-limit-0001']);
    fake.setValid('anthropic', ['sk-ant-admin-limit-0001']);
    expect((await setup(org, 'openai', 'sk-admin-limit-0001', 'A')).status).toBe(201);
    expect((await setup(org, 'deepseek', 'sk-deepseek-limit-0001', 'B')).status).toBe(201);
    const calls = fake.requests.length;
    const refused = await setup(org, 'anthropic', 'sk-ant-admin-limit-0001', 'C');
    expect(refused.status).toBe(402);
    expect(refused.body.error?.code).toBe('PROVIDER_LIMIT');
    expect(refused.body.error?.message).toMatch(/allows 2 providers/);
    // Refused before the provider is asked, and nothing stored.
    expect(fake.requests.length).toBe(calls);
    const { rows } = await sql<{ provider: string }>(
      'SELECT provider FROM org_integration_credentials WHERE org_slug = $1 ORDER BY provider',
      [org.org_slug],
    );
    expect(rows.map((r) => r.provider)).toEqual(['deepseek', 'openai']);
    // A second credential of a provider it already has is no new provider.
    expect((await setup(org, 'openai', 'sk-admin-limit-0002', 'D')).status).toBe(201);
    expect((await quota(org)).providers).toEqual({ used: 2, limit: 2 });
  });

  it('holds when two new providers are set up at once with one place left', async () => {
    const org = await p.onboard();
    await limit(org, 'provider_limit', 1);
    fake.setValid('deepseek', ['sk-deepseek-race-0001']);
    fake.setValid('gemini', ['AIzaSy-gemini-race-0001']);
    const results = await Promise.all([
      setup(org, 'deepseek', 'sk-deepseek-race-0001', 'A'),
      setup(org, 'gemini', 'AIzaSy-gemini-race-0001', 'B'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 402]);
    expect((await quota(org)).providers).toEqual({ used: 1, limit: 1 });
  });
});
