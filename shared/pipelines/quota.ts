import type { z } from 'zod';
import type { Queryable } from '../ports/database/port.js';
import type { Plan } from '../contracts/common.js';
import type { QuotaResponseSchema } from '../contracts/quota.js';
import { AppError, notFound } from '../errors/index.js';

export interface QuotaLimits {
  daily_limit: number;
  monthly_limit: number;
  concurrent_limit: number;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const utcMonth = (d: Date) => `${d.toISOString().slice(0, 7)}-01`;
/** When the daily counter starts again: the next 00:00 UTC. */
const nextUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
/** When the monthly counter starts again: 00:00 UTC on the next 1st. */
const nextUtcMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));

interface RunCounts {
  concurrent: number;
  day_runs: number;
  month_runs: number;
}

/**
 * The counters a run takes from, as SELECT columns over $1 = org, $2 = UTC day, $3 = 1st of the UTC month: the
 * trigger decides with them and the quota endpoint shows them, so what is shown is what is enforced.
 */
const RUN_COUNTS = `(SELECT count(*)::int FROM pipeline_runs WHERE org_slug = $1 AND status IN ('PENDING', 'RUNNING')) AS concurrent,
       COALESCE((SELECT runs FROM org_quota_usage WHERE org_slug = $1 AND period = 'day' AND period_start = $2), 0) AS day_runs,
       COALESCE((SELECT runs FROM org_quota_usage WHERE org_slug = $1 AND period = 'month' AND period_start = $3), 0) AS month_runs`;

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
  const { rows } = await tx.query<RunCounts>(`SELECT ${RUN_COUNTS}`, [orgSlug, utcDay(now), utcMonth(now)]);
  const u = rows[0]!;
  if (u.concurrent >= limits.concurrent_limit)
    throw quotaExceeded('concurrent runs', limits.concurrent_limit, 30);
  const secondsUntil = (t: Date) => (t.getTime() - now.getTime()) / 1000;
  if (u.day_runs >= limits.daily_limit)
    throw quotaExceeded('daily runs', limits.daily_limit, secondsUntil(nextUtcDay(now)));
  if (u.month_runs >= limits.monthly_limit) {
    throw quotaExceeded('monthly runs', limits.monthly_limit, secondsUntil(nextUtcMonth(now)));
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

/**
 * What the org has used of its plan at `now`: runs accepted today and this month (the counters takeRunQuota
 * keeps, so they equal the runs accepted), runs in flight, members and integration providers.
 */
export async function quotaUsage(
  db: Queryable,
  orgSlug: string,
  now: Date,
): Promise<z.input<typeof QuotaResponseSchema>> {
  const { rows } = await db.query<
    QuotaLimits &
      RunCounts & {
        plan: Plan;
        seat_limit: number;
        provider_limit: number;
        seats: number;
        providers: number;
      }
  >(
    `SELECT s.plan, s.daily_limit, s.monthly_limit, s.concurrent_limit, s.seat_limit, s.provider_limit,
       ${RUN_COUNTS},
       (SELECT count(*)::int FROM org_members WHERE org_slug = $1) AS seats,
       (SELECT count(DISTINCT provider)::int FROM org_integration_credentials WHERE org_slug = $1) AS providers
     FROM org_subscriptions s WHERE s.org_slug = $1`,
    [orgSlug, utcDay(now), utcMonth(now)],
  );
  const r = rows[0];
  if (!r) throw notFound(`Organization ${orgSlug} not found.`);
  return {
    plan: r.plan,
    daily: { used: r.day_runs, limit: r.daily_limit, resets_at: nextUtcDay(now).toISOString() },
    monthly: { used: r.month_runs, limit: r.monthly_limit, resets_at: nextUtcMonth(now).toISOString() },
    concurrent: { running: r.concurrent, limit: r.concurrent_limit },
    seats: { used: r.seats, limit: r.seat_limit },
    providers: { used: r.providers, limit: r.provider_limit },
  };
}

/** Deletes quota counters whose period started more than `days` days before `now`; returns how many. */
export async function deleteOldQuotaRows(db: Queryable, now: Date, days = 90): Promise<number> {
  const cutoff = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days));
  const r = await db.query('DELETE FROM org_quota_usage WHERE period_start < $1', [utcDay(cutoff)]);
  return r.rowCount ?? 0;
}
