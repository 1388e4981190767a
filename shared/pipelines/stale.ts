import type { AppContext } from '../context.js';
import { failStep } from './step-state.js';
import { publishSteps, type QueuedStep } from './trigger.js';
import { transition } from './records.js';

export interface StaleReport {
  requeued: string[];
  republished: string[];
  failed: string[];
}

/**
 * The safety net for steps that stopped reporting: a RUNNING step silent for longer than its timeout plus
 * the grace is re-queued and re-published when it has attempts left (its process died: this is the
 * redelivery), otherwise failed with its run (freeing the concurrency slot). A step QUEUED that long is
 * re-published (its message was lost).
 */
export async function cleanupStaleRuns(ctx: AppContext): Promise<StaleReport> {
  const db = await ctx.db();
  const grace = ctx.config.STALE_GRACE_SECONDS;
  const report: StaleReport = { requeued: [], republished: [], failed: [] };
  const { rows } = await db.query<{
    run_id: string;
    org_slug: string;
    step_id: string;
    type: string;
    status: string;
    attempts: number;
    max_attempts: number;
  }>(
    `SELECT s.run_id, r.org_slug, s.step_id, s.type, s.status, s.attempts, s.max_attempts
     FROM pipeline_steps s JOIN pipeline_runs r ON r.run_id = s.run_id
     WHERE r.status IN ('PENDING', 'RUNNING') AND (
       (s.status = 'RUNNING' AND s.heartbeat_at < now() - make_interval(secs => s.timeout_seconds + $1)) OR
       (s.status = 'QUEUED' AND s.queued_at < now() - make_interval(secs => s.timeout_seconds + $1)))`,
    [grace],
  );
  for (const s of rows) {
    const key = `${s.run_id}/${s.step_id}`;
    const message = { run_id: s.run_id, org_slug: s.org_slug, step_id: s.step_id };
    if (s.status === 'RUNNING' && s.attempts >= s.max_attempts) {
      await failStep(db, message, `Step stopped reporting (no heartbeat) after ${s.attempts} attempts.`, {
        topic: 'stale-cleanup',
      });
      report.failed.push(key);
      continue;
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
    if (!moved) continue;
    const step: QueuedStep = { step_id: s.step_id, type: s.type };
    await publishSteps(ctx, s.org_slug, s.run_id, [step]);
    (s.status === 'RUNNING' ? report.requeued : report.republished).push(key);
  }
  return report;
}
