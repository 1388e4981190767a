import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type {
  UpdateLocaleBodySchema,
  UpdateProfileBodySchema,
  OrgProfileSchema,
} from '../contracts/organizations.js';
import type { Queryable } from '../ports/database/port.js';
import { auditRequest, type RequestMeta } from './audit.js';
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

export async function getLocale(db: Queryable, orgSlug: string) {
  const org = await orgRecord(db, orgSlug);
  return {
    currency: org.currency,
    timezone: org.timezone,
    fiscal_year_start_month: org.fiscalYearStartMonth,
  };
}

/** A group of organization columns edited together: the columns, its audit action, and how it reads back. */
interface ColumnGroup<T> {
  columns: readonly string[];
  action: string;
  read: (db: Queryable, orgSlug: string) => Promise<T>;
}

const PROFILE: ColumnGroup<Profile> = {
  columns: ['org_name', 'admin_email', 'contact_name', 'contact_phone', 'billing_email'],
  action: 'organization.update',
  read: getProfile,
};
const LOCALE = {
  columns: ['currency', 'timezone', 'fiscal_year_start_month'],
  action: 'organization.locale.update',
  read: getLocale,
};

/** Updates only the group's columns (the names come from its list, values are parameters); returns the group. */
async function updateColumns<T>(
  ctx: AppContext,
  orgSlug: string,
  group: ColumnGroup<T>,
  changes: Record<string, unknown>,
  meta: RequestMeta,
): Promise<T> {
  const db = await ctx.db();
  const entries = Object.entries(changes).filter(([k, v]) => group.columns.includes(k) && v !== undefined);
  await db.transaction(async (tx) => {
    const sets = entries.map(([k], i) => `${k} = $${i + 2}`).join(', ');
    const r = await tx.query(`UPDATE organizations SET ${sets}, updated_at = now() WHERE org_slug = $1`, [
      orgSlug,
      ...entries.map(([, v]) => v),
    ]);
    if (r.rowCount === 0) throw notFound(`Organization ${orgSlug} not found.`);
    await auditRequest(tx, orgSlug, meta, group.action, undefined, { fields: entries.map(([k]) => k) });
  });
  return group.read(db, orgSlug);
}

export const updateProfile = (
  ctx: AppContext,
  orgSlug: string,
  body: z.output<typeof UpdateProfileBodySchema>,
  meta: RequestMeta,
) => updateColumns(ctx, orgSlug, PROFILE, body, meta);

export const updateLocale = (
  ctx: AppContext,
  orgSlug: string,
  body: z.output<typeof UpdateLocaleBodySchema>,
  meta: RequestMeta,
) => updateColumns(ctx, orgSlug, LOCALE, body, meta);
