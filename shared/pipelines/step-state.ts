import type { Database, Queryable } from '../ports/database/port.js';
import type { StepMessage } from '../contracts/pipelines.js';
import { queueReadySteps, type QueuedStep } from './trigger.js';
import { stepLog, transition } from './records.js';
import { bumpCostVersion } from '../costs/version.js';
import { transient } from '../errors/index.js';
import type { AppContext } from '../context.js';
import { notifyRunFailed } from '../notifications/alert-jobs.js';

export interface ClaimedStep {
  run_id: string;
  org_slug: string;
  pipeline_id: string;
  step_id: string;
  type: string;
  config: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  timeout_seconds: number;
  start_date: string;
  end_date: string;
  credential_id: string | null;
  /** A final failure a delivery could not record (releaseClaim): to be recorded, not run again. */
  final_error: string | null;
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'SKIPPED']);

/**
 * Claims one attempt of a step. Returns undefined (acknowledge, do nothing) for a finished step, a stopped run
 * or a step not queued yet; throws TransientError while another delivery's attempt is alive (it beat within
 * `heartbeatSeconds`, STEP_HEARTBEAT_SECONDS); one silent for longer died, and this delivery takes the step over.
 */
export async function claimStep(
  db: Database,
  m: StepMessage,
  type: string,
  heartbeatSeconds: number,
): Promise<ClaimedStep | undefined> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<
      ClaimedStep & { status: string; run_status: string; heartbeat_age: number | null }
    >(
      `SELECT s.run_id, r.org_slug, r.pipeline_id, s.step_id, s.type, s.config, s.attempts, s.max_attempts, s.timeout_seconds,
              s.status, r.status AS run_status, r.start_date, r.end_date, r.credential_id::text AS credential_id, s.final_error,
              EXTRACT(EPOCH FROM (now() - s.heartbeat_at))::float8 AS heartbeat_age
       FROM pipeline_steps s JOIN pipeline_runs r ON r.run_id = s.run_id
       WHERE s.run_id = $1 AND s.step_id = $2 AND r.org_slug = $3 FOR UPDATE OF s, r`,
      [m.run_id, m.step_id, m.org_slug],
    );
    const s = rows[0];
    if (!s || s.type !== type || FINISHED.has(s.status) || s.status === 'PENDING') return undefined;
    if (s.run_status === 'FAILED' || s.run_status === 'CANCELLED' || s.run_status === 'COMPLETED') {
      await tx.query(
        `UPDATE pipeline_steps SET status = 'SKIPPED', finished_at = now(), final_error = NULL, released_at = NULL
         WHERE run_id = $1 AND step_id = $2`,
        [s.run_id, s.step_id],
      );
      await transition(tx, s.run_id, s.step_id, s.status, 'SKIPPED', `run is ${s.run_status}`);
      return undefined;
    }
    if (s.status === 'RUNNING' && (s.heartbeat_age ?? Infinity) < heartbeatSeconds) {
      throw transient(`Step ${s.step_id} is running in another delivery.`);
    }
    const { status: _s, run_status: _r, heartbeat_age: _h, ...claimed } = s;
    if (s.status === 'RUNNING' && s.final_error !== null) {
      // Its failure is to be recorded, not run again: claimed (fresh heartbeat) for this delivery to record it.
      await tx.query('UPDATE pipeline_steps SET heartbeat_at = now() WHERE run_id = $1 AND step_id = $2', [
        s.run_id,
        s.step_id,
      ]);
      return claimed;
    }
    await tx.query(
      `UPDATE pipeline_steps SET status = 'RUNNING', attempts = attempts + 1, started_at = COALESCE(started_at, now()),
         heartbeat_at = now(), error = NULL, final_error = NULL, released_at = NULL WHERE run_id = $1 AND step_id = $2`,
      [s.run_id, s.step_id],
    );
    await transition(tx, s.run_id, s.step_id, s.status, 'RUNNING', `attempt ${s.attempts + 1}`);
    if (s.run_status === 'PENDING') {
      await tx.query("UPDATE pipeline_runs SET status = 'RUNNING', started_at = now() WHERE run_id = $1", [
        s.run_id,
      ]);
      await transition(tx, s.run_id, null, 'PENDING', 'RUNNING');
    }
    return { ...claimed, attempts: s.attempts + 1 };
  });
}

