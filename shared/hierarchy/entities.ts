/** Hierarchy entities: CRUD with level codes, moves without cycles, ancestors, descendants and the tree. */
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type {
  CreateEntitySchema,
  EntityListQuerySchema,
  TreeNode,
  UpdateEntitySchema,
} from '../contracts/hierarchy.js';
import { auditRequest, type RequestMeta } from '../orgs/audit.js';
import type { Queryable } from '../ports/database/port.js';
import { codeProblem, nextCode, placementProblem } from './placement.js';
import {
  entityView,
  findEntity,
  getEntity,
  inOrgTransaction,
  levelView,
  loadDescendants,
  loadLineage,
  loadPathed,
  openOrg,
  pathedEntity,
  pathOf,
  type LevelRow,
} from './store.js';
import { invalidInput, conflict } from '../errors/index.js';

const invalid = (field: string, message: string) =>
  invalidInput(`${field.replace(/^body\./, '')}: ${message}.`, [{ field, message }]);

function levelNamed(levels: LevelRow[], code: string) {
  const level = levels.find((l) => l.level_code === code);
  if (!level) {
    throw invalid(
      'body.level_code',
      `no level ${code} (levels: ${levels.map((l) => l.level_code).join(', ')})`,
    );
  }
  return level;
}

/** Codes of the org taken with a prefix (for the next numbered code). */
async function takenCodes(db: Queryable, org: string, prefix: string): Promise<string[]> {
  const { rows } = await db.query<{ entity_id: string }>(
    `SELECT entity_id FROM hierarchy_entities WHERE org_slug = $1 AND starts_with(entity_id, $2)`,
    [org, `${prefix}-`],
  );
  return rows.map((r) => r.entity_id);
}

export async function listEntities(ctx: AppContext, org: string, q: z.output<typeof EntityListQuerySchema>) {
  const { db } = await openOrg(ctx, org);
  const all = (await loadPathed(db, org))
    .filter((e) => q.level_code === undefined || e.level_code === q.level_code)
    .filter((e) => q.parent_id === undefined || e.parent_id === q.parent_id)
    .filter((e) => q.cursor === undefined || e.entity_id > q.cursor)
    .sort((a, b) => (a.entity_id < b.entity_id ? -1 : a.entity_id > b.entity_id ? 1 : 0));
  const page = all.slice(0, q.limit);
  const more = all.length > q.limit;
  return { items: page.map(entityView), next_cursor: more ? page[page.length - 1]!.entity_id : null };
}

export async function getEntityView(ctx: AppContext, org: string, id: string) {
  const { db } = await openOrg(ctx, org);
  return pathedEntity(db, org, id);
}

