import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { PipelineDef } from '../contracts/pipeline-definition.js';
import type { Queryable } from '../ports/database/port.js';
import { takeRunQuota, type QuotaLimits } from './quota.js';
import { stepTopic, transition } from './records.js';
import { AppError, invalidInput, notFound, conflict } from '../errors/index.js';

export interface TriggerInput {
  orgSlug: string;
  pipeline: PipelineDef;
  startDate: string;
  endDate: string;
  trigger: 'manual' | 'schedule';
  credentialId?: string;
  now?: Date;
}

export interface QueuedStep {
  step_id: string;
  type: string;
}

const ALLOWED = new Set(['ACTIVE', 'TRIAL']);

/** Locks the org's subscription row and checks it may run pipelines; returns its limits. */
export async function lockRunnableOrg(tx: Queryable, orgSlug: string): Promise<QuotaLimits> {
  const { rows } = await tx.query<QuotaLimits & { status: string; trial_over: boolean }>(
    `SELECT status, daily_limit, monthly_limit, concurrent_limit,
       (status = 'TRIAL' AND stripe_subscription_id IS NULL AND trial_ends_at <= now()) AS trial_over
     FROM org_subscriptions WHERE org_slug = $1 FOR UPDATE`,
    [orgSlug],
  );
  const sub = rows[0];
  if (!sub) throw notFound(`Organization ${orgSlug} not found.`);
  if (!ALLOWED.has(sub.status)) {
    throw new AppError('plan_limit', `Subscription is ${sub.status}; pipelines need ACTIVE or TRIAL.`, {
      code: 'SUBSCRIPTION_INACTIVE',
    });
  }
  // The trial-expiry job suspends it at 00:10 UTC; until then an ended trial runs nothing either.
  if (sub.trial_over) {
    throw new AppError('plan_limit', 'The trial has ended; choose a plan to run pipelines again.', {
      code: 'SUBSCRIPTION_INACTIVE',
    });
  }
  return sub;
}

async function resolveCredential(tx: Queryable, orgSlug: string, provider: string | null, wanted?: string) {
  if (!provider) {
    if (wanted) throw invalidInput('This pipeline uses no integration; credential_id is not accepted.');
    return null;
  }
  const { rows } = await tx.query<{ credential_id: string }>(
    `SELECT credential_id FROM org_integration_credentials
     WHERE org_slug = $1 AND provider = $2 AND status = 'VALID' AND ($3::uuid IS NULL OR credential_id = $3::uuid)
     ORDER BY created_at`,
    [orgSlug, provider, wanted ?? null],
  );
  if (rows.length === 0) {
    throw new AppError(
      'conflict',
      `No valid ${provider} integration${wanted ? ` with id ${wanted}` : ''}; set one up first.`,
      { code: 'INTEGRATION_REQUIRED' },
    );
  }
  if (rows.length > 1) {
    throw invalidInput(`Several ${provider} credentials exist; name one with credential_id.`, {
      credential_ids: rows.map((r) => r.credential_id),
    });
  }
  return rows[0]!.credential_id;
}

/** Queues the steps whose dependencies are all done; returns them for publishing after commit. */
export async function queueReadySteps(tx: Queryable, runId: string): Promise<QueuedStep[]> {
  const { rows } = await tx.query<QueuedStep>(
    `UPDATE pipeline_steps s SET status = 'QUEUED', queued_at = now()
     WHERE s.run_id = $1 AND s.status = 'PENDING'
       AND NOT EXISTS (SELECT 1 FROM pipeline_steps d WHERE d.run_id = s.run_id AND d.step_id = ANY (s.depends_on)
                       AND d.status <> 'SUCCEEDED')
     RETURNING s.step_id, s.type`,
    [runId],
  );
  for (const s of rows) await transition(tx, runId, s.step_id, 'PENDING', 'QUEUED');
  return rows.sort((a, b) => a.step_id.localeCompare(b.step_id));
}

