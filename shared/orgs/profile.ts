import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type {
  UpdateLocaleBodySchema,
  UpdateProfileBodySchema,
  OrgProfileSchema,
} from '../contracts/organizations.js';
import type { Principal } from '../auth/principal.js';
import type { Queryable } from '../ports/database/port.js';
import { audit } from './audit.js';
import { orgRecord } from './org-record.js';
import { isoTimestamp } from '../ports/database/values.js';
import { notFound } from '../errors/index.js';

type Profile = z.input<typeof OrgProfileSchema>;

const PROFILE_SQL = `
  SELECT o.org_slug, o.org_name, o.admin_email, o.contact_name, o.contact_phone, o.billing_email, o.currency, o.timezone,
         o.created_at, s.plan, s.status,
         (SELECT k.fingerprint FROM org_api_keys k WHERE k.org_slug = o.org_slug AND k.status = 'ACTIVE'
          ORDER BY k.created_at DESC LIMIT 1) AS api_key_fingerprint
  FROM organizations o JOIN org_subscriptions s ON s.org_slug = o.org_slug
  WHERE o.org_slug = $1`;

export async function getProfile(db: Queryable, orgSlug: string): Promise<Profile> {
  const { rows } = await db.query<Profile & { created_at: Date }>(PROFILE_SQL, [orgSlug]);
  const row = rows[0];
  if (!row) throw notFound(`Organization ${orgSlug} not found.`);
  return { ...row, created_at: isoTimestamp(row.created_at) };
}

const PROFILE_COLUMNS = [
  'org_name',
  'admin_email',
  'contact_name',
  'contact_phone',
  'billing_email',
] as const;
const LOCALE_COLUMNS = ['currency', 'timezone', 'fiscal_year_start_month'] as const;

/** Updates only the named columns (the names come from this list, values are parameters). */
async function updateColumns(
  ctx: AppContext,
  orgSlug: string,
  allowed: readonly string[],
  changes: Record<string, unknown>,
  meta: { principal: Principal | undefined; action: string; requestId: string },
) {
  const db = await ctx.db();
  const entries = Object.entries(changes).filter(([k, v]) => allowed.includes(k) && v !== undefined);
  await db.transaction(async (tx) => {
    const sets = entries.map(([k], i) => `${k} = $${i + 2}`).join(', ');
    const r = await tx.query(`UPDATE organizations SET ${sets}, updated_at = now() WHERE org_slug = $1`, [
      orgSlug,
      ...entries.map(([, v]) => v),
    ]);
    if (r.rowCount === 0) throw notFound(`Organization ${orgSlug} not found.`);
    await audit(tx, {
      orgSlug,
      principal: meta.principal,
      action: meta.action,
      details: { fields: entries.map(([k]) => k) },
      requestId: meta.requestId,
    });
  });
}

export async function updateProfile(
  ctx: AppContext,
  orgSlug: string,
  body: z.output<typeof UpdateProfileBodySchema>,
  meta: { principal: Principal | undefined; requestId: string },
) {
  await updateColumns(ctx, orgSlug, PROFILE_COLUMNS, body, { ...meta, action: 'organization.update' });
  return getProfile(await ctx.db(), orgSlug);
}

export async function getLocale(db: Queryable, orgSlug: string) {
  const org = await orgRecord(db, orgSlug);
  return {
    currency: org.currency,
    timezone: org.timezone,
    fiscal_year_start_month: org.fiscalYearStartMonth,
  };
}

export async function updateLocale(
  ctx: AppContext,
  orgSlug: string,
  body: z.output<typeof UpdateLocaleBodySchema>,
  meta: { principal: Principal | undefined; requestId: string },
) {
  await updateColumns(ctx, orgSlug, LOCALE_COLUMNS, body, { ...meta, action: 'organization.locale.update' });
  return getLocale(await ctx.db(), orgSlug);
}
