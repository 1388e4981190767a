import type { AppContext } from '../context.js';
import type { Queryable } from '../ports/database/port.js';
import { isOrgScoped, type RouteContract } from '../contracts/route.js';
import { ROLE_RANK, type Role } from '../contracts/roles.js';
import { secretsEqual, sha256Hex } from './keys.js';
import { API_KEY_ROLE, type Principal } from './principal.js';
import { emailVerifiedOf, type UserClaims } from './jwt.js';
import { sessionRevoked } from '../identity/sessions.js';
import { unauthenticated, forbidden } from '../errors/index.js';

/**
 * Resolves the caller from its headers. Presented credentials must be valid (a wrong one is a 401 even on
 * a route that would accept another kind); no credentials at all resolves to undefined.
 */
export async function authenticate(headers: Headers, ctx: AppContext): Promise<Principal | undefined> {
  const rootKey = headers.get('x-ca-root-key');
  if (rootKey !== null) {
    const expected = await (await ctx.secrets()).get('ca-root-api-key');
    if (!expected || !secretsEqual(rootKey, expected)) throw unauthenticated('Invalid root key.');
    return { kind: 'root' };
  }
  const apiKey = headers.get('x-api-key');
  if (apiKey !== null) {
    const db = await ctx.db();
    const { rows } = await db.query<{ key_id: string; org_slug: string }>(
      "SELECT key_id, org_slug FROM org_api_keys WHERE key_hash = $1 AND status = 'ACTIVE'",
      [sha256Hex(apiKey)],
    );
    if (rows.length !== 1) throw unauthenticated('Invalid API key.');
    return { kind: 'apiKey', orgSlug: rows[0]!.org_slug, keyId: rows[0]!.key_id };
  }
  const authz = headers.get('authorization');
  if (authz !== null) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    if (!m) throw unauthenticated('Authorization header must be "Bearer <token>".');
    let claims: UserClaims;
    try {
      claims = await (await ctx.jwt()).verify(m[1]!);
    } catch {
      throw unauthenticated('Invalid or expired token.');
    }
    // Locally issued tokens die with their session (logout); Supabase's live until they expire.
    if (ctx.config.LOCAL_IDENTITY && (await sessionRevoked(await ctx.db(), claims.session_id)))
      throw unauthenticated('Invalid or expired token.');
    return { kind: 'user', userId: claims.sub, email: claims.email, emailVerified: emailVerifiedOf(claims) };
  }
  return undefined;
}

/**
 * The role a user holds in an org, or undefined when not a member. A membership bound to a user id is that
 * user's alone; an unbound one (an invitation by email) is accepted by the first user whose token carries that
 * email verified, and binds to that user from then on. An unverified email matches nothing.
 */
export async function memberRole(ctx: AppContext, orgSlug: string, p: Extract<Principal, { kind: 'user' }>) {
  const db = await ctx.db();
  const bound = await db.query<{ role: Role }>(
    'SELECT role FROM org_members WHERE org_slug = $1 AND user_id = $2 LIMIT 1',
    [orgSlug, p.userId],
  );
  if (bound.rows[0]) return bound.rows[0].role;
  return (await acceptInvitations(db, p, orgSlug))[0]?.role;
}

/**
 * Binds the unbound memberships (invitations by email) matching the user's verified email to the user, in one org
 * or (no `orgSlug`) in every org; an unverified email accepts nothing. Returns what was accepted.
 */
export async function acceptInvitations(
  db: Queryable,
  p: Extract<Principal, { kind: 'user' }>,
  orgSlug?: string,
): Promise<{ org_slug: string; role: Role }[]> {
  if (!p.emailVerified || !p.email) return [];
  const { rows } = await db.query<{ org_slug: string; role: Role }>(
    `UPDATE org_members SET user_id = $1
     WHERE user_id IS NULL AND lower(email) = lower($2) AND ($3::text IS NULL OR org_slug = $3)
     RETURNING org_slug, role`,
    [p.userId, p.email, orgSlug ?? null],
  );
  return rows;
}

/**
 * Checks that the principal may call this route for these path params: right kind of credential, the path's
 * org is the caller's own, and the role is high enough. Runs before any read of org data.
 */
export async function authorize(
  contract: RouteContract,
  principal: Principal | undefined,
  params: Record<string, unknown>,
  ctx: AppContext,
): Promise<void> {
  if (contract.auth === 'public') return;
  if (!principal) throw unauthenticated();
  if (!contract.auth.includes(principal.kind)) {
    throw forbidden(
      `This route does not accept ${principal.kind === 'apiKey' ? 'an org API key' : principal.kind === 'user' ? 'user tokens' : 'the root key'}.`,
    );
  }
  if (principal.kind === 'root' || !isOrgScoped(contract)) return;
  const org = String(params.org);
  const need = ROLE_RANK[contract.minRole ?? 'viewer'];
  if (principal.kind === 'apiKey') {
    if (principal.orgSlug !== org) throw forbidden('This API key belongs to another organization.');
    if (ROLE_RANK[API_KEY_ROLE] < need) throw forbidden(`Requires the ${contract.minRole} role.`);
    return;
  }
  const role = await memberRole(ctx, org, principal);
  if (!role) throw forbidden('You are not a member of this organization.');
  if (ROLE_RANK[role] < need) throw forbidden(`Requires the ${contract.minRole} role; you are ${role}.`);
}
