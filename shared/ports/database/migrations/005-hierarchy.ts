/**
 * The org hierarchy (levels department > project > team by default, configurable), its entities with codes like
 * DEPT-001, and the allocation rules that map costs to entities. Pipelines read them once per run.
 */
export const sql = `
CREATE TABLE hierarchy_levels (
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  level_code text NOT NULL CHECK (level_code ~ '^[a-z][a-z0-9_]{1,29}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- 1 is the top level (no parent); an entity's parent is on the level one above its own.
  depth int NOT NULL CHECK (depth BETWEEN 1 AND 8),
  code_prefix text NOT NULL CHECK (code_prefix ~ '^[A-Z][A-Z0-9]{1,9}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_slug, level_code),
  UNIQUE (org_slug, depth),
  UNIQUE (org_slug, code_prefix)
);

CREATE TABLE hierarchy_entities (
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  entity_id text NOT NULL CHECK (entity_id ~ '^[A-Z][A-Z0-9]{1,9}-[A-Z0-9]+([_-][A-Z0-9]+)*$' AND length(entity_id) <= 50),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  level_code text NOT NULL,
  parent_id text,
  owner_email text,
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_slug, entity_id),
  FOREIGN KEY (org_slug, level_code) REFERENCES hierarchy_levels(org_slug, level_code),
  -- No ON DELETE: an entity with children cannot be deleted.
  FOREIGN KEY (org_slug, parent_id) REFERENCES hierarchy_entities(org_slug, entity_id),
  CHECK (parent_id IS NULL OR parent_id <> entity_id)
);
CREATE INDEX hierarchy_entities_parent ON hierarchy_entities (org_slug, parent_id);
CREATE INDEX hierarchy_entities_level ON hierarchy_entities (org_slug, level_code);

-- Maps costs to an entity; the enabled rule with the highest priority that matches a row wins.
CREATE TABLE hierarchy_allocation_rules (
  rule_id uuid PRIMARY KEY,
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  name text CHECK (name IS NULL OR length(name) BETWEEN 1 AND 200),
  priority int NOT NULL CHECK (priority BETWEEN 0 AND 1000000),
  match_kind text NOT NULL
    CHECK (match_kind IN ('credential', 'cloud_account', 'tag', 'genai_dimension', 'saas_plan')),
  -- The match fields of the kind, e.g. {"key": "team", "value": "platform"} for a tag.
  match jsonb NOT NULL,
  entity_id text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_slug, entity_id) REFERENCES hierarchy_entities(org_slug, entity_id)
);
CREATE INDEX hierarchy_allocation_rules_org ON hierarchy_allocation_rules (org_slug, priority DESC);
CREATE INDEX hierarchy_allocation_rules_entity ON hierarchy_allocation_rules (org_slug, entity_id);

ALTER TABLE hierarchy_levels ENABLE ROW LEVEL SECURITY;
ALTER TABLE hierarchy_entities ENABLE ROW LEVEL SECURITY;
ALTER TABLE hierarchy_allocation_rules ENABLE ROW LEVEL SECURITY;
`;
