/**
 * The version of an org's cost data: bumped in the transaction that completes one of its pipeline runs and by the
 * costs router's cache invalidation. Cost readers (every function instance keeps its own in-memory cache) compare
 * it with the version their cached slice was read at, so a completed run is visible on the next read everywhere.
 */
export const sql = `
CREATE TABLE org_cost_versions (
  org_slug text PRIMARY KEY REFERENCES organizations(org_slug) ON DELETE CASCADE,
  version bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE org_cost_versions ENABLE ROW LEVEL SECURITY;
`;
