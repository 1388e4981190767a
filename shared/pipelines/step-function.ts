import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { StepMessageSchema, type StepMessage } from '../contracts/pipelines.js';
import { isStepType, STEP_CONFIGS, type StepConfig, type StepType } from '../contracts/steps.js';
import { createEventFunction, type EventFunction, type EventInput } from '../events/factory.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../ports/database/port.js';
import { redact } from '../logging/redact.js';
import {
  claimStep,
  completeStep,
  failStep,
  releaseForRetry,
  releaseClaim,
  heartbeat,
  type ClaimedStep,
} from './step-state.js';
import { publishSteps } from './trigger.js';
import { stepLog } from './records.js';
import { isPermanent, isRetryable, permanent, transient } from '../errors/index.js';

export interface StepRun<C> {
  ctx: AppContext;
  step: ClaimedStep;
  config: C;
  /** Aborted when the step's timeout elapses. */
  signal: AbortSignal;
  log: Logger;
  /** Appends a line to the run's step logs (shown in run detail and the log download). */
  record(message: string, fields?: Record<string, unknown>): Promise<void>;
}

export interface StepResult {
  rows_written: number;
}

interface StepFunctionOptions<C> {
  execute: (run: StepRun<C>) => Promise<StepResult>;
}

/**
 * A pipeline step type as a Pub/Sub-triggered function: claims the step attempt (duplicates of a finished or
 * running attempt do nothing), validates its config against the type's schema (STEP_CONFIGS,
 * shared/contracts/steps.ts), runs it under its timeout with heartbeats, then marks it done and publishes the
 * steps that became ready. Transient failures retry up to the step's limit; permanent ones and exhausted retries
 * fail the step and the run and are dead-lettered.
 */
export function createStepFunction<T extends StepType>(
  type: T,
  options: StepFunctionOptions<StepConfig<T>>,
): EventFunction;
/** A step type outside STEP_CONFIGS (the engine tests' fault-injection steps), with its own config schema. */
export function createStepFunction<S extends z.ZodType>(
  type: string,
  options: StepFunctionOptions<z.output<S>> & { config: S },
): EventFunction;
export function createStepFunction(
  type: string,
  options: StepFunctionOptions<unknown> & { config?: z.ZodType },
): EventFunction {
  if (isStepType(type) && options.config)
    throw new Error(`Step type ${type} has its config schema in STEP_CONFIGS; pass none.`);
  const schema = isStepType(type) ? STEP_CONFIGS[type] : options.config;
  if (!schema) throw new Error(`Step type ${type} has no config schema (add it to STEP_CONFIGS).`);
  const step = { schema, execute: options.execute };
  return createEventFunction(type, {
    payload: StepMessageSchema,
    handler: (input) => runStep(type, step, input),
    // A step's own final failure is recorded by runStep (recordFinal); this records the others (a payload the
    // factory refuses after parsing, an error thrown before the claim).
    onPermanentFailure: async (input, error) => {
      if (RECORDED in error) return;
      await failStep(
        await input.ctx.db(),
        input.payload,
        error.message,
        { topic: type, messageId: input.messageId },
        input.ctx,
      );
    },
    // A message too old to act on: the step is failed with the reason (a retry of the run starts it afresh).
    // A too-old copy of a message whose step another delivery is running (a live heartbeat) is only dropped.
    onTooOld: async (input, age) => {
      const max = input.ctx.config.EVENT_MAX_AGE_SECONDS;
      const reason = `Message dropped: ${Math.round(age)}s old, over EVENT_MAX_AGE_SECONDS=${max}.`;
      const db = await input.ctx.db();
      if (await isLive(db, input.payload, input.ctx.config.STEP_HEARTBEAT_SECONDS)) return;
      await failStep(db, input.payload, reason, { topic: type, messageId: input.messageId }, input.ctx);
    },
  });
}

/** Whether a delivery is running the step now: RUNNING, its claim not let go, a heartbeat within the timeout. */
async function isLive(db: Database, m: StepMessage, heartbeatSeconds: number): Promise<boolean> {
  const { rows } = await db.query<{ live: boolean }>(
    `SELECT (status = 'RUNNING' AND released_at IS NULL AND heartbeat_at > now() - make_interval(secs => $3::int)) AS live
     FROM pipeline_steps WHERE run_id = $1 AND step_id = $2`,
    [m.run_id, m.step_id, heartbeatSeconds],
  );
  return rows[0]?.live === true;
}

/** Marks an error whose failure runStep has recorded: the factory only acknowledges it. */
const RECORDED = Symbol('recorded');

