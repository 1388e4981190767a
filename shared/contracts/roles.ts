import { z } from 'zod';

/** An org member's role, highest first (the order clients list them in). */
export const RoleSchema = z.enum(['owner', 'admin', 'member', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;

/** A role's rank: a route's `minRole` admits every role of equal or higher rank. */
export const ROLE_RANK: Record<Role, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };
