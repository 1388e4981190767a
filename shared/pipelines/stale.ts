import type { AppContext } from '../context.js';
import type { Database, Queryable } from '../ports/database/port.js';
import { failStep } from './step-state.js';
import { publishSteps, type QueuedStep } from './trigger.js';
import { transition } from './records.js';
import { auditRequest, type RequestMeta } from '../orgs/audit.js';
import { orgRecord } from '../orgs/org-record.js';

export interface StaleReport {
  requeued: string[];
  republished: string[];
  failed: string[];
}

export interface StaleOptions {
  /** Only this org's runs (an administrator's cleanup for one org); every org's otherwise. */
  org?: string;
  /** Fail every stale step with its run, attempts left or not: an administrator freeing the slots now. */
  fail?: boolean;
}

interface StaleStep {
  run_id: string;
  org_slug: string;
  step_id: string;
  type: string;
  status: string;
  attempts: number;
  max_attempts: number;
  final_error: string | null;
}

/**
 * How long a claim let go (step-state.ts releaseClaim) is left to the redelivery of its message before the stale
 * cleanup acts on it: Pub/Sub's maximum redelivery backoff (terraform `pipelines.maximum_backoff`, 600 s) plus
 * STALE_GRACE_SECONDS.
 */
const REDELIVERY_WAIT_SECONDS = 600;

/**
 * Steps of unfinished runs that stopped reporting: RUNNING with no heartbeat for STEP_HEARTBEAT_SECONDS (its
 * process died: a live step beats four times within it) and not let go for its redelivery lately, or QUEUED
 * longer than its timeout plus STALE_GRACE_SECONDS (its message was lost).
 */
async function staleSteps(db: Queryable, ctx: AppContext, org: string | undefined): Promise<StaleStep[]> {
  const { rows } = await db.query<StaleStep>(
    `SELECT s.run_id, r.org_slug, s.step_id, s.type, s.status, s.attempts, s.max_attempts, s.final_error
     FROM pipeline_steps s JOIN pipeline_runs r ON r.run_id = s.run_id
     WHERE r.status IN ('PENDING', 'RUNNING') AND ($3::text IS NULL OR r.org_slug = $3) AND (
       (s.status = 'RUNNING' AND s.heartbeat_at < now() - make_interval(secs => $2)
         AND (s.released_at IS NULL OR s.released_at < now() - make_interval(secs => $1::int + $4::int))) OR
       (s.status = 'QUEUED' AND s.queued_at < now() - make_interval(secs => s.timeout_seconds + $1)))
     ORDER BY s.run_id, s.step_id`,
    [ctx.config.STALE_GRACE_SECONDS, ctx.config.STEP_HEARTBEAT_SECONDS, org ?? null, REDELIVERY_WAIT_SECONDS],
  );
  return rows;
}

/**
 * The safety net for steps that stopped reporting (`staleSteps`): a RUNNING one is re-queued and re-published
 * when it has attempts left (its process died: this is the redelivery), otherwise failed with its run (freeing
 * the concurrency slot), with the failure its delivery left when it could not record it (`final_error`); a QUEUED
 * one is re-published. `options.fail` fails them all instead, `options.org` limits the cleanup to one org. A step
 * the cleanup cannot handle is logged and the others are still handled.
 */
export async function cleanupStaleRuns(ctx: AppContext, options: StaleOptions = {}): Promise<StaleReport> {
  const db = await ctx.db();
  const report: StaleReport = { requeued: [], republished: [], failed: [] };
  for (const s of await staleSteps(db, ctx, options.org)) {
    await cleanUpStep(ctx, db, s, options, report).catch((err: unknown) =>
      ctx.log.error('stale cleanup could not handle a step', {
        run_id: s.run_id,
        step_id: s.step_id,
        error: err instanceof Error ? err.message : String(err),
      }),
    );
  }
  return report;
}

async function cleanUpStep(
  ctx: AppContext,
  db: Database,
  s: StaleStep,
  options: StaleOptions,
  report: StaleReport,
) {
  const key = `${s.run_id}/${s.step_id}`;
  const message = { run_id: s.run_id, org_slug: s.org_slug, step_id: s.step_id };
  const left = s.status === 'RUNNING' ? s.final_error : null;
  if (options.fail || left !== null || (s.status === 'RUNNING' && s.attempts >= s.max_attempts)) {
    const silent = `no heartbeat for over ${ctx.config.STEP_HEARTBEAT_SECONDS}s`;
    const why =
      s.status === 'RUNNING'
        ? `Step stopped reporting (${silent}) after ${s.attempts} attempts`
        : 'Step message lost (queued longer than its timeout)';
    // failStep records a failure left unrecorded (final_error) itself, with this reason after it.
    const reason = left ?? (options.fail ? `${why}; failed by an administrator's stale cleanup.` : `${why}.`);
    await failStep(db, message, reason, { topic: 'stale-cleanup' }, ctx);
    report.failed.push(key);
    return;
  }
  const moved = await db.transaction(async (tx) => {
    const r = await tx.query(
      `UPDATE pipeline_steps SET status = 'QUEUED', queued_at = now() WHERE run_id = $1 AND step_id = $2 AND status = $3`,
      [s.run_id, s.step_id, s.status],
    );
    if (r.rowCount)
      await transition(tx, s.run_id, s.step_id, s.status, 'QUEUED', 'stale: re-published by stale-cleanup');
    return r.rowCount > 0;
  });
  if (!moved) return;
  const step: QueuedStep = { step_id: s.step_id, type: s.type };
  await publishSteps(ctx, s.org_slug, s.run_id, [step]);
  (s.status === 'RUNNING' ? report.requeued : report.republished).push(key);
}

/**
 * An administrator's cleanup for one org: fails the org's stale runs now (attempts left or not), freeing their
 * concurrency slots, and audits it; other orgs' runs wait for the scheduled cleanup. An unknown org is a 404.
 */
export async function failStaleRuns(
  ctx: AppContext,
  org: string,
  meta: RequestMeta,
): Promise<{ org_slug: string; failed: string[] }> {
  const db = await ctx.db();
  await orgRecord(db, org);
  const { failed } = await cleanupStaleRuns(ctx, { org, fail: true });
  await auditRequest(db, org, meta, 'pipelines.stale_cleanup', org, { failed });
  return { org_slug: org, failed };
}
