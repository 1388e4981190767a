/**
 * The per-org allocation marker (migration 007): `version` moves with every hierarchy write, `reallocated_version`
 * records the version the org's FOCUS history was last fully re-allocated with. The scheduled
 * `hierarchy/cost/reallocate` run re-allocates only while they differ.
 */
import type { Queryable } from '../ports/database/port.js';

export interface AllocationState {
  version: number;
  reallocated_version: number;
}

/** Bumps the org's version, inside the caller's write transaction (rolled back with it). */
export async function bumpAllocationVersion(tx: Queryable, org: string): Promise<void> {
  await tx.query(
    `INSERT INTO org_allocation_state (org_slug, version) VALUES ($1, 1)
     ON CONFLICT (org_slug) DO UPDATE SET version = org_allocation_state.version + 1, changed_at = now()`,
    [org],
  );
}

/** The org's marker; an org that never wrote its hierarchy has nothing to re-allocate (0, 0). */
export async function allocationState(db: Queryable, org: string): Promise<AllocationState> {
  const { rows } = await db.query<{ version: string | number; reallocated_version: string | number }>(
    'SELECT version, reallocated_version FROM org_allocation_state WHERE org_slug = $1',
    [org],
  );
  const r = rows[0];
  return r
    ? { version: Number(r.version), reallocated_version: Number(r.reallocated_version) }
    : { version: 0, reallocated_version: 0 };
}

/** Records that the history is allocated as of `version` (never moves back: a slower, older run cannot undo). */
export async function markReallocated(db: Queryable, org: string, version: number): Promise<void> {
  await db.query(
    `INSERT INTO org_allocation_state (org_slug, version, reallocated_version, reallocated_at) VALUES ($1, $2, $2, now())
     ON CONFLICT (org_slug) DO UPDATE
       SET reallocated_version = GREATEST(org_allocation_state.reallocated_version, EXCLUDED.reallocated_version),
           reallocated_at = now()`,
    [org, version],
  );
}
