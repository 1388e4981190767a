import { z } from 'zod';
import { route } from './route.js';
import { RoleSchema } from './roles.js';
import {
  EmptyQuerySchema,
  listOf,
  orgAdmin,
  OrgParamsSchema,
  OrgSlugSchema,
  orgViewer,
  TimestampSchema,
} from './common.js';

export { RoleSchema } from './roles.js';

export const MemberSchema = z.object({
  email: z.string(),
  role: RoleSchema,
  /** Set once the user has signed in (the membership is matched by email until then). */
  user_id: z.string().nullable(),
  created_at: TimestampSchema,
});

const MemberParams = z.strictObject({ org: OrgSlugSchema, email: z.email().max(254) });

export const memberRoutes = {
  list: route({
    id: 'members.list',
    method: 'GET',
    path: '/api/v1/organizations/{org}/members',
    summary: "The org's members and their roles.",
    ...orgViewer,
    params: OrgParamsSchema,
    query: EmptyQuerySchema,
    response: listOf(MemberSchema),
  }),
  upsert: route({
    id: 'members.upsert',
    method: 'PUT',
    path: '/api/v1/organizations/{org}/members/{email}',
    summary:
      'Add a member by email or change their role (admins manage members; only owners grant owner). Counts against the plan seats.',
    ...orgAdmin,
    params: MemberParams,
    body: z.strictObject({ role: RoleSchema }),
    response: MemberSchema,
    example: { body: { role: 'viewer' } },
  }),
  remove: route({
    id: 'members.remove',
    method: 'DELETE',
    path: '/api/v1/organizations/{org}/members/{email}',
    summary: 'Remove a member. The last owner cannot be removed.',
    ...orgAdmin,
    params: MemberParams,
    response: z.null(),
    status: 204,
  }),
};
