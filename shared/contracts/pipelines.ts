import { z } from 'zod';
import { route } from './route.js';
import { DateRangeSchema } from './day.js';
import {
  DateSchema,
  listOf,
  orgMember,
  OrgParamsSchema,
  OrgSlugSchema,
  orgViewer,
  TimestampSchema,
} from './common.js';

/** The Pub/Sub message that asks a step function to run one step of one run. */
export const StepMessageSchema = z.object({
  run_id: z.uuid(),
  org_slug: OrgSlugSchema,
  step_id: z.string().max(50),
});
export type StepMessage = z.infer<typeof StepMessageSchema>;

export const RunStatusSchema = z.enum(['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED']);
export const StepStatusSchema = z.enum(['PENDING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED']);

const Segment = z.string().regex(/^[a-z0-9_]{2,40}$/, 'must match ^[a-z0-9_]{2,40}$');
export const RunParamsSchema = z.strictObject({
  org: OrgSlugSchema,
  provider: Segment,
  domain: Segment,
  pipeline: Segment,
});

/** The longest range one run covers (days, both ends included): longer backfills are split into runs. */
export const MAX_RUN_DAYS = 92;

export const RunBodySchema = z.union([
  z.strictObject({ date: DateSchema, credential_id: z.uuid().optional() }),
  DateRangeSchema(MAX_RUN_DAYS, { credential_id: z.uuid().optional() }),
]);

export const RunAcceptedSchema = z.object({
  run_id: z.uuid(),
  pipeline_id: z.string(),
  status: z.literal('PENDING'),
});

export const StepSummarySchema = z.object({
  step_id: z.string(),
  type: z.string(),
  status: StepStatusSchema,
  depends_on: z.array(z.string()),
  attempts: z.number().int(),
  rows_written: z.number().int().nullable(),
  error: z.string().nullable(),
  started_at: TimestampSchema.nullable(),
  finished_at: TimestampSchema.nullable(),
});

export const RunSummarySchema = z.object({
  run_id: z.uuid(),
  pipeline_id: z.string(),
  status: RunStatusSchema,
  trigger: z.enum(['manual', 'schedule', 'retry']),
  start_date: DateSchema,
  end_date: DateSchema,
  credential_id: z.string().nullable(),
  created_at: TimestampSchema,
  started_at: TimestampSchema.nullable(),
  finished_at: TimestampSchema.nullable(),
  error: z.string().nullable(),
});

export const TransitionSchema = z.object({
  step_id: z.string().nullable(),
  from_status: z.string().nullable(),
  to_status: z.string(),
  reason: z.string().nullable(),
  at: TimestampSchema,
});

export const RunDetailSchema = RunSummarySchema.extend({
  steps: z.array(StepSummarySchema),
  transitions: z.array(TransitionSchema),
});

export const RunListQuerySchema = z.strictObject({
  pipeline_id: z.string().max(130).optional(),
  status: RunStatusSchema.optional(),
  start_date: DateSchema.optional(),
  end_date: DateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

const RunIdParams = z.strictObject({ org: OrgSlugSchema, run_id: z.uuid() });

export const pipelineRoutes = {
  run: route({
    id: 'pipelines.run',
    method: 'POST',
    path: '/api/v1/pipelines/run/{org}/{provider}/{domain}/{pipeline}',
    summary:
      'Start a run for a date or date range (both ends included). Checks subscription, integration and quota atomically.',
    ...orgMember,
    params: RunParamsSchema,
    body: RunBodySchema,
    response: RunAcceptedSchema,
    status: 202,
    example: { body: { date: '2026-10-01' } },
  }),
};

export const pipelineLogRoutes = {
  list: route({
    id: 'pipelineLogs.list',
    method: 'GET',
    path: '/api/v1/pipelines/{org}/runs',
    summary: 'Run history, newest first; filter by pipeline, status and creation date.',
    ...orgViewer,
    params: OrgParamsSchema,
    query: RunListQuerySchema,
    response: listOf(RunSummarySchema),
  }),
  get: route({
    id: 'pipelineLogs.get',
    method: 'GET',
    path: '/api/v1/pipelines/{org}/runs/{run_id}',
    summary: 'One run with its steps and state transitions.',
    ...orgViewer,
    params: RunIdParams,
    response: RunDetailSchema,
  }),
  retry: route({
    id: 'pipelineLogs.retry',
    method: 'POST',
    path: '/api/v1/pipelines/{org}/runs/{run_id}/retry',
    summary: 'Re-run what failed (failed and skipped steps) of a failed run; finished steps are kept.',
    ...orgMember,
    params: RunIdParams,
    response: RunAcceptedSchema,
    status: 202,
  }),
  logs: route({
    id: 'pipelineLogs.download',
    method: 'GET',
    path: '/api/v1/pipelines/{org}/runs/{run_id}/logs',
    summary: "The run's step logs and transitions as JSON lines (application/x-ndjson).",
    ...orgViewer,
    params: RunIdParams,
    response: z.string(),
  }),
};
