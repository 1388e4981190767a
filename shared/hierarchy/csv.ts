/**
 * Hierarchy CSV export and import. Import checks every row against the existing tree and the file itself before
 * writing anything, then applies all rows in one transaction: one bad row changes nothing, and the 400 names each
 * bad row with its row number (the line of the file; the header is row 1) and problem.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { CSV_COLUMNS, EntityIdSchema } from '../contracts/hierarchy.js';
import { auditRequest, type RequestMeta } from '../orgs/audit.js';
import { codeProblem, codeSequence, placementProblem, type LevelInfo } from './placement.js';
import { inOrgTransaction, loadPathed, openOrg, type EntityRow } from './store.js';
import { invalidInput } from '../errors/index.js';
import { restoreCell, toCsv } from '../csv/write.js';

type Column = (typeof CSV_COLUMNS)[number];
const ALIASES: Record<string, Column> = { level: 'level_code', parent: 'parent_id', id: 'entity_id' };
const MAX_ROWS = 10_000;
const Email = z.email().max(254);

export interface ImportRow {
  /** Line of the file the record ends on (header: 1). */
  row: number;
  entity_id: string | null;
  name: string;
  level_code: string;
  parent_id: string | null;
  owner_email: string | null;
  description: string | null;
  /** Non-empty cells beyond the header's columns. */
  extra_cells: number;
}

export interface RowProblem {
  row: number;
  entity_id: string | null;
  field: string;
  message: string;
}

/** What the import does to one entity. */
export type ImportOp =
  | { kind: 'create'; row: ImportRow; depth: number }
  | { kind: 'update'; row: ImportRow; depth: number }
  | { kind: 'unchanged'; row: ImportRow; depth: number };

/** Every entity as CSV, parents before children; formula-like cells neutralised (shared/csv/write.ts). */
export async function exportCsv(ctx: AppContext, org: string): Promise<string> {
  const { db } = await openOrg(ctx, org);
  return toCsv(CSV_COLUMNS, await loadPathed(db, org));
}

/**
 * One cell's value: surrounding whitespace trimmed; a cell the export neutralised (`'=…`) loses exactly that quote
 * and keeps the rest as written, so an exported file imports back to the same values.
 */
const cellValue = (raw: string): string | null => {
  const v = raw.trimStart();
  const restored = restoreCell(v);
  const value = restored !== v ? restored : v.trimEnd();
  return value === '' ? null : value;
};

/** Parses the file into rows and the columns it has; a file that is not CSV or has a bad header is a 400. */
export function parseCsv(text: string): { rows: ImportRow[]; columns: Set<Column> } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    throw invalidInput(`The CSV cannot be read: ${(err as Error).message}.`, [
      { field: 'body.csv', message: (err as Error).message },
    ]);
  }
  const [head, ...body] = records;
  if (!head || !body.length) {
    throw invalidInput(`The CSV needs a header (${CSV_COLUMNS.join(',')}) and at least one row.`, [
      { field: 'body.csv', message: 'no rows' },
    ]);
  }
  const header = head.record.map((h) => {
    const name = h.trim().toLowerCase();
    return (ALIASES[name] ?? name) as Column;
  });
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const twice = header.filter((h, i) => header.indexOf(h) !== i);
  const missing = (['name', 'level_code'] as const).filter((c) => !header.includes(c));
  if (unknown.length || twice.length || missing.length) {
    const problems = [
      ...(unknown.length ? [`unknown column(s) ${unknown.join(', ')}`] : []),
      ...(twice.length ? [`repeated column(s) ${twice.join(', ')}`] : []),
      ...(missing.length ? [`missing column(s) ${missing.join(', ')}`] : []),
    ];
    throw invalidInput(`CSV header (row 1): ${problems.join('; ')}. Columns: ${CSV_COLUMNS.join(',')}.`, [
      { field: 'body.csv', row: 1, message: problems.join('; ') },
    ]);
  }
  if (body.length > MAX_ROWS) {
    throw invalidInput(`The CSV has ${body.length} rows; at most ${MAX_ROWS} per import.`, [
      { field: 'body.csv', message: `more than ${MAX_ROWS} rows` },
    ]);
  }
  const rows = body.map(({ record, info }) => {
    const cell = (c: Column) => {
      const i = header.indexOf(c);
      return i < 0 ? null : cellValue(record[i] ?? '');
    };
    return {
      row: info.lines,
      entity_id: cell('entity_id'),
      name: cell('name') ?? '',
      level_code: cell('level_code') ?? '',
      parent_id: cell('parent_id'),
      owner_email: cell('owner_email'),
      description: cell('description'),
      extra_cells: record.slice(header.length).filter((v) => v.trim() !== '').length,
    };
  });
  return { rows, columns: new Set(header) };
}

