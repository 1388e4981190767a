/**
 * The daily jobs of accounts and billing, fired as Cloud Scheduler and the local cron fire them (a trigger
 * published on the job's topic): trial-expiry (00:10 UTC) and quota-cleanup (01:00 UTC).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { expireTrials } from '../../shared/billing/trial-expiry.js';
import { jobTopic } from '../../shared/events/factory.js';
import { type Org, useBarePlatform } from '../../shared/testing/platform.js';
import { jobEntries } from '../registry.js';
import { apiKey, expectReadsButNoRuns } from './helpers.js';

let p: TestPlatform;
useBarePlatform((q) => (p = q), { LOG_LEVEL: 'error' });

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[]) =>
  (await p.ctx.db()).query<T>(text, params);

/** Publishes the job's trigger for `at` and waits until it has run. */
async function fire(job: 'trial-expiry' | 'quota-cleanup', at: Date) {
  await p.bus.publish(jobTopic(job), { job, scheduled_at: at.toISOString() });
  await p.bus.drain();
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function orgWith(status: string, trialEndsAt: Date, stripeSubscriptionId: string | null = null) {
  const org = await p.onboard({ plan: 'STARTER' });
  await sql(
    'UPDATE org_subscriptions SET status = $2, trial_ends_at = $3, stripe_subscription_id = $4 WHERE org_slug = $1',
    [org.org_slug, status, trialEndsAt, stripeSubscriptionId],
  );
  return org;
}

const state = async (org: Org) =>
  (
    await sql<{ status: string; plan: string }>(
      'SELECT status, plan FROM org_subscriptions WHERE org_slug = $1',
      [org.org_slug],
    )
  ).rows[0]!;

const expiryAudit = async (org: Org) =>
  (
    await sql(
      `SELECT actor, source, old_plan, new_plan, old_status, new_status FROM plan_change_audit
       WHERE org_slug = $1 AND source = 'trial_expiry'`,
      [org.org_slug],
    )
  ).rows;

describe('trial-expiry', () => {
  it('runs at 00:10 UTC', () => {
    expect(jobEntries.find((j) => j.name === 'trial-expiry')?.schedule).toBe('10 0 * * *');
  });

  it('suspends a trial past its end without a Stripe subscription, once, and leaves every other org', async () => {
    const now = new Date();
    const ended = await orgWith('TRIAL', new Date(now.getTime() - DAY));
    const notYet = await orgWith('TRIAL', new Date(now.getTime() + DAY));
    const active = await orgWith('ACTIVE', new Date(now.getTime() - DAY));
    const stripeTrial = await orgWith('TRIAL', new Date(now.getTime() - DAY), `sub_${randomUUID()}`);
    await fire('trial-expiry', now);
    expect(await state(ended)).toEqual({ status: 'SUSPENDED', plan: 'STARTER' });
    expect(await expiryAudit(ended)).toEqual([
      {
        actor: 'job:trial-expiry',
        source: 'trial_expiry',
        old_plan: 'STARTER',
        new_plan: 'STARTER',
        old_status: 'TRIAL',
        new_status: 'SUSPENDED',
      },
    ]);
    expect((await state(notYet)).status).toBe('TRIAL');
    expect((await state(active)).status).toBe('ACTIVE');
    expect((await state(stripeTrial)).status).toBe('TRIAL');
    for (const org of [notYet, active, stripeTrial]) expect(await expiryAudit(org)).toEqual([]);

    await fire('trial-expiry', new Date(now.getTime() + HOUR));
    expect((await state(ended)).status).toBe('SUSPENDED');
    expect(await expiryAudit(ended)).toHaveLength(1);
    expect((await state(notYet)).status).toBe('TRIAL');
  });

  it('ends a trial at trial_ends_at itself, not a moment before', async () => {
    const end = new Date(Date.now() - HOUR);
    const org = await orgWith('TRIAL', end);
    const early = await expireTrials(p.ctx, new Date(end.getTime() - 1));
    expect(early.suspended).not.toContain(org.org_slug);
    expect((await state(org)).status).toBe('TRIAL');
    const due = await expireTrials(p.ctx, end);
    expect(due.suspended).toContain(org.org_slug);
    expect((await state(org)).status).toBe('SUSPENDED');
  });

  it('an ended trial runs nothing even before the job suspends it; a live or Stripe-run trial runs', async () => {
    const trigger = (org: Org) =>
      p.request(`/api/v1/pipelines/run/${org.org_slug}/sample/demo/costs`, {
        method: 'POST',
        headers: apiKey(org.api_key),
        json: { date: '2026-10-01' },
      });
    const ended = await orgWith('TRIAL', new Date(Date.now() - HOUR));
    const refused = await trigger(ended);
    expect(refused.status).toBe(402);
    expect(await refused.json()).toMatchObject({ error: { code: 'SUBSCRIPTION_INACTIVE' } });
    expect((await state(ended)).status).toBe('TRIAL');
    expect((await trigger(await orgWith('TRIAL', new Date(Date.now() + HOUR)))).status).toBe(202);
    const stripeRun = await orgWith('TRIAL', new Date(Date.now() - HOUR), `sub_${randomUUID()}`);
    expect((await trigger(stripeRun)).status).toBe(202);
    await p.bus.drain();
  });

  it('leaves the suspended org its cost reads (200) but no pipeline run (402 SUBSCRIPTION_INACTIVE)', async () => {
    const org = await orgWith('TRIAL', new Date(Date.now() - DAY));
    await fire('trial-expiry', new Date());
    expect((await state(org)).status).toBe('SUSPENDED');
    await expectReadsButNoRuns(p, org);
  });
});

describe('quota-cleanup', () => {
  it('runs at 01:00 UTC', () => {
    expect(jobEntries.find((j) => j.name === 'quota-cleanup')?.schedule).toBe('0 1 * * *');
  });

  it('deletes quota rows older than 90 days (day and month), expired idempotency keys and old rate-limit windows', async () => {
    const at = new Date('2026-06-15T01:00:00Z'); // 90 days before is 2026-03-17
    const org = await p.onboard();
    const quotaRows: [string, string][] = [
      ['day', '2026-03-16'],
      ['day', '2026-03-17'],
      ['day', '2026-06-15'],
      ['month', '2026-02-01'],
      ['month', '2026-03-01'],
      ['month', '2026-04-01'],
      ['month', '2026-06-01'],
    ];
    for (const [period, start] of quotaRows)
      await sql('INSERT INTO org_quota_usage (org_slug, period, period_start, runs) VALUES ($1, $2, $3, 1)', [
        org.org_slug,
        period,
        start,
      ]);
    const user = `user-${randomUUID()}`;
    for (const [key, ago] of [
      ['old', 25 * HOUR],
      ['just-expired', 24 * HOUR + 1000],
      ['fresh', 23 * HOUR],
    ] as const)
      await sql(
        `INSERT INTO org_create_requests (user_id, idempotency_key, request_hash, created_at)
         VALUES ($1, $2, 'h', $3)`,
        [user, key, new Date(at.getTime() - ago)],
      );
    const bucket = `test:${randomUUID()}`;
    for (const minutes of [120, 61, 59, 1])
      await sql('INSERT INTO rate_limit_windows (bucket, window_start, hits) VALUES ($1, $2, 1)', [
        bucket,
        new Date(at.getTime() - minutes * 60_000),
      ]);

    await fire('quota-cleanup', at);

    const kept = await sql<{ period: string; start: string }>(
      `SELECT period, to_char(period_start, 'YYYY-MM-DD') AS start FROM org_quota_usage WHERE org_slug = $1
       ORDER BY period, period_start`,
      [org.org_slug],
    );
    expect(kept.rows.map((r) => [r.period, r.start])).toEqual([
      ['day', '2026-03-17'],
      ['day', '2026-06-15'],
      ['month', '2026-04-01'],
      ['month', '2026-06-01'],
    ]);
    const keys = await sql<{ idempotency_key: string }>(
      'SELECT idempotency_key FROM org_create_requests WHERE user_id = $1',
      [user],
    );
    expect(keys.rows.map((r) => r.idempotency_key)).toEqual(['fresh']);
    const windows = await sql<{ minutes: number }>(
      `SELECT round(extract(epoch FROM $2::timestamptz - window_start) / 60)::int AS minutes
       FROM rate_limit_windows WHERE bucket = $1 ORDER BY 1`,
      [bucket, at],
    );
    expect(windows.rows.map((r) => r.minutes)).toEqual([1, 59]);
  });
});
