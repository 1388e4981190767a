import type { AppContext } from '../context.js';
import { migrate } from '../ports/database/migrate.js';
import { migrations } from '../ports/database/migrations/index.js';
import { CENTRAL_DATASET, centralDatasetTables } from '../datasets/central.js';
import { orgDatasetTables } from '../datasets/index.js';
import { syncDataset } from '../datasets/sync.js';
import { isoTimestamp } from '../ports/database/values.js';
import { orgRecord } from './org-record.js';
import { bumpCostVersion } from '../costs/version.js';

/** Applies control-plane migrations and creates the central dataset. Re-runnable: reports what existed. */
export async function bootstrap(ctx: AppContext) {
  const [db, wh] = await Promise.all([ctx.db(), ctx.warehouse()]);
  const m = await migrate(db, migrations);
  const w = await syncDataset(wh, CENTRAL_DATASET, centralDatasetTables);
  return {
    status: 'ok' as const,
    created: [...m.applied.map((v) => `control_plane.migration.${v}`), ...w.created],
    updated: w.updated,
    existing: [...m.existing.map((v) => `control_plane.migration.${v}`), ...w.existing],
  };
}

export async function listOrgs(ctx: AppContext) {
  const db = await ctx.db();
  const { rows } = await db.query<{
    org_slug: string;
    org_name: string;
    plan: 'STARTER';
    status: 'TRIAL';
    dataset: string;
    created_at: Date;
  }>(
    `SELECT o.org_slug, o.org_name, s.plan, s.status, o.dataset, o.created_at
     FROM organizations o JOIN org_subscriptions s USING (org_slug) ORDER BY o.org_slug`,
  );
  return {
    items: rows.map((r) => ({ ...r, created_at: isoTimestamp(r.created_at) })),
    next_cursor: null,
  };
}

/**
 * Brings an org's dataset up to the current table definitions. When it changed anything (e.g. derived the cost
 * rollup again by a newer definition), the org's cost-data version is bumped: every instance reads its cached cost
 * slices again (shared/costs/cache.ts).
 */
export async function syncOrg(ctx: AppContext, orgSlug: string) {
  const db = await ctx.db();
  const { dataset } = await orgRecord(db, orgSlug);
  const report = await syncDataset(await ctx.warehouse(), dataset, orgDatasetTables);
  if (report.created.length > 0 || report.updated.length > 0) await bumpCostVersion(db, orgSlug);
  return { org_slug: orgSlug, ...report };
}

export async function syncAllOrgs(ctx: AppContext) {
  const { items } = await listOrgs(ctx);
  const reports = [];
  for (const org of items) reports.push(await syncOrg(ctx, org.org_slug));
  return { items: reports, next_cursor: null };
}
