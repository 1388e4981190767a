/**
 * Per-org allocation marker: `version` is bumped in the transaction of every hierarchy write (rules, entities,
 * levels, CSV import; shared/hierarchy/store.ts), `reallocated_version` is the version the last complete re-allocation
 * of the org's FOCUS history ran with. The scheduled `hierarchy/cost/reallocate` pipeline works only while they differ.
 */
export const sql = `
CREATE TABLE org_allocation_state (
  org_slug text PRIMARY KEY REFERENCES organizations(org_slug) ON DELETE CASCADE,
  version bigint NOT NULL DEFAULT 0,
  changed_at timestamptz NOT NULL DEFAULT now(),
  reallocated_version bigint NOT NULL DEFAULT 0,
  reallocated_at timestamptz
);

ALTER TABLE org_allocation_state ENABLE ROW LEVEL SECURITY;
`;
