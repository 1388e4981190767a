import { z } from 'zod';
import { route } from './route.js';
import { EmptyQuerySchema, listOf } from './common.js';

export const PipelineInfoSchema = z.object({
  pipeline_id: z.string(),
  description: z.string(),
  requires_integration: z.string().nullable(),
  daily: z.boolean(),
  steps: z.array(z.object({ step_id: z.string(), type: z.string(), depends_on: z.array(z.string()) })),
});

const ProblemSchema = z.object({ path: z.string(), message: z.string() });

export const ValidateBodySchema = z.strictObject({
  yaml: z.string().min(1).max(200_000),
  /** Where the file would live (`provider/domain/pipeline`); the id must match it. */
  path: z
    .string()
    .regex(/^[a-z0-9_]{2,40}\/[a-z0-9_]{2,40}\/[a-z0-9_]{2,40}$/)
    .optional(),
});

export const ValidateResponseSchema = z.object({
  valid: z.boolean(),
  pipeline_id: z.string().nullable(),
  problems: z.array(ProblemSchema),
});

const anyCaller = { auth: ['root', 'apiKey', 'user'] as const };

export const validatorRoutes = {
  list: route({
    id: 'validator.list',
    method: 'GET',
    path: '/api/v1/validator/pipelines',
    summary: 'Every pipeline definition the platform can run.',
    ...anyCaller,
    query: EmptyQuerySchema,
    response: listOf(PipelineInfoSchema),
  }),
  validate: route({
    id: 'validator.validate',
    method: 'POST',
    path: '/api/v1/validator/validate',
    summary: 'Validate a pipeline YAML against the schema and the registry (step types, dependencies, cron).',
    ...anyCaller,
    body: ValidateBodySchema,
    response: ValidateResponseSchema,
    example: {
      body: { yaml: 'id: sample/demo/costs\ndescription: x\nsteps:\n  - id: a\n    type: generate-sample\n' },
    },
  }),
};
