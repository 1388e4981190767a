import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { JobTriggerSchema, PubSubCloudEventSchema, type JobTrigger } from '../contracts/events.js';
import type { Logger } from '../logging/logger.js';
import { isPermanent, type AppError } from '../errors/index.js';

export interface EventInput<T> {
  payload: T;
  attributes: Record<string, string>;
  messageId: string;
  /** When the message was published (ISO 8601). */
  publishTime: string;
  deliveryAttempt: number;
  ctx: AppContext;
  log: Logger;
}

export type EventOutcome = 'done' | 'malformed' | 'too_old' | 'permanent_failure';

export interface EventFunction {
  name: string;
  kind: 'event' | 'job';
  /** Handles one CloudEvent. Resolves to acknowledge; rejects to have the bus redeliver. */
  handle(event: unknown, ctx: AppContext): Promise<EventOutcome>;
}

export interface EventFunctionOptions<S extends z.ZodType> {
  payload: S;
  handler: (input: EventInput<z.output<S>>) => Promise<void>;
  /** Called for a permanent failure before the message is acknowledged (e.g. to fail the run). */
  onPermanentFailure?: (input: EventInput<z.output<S>>, error: AppError) => Promise<void>;
  /** Called when a valid message is dropped for being older than EVENT_MAX_AGE_SECONDS (to record it). */
  onTooOld?: (input: EventInput<z.output<S>>, ageSeconds: number) => Promise<void>;
}

/**
 * Builds a Pub/Sub-triggered function. Malformed envelopes or payloads and events older than
 * EVENT_MAX_AGE_SECONDS are logged and acknowledged (retrying cannot fix them); an AppError that is not retryable is recorded
 * and acknowledged; anything else is thrown so Pub/Sub (or the in-process bus) redelivers with backoff.
 */
export function createEventFunction<S extends z.ZodType>(
  name: string,
  options: EventFunctionOptions<S>,
  kind: 'event' | 'job' = 'event',
): EventFunction {
  return {
    name,
    kind,
    async handle(event, ctx) {
      const log = ctx.log.child({ function: name });
      const envelope = PubSubCloudEventSchema.safeParse(event);
      if (!envelope.success) {
        log.error('malformed CloudEvent acknowledged', { issues: envelope.error.issues.slice(0, 5) });
        return 'malformed';
      }
      const message = envelope.data.data.message;
      const mlog = log.child({
        message_id: message.messageId,
        delivery_attempt: message.deliveryAttempt ?? 1,
      });
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(message.data ?? '', 'base64').toString('utf8'));
      } catch {
        mlog.error('message data is not JSON; acknowledged');
        return 'malformed';
      }
      const payload = options.payload.safeParse(decoded);
      if (!payload.success) {
        mlog.error('message payload invalid; acknowledged', { issues: payload.error.issues.slice(0, 5) });
        return 'malformed';
      }
      const input: EventInput<z.output<S>> = {
        payload: payload.data,
        attributes: message.attributes ?? {},
        messageId: message.messageId,
        publishTime: message.publishTime,
        deliveryAttempt: message.deliveryAttempt ?? 1,
        ctx,
        log: mlog,
      };
      const ageSeconds = (Date.now() - Date.parse(message.publishTime)) / 1000;
      if (ageSeconds > ctx.config.EVENT_MAX_AGE_SECONDS) {
        mlog.warn('event older than the maximum age dropped', { age_seconds: Math.round(ageSeconds) });
        await options.onTooOld?.(input, ageSeconds);
        return 'too_old';
      }
      try {
        await options.handler(input);
        return 'done';
      } catch (err) {
        if (isPermanent(err)) {
          mlog.error('permanent failure acknowledged', { error: err.message });
          await options.onPermanentFailure?.(input, err);
          return 'permanent_failure';
        }
        mlog.warn('transient failure; redelivery requested', {
          error: err instanceof Error ? err.message : String(err),
        });
        throw err;
      }
    },
  };
}

export const jobTopic = (jobName: string) => `job-${jobName}`;

/** What a job handler receives: the trigger with its fire time always set. */
export type JobInput = EventInput<JobTrigger & { scheduled_at: string }>;

/**
 * A scheduled job: Cloud Scheduler publishes `{job}` (the local cron `{job, scheduled_at}`) on `job-<name>`;
 * without `scheduled_at` the fire time is the message's publishTime.
 */
export function createJobFunction(name: string, handler: (input: JobInput) => Promise<void>): EventFunction {
  return createEventFunction(
    name,
    {
      payload: JobTriggerSchema,
      handler: (input) =>
        handler({
          ...input,
          payload: { ...input.payload, scheduled_at: input.payload.scheduled_at ?? input.publishTime },
        }),
    },
    'job',
  );
}
