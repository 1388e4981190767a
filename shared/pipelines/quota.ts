import type { Queryable } from '../ports/database/port.js';
import { AppError } from '../errors/index.js';

export interface QuotaLimits {
  daily_limit: number;
  monthly_limit: number;
  concurrent_limit: number;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const utcMonth = (d: Date) => `${d.toISOString().slice(0, 7)}-01`;

function quotaExceeded(what: string, limit: number, retryAfterSeconds: number) {
  return new AppError('quota', `${what} limit of ${limit} reached.`, {
    details: { limit: what, value: limit },
    retryAfterSeconds,
  });
}

/**
 * Checks and takes one run from the org's daily, monthly and concurrent quotas. Must run inside the
 * transaction that holds the org's subscription row lock (SELECT ... FOR UPDATE), so N concurrent triggers
 * are decided one after another and can never exceed a limit.
 */
export async function takeRunQuota(
  tx: Queryable,
  orgSlug: string,
  limits: QuotaLimits,
  now: Date,
): Promise<void> {
  const { rows } = await tx.query<{ concurrent: number; day_runs: number; month_runs: number }>(
    `SELECT
       (SELECT count(*)::int FROM pipeline_runs WHERE org_slug = $1 AND status IN ('PENDING', 'RUNNING')) AS concurrent,
       COALESCE((SELECT runs FROM org_quota_usage WHERE org_slug = $1 AND period = 'day' AND period_start = $2), 0) AS day_runs,
       COALESCE((SELECT runs FROM org_quota_usage WHERE org_slug = $1 AND period = 'month' AND period_start = $3), 0) AS month_runs`,
    [orgSlug, utcDay(now), utcMonth(now)],
  );
  const u = rows[0]!;
  if (u.concurrent >= limits.concurrent_limit)
    throw quotaExceeded('concurrent runs', limits.concurrent_limit, 30);
  const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  if (u.day_runs >= limits.daily_limit)
    throw quotaExceeded('daily runs', limits.daily_limit, (tomorrow - now.getTime()) / 1000);
  const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  if (u.month_runs >= limits.monthly_limit) {
    throw quotaExceeded('monthly runs', limits.monthly_limit, (nextMonth - now.getTime()) / 1000);
  }
  for (const [period, start] of [
    ['day', utcDay(now)],
    ['month', utcMonth(now)],
  ] as const) {
    await tx.query(
      `INSERT INTO org_quota_usage (org_slug, period, period_start, runs) VALUES ($1, $2, $3, 1)
       ON CONFLICT (org_slug, period, period_start) DO UPDATE SET runs = org_quota_usage.runs + 1`,
      [orgSlug, period, start],
    );
  }
}
