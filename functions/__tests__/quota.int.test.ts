import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { type Org, useBarePlatform } from '../../shared/testing/platform.js';
import { recordingBus } from '../../shared/testing/pipelines.js';

// Runs must stay active for the whole burst, so the use cases publish to a bus that only records.
const { bus: recording, published } = recordingBus();

let p: TestPlatform;
useBarePlatform((q) => (p = q), { LOG_LEVEL: 'error' }, { bus: recording });

/** A query on the platform's control-plane database. */
const sql = async <T = Record<string, unknown>>(text: string, params: unknown[]) =>
  (await p.ctx.db()).query<T>(text, params);

async function burst(org: Org, n: number) {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      p.request(`/api/v1/pipelines/run/${org.org_slug}/sample/demo/costs`, {
        method: 'POST',
        headers: { 'x-api-key': org.api_key },
        json: { date: `2026-10-${String((i % 28) + 1).padStart(2, '0')}` },
      }),
    ),
  );
}

type Limits = { daily?: number; monthly?: number; concurrent?: number };

/** A new org under `limits` (1000 for any not given) firing `n` triggers at once; the org and the responses. */
async function burstUnder({ daily = 1000, monthly = 1000, concurrent = 1000 }: Limits, n: number) {
  const org = await p.onboard();
  await sql(
    'UPDATE org_subscriptions SET daily_limit = $2, monthly_limit = $3, concurrent_limit = $4 WHERE org_slug = $1',
    [org.org_slug, daily, monthly, concurrent],
  );
  return { org, responses: await burst(org, n) };
}

describe('plan quotas under concurrency', () => {
  it('50 concurrent triggers with a concurrent limit of 20 accept exactly 20', async () => {
    const { org, responses } = await burstUnder({ concurrent: 20 }, 50);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    const refused = responses.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('QUOTA_EXCEEDED');
    const { rows } = await sql<{ n: number }>(
      "SELECT count(*)::int AS n FROM pipeline_runs WHERE org_slug = $1 AND status IN ('PENDING', 'RUNNING')",
      [org.org_slug],
    );
    expect(rows[0]!.n).toBe(20);
  });

  it('the daily limit holds the same way, and says when it resets', async () => {
    const { org, responses } = await burstUnder({ daily: 6 }, 50);
    expect(responses.filter((r) => r.status === 202)).toHaveLength(6);
    const refused = responses.find((r) => r.status === 429)!;
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    const { rows } = await sql<{ runs: number }>(
      "SELECT runs FROM org_quota_usage WHERE org_slug = $1 AND period = 'day'",
      [org.org_slug],
    );
    expect(rows[0]!.runs).toBe(6);
  });

  it('the monthly limit holds too', async () => {
    const { responses } = await burstUnder({ monthly: 4 }, 12);
    expect(responses.filter((r) => r.status === 202)).toHaveLength(4);
  });

  it('refuses runs when the subscription is not ACTIVE or TRIAL, and takes no quota', async () => {
    const org = await p.onboard();
    await sql("UPDATE org_subscriptions SET status = 'SUSPENDED' WHERE org_slug = $1", [org.org_slug]);
    const [res] = await burst(org, 1);
    expect(res!.status).toBe(402);
    expect(((await res!.json()) as { error: { code: string } }).error.code).toBe('SUBSCRIPTION_INACTIVE');
    const { rows } = await sql('SELECT 1 FROM org_quota_usage WHERE org_slug = $1', [org.org_slug]);
    expect(rows).toEqual([]);
  });

  it('publishes one message per ready step of an accepted run', async () => {
    const org = await p.onboard();
    published.length = 0;
    const [res] = await burst(org, 1);
    expect(res!.status).toBe(202);
    const { run_id } = (await res!.json()) as { run_id: string };
    expect(published.map((m) => m.topic).sort()).toEqual(['step-generate-sample', 'step-generate-sample']);
    expect(published.map((m) => m.payload)).toEqual(
      expect.arrayContaining([
        { run_id, org_slug: org.org_slug, step_id: 'cloud' },
        { run_id, org_slug: org.org_slug, step_id: 'genai' },
      ]),
    );
  });
});