/**
 * Checks every row against the existing entities and the file itself, and says what each row does. Pure: the
 * caller applies the ops only when `problems` is empty.
 */
export function planImport(
  levels: readonly LevelInfo[],
  existing: ReadonlyMap<string, ExistingEntity>,
  rows: readonly ImportRow[],
  columns: ReadonlySet<string>,
): { problems: RowProblem[]; ops: ImportOp[] } {
  const problems: RowProblem[] = [];
  const firstRow = new Map<string, ImportRow>();
  for (const r of rows) if (r.entity_id && !firstRow.has(r.entity_id)) firstRow.set(r.entity_id, r);
  const ops: ImportOp[] = [];
  for (const r of rows) {
    const bad: Bad = (field, message) =>
      problems.push({ row: r.row, entity_id: r.entity_id, field, message });
    const before = problems.length;
    if (r.extra_cells) {
      bad('csv', `${r.extra_cells} value(s) beyond the ${columns.size} columns of the header`);
      continue;
    }
    checkFields(r, bad);
    const level = levels.find((l) => l.level_code === r.level_code);
    if (!level) {
      bad(
        'level_code',
        `no level ${r.level_code || '(empty)'} (levels: ${levels.map((l) => l.level_code).join(', ')})`,
      );
    }
    const current = r.entity_id ? existing.get(r.entity_id) : undefined;
    if (r.entity_id) checkEntityId(r, level, current, firstRow.get(r.entity_id)!, bad);
    if (r.parent_id && r.parent_id === r.entity_id)
      bad('parent_id', `${r.entity_id} cannot be its own parent`);
    else if (level) checkParent(r, level, levels, existing, firstRow, bad);
    if (problems.length > before || !level) continue;
    ops.push(importOp(r, current, level, columns));
  }
  return { problems, ops };
}

type ExistingEntity = Pick<
  EntityRow,
  'entity_id' | 'name' | 'level_code' | 'parent_id' | 'owner_email' | 'description'
>;
type Bad = (field: string, message: string) => void;

/** Name, owner email and description of one row. */
function checkFields(r: ImportRow, bad: Bad): void {
  if (!r.name) bad('name', 'name is empty');
  else if (r.name.length > 200) bad('name', 'name is longer than 200 characters');
  if (r.owner_email && !Email.safeParse(r.owner_email).success)
    bad('owner_email', `${r.owner_email} is not an email`);
  if (r.description && r.description.length > 2000) bad('description', 'longer than 2000 characters');
}

/** A row's entity code: well formed for its level, once in the file, and not changing an entity's level. */
function checkEntityId(
  r: ImportRow,
  level: LevelInfo | undefined,
  current: ExistingEntity | undefined,
  first: ImportRow,
  bad: Bad,
): void {
  const id = r.entity_id!;
  if (!EntityIdSchema.safeParse(id).success) {
    bad(
      'entity_id',
      `${r.entity_id} is not an entity code like DEPT-001 (capital letters, a dash, a suffix)`,
    );
  } else if (level && codeProblem(level, id)) {
    bad('entity_id', codeProblem(level, id)!);
  }
  if (first !== r) bad('entity_id', `duplicate entity_id ${id} (also on row ${first.row})`);
  if (current && level && current.level_code !== level.level_code) {
    bad('level_code', `${id} exists as a ${current.level_code}; an entity's level cannot change`);
  }
}

