import { z } from 'zod';
import type { RunStatus } from './model.js';

/**
 * The run statuses (the contract's RunStatusSchema, checked equal by model.test.ts), listed here so the router,
 * in the entry chunk, does not pull in the pipelines contract module.
 */
export const RUN_STATUSES = [
  'PENDING',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
] as const satisfies readonly RunStatus[];

/** The run history's filters in the URL (a bad value is dropped, never an error). */
const PipelinesSearchSchema = z.object({
  pipeline_id: z
    .string()
    .regex(/^[a-z0-9_]{2,40}\/[a-z0-9_]{2,40}\/[a-z0-9_]{2,40}$/)
    .optional()
    .catch(undefined),
  status: z.enum(RUN_STATUSES).optional().catch(undefined),
});

export type PipelinesSearch = z.output<typeof PipelinesSearchSchema>;

export const parsePipelinesSearch = (raw: unknown): PipelinesSearch => PipelinesSearchSchema.parse(raw ?? {});
