import type { Column, ColumnType, TableDef } from './schema.js';
import { assertDataset, assertTableDef } from './schema.js';
import type { EnsureResult, QueryParams, Warehouse } from './port.js';
import { schemaVersionsTable } from './tables/schema-versions.js';
import { backfillDerived, derivedVersion, recordDerivedVersion } from './derived.js';

/** A column as the warehouse has it. */
export interface ExistingColumn {
  name: string;
  /**
   * Its type in the port's terms. A type the port has no name for keeps the warehouse's own spelling (e.g.
   * 'TIME', 'DECIMAL(10,2)'): it then matches no definition and errors can name it. Undefined only when the
   * warehouse reports no type at all; the type is then not compared.
   */
  type: ColumnType | (string & Record<never, never>) | undefined;
  /** REQUIRED / NOT NULL. */
  required: boolean;
}

/** In-place changes that keep every stored value. */
export interface ColumnChanges {
  /** Columns whose type becomes the definition's (only NUMERIC -> BIGNUMERIC: see `widensInPlace`). */
  widen: readonly Column[];
  /** Existing columns (the warehouse's names) whose NOT NULL is dropped. */
  relax: readonly string[];
}

/** What an adapter provides so that table creation and evolution work the same way everywhere. */
export interface TablePrimitives {
  existingColumns(dataset: string, table: string): Promise<ExistingColumn[] | undefined>;
  createTable(dataset: string, def: TableDef): Promise<void>;
  addColumns(dataset: string, def: TableDef, columns: readonly Column[]): Promise<void>;
  alterColumns(dataset: string, def: TableDef, changes: ColumnChanges): Promise<void>;
}

/** Type changes applied in place: each keeps every value exactly (BigQuery coerces NUMERIC to BIGNUMERIC). */
const WIDENINGS: ReadonlySet<string> = new Set(['NUMERIC->BIGNUMERIC']);
const widensInPlace = (from: string, to: ColumnType) => WIDENINGS.has(`${from}->${to}`);

/**
 * Creates a table or evolves it towards the definition without losing data: adds missing columns (NULLABLE),
 * widens NUMERIC to BIGNUMERIC, and drops NOT NULL from columns the definition makes nullable or no longer
 * lists (those are kept, never dropped). Any other type difference throws before anything is changed. Then
 * records the definition's version in the dataset's `schema_versions`; then ensures its derived tables: a new one,
 * or one last derived at an older version of its definition, is derived again from the rows already there (the
 * result is then 'updated' for an existing source). Re-runnable.
 */
export async function ensureTable(
  wh: Pick<Warehouse, 'query' | 'table'>,
  p: TablePrimitives,
  dataset: string,
  def: TableDef,
): Promise<EnsureResult> {
  assertDataset(dataset);
  assertTableDef(def);
  const existing = await p.existingColumns(dataset, def.name);
  let result: EnsureResult = 'existing';
  if (!existing) {
    await p.createTable(dataset, def);
    result = 'created';
  } else {
    const { missing, changes } = plan(dataset, def, existing);
    if (missing.length > 0) {
      // New columns are added as NULLABLE: existing rows have no value for them.
      await p.addColumns(dataset, def, missing);
      result = 'updated';
    }
    if (changes.widen.length > 0 || changes.relax.length > 0) {
      await p.alterColumns(dataset, def, changes);
      result = 'updated';
    }
  }
  if (def.name !== schemaVersionsTable.name) await recordVersion(wh, dataset, def);
  // Its derived tables exist wherever it does; one created now, or last derived by an older definition (its
  // version), is derived from the rows already there, then that version is recorded (a failure is retried).
  for (const d of def.derived ?? []) {
    const session = { run: (sql: string, params?: QueryParams) => wh.query(sql, params), table: wh.table };
    const derivedAt = await derivedVersion(session, dataset, def, d);
    const ensured = await ensureTable(wh, p, dataset, d.def);
    if (ensured === 'created' || derivedAt < d.def.version) {
      await backfillDerived(session, dataset, def, d);
      await recordDerivedVersion(session, dataset, def, d);
      if (ensured !== 'created' && result === 'existing') result = 'updated';
    }
  }
  return result;
}

/** What to add and alter; throws (naming every offending column) on a type that cannot change in place. */
function plan(dataset: string, def: TableDef, existing: readonly ExistingColumn[]) {
  const have = new Map(existing.map((c) => [c.name.toLowerCase(), c]));
  const wanted = new Map(def.columns.map((c) => [c.name.toLowerCase(), c]));
  const missing: Column[] = [];
  const widen: Column[] = [];
  const conflicts: string[] = [];
  for (const c of def.columns) {
    const e = have.get(c.name.toLowerCase());
    if (!e) missing.push(c);
    else if (e.type !== undefined && e.type !== c.type) {
      if (widensInPlace(e.type, c.type)) widen.push(c);
      else conflicts.push(`column ${c.name} is ${e.type} in the warehouse but ${c.type} in the definition`);
    }
  }
  if (conflicts.length > 0)
    throw new Error(
      `Table ${dataset}.${def.name}: ${conflicts.join('; ')}. Only NUMERIC -> BIGNUMERIC changes in place; ` +
        'add a new column for any other type change.',
    );
  // A column the definition makes nullable, or no longer lists (its data is kept), must accept NULL:
  // inserts that do not name it write NULL.
  const relax = existing
    .filter((e) => e.required && wanted.get(e.name.toLowerCase())?.mode !== 'REQUIRED')
    .map((e) => e.name);
  return { missing, changes: { widen, relax } satisfies ColumnChanges };
}

async function recordVersion(wh: Pick<Warehouse, 'query' | 'table'>, dataset: string, def: TableDef) {
  const t = wh.table(dataset, schemaVersionsTable.name);
  const rows = await wh.query<{ v: number | null }>(
    `SELECT MAX(version) AS v FROM ${t} WHERE table_name = @name`,
    {
      name: def.name,
    },
  );
  if ((rows[0]?.v ?? 0) >= def.version) return;
  await wh.query(
    `INSERT INTO ${t} (table_name, version, applied_at) VALUES (@name, @version, CURRENT_TIMESTAMP())`,
    {
      name: def.name,
      version: def.version,
    },
  );
}