export async function createEntity(
  ctx: AppContext,
  org: string,
  body: z.output<typeof CreateEntitySchema>,
  meta: RequestMeta,
) {
  const db = await ctx.db();
  const id = await inOrgTransaction(db, org, async (tx, levels) => {
    const level = levelNamed(levels, body.level_code);
    const parent = body.parent_id ? await findEntity(tx, org, body.parent_id) : null;
    if (body.parent_id && !parent) throw invalid('body.parent_id', `no entity ${body.parent_id} in ${org}`);
    const misplaced = placementProblem(levels, level, parent ?? null);
    if (misplaced) throw invalid('body.parent_id', misplaced);
    let entityId = body.entity_id;
    if (entityId) {
      const wrong = codeProblem(level, entityId);
      if (wrong) throw invalid('body.entity_id', wrong);
      if (await findEntity(tx, org, entityId)) throw conflict(`Entity ${entityId} already exists.`);
    } else {
      entityId = nextCode(level.code_prefix, await takenCodes(tx, org, level.code_prefix));
    }
    await tx.query(
      `INSERT INTO hierarchy_entities (org_slug, entity_id, name, level_code, parent_id, owner_email, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        org,
        entityId,
        body.name,
        level.level_code,
        parent?.entity_id ?? null,
        body.owner_email ?? null,
        body.description ?? null,
      ],
    );
    await auditRequest(tx, org, meta, 'hierarchy.entity_created', entityId, {
      level_code: level.level_code,
      parent_id: parent?.entity_id ?? null,
    });
    return entityId;
  });
  return pathedEntity(db, org, id);
}

export async function updateEntity(
  ctx: AppContext,
  org: string,
  id: string,
  body: z.output<typeof UpdateEntitySchema>,
  meta: RequestMeta,
) {
  const db = await ctx.db();
  await inOrgTransaction(db, org, async (tx) => {
    await getEntity(tx, org, id);
    const set = (['name', 'owner_email', 'description'] as const).filter((k) => body[k] !== undefined);
    if (!set.length) return;
    await tx.query(
      `UPDATE hierarchy_entities SET ${set.map((k, i) => `${k} = $${i + 3}`).join(', ')}, updated_at = now()
       WHERE org_slug = $1 AND entity_id = $2`,
      [org, id, ...set.map((k) => body[k] ?? null)],
    );
    await auditRequest(tx, org, meta, 'hierarchy.entity_updated', id, { fields: set });
  });
  return pathedEntity(db, org, id);
}

/** Deletes an entity with no children and no allocation rules (each would otherwise lose its place). */
export async function deleteEntity(ctx: AppContext, org: string, id: string, meta: RequestMeta) {
  const db = await ctx.db();
  await inOrgTransaction(db, org, async (tx) => {
    await getEntity(tx, org, id);
    const { rows: children } = await tx.query<{ entity_id: string }>(
      'SELECT entity_id FROM hierarchy_entities WHERE org_slug = $1 AND parent_id = $2 ORDER BY entity_id',
      [org, id],
    );
    if (children.length) {
      throw conflict(
        `${id} has ${children.length} child entit${children.length === 1 ? 'y' : 'ies'} (${children
          .slice(0, 10)
          .map((c) => c.entity_id)
          .join(', ')}); move or delete them first.`,
      );
    }
    const { rows: rules } = await tx.query<{ rule_id: string }>(
      'SELECT rule_id::text AS rule_id FROM hierarchy_allocation_rules WHERE org_slug = $1 AND entity_id = $2',
      [org, id],
    );
    if (rules.length) {
      throw conflict(
        `${id} is the target of ${rules.length} allocation rule(s) (${rules
          .slice(0, 10)
          .map((r) => r.rule_id)
          .join(', ')}); delete or repoint them first.`,
      );
    }
    await tx.query('DELETE FROM hierarchy_entities WHERE org_slug = $1 AND entity_id = $2', [org, id]);
    await auditRequest(tx, org, meta, 'hierarchy.entity_deleted', id);
  });
}

/**
 * Gives an entity a new parent. A parent inside the entity's own subtree would close a loop: 409 naming the cycle.
 * Otherwise the parent must be on the level just above the entity's (400).
 */
export async function moveEntity(
  ctx: AppContext,
  org: string,
  id: string,
  newParentId: string | null,
  meta: RequestMeta,
) {
  const db = await ctx.db();
  await inOrgTransaction(db, org, async (tx, levels) => {
    const entity = await getEntity(tx, org, id);
    const parent = newParentId === null ? null : await findEntity(tx, org, newParentId);
    if (newParentId !== null) {
      if (!parent) throw invalid('body.new_parent_id', `no entity ${newParentId} in ${org}`);
      const lineage = (await loadLineage(tx, org, newParentId)).map((e) => e.entity_id);
      const at = lineage.indexOf(id);
      if (at >= 0) {
        const cycle = [...lineage.slice(at), id];
        throw conflict(`Moving ${id} under ${newParentId} would create a cycle: ${cycle.join(' > ')}.`, {
          cycle,
        });
      }
    }
    const misplaced = placementProblem(levels, levelNamed(levels, entity.level_code), parent ?? null);
    if (misplaced) throw invalid('body.new_parent_id', misplaced);
    if (entity.parent_id === newParentId) return;
    await tx.query(
      'UPDATE hierarchy_entities SET parent_id = $3, updated_at = now() WHERE org_slug = $1 AND entity_id = $2',
      [org, id, newParentId],
    );
    await auditRequest(tx, org, meta, 'hierarchy.entity_moved', id, {
      from: entity.parent_id,
      to: newParentId,
    });
  });
  return pathedEntity(db, org, id);
}

export async function ancestors(ctx: AppContext, org: string, id: string) {
  const { db } = await openOrg(ctx, org);
  const lineage = await loadLineage(db, org, id);
  return {
    items: lineage.slice(0, -1).map((e, i) => entityView({ ...e, ...pathOf(lineage.slice(0, i + 1)) })),
  };
}

export async function descendants(ctx: AppContext, org: string, id: string) {
  const { db } = await openOrg(ctx, org);
  const lineage = await loadLineage(db, org, id);
  const rows = await loadDescendants(db, org, { entity_id: id, ...pathOf(lineage) });
  return { items: rows.map(entityView) };
}

/** The whole hierarchy nested under its top-level entities, children by id. */
export async function tree(ctx: AppContext, org: string) {
  const { db, levels } = await openOrg(ctx, org);
  const nodes = new Map<string, TreeNode>();
  const roots: TreeNode[] = [];
  for (const e of await loadPathed(db, org)) {
    const n: TreeNode = {
      entity_id: e.entity_id,
      name: e.name,
      level_code: e.level_code,
      owner_email: e.owner_email,
      children: [],
    };
    nodes.set(e.entity_id, n);
    // Path order puts every parent before its children.
    (e.parent_id === null ? roots : (nodes.get(e.parent_id)?.children ?? roots)).push(n);
  }
  return { levels: levels.map(levelView), roots };
}
