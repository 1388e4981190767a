import type { AppContext } from '../context.js';
import type { Principal } from '../auth/principal.js';
import { memberRole } from '../auth/authenticate.js';
import type { Queryable } from '../ports/database/port.js';
import { auditRequest, type RequestMeta } from './audit.js';
import { isoTimestamp } from '../ports/database/values.js';
import { AppError, forbidden, notFound, conflict } from '../errors/index.js';

type Role = 'owner' | 'admin' | 'member' | 'viewer';
interface Row {
  email: string;
  role: Role;
  user_id: string | null;
  created_at: Date;
}
const toMember = (r: Row) => ({ ...r, created_at: isoTimestamp(r.created_at) });
export async function listMembers(ctx: AppContext, orgSlug: string) {
  const { rows } = await (
    await ctx.db()
  ).query<Row>(
    'SELECT email, role, user_id, created_at FROM org_members WHERE org_slug = $1 ORDER BY email',
    [orgSlug],
  );
  return { items: rows.map(toMember), next_cursor: null };
}

/** Only the operator or an owner may grant or take away the owner role. */
async function assertMayTouchOwner(ctx: AppContext, orgSlug: string, principal: Principal | undefined) {
  if (principal?.kind === 'root') return;
  if (principal?.kind === 'user' && (await memberRole(ctx, orgSlug, principal)) === 'owner') return;
  throw forbidden('Only an owner can grant or remove the owner role.');
}

async function ownerCount(tx: Queryable, orgSlug: string) {
  const { rows } = await tx.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM org_members WHERE org_slug = $1 AND role = 'owner'",
    [orgSlug],
  );
  return rows[0]!.n;
}

/** Adds a member (within the plan's seats) or changes a role, keeping at least one owner. */
export async function upsertMember(
  ctx: AppContext,
  orgSlug: string,
  email: string,
  role: Role,
  meta: RequestMeta,
) {
  const db = await ctx.db();
  const address = email.toLowerCase();
  const current = await db.query<{ role: Role }>(
    'SELECT role FROM org_members WHERE org_slug = $1 AND email = $2',
    [orgSlug, address],
  );
  if (role === 'owner' || current.rows[0]?.role === 'owner')
    await assertMayTouchOwner(ctx, orgSlug, meta.principal);
  return db.transaction(async (tx) => {
    const sub = await tx.query<{ seat_limit: number }>(
      'SELECT seat_limit FROM org_subscriptions WHERE org_slug = $1 FOR UPDATE',
      [orgSlug],
    );
    if (!sub.rows[0]) throw notFound(`Organization ${orgSlug} not found.`);
    const existing = await tx.query<{ role: Role }>(
      'SELECT role FROM org_members WHERE org_slug = $1 AND email = $2',
      [orgSlug, address],
    );
    if (!existing.rows[0]) {
      const { rows } = await tx.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM org_members WHERE org_slug = $1',
        [orgSlug],
      );
      if (rows[0]!.n >= sub.rows[0].seat_limit) {
        throw new AppError('plan_limit', `Your plan has ${sub.rows[0].seat_limit} seats, all taken.`);
      }
    } else if (
      existing.rows[0].role === 'owner' &&
      role !== 'owner' &&
      (await ownerCount(tx, orgSlug)) <= 1
    ) {
      throw conflict('An organization keeps at least one owner.');
    }
    const { rows } = await tx.query<Row>(
      `INSERT INTO org_members (org_slug, email, role) VALUES ($1, $2, $3)
       ON CONFLICT (org_slug, email) DO UPDATE SET role = EXCLUDED.role RETURNING email, role, user_id, created_at`,
      [orgSlug, address, role],
    );
    await auditRequest(tx, orgSlug, meta, 'member.upsert', address, { role });
    return toMember(rows[0]!);
  });
}

export async function removeMember(ctx: AppContext, orgSlug: string, email: string, meta: RequestMeta) {
  const db = await ctx.db();
  const address = email.toLowerCase();
  const current = await db.query<{ role: Role }>(
    'SELECT role FROM org_members WHERE org_slug = $1 AND email = $2',
    [orgSlug, address],
  );
  if (!current.rows[0]) throw notFound(`${address} is not a member of ${orgSlug}.`);
  if (current.rows[0].role === 'owner') await assertMayTouchOwner(ctx, orgSlug, meta.principal);
  await db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM org_subscriptions WHERE org_slug = $1 FOR UPDATE', [orgSlug]);
    if (current.rows[0]!.role === 'owner' && (await ownerCount(tx, orgSlug)) <= 1)
      throw conflict('An organization keeps at least one owner.');
    await tx.query('DELETE FROM org_members WHERE org_slug = $1 AND email = $2', [orgSlug, address]);
    await auditRequest(tx, orgSlug, meta, 'member.remove', address);
  });
}
