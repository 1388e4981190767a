/**
 * Reading the org hierarchy from the control plane: levels (created with the defaults on first use), entities with
 * their paths (recursive CTEs), and the per-org transaction every hierarchy write runs in.
 */
import type { AppContext } from '../context.js';
import type { Database, Queryable } from '../ports/database/port.js';
import { isoTimestamp } from '../ports/database/values.js';
import { bumpAllocationVersion } from './allocation-state.js';
import { notFound } from '../errors/index.js';
import { orgRecord } from '../orgs/org-record.js';

export interface LevelRow {
  level_code: string;
  name: string;
  depth: number;
  code_prefix: string;
  entity_count: number;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface EntityRow {
  entity_id: string;
  name: string;
  level_code: string;
  parent_id: string | null;
  owner_email: string | null;
  description: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

/** An entity with its path from the top: ids `/DEPT-001/PROJ-001` and names `/Engineering/Platform`. */
export interface PathedEntity extends EntityRow {
  path: string;
  path_names: string;
}

/** Department > project > team: the levels an org has until it configures others. */
export const DEFAULT_LEVELS = [
  { level_code: 'department', name: 'Department', depth: 1, code_prefix: 'DEPT' },
  { level_code: 'project', name: 'Project', depth: 2, code_prefix: 'PROJ' },
  { level_code: 'team', name: 'Team', depth: 3, code_prefix: 'TEAM' },
] as const;

const LEVEL_COLUMNS = `l.level_code, l.name, l.depth, l.code_prefix, l.created_at, l.updated_at,
  (SELECT COUNT(*)::int FROM hierarchy_entities e WHERE e.org_slug = l.org_slug AND e.level_code = l.level_code)
    AS entity_count`;
const ENTITY_COLUMNS = `entity_id, name, level_code, parent_id, owner_email, description, created_at, updated_at`;
// Real trees are at most MAX_LEVELS deep; the bound only keeps a corrupted (cyclic) table from looping.
const DEPTH_GUARD = 16;

/** The org's levels, top first; an org with none gets the defaults (404 when the org does not exist). */
export async function ensureLevels(db: Queryable, org: string): Promise<LevelRow[]> {
  const read = async () =>
    (
      await db.query<LevelRow>(
        `SELECT ${LEVEL_COLUMNS} FROM hierarchy_levels l WHERE l.org_slug = $1 ORDER BY l.depth`,
        [org],
      )
    ).rows;
  const levels = await read();
  if (levels.length) return levels;
  await orgRecord(db, org); // an unknown org is not_found
  for (const l of DEFAULT_LEVELS) {
    await db.query(
      `INSERT INTO hierarchy_levels (org_slug, level_code, name, depth, code_prefix) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [org, l.level_code, l.name, l.depth, l.code_prefix],
    );
  }
  return read();
}

/**
 * Runs `fn` in one transaction holding the org's hierarchy lock (writes of one org are serialised, so codes,
 * moves and imports never race), with the org's levels.
 */
export async function inOrgTransaction<T>(
  db: Database,
  org: string,
  fn: (tx: Queryable, levels: LevelRow[]) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('hierarchy:' || $1))", [org]);
    // Any write may change what a cost row is allocated to: the scheduled re-allocation picks it up.
    await bumpAllocationVersion(tx, org);
    return fn(tx, await ensureLevels(tx, org));
  });
}

/** The org's database with its levels ensured (reads). */
export async function openOrg(ctx: Pick<AppContext, 'db'>, org: string) {
  const db = await ctx.db();
  return { db, levels: await ensureLevels(db, org) };
}

export async function findEntity(db: Queryable, org: string, id: string): Promise<EntityRow | undefined> {
  const { rows } = await db.query<EntityRow>(
    `SELECT ${ENTITY_COLUMNS} FROM hierarchy_entities WHERE org_slug = $1 AND entity_id = $2`,
    [org, id],
  );
  return rows[0];
}

export async function getEntity(db: Queryable, org: string, id: string): Promise<EntityRow> {
  const found = await findEntity(db, org, id);
  if (!found) throw notFound(`No hierarchy entity ${id} in ${org}.`);
  return found;
}

/**
 * Entities below a start (the top-level ones when `parentId` is null, else that entity's children) and all their
 * descendants, in path order, with paths that continue `base`.
 */
async function walkDown(
  db: Queryable,
  org: string,
  parentId: string | null,
  base: { path: string; path_names: string },
): Promise<PathedEntity[]> {
  const start = parentId === null ? 'parent_id IS NULL' : 'parent_id = $4';
  const { rows } = await db.query<PathedEntity>(
    `WITH RECURSIVE down AS (
       SELECT ${ENTITY_COLUMNS}, $2::text || '/' || entity_id AS path, $3::text || '/' || name AS path_names, 1 AS d
       FROM hierarchy_entities WHERE org_slug = $1 AND ${start}
       UNION ALL
       SELECT c.entity_id, c.name, c.level_code, c.parent_id, c.owner_email, c.description, c.created_at, c.updated_at,
         down.path || '/' || c.entity_id, down.path_names || '/' || c.name, down.d + 1
       FROM hierarchy_entities c JOIN down ON c.org_slug = $1 AND c.parent_id = down.entity_id
       WHERE down.d < ${DEPTH_GUARD}
     )
     SELECT ${ENTITY_COLUMNS}, path, path_names FROM down ORDER BY path COLLATE "C"`,
    parentId === null ? [org, base.path, base.path_names] : [org, base.path, base.path_names, parentId],
  );
  return rows;
}

/** Every entity of the org with its path, parents before children (path order). */
export const loadPathed = (db: Queryable, org: string): Promise<PathedEntity[]> =>
  walkDown(db, org, null, { path: '', path_names: '' });

/** The entity and its ancestors, top first (the entity last). */
export async function loadLineage(db: Queryable, org: string, id: string): Promise<EntityRow[]> {
  const { rows } = await db.query<EntityRow & { dist: number }>(
    `WITH RECURSIVE up AS (
       SELECT ${ENTITY_COLUMNS}, 0 AS dist FROM hierarchy_entities WHERE org_slug = $1 AND entity_id = $2
       UNION ALL
       SELECT p.entity_id, p.name, p.level_code, p.parent_id, p.owner_email, p.description, p.created_at, p.updated_at,
         up.dist + 1
       FROM hierarchy_entities p JOIN up ON p.org_slug = $1 AND p.entity_id = up.parent_id
       WHERE up.dist < ${DEPTH_GUARD}
     )
     SELECT * FROM up ORDER BY dist DESC`,
    [org, id],
  );
  if (!rows.length) throw notFound(`No hierarchy entity ${id} in ${org}.`);
  return rows.map(({ dist: _d, ...e }) => e);
}

/** Paths of an entity from its lineage (top first). */
export const pathOf = (lineage: readonly EntityRow[]) => ({
  path: lineage.map((e) => `/${e.entity_id}`).join(''),
  path_names: lineage.map((e) => `/${e.name}`).join(''),
});

/** Every entity below `root` (given with its own paths), in path order. */
export const loadDescendants = (
  db: Queryable,
  org: string,
  root: { entity_id: string; path: string; path_names: string },
): Promise<PathedEntity[]> => walkDown(db, org, root.entity_id, root);

/** An entity as the API shows it. */
export const entityView = (e: PathedEntity) => ({
  entity_id: e.entity_id,
  name: e.name,
  level_code: e.level_code,
  parent_id: e.parent_id,
  owner_email: e.owner_email,
  description: e.description,
  path: e.path,
  path_names: e.path_names,
  created_at: isoTimestamp(e.created_at),
  updated_at: isoTimestamp(e.updated_at),
});

export const levelView = (l: LevelRow) => ({
  level_code: l.level_code,
  name: l.name,
  depth: l.depth,
  code_prefix: l.code_prefix,
  entity_count: Number(l.entity_count),
  created_at: isoTimestamp(l.created_at),
  updated_at: isoTimestamp(l.updated_at),
});

/** One entity with its paths, as the API shows it. */
export async function pathedEntity(db: Queryable, org: string, id: string) {
  const lineage = await loadLineage(db, org, id);
  return entityView({ ...lineage[lineage.length - 1]!, ...pathOf(lineage) });
}