async function runStep(
  type: string,
  options: StepFunctionOptions<unknown> & { schema: z.ZodType },
  input: EventInput<StepMessage>,
) {
  const { ctx, payload } = input;
  const db = await ctx.db();
  const step = await claimStep(db, payload, type, ctx.config.STEP_HEARTBEAT_SECONDS);
  if (!step) return; // duplicate delivery of a finished step, or a stray message: acknowledged
  const log = input.log.child({ run_id: step.run_id, step_id: step.step_id, attempt: step.attempts });
  const recordFinal = (error: string) => recordFailure(type, input, step, error, log);
  // A failure an earlier delivery could not record: recorded now, the step is not run again.
  if (step.final_error !== null) return recordFinal(step.final_error);
  const record = (message: string, fields?: Record<string, unknown>) =>
    stepLog(db, {
      runId: step.run_id,
      stepId: step.step_id,
      attempt: step.attempts,
      level: 'INFO',
      message,
      fields: redact(fields),
    });
  const parsed = options.schema.safeParse(step.config);
  if (!parsed.success)
    return recordFinal(`Invalid config for step type ${type}: ${parsed.error.issues[0]?.message}`);
  const beat = setInterval(
    () => void heartbeat(db, step).catch(() => undefined),
    heartbeatEveryMs(ctx.config.STEP_HEARTBEAT_SECONDS, step.timeout_seconds),
  );
  let result: StepResult;
  try {
    result = await withTimeout(step.timeout_seconds, log, (signal) =>
      options.execute({ ctx, step, config: parsed.data, signal, log, record }),
    );
  } catch (err) {
    clearInterval(beat); // the attempt is over: no heartbeat after the claim is let go
    const message = err instanceof Error ? err.message : String(err);
    if (isPermanent(err)) return recordFinal(message);
    if (step.attempts >= step.max_attempts)
      return recordFinal(`Retries exhausted after ${step.attempts} attempts: ${message}`);
    await releaseForRetry(db, step, message).catch(async (releaseErr: unknown) => {
      await letGo(db, step, log);
      throw releaseErr;
    });
    throw isRetryable(err) ? err : transient(message);
  } finally {
    clearInterval(beat);
  }
  // Done: a failure from here on (the database) is not the step's; completeStep is retried by the redelivery
  // (the step runs again: its writes are idempotent).
  const next = await completeStep(db, step, result.rows_written).catch(async (err: unknown) => {
    await letGo(db, step, log); // the redelivery takes the step over at once
    throw err;
  });
  if (!next) return;
  // Committed: the steps it queued are in the database. A failed publish is not the step's failure either: the
  // stale cleanup re-publishes a step queued for longer than its timeout.
  await publishSteps(ctx, step.org_slug, step.run_id, next.queued).catch((err: unknown) =>
    log.warn('queued steps not published; the stale cleanup re-publishes them', {
      error: err instanceof Error ? err.message : String(err),
      queued: next.queued.map((s) => s.step_id),
    }),
  );
  log.info('step succeeded', {
    rows_written: result.rows_written,
    queued: next.queued.map((s) => s.step_id),
    run_completed: next.runCompleted,
  });
}

/**
 * Records a step's final failure (the step and its run failed, the dead letter written) and throws it as
 * permanent, marked recorded, for the factory to acknowledge. Should the recording fail, the claim is let go with
 * the error kept (releaseClaim), and a transient error asks for the redelivery, which records it.
 */
async function recordFailure(
  type: string,
  input: EventInput<StepMessage>,
  step: ClaimedStep,
  error: string,
  log: Logger,
): Promise<never> {
  const db = await input.ctx.db();
  try {
    await failStep(
      db,
      input.payload,
      error,
      { topic: type, messageId: input.messageId, attempt: step.attempts },
      input.ctx,
    );
  } catch (recordErr) {
    await letGo(db, step, log, error);
    const why = recordErr instanceof Error ? recordErr.message : String(recordErr);
    throw transient(`Could not record the failure of step ${step.step_id} (${error}): ${why}`);
  }
  throw Object.assign(permanent(error), { [RECORDED]: true });
}

/** releaseClaim, whose own failure is only logged: the step's error (or the recording's) is the one thrown. */
async function letGo(db: Database, step: ClaimedStep, log: Logger, finalError?: string) {
  await releaseClaim(db, step, finalError).catch((err: unknown) =>
    log.warn('could not release the step claim', { error: err instanceof Error ? err.message : String(err) }),
  );
}

/**
 * How often a running step beats: four times within the heartbeat timeout (a stale check never catches a live
 * step between two beats), at most every 30 s, and often enough to be seen within a short step's timeout.
 */
export const heartbeatEveryMs = (heartbeatSeconds: number, timeoutSeconds: number) =>
  Math.min(30_000, timeoutSeconds * 300, heartbeatSeconds * 250);

/** How long a timed-out step may take to stop after its signal aborts, before its retry is let go anyway. */
const STOP_GRACE_MS = 30_000;

/**
 * Runs `work` under a timeout: its signal aborts when the time is up, and the step fails (transient) once the work
 * has stopped (at most STOP_GRACE_MS later), so a retry never overlaps the attempt it replaces. Whatever the
 * outcome, the timer and the abort listener are gone when this settles.
 */
export async function withTimeout<T>(
  seconds: number,
  log: Logger,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`Step timed out after ${seconds}s.`, 'TimeoutError')),
    seconds * 1000,
  );
  let onAbort = (): void => undefined;
  const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
    onAbort = () => resolve(TIMED_OUT);
    controller.signal.addEventListener('abort', onAbort, { once: true });
  });
  const running = work(controller.signal);
  try {
    const first = await Promise.race([running, timedOut]);
    if (first !== TIMED_OUT) return first;
    if (!(await settlesWithin(running, STOP_GRACE_MS)))
      log.warn('step still running after its timeout', { grace_ms: STOP_GRACE_MS });
    throw transient(`Step timed out after ${seconds}s.`);
  } finally {
    clearTimeout(timer);
    controller.signal.removeEventListener('abort', onAbort);
  }
}

const TIMED_OUT = Symbol('timed out');

/** Whether `p` settles (either way) within `ms`; the wait's timer is cleared either way. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  const settled = p.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
