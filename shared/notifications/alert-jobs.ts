import type { AppContext } from '../context.js';
import { EVALUATE_ALERTS_TOPIC, type EvaluateAlertsMessage } from '../contracts/alerts.js';
import type { Queryable } from '../ports/database/port.js';

/** Subscription statuses whose alerts are evaluated (SUSPENDED, CANCELLED and EXPIRED orgs get none). */
const LIVE = ['ACTIVE', 'TRIAL'];

/** Whether an org's alerts are evaluated now: it exists and its subscription is live. */
export async function orgEvaluable(
  db: Queryable,
  orgSlug: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { rows } = await db.query<{ status: string | null }>(
    `SELECT s.status FROM organizations o LEFT JOIN org_subscriptions s ON s.org_slug = o.org_slug
     WHERE o.org_slug = $1`,
    [orgSlug],
  );
  if (!rows[0]) return { ok: false, reason: 'organization not found (deleted)' };
  const status = rows[0].status;
  if (status === null || !LIVE.includes(status))
    return { ok: false, reason: `subscription is ${status ?? 'missing'}` };
  return { ok: true };
}

/** Orgs per page of the daily fan-out (one keyset query each; tests page smaller) and messages published at once. */
const PAGE = 500;
const PUBLISH_CHUNK = 50;

/**
 * `alerts-daily`: one evaluation message (as_of = the job's fire time, so a redelivered job message evaluates the
 * same periods) per org with a live subscription and at least one enabled alert, read in keyset pages of 500 orgs
 * so any number of orgs stays a few small queries. A re-run publishes again: evaluation fires each alert at most
 * once per period.
 */
export async function publishDailyEvaluations(
  ctx: AppContext,
  asOf: Date,
  pageSize = PAGE,
): Promise<{ published: number }> {
  const db = await ctx.db();
  const bus = await ctx.bus();
  let after = '';
  let published = 0;
  for (;;) {
    const { rows } = await db.query<{ org_slug: string }>(
      `SELECT s.org_slug FROM org_subscriptions s
       WHERE s.status = ANY($1::text[]) AND s.org_slug > $2
         AND EXISTS (SELECT 1 FROM alerts a WHERE a.org_slug = s.org_slug AND a.enabled)
       ORDER BY s.org_slug LIMIT $3`,
      [LIVE, after, pageSize],
    );
    for (let i = 0; i < rows.length; i += PUBLISH_CHUNK) {
      await Promise.all(
        rows.slice(i, i + PUBLISH_CHUNK).map((r) => {
          const message: EvaluateAlertsMessage = { org_slug: r.org_slug, as_of: asOf.toISOString() };
          return bus.publish(EVALUATE_ALERTS_TOPIC, message);
        }),
      );
    }
    published += rows.length;
    if (rows.length < pageSize) return { published };
    after = rows.at(-1)!.org_slug;
  }
}

/**
 * Run completion: a run of the org ended FAILED (a step's permanent failure, exhausted retries, a dead letter, stale
 * cleanup). When the org has an enabled pipeline_failure alert (one EXISTS), publishes its evaluation for this run.
 * Never throws: the run's bookkeeping is already committed and must not be retried for a notification; a lost
 * message is logged (the daily evaluation looks at failed runs again).
 */
export async function notifyRunFailed(ctx: AppContext, orgSlug: string, runId: string): Promise<boolean> {
  try {
    const { rows } = await (
      await ctx.db()
    ).query<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM alerts WHERE org_slug = $1 AND kind = 'pipeline_failure' AND enabled) AS found`,
      [orgSlug],
    );
    if (!rows[0]?.found) return false;
    const message: EvaluateAlertsMessage = {
      org_slug: orgSlug,
      as_of: new Date().toISOString(),
      kinds: ['pipeline_failure'],
      run_id: runId,
    };
    await (await ctx.bus()).publish(EVALUATE_ALERTS_TOPIC, message);
    return true;
  } catch (err) {
    ctx.log.error('pipeline_failure alert evaluation not published', {
      org_slug: orgSlug,
      run_id: runId,
      error: err instanceof Error ? err.message : String(err),
    });
    return false;
  }
}
