import { redirect, type ParsedLocation } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { currentSession } from './auth.js';
import { meQuery } from './queries.js';
import type { Services } from './services.js';
import { lastOrg } from './last-org.js';

export interface RouterContext {
  queryClient: QueryClient;
  services: Services;
}

/** Signed out: to /signin, which returns to `location` after signing in. */
export async function requireSession(ctx: RouterContext, location: ParsedLocation) {
  const session = await currentSession(ctx.services.auth);
  if (!session) throw redirect({ to: '/signin', search: { redirect: location.href } });
  return session;
}

/** The signed-in user and their memberships; with none, to /onboarding. */
export async function requireMembership(ctx: RouterContext, location: ParsedLocation) {
  await requireSession(ctx, location);
  // fetchQuery, not ensureQueryData: after an org is created (me invalidated) the guard must see it.
  const me = await ctx.queryClient.fetchQuery(meQuery(ctx.services.api));
  if (me.memberships.length === 0) throw redirect({ to: '/onboarding' });
  return me;
}

/** `/`: the dashboard of the org used last (or the first one the user belongs to). */
export async function homeRedirect(ctx: RouterContext, location: ParsedLocation): Promise<never> {
  const me = await requireMembership(ctx, location);
  const last = lastOrg();
  const org = me.memberships.find((m) => m.org_slug === last) ?? me.memberships[0]!;
  throw redirect({ to: '/$org/dashboard', params: { org: org.org_slug } });
}

/** Only a path of this app is a place to return to after sign-in (never another origin). */
export function safeReturnPath(target: string | undefined): string {
  return target && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}
