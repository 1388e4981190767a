import type { Queryable } from '../ports/database/port.js';

/** Records a run or step state change (the audit trail behind run detail and log downloads). */
export async function transition(
  db: Queryable,
  runId: string,
  stepId: string | null,
  from: string | null,
  to: string,
  reason?: string,
): Promise<void> {
  await db.query(
    'INSERT INTO pipeline_state_transitions (run_id, step_id, from_status, to_status, reason) VALUES ($1, $2, $3, $4, $5)',
    [runId, stepId, from, to, reason ?? null],
  );
}

/** Appends a step log line (secret-free fields only; callers pass redacted data). */
export async function stepLog(
  db: Queryable,
  e: {
    runId: string;
    stepId: string | null;
    attempt?: number;
    level: 'INFO' | 'WARNING' | 'ERROR';
    message: string;
    fields?: unknown;
  },
): Promise<void> {
  await db.query(
    'INSERT INTO pipeline_step_logs (run_id, step_id, attempt, level, message, fields) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      e.runId,
      e.stepId,
      e.attempt ?? null,
      e.level,
      e.message,
      e.fields === undefined ? null : JSON.stringify(e.fields),
    ],
  );
}

export const stepTopic = (stepType: string) => `step-${stepType}`;
/** Pub/Sub dead-letter policy of every step subscription points here. */
export const STEP_DEAD_LETTER_TOPIC = 'pipeline-steps-dead-letter';
