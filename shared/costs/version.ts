import type { Queryable } from '../ports/database/port.js';

/**
 * Bumps the org's cost-data version (table org_cost_versions): called in the transaction that completes one of its
 * pipeline runs and by the cache invalidation endpoint. Returns the new version.
 */
export async function bumpCostVersion(db: Queryable, orgSlug: string): Promise<number> {
  const { rows } = await db.query<{ version: string | number }>(
    `INSERT INTO org_cost_versions (org_slug, version) VALUES ($1, 1)
     ON CONFLICT (org_slug) DO UPDATE SET version = org_cost_versions.version + 1, updated_at = now()
     RETURNING version`,
    [orgSlug],
  );
  return Number(rows[0]!.version);
}

/** The org's cost-data version (0 before its first completed run). */
export async function costVersion(db: Queryable, orgSlug: string): Promise<number> {
  const { rows } = await db.query<{ version: string | number }>(
    'SELECT version FROM org_cost_versions WHERE org_slug = $1',
    [orgSlug],
  );
  return rows.length === 0 ? 0 : Number(rows[0]!.version);
}