/** A beat of the live attempt; never of a claim let go (a beat queued before the release does not revive it). */
export async function heartbeat(db: Queryable, s: ClaimedStep) {
  await db.query(
    `UPDATE pipeline_steps SET heartbeat_at = now()
     WHERE run_id = $1 AND step_id = $2 AND status = 'RUNNING' AND attempts = $3 AND released_at IS NULL`,
    [s.run_id, s.step_id, s.attempts],
  );
}

/**
 * Marks the attempt done and queues the steps that became ready, in one transaction under the run's lock (so
 * two branches finishing together cannot both miss, or both queue, the join step). Completes the run when
 * every step succeeded. Returns undefined when this attempt no longer owns the step (e.g. failed as stale).
 */
export async function completeStep(db: Database, s: ClaimedStep, rowsWritten: number) {
  return db.transaction(async (tx) => {
    const run = await tx.query<{ status: string }>(
      'SELECT status FROM pipeline_runs WHERE run_id = $1 FOR UPDATE',
      [s.run_id],
    );
    const done = await tx.query(
      `UPDATE pipeline_steps SET status = 'SUCCEEDED', rows_written = $4, finished_at = now(), heartbeat_at = now()
       WHERE run_id = $1 AND step_id = $2 AND status = 'RUNNING' AND attempts = $3`,
      [s.run_id, s.step_id, s.attempts, rowsWritten],
    );
    if (done.rowCount === 0) return undefined;
    await transition(tx, s.run_id, s.step_id, 'RUNNING', 'SUCCEEDED', `${rowsWritten} rows`);
    // A run failed meanwhile by another branch starts nothing new.
    if (run.rows[0]?.status !== 'RUNNING') return { queued: [], runCompleted: false };
    const queued: QueuedStep[] = await queueReadySteps(tx, s.run_id);
    const { rows } = await tx.query<{ open: number }>(
      "SELECT count(*)::int AS open FROM pipeline_steps WHERE run_id = $1 AND status <> 'SUCCEEDED'",
      [s.run_id],
    );
    const runCompleted = rows[0]!.open === 0;
    if (runCompleted) {
      await tx.query(
        "UPDATE pipeline_runs SET status = 'COMPLETED', finished_at = now() WHERE run_id = $1 AND status = 'RUNNING'",
        [s.run_id],
      );
      await transition(tx, s.run_id, null, 'RUNNING', 'COMPLETED');
      await bumpCostVersion(tx, s.org_slug);
    }
    return { queued, runCompleted };
  });
}

/** After a transient failure with attempts left: back to QUEUED, error recorded, for the redelivery. */
export async function releaseForRetry(db: Database, s: ClaimedStep, error: string) {
  await db.transaction(async (tx) => {
    const r = await tx.query(
      `UPDATE pipeline_steps SET status = 'QUEUED', error = $4, queued_at = now()
       WHERE run_id = $1 AND step_id = $2 AND status = 'RUNNING' AND attempts = $3`,
      [s.run_id, s.step_id, s.attempts, error],
    );
    if (r.rowCount) {
      await transition(tx, s.run_id, s.step_id, 'RUNNING', 'QUEUED', `retry after: ${error}`);
      await stepLog(tx, {
        runId: s.run_id,
        stepId: s.step_id,
        attempt: s.attempts,
        level: 'WARNING',
        message: 'transient failure; will retry',
        fields: { error },
      });
    }
  });
}

/**
 * Ends this delivery's claim on a step it leaves RUNNING (its heartbeat set to long ago), so the next delivery
 * takes the step over at once instead of meeting the fresh heartbeat of a delivery that has ended ("running in
 * another delivery" until the dead letter fails the run with that message instead of the step's own). With
 * `finalError` (a final failure whose recording failed), the next delivery, or the stale cleanup, records that
 * failure instead of running the step again.
 */
