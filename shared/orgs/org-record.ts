/**
 * The one reader of an org's `organizations` row (with its cost-data version): every module that needs an org's
 * dataset, currency, time zone or version asks here, so the row has one query and one not-found. Writes
 * (onboarding, profile and locale updates) keep their own statements.
 */
import type { AppContext } from '../context.js';
import type { Queryable } from '../ports/database/port.js';
import { notFound } from '../errors/index.js';

export interface OrgRecord {
  slug: string;
  name: string;
  /** The org's warehouse dataset (derived at onboarding; never built from request input). */
  dataset: string;
  /** ISO 4217 code money is reported in. */
  currency: string;
  /** IANA time zone. */
  timezone: string;
  fiscalYearStartMonth: number;
  /** The org's cost-data version (shared/costs/version.ts; 0 before its first completed run). */
  costVersion: number;
}

export interface OrgRecordOptions {
  /** Also answer whether this hierarchy entity is the org's (`entityExists`), in the same query. */
  entityId?: string | undefined;
}

interface Row {
  org_slug: string;
  org_name: string;
  dataset: string;
  currency: string;
  timezone: string;
  fiscal_year_start_month: number;
  cost_version: string | number | null;
  entity_exists: boolean | null;
}

/** The org's row, in one query; an unknown org is `not_found` (not retryable: the event factory acks it). */
export async function orgRecord(
  db: Queryable,
  slug: string,
  options: OrgRecordOptions = {},
): Promise<OrgRecord & { entityExists?: boolean }> {
  const withEntity = options.entityId !== undefined;
  const { rows } = await db.query<Row>(
    `SELECT o.org_slug, o.org_name, o.dataset, o.currency, o.timezone, o.fiscal_year_start_month,
       v.version AS cost_version,
       ${withEntity ? 'EXISTS (SELECT 1 FROM hierarchy_entities h WHERE h.org_slug = o.org_slug AND h.entity_id = $2)' : 'NULL'} AS entity_exists
     FROM organizations AS o LEFT JOIN org_cost_versions AS v ON v.org_slug = o.org_slug
     WHERE o.org_slug = $1`,
    withEntity ? [slug, options.entityId] : [slug],
  );
  const r = rows[0];
  if (!r) throw notFound(`Organization ${slug} not found.`);
  return {
    slug: r.org_slug,
    name: r.org_name,
    dataset: r.dataset,
    currency: r.currency,
    timezone: r.timezone,
    fiscalYearStartMonth: Number(r.fiscal_year_start_month),
    costVersion: Number(r.cost_version ?? 0),
    ...(withEntity ? { entityExists: Boolean(r.entity_exists) } : {}),
  };
}

/** The org's warehouse dataset (read from the control plane, never built from message input). */
export async function orgDatasetOf(ctx: AppContext, slug: string): Promise<string> {
  return (await orgRecord(await ctx.db(), slug)).dataset;
}

/** Every org's slug, in order (operator jobs that visit all orgs). */
export async function orgSlugs(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ org_slug: string }>(
    'SELECT org_slug FROM organizations ORDER BY org_slug',
  );
  return rows.map((r) => r.org_slug);
}