/** Publishes one message per queued step (after the transaction that queued them committed). */
export async function publishSteps(
  ctx: AppContext,
  orgSlug: string,
  runId: string,
  steps: readonly QueuedStep[],
) {
  const bus = await ctx.bus();
  for (const s of steps)
    await bus.publish(stepTopic(s.type), { run_id: runId, org_slug: orgSlug, step_id: s.step_id });
}

/**
 * Starts a run: subscription status, required integration and quota are checked and taken in one
 * transaction under the org's row lock; the run and its steps are recorded; ready steps are published.
 */
export async function triggerRun(ctx: AppContext, input: TriggerInput) {
  const db = await ctx.db();
  const runId = randomUUID();
  const { pipeline } = input;
  const queued = await db.transaction(async (tx) => {
    const limits = await lockRunnableOrg(tx, input.orgSlug);
    const credentialId = await resolveCredential(
      tx,
      input.orgSlug,
      pipeline.requires_integration,
      input.credentialId,
    );
    await takeRunQuota(tx, input.orgSlug, limits, input.now ?? new Date());
    await tx.query(
      `INSERT INTO pipeline_runs (run_id, org_slug, pipeline_id, status, trigger, start_date, end_date, credential_id)
       VALUES ($1, $2, $3, 'PENDING', $4, $5, $6, $7)`,
      [runId, input.orgSlug, pipeline.id, input.trigger, input.startDate, input.endDate, credentialId],
    );
    await transition(tx, runId, null, null, 'PENDING', input.trigger);
    for (const s of pipeline.steps) {
      await tx.query(
        `INSERT INTO pipeline_steps (run_id, step_id, type, status, depends_on, config, max_attempts, timeout_seconds)
         VALUES ($1, $2, $3, 'PENDING', $4, $5, $6, $7)`,
        [runId, s.id, s.type, s.depends_on, JSON.stringify(s.config), s.retries + 1, s.timeout],
      );
    }
    return queueReadySteps(tx, runId);
  });
  await publishSteps(ctx, input.orgSlug, runId, queued);
  return { run_id: runId, pipeline_id: pipeline.id, status: 'PENDING' as const };
}

/** Re-runs what failed of a failed run: failed and skipped steps go back to PENDING; quota is taken again. */
export async function retryRun(ctx: AppContext, orgSlug: string, runId: string, now = new Date()) {
  const db = await ctx.db();
  const { pipelineId, queued } = await db.transaction(async (tx) => {
    const limits = await lockRunnableOrg(tx, orgSlug);
    const { rows } = await tx.query<{ status: string; pipeline_id: string }>(
      'SELECT status, pipeline_id FROM pipeline_runs WHERE run_id = $1 AND org_slug = $2 FOR UPDATE',
      [runId, orgSlug],
    );
    if (!rows[0]) throw notFound(`Run ${runId} not found.`);
    if (rows[0].status !== 'FAILED')
      throw conflict(`Only failed runs can be retried; this one is ${rows[0].status}.`);
    await takeRunQuota(tx, orgSlug, limits, now);
    await tx.query(
      "UPDATE pipeline_runs SET status = 'PENDING', error = NULL, finished_at = NULL WHERE run_id = $1",
      [runId],
    );
    await transition(tx, runId, null, 'FAILED', 'PENDING', 'retry');
    const reset = await tx.query<{ step_id: string; status: string }>(
      `UPDATE pipeline_steps SET status = 'PENDING', attempts = 0, error = NULL, started_at = NULL, heartbeat_at = NULL,
         finished_at = NULL, rows_written = NULL, final_error = NULL, released_at = NULL
       WHERE run_id = $1 AND status IN ('FAILED', 'SKIPPED', 'QUEUED', 'RUNNING') RETURNING step_id`,
      [runId],
    );
    for (const s of reset.rows) await transition(tx, runId, s.step_id, null, 'PENDING', 'retry');
    return { pipelineId: rows[0].pipeline_id, queued: await queueReadySteps(tx, runId) };
  });
  await publishSteps(ctx, orgSlug, runId, queued);
  return { run_id: runId, pipeline_id: pipelineId, status: 'PENDING' as const };
}