export async function releaseClaim(db: Database, s: ClaimedStep, finalError?: string) {
  await db.query(
    `UPDATE pipeline_steps SET heartbeat_at = to_timestamp(0), released_at = now(), final_error = COALESCE($4, final_error)
     WHERE run_id = $1 AND step_id = $2 AND status = 'RUNNING' AND attempts = $3`,
    [s.run_id, s.step_id, s.attempts, finalError === undefined ? null : storableText(finalError)],
  );
}

/**
 * Error text Postgres stores whatever it holds: lone UTF-16 surrogates (which JSON logs refuse) replaced, NUL
 * dropped (text refuses it), at most 4,000 characters.
 */
export function storableText(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replaceAll('\0', '')
    .slice(0, 4000);
}

/**
 * Fails the step and its run (other unfinished steps are skipped, the concurrency slot is freed) and records the
 * dead letter, once: a step already finished (or, with `attempt`, claimed by a later attempt) is left as it is,
 * with no second dead letter and its run untouched. A failure a delivery could not record (`final_error`) is the
 * one recorded, with `error` after it when that says something else. With `ctx`, a run failed now publishes its
 * pipeline_failure alert evaluation after the commit (when the org has such an alert; a publish failure is logged,
 * never thrown: the run is failed either way).
 */
export async function failStep(
  db: Database,
  m: StepMessage,
  error: string,
  dl: { topic: string; messageId?: string; attempt?: number },
  ctx?: AppContext,
) {
  const runFailed = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: string }>(
      'SELECT status FROM pipeline_runs WHERE run_id = $1 AND org_slug = $2 FOR UPDATE',
      [m.run_id, m.org_slug],
    );
    const deadLetter = (runId: string | null, text: string) =>
      tx.query(
        'INSERT INTO dead_letters (topic, message_id, run_id, step_id, payload, error) VALUES ($1, $2, $3, $4, $5, $6)',
        [dl.topic, dl.messageId ?? null, runId, m.step_id, JSON.stringify(m), text],
      );
    if (!rows[0]) {
      await deadLetter(null, storableText(error));
      return false;
    }
    const step = await tx.query<{ final_error: string | null }>(
      'SELECT final_error FROM pipeline_steps WHERE run_id = $1 AND step_id = $2 FOR UPDATE',
      [m.run_id, m.step_id],
    );
    const left = step.rows[0]?.final_error ?? null;
    const recorded = storableText(left === null || left === error ? error : `${left} (${error})`);
    const changed = await tx.query(
      `UPDATE pipeline_steps SET status = 'FAILED', error = $3, finished_at = now(), final_error = NULL, released_at = NULL
       WHERE run_id = $1 AND step_id = $2 AND status NOT IN ('SUCCEEDED', 'FAILED')
         AND ($4::int IS NULL OR (status = 'RUNNING' AND attempts = $4))`,
      [m.run_id, m.step_id, recorded, dl.attempt ?? null],
    );
    if (!changed.rowCount) return false;
    await deadLetter(m.run_id, recorded);
    await transition(tx, m.run_id, m.step_id, null, 'FAILED', recorded);
    await stepLog(tx, {
      runId: m.run_id,
      stepId: m.step_id,
      level: 'ERROR',
      message: 'step failed',
      fields: { error: recorded },
    });
    if (rows[0].status !== 'PENDING' && rows[0].status !== 'RUNNING') return false;
    await failRun(tx, m.run_id, rows[0].status, `Step ${m.step_id} failed: ${recorded}`);
    return true;
  });
  if (runFailed && ctx) await notifyRunFailed(ctx, m.org_slug, m.run_id);
}

/** Marks a run FAILED and skips its unfinished steps (inside the caller's transaction). */
export async function failRun(tx: Queryable, runId: string, from: string, error: string) {
  await tx.query(
    "UPDATE pipeline_runs SET status = 'FAILED', error = $2, finished_at = now() WHERE run_id = $1",
    [runId, error],
  );
  await transition(tx, runId, null, from, 'FAILED', error);
  const skipped = await tx.query<{ step_id: string }>(
    `UPDATE pipeline_steps SET status = 'SKIPPED', finished_at = now()
     WHERE run_id = $1 AND status IN ('PENDING', 'QUEUED') RETURNING step_id`,
    [runId],
  );
  for (const s of skipped.rows) await transition(tx, runId, s.step_id, null, 'SKIPPED', 'run failed');
}