/** A row's parent: known (in the hierarchy or the file) and on the level above. */
function checkParent(
  r: ImportRow,
  level: LevelInfo,
  levels: readonly LevelInfo[],
  existing: ReadonlyMap<string, ExistingEntity>,
  firstRow: ReadonlyMap<string, ImportRow>,
  bad: Bad,
): void {
  // An existing parent keeps its level (a row changing it is refused on its own row).
  const parent = r.parent_id ? (existing.get(r.parent_id) ?? firstRow.get(r.parent_id)) : null;
  if (r.parent_id && !parent) {
    bad('parent_id', `unknown parent ${r.parent_id}: not in the hierarchy nor in this file`);
    return;
  }
  const misplaced = placementProblem(
    levels,
    level,
    parent ? { entity_id: r.parent_id!, level_code: parent.level_code } : null,
  );
  if (misplaced) bad('parent_id', misplaced);
}

/** What a valid row does: create, update, or nothing; columns absent from the file keep their values. */
function importOp(
  r: ImportRow,
  current: ExistingEntity | undefined,
  level: LevelInfo,
  columns: ReadonlySet<string>,
): ImportOp {
  const keep = (c: 'owner_email' | 'description') => (columns.has(c) ? r[c] : (current?.[c] ?? null));
  const next: ImportRow = { ...r, owner_email: keep('owner_email'), description: keep('description') };
  const same =
    current &&
    current.name === next.name &&
    current.parent_id === next.parent_id &&
    current.owner_email === next.owner_email &&
    current.description === next.description;
  return { kind: !current ? 'create' : same ? 'unchanged' : 'update', row: next, depth: level.depth };
}

const refusal = (problems: RowProblem[]) => {
  const rows = [...new Set(problems.map((p) => p.row))];
  const shown = problems
    .slice(0, 5)
    .map((p) => `row ${p.row}: ${p.message}`)
    .join('; ');
  return invalidInput(
    `CSV import refused, nothing was changed: ${rows.length} bad row(s) (${shown}${problems.length > 5 ? '; …' : ''}).`,
    problems.map((p) => ({
      field: 'body.csv',
      row: p.row,
      entity_id: p.entity_id,
      column: p.field,
      message: p.message,
    })),
  );
};

/** Imports a CSV: creates and updates entities, all or nothing. */
export async function importCsv(ctx: AppContext, org: string, text: string, meta: RequestMeta) {
  const { rows, columns } = parseCsv(text);
  const db = await ctx.db();
  return inOrgTransaction(db, org, async (tx, levels) => {
    const existing = new Map((await loadPathed(tx, org)).map((e) => [e.entity_id, e]));
    const { problems, ops } = planImport(levels, existing, rows, columns);
    if (problems.length) throw refusal(problems);
    const taken = [...existing.keys(), ...rows.flatMap((r) => (r.entity_id ? [r.entity_id] : []))];
    const sequences = new Map(levels.map((l) => [l.level_code, codeSequence(l.code_prefix, taken)]));
    const created: string[] = [];
    const updated: string[] = [];
    // Top level first: every parent exists before its children are written.
    for (const op of [...ops].sort((a, b) => a.depth - b.depth)) {
      const r = op.row;
      if (op.kind === 'unchanged') continue;
      if (op.kind === 'update') {
        await tx.query(
          `UPDATE hierarchy_entities SET name = $3, parent_id = $4, owner_email = $5, description = $6, updated_at = now()
           WHERE org_slug = $1 AND entity_id = $2`,
          [org, r.entity_id, r.name, r.parent_id, r.owner_email, r.description],
        );
        updated.push(r.entity_id!);
        continue;
      }
      const id = r.entity_id ?? sequences.get(r.level_code)!();
      await tx.query(
        `INSERT INTO hierarchy_entities (org_slug, entity_id, name, level_code, parent_id, owner_email, description)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [org, id, r.name, r.level_code, r.parent_id, r.owner_email, r.description],
      );
      created.push(id);
    }
    await auditRequest(tx, org, meta, 'hierarchy.imported', org, {
      created: created.length,
      updated: updated.length,
      rows: rows.length,
    });
    return { created, updated, unchanged: ops.filter((o) => o.kind === 'unchanged').length };
  });
}
