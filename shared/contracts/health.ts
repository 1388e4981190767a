import { z } from 'zod';
import { route } from './route.js';
import { EmptyQuerySchema } from './common.js';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  environment: z.string(),
  checks: z.record(z.string(), z.enum(['ok', 'error'])),
});

export const healthRoutes = {
  get: route({
    id: 'health.get',
    method: 'GET',
    path: '/health',
    summary: 'Liveness and dependency checks (control-plane database and warehouse).',
    auth: 'public',
    query: EmptyQuerySchema,
    response: HealthSchema,
  }),
};
