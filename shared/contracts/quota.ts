import { z } from 'zod';
import { route } from './route.js';
import { EmptyQuerySchema, OrgParamsSchema, orgViewer, PlanSchema, TimestampSchema } from './common.js';

const Period = z.object({
  used: z.number().int(),
  limit: z.number().int(),
  /** When the counter starts again from 0: the next 00:00 UTC (daily) or 00:00 UTC on the next 1st (monthly). */
  resets_at: TimestampSchema,
});
const Used = z.object({ used: z.number().int(), limit: z.number().int() });

export const QuotaResponseSchema = z.object({
  plan: PlanSchema,
  daily: Period,
  monthly: Period,
  concurrent: z.object({ running: z.number().int(), limit: z.number().int() }),
  seats: Used,
  providers: Used,
});

export const quotaRoutes = {
  get: route({
    id: 'quota.get',
    method: 'GET',
    path: '/api/v1/organizations/{org}/quota',
    summary:
      'Pipeline runs used today and this month (UTC) with reset times, runs in flight, seats and providers against the plan.',
    ...orgViewer,
    params: OrgParamsSchema,
    query: EmptyQuerySchema,
    response: QuotaResponseSchema,
  }),
};
