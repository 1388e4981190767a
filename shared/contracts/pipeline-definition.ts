import { z } from 'zod';

export const STEP_ID = /^[a-z][a-z0-9_-]{0,49}$/;
export const STEP_TYPE = /^[a-z][a-z0-9-]{0,62}$/;
export const PIPELINE_ID = /^[a-z0-9_]{2,40}\/[a-z0-9_]{2,40}\/[a-z0-9_]{2,40}$/;

export const StepDefSchema = z.strictObject({
  id: z.string().regex(STEP_ID, 'must match ^[a-z][a-z0-9_-]{0,49}$'),
  /** Which step function runs it (a registry event function). */
  type: z.string().regex(STEP_TYPE, 'must be a step function name'),
  description: z.string().max(500).optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  depends_on: z.array(z.string()).default([]),
  /** Retries after the first attempt for transient failures. */
  retries: z.number().int().min(0).max(10).default(3),
  /** Seconds one attempt may take (at most 540: a Cloud Function behind a Pub/Sub push is cut at 540 s). */
  timeout: z.number().int().min(1).max(540).default(300),
});
export type StepDef = z.infer<typeof StepDefSchema>;

/** A pipeline YAML file: `pipelines/{provider}/{domain}/{pipeline}.yml`. */
export const PipelineDefSchema = z.strictObject({
  id: z.string().regex(PIPELINE_ID, 'must be provider/domain/pipeline (lowercase, digits, underscores)'),
  description: z.string().min(1).max(1000),
  /** The integration (provider id) a run needs; null for pipelines that use none. */
  requires_integration: z.string().nullable().default(null),
  schedule: z
    .strictObject({
      daily: z.boolean().default(false),
      /** UTC cron of the daily run (default: the scheduled-pipelines job's time). */
      cron: z.string().optional(),
      /** Days re-processed by a scheduled run, ending yesterday (billing data is restated). */
      window_days: z.number().int().min(1).max(90).default(1),
    })
    .default({ daily: false, window_days: 1 }),
  steps: z.array(StepDefSchema).min(1).max(50),
});
export type PipelineDef = z.infer<typeof PipelineDefSchema>;

export interface DefinitionProblem {
  path: string;
  message: string;
}
