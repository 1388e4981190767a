/** Pure rules of the hierarchy: codes per level and where an entity may sit. Shared by the API and the CSV import. */

export interface LevelInfo {
  level_code: string;
  name: string;
  depth: number;
  code_prefix: string;
}

/** Why `entityId` is not a code of `level` (its prefix, a dash, a suffix), or null. */
export function codeProblem(level: LevelInfo, entityId: string): string | null {
  return entityId.startsWith(`${level.code_prefix}-`)
    ? null
    : `${entityId} is not a ${level.level_code} code: ${level.level_code} codes look like ${level.code_prefix}-001`;
}

/** Next free numbered codes of a prefix: above the highest `PREFIX-<digits>` taken, at least 3 digits. */
export function codeSequence(prefix: string, taken: Iterable<string>): () => string {
  const numbered = new RegExp(`^${prefix}-(\\d+)$`);
  let last = 0;
  for (const id of taken) {
    const m = numbered.exec(id);
    // Longer numbers are names, not a sequence (and would lose precision).
    if (m && m[1]!.length <= 12) last = Math.max(last, Number(m[1]));
  }
  return () => `${prefix}-${String(++last).padStart(3, '0')}`;
}

/** The next free numbered code of a prefix, e.g. DEPT-004 after DEPT-003. */
export const nextCode = (prefix: string, taken: Iterable<string>) => codeSequence(prefix, taken)();

/**
 * Why an entity of `level` cannot sit under `parent` (null: at the top), or null. Its parent must be on the level
 * just above its own, so every path runs top-down level by level (and no path can loop).
 */
export function placementProblem(
  levels: readonly LevelInfo[],
  level: LevelInfo,
  parent: { entity_id: string; level_code: string } | null,
): string | null {
  const above = levels.find((l) => l.depth === level.depth - 1);
  if (!above) {
    return parent ? `a ${level.level_code} is on the top level and has no parent` : null;
  }
  if (!parent) return `a ${level.level_code} needs a parent ${above.level_code}`;
  if (parent.level_code !== above.level_code) {
    return `the parent of a ${level.level_code} must be a ${above.level_code}; ${parent.entity_id} is a ${parent.level_code}`;
  }
  return null;
}
