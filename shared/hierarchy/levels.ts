/** Hierarchy levels of an org: department > project > team by default; levels are added and removed at the bottom. */
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { MAX_LEVELS, type CreateLevelSchema, type UpdateLevelSchema } from '../contracts/hierarchy.js';
import { auditRequest, type RequestMeta } from '../orgs/audit.js';
import { inOrgTransaction, levelView, openOrg, type LevelRow } from './store.js';
import { invalidInput, notFound, conflict } from '../errors/index.js';

export async function listLevels(ctx: AppContext, org: string) {
  const { levels } = await openOrg(ctx, org);
  return { items: levels.map(levelView), next_cursor: null };
}

const levelOf = (levels: LevelRow[], org: string, code: string) => {
  const level = levels.find((l) => l.level_code === code);
  if (!level) throw notFound(`No hierarchy level ${code} in ${org}.`);
  return level;
};

/** Adds a level below the current bottom one (existing entities keep their places). */
export async function createLevel(
  ctx: AppContext,
  org: string,
  body: z.output<typeof CreateLevelSchema>,
  meta: RequestMeta,
) {
  const db = await ctx.db();
  const created = await inOrgTransaction(db, org, async (tx, levels) => {
    if (levels.some((l) => l.level_code === body.level_code))
      throw conflict(`Level ${body.level_code} already exists.`);
    const samePrefix = levels.find((l) => l.code_prefix === body.code_prefix);
    if (samePrefix) throw conflict(`Code prefix ${body.code_prefix} is taken by ${samePrefix.level_code}.`);
    if (levels.length >= MAX_LEVELS) {
      throw invalidInput(`An org has at most ${MAX_LEVELS} levels.`, [
        { field: 'body.level_code', message: `at most ${MAX_LEVELS} levels` },
      ]);
    }
    const depth = levels.length + 1;
    await tx.query(
      'INSERT INTO hierarchy_levels (org_slug, level_code, name, depth, code_prefix) VALUES ($1, $2, $3, $4, $5)',
      [org, body.level_code, body.name, depth, body.code_prefix],
    );
    await auditRequest(tx, org, meta, 'hierarchy.level_created', body.level_code, {
      depth,
      code_prefix: body.code_prefix,
    });
    return body.level_code;
  });
  const { levels } = await openOrg(ctx, org);
  return levelView(levelOf(levels, org, created));
}

/** Renames a level; a new code prefix only while the level has no entities (their codes carry the prefix). */
export async function updateLevel(
  ctx: AppContext,
  org: string,
  code: string,
  body: z.output<typeof UpdateLevelSchema>,
  meta: RequestMeta,
) {
  const db = await ctx.db();
  await inOrgTransaction(db, org, async (tx, levels) => {
    const level = levelOf(levels, org, code);
    if (body.code_prefix !== undefined && body.code_prefix !== level.code_prefix) {
      if (Number(level.entity_count) > 0) {
        throw conflict(
          `Level ${code} has ${level.entity_count} entities whose codes start with ${level.code_prefix}; its prefix cannot change.`,
        );
      }
      const other = levels.find((l) => l.code_prefix === body.code_prefix);
      if (other) throw conflict(`Code prefix ${body.code_prefix} is taken by ${other.level_code}.`);
    }
    await tx.query(
      `UPDATE hierarchy_levels SET name = COALESCE($3, name), code_prefix = COALESCE($4, code_prefix), updated_at = now()
       WHERE org_slug = $1 AND level_code = $2`,
      [org, code, body.name ?? null, body.code_prefix ?? null],
    );
    await auditRequest(tx, org, meta, 'hierarchy.level_updated', code, body);
  });
  const { levels } = await openOrg(ctx, org);
  return levelView(levelOf(levels, org, code));
}

/** Deletes the bottom level when it has no entities; the last level stays. */
export async function deleteLevel(ctx: AppContext, org: string, code: string, meta: RequestMeta) {
  const db = await ctx.db();
  await inOrgTransaction(db, org, async (tx, levels) => {
    const level = levelOf(levels, org, code);
    const bottom = levels[levels.length - 1]!;
    if (levels.length === 1) throw conflict(`Level ${code} is the only level; an org keeps at least one.`);
    if (level.level_code !== bottom.level_code) {
      throw conflict(
        `Only the bottom level (${bottom.level_code}) can be deleted; ${code} has levels below it.`,
      );
    }
    if (Number(level.entity_count) > 0) {
      throw conflict(`Level ${code} has ${level.entity_count} entities; delete or re-import them first.`);
    }
    await tx.query('DELETE FROM hierarchy_levels WHERE org_slug = $1 AND level_code = $2', [org, code]);
    await auditRequest(tx, org, meta, 'hierarchy.level_deleted', code);
  });
}
