import { z } from 'zod';
import { route } from './route.js';
import { EmptyQuerySchema, OrgSlugSchema, PlanSchema, SubscriptionStatusSchema } from './common.js';
import { RoleSchema } from './roles.js';

export const MembershipSchema = z.object({
  org_slug: OrgSlugSchema,
  org_name: z.string(),
  role: RoleSchema,
  plan: PlanSchema,
  status: SubscriptionStatusSchema,
});

export const MeResponseSchema = z.object({
  user: z.object({ id: z.string(), email: z.string().nullable() }),
  memberships: z.array(MembershipSchema),
});

export const meRoutes = {
  get: route({
    id: 'me.get',
    method: 'GET',
    path: '/api/v1/me',
    summary: 'The signed-in user and every organization they belong to, with role, plan and status.',
    auth: ['user'],
    query: EmptyQuerySchema,
    response: MeResponseSchema,
  }),
};
