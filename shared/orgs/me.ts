import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Principal } from '../auth/principal.js';
import { acceptInvitations } from '../auth/authenticate.js';
import type { MeResponseSchema } from '../contracts/me.js';
import type { Role } from '../contracts/roles.js';
import type { Plan } from '../contracts/common.js';
import type { SubscriptionStatus } from '../billing/subscription.js';

type User = Extract<Principal, { kind: 'user' }>;

/**
 * The user and every org they belong to. Invitations by email are accepted here as on any org route
 * (acceptInvitations, as memberRole does): an unbound membership for the user's verified email binds to them.
 */
export async function getMe(ctx: AppContext, user: User): Promise<z.input<typeof MeResponseSchema>> {
  const db = await ctx.db();
  await acceptInvitations(db, user);
  const { rows } = await db.query<{
    org_slug: string;
    org_name: string;
    role: Role;
    plan: Plan;
    status: SubscriptionStatus;
  }>(
    `SELECT m.org_slug, o.org_name, m.role, s.plan, s.status
     FROM org_members m JOIN organizations o USING (org_slug) JOIN org_subscriptions s USING (org_slug)
     WHERE m.user_id = $1 ORDER BY o.org_name, m.org_slug`,
    [user.userId],
  );
  return { user: { id: user.userId, email: user.email ?? null }, memberships: rows };
}
