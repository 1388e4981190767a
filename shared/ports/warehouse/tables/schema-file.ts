import { z } from 'zod';
import { COLUMN_NAME, type Column, type ColumnType, type TableDef } from '../schema.js';

// A table's own columns are declared in BigQuery's JSON schema format (what `bq mk --schema` and the API take:
// an array of { name, type, mode, description }); the definition in code adds name, description, version,
// partitioning, clustering and the column groups several tables share, each owned once in code.

const COLUMN_TYPES: Record<ColumnType, true> = {
  STRING: true,
  INT64: true,
  NUMERIC: true,
  BIGNUMERIC: true,
  FLOAT64: true,
  BOOL: true,
  DATE: true,
  TIMESTAMP: true,
  JSON: true,
};

/** One field of a BigQuery JSON schema, limited to what the port's `Column` can say (no RECORD, no REPEATED). */
const SchemaFieldSchema = z.strictObject({
  name: z.string().regex(COLUMN_NAME, 'not a column name'),
  type: z.enum(Object.keys(COLUMN_TYPES) as [ColumnType, ...ColumnType[]]),
  mode: z.enum(['REQUIRED', 'NULLABLE']).optional(),
  description: z.string().optional(),
});

/**
 * The columns of a BigQuery JSON schema file, validated; an omitted mode stays omitted (NULLABLE, the default).
 * Throws naming the file and the column of the first problems.
 */
export function schemaColumns(file: string, json: unknown): Column[] {
  const parsed = z.array(SchemaFieldSchema).safeParse(json);
  if (parsed.success) return parsed.data;
  const fields = Array.isArray(json) ? (json as unknown[]) : [];
  const problems = parsed.error.issues.map((issue) => {
    const [index, ...path] = issue.path;
    const field = typeof index === 'number' ? (fields[index] as { name?: unknown } | undefined) : undefined;
    const column = typeof field?.name === 'string' ? ` (${field.name})` : '';
    const where = typeof index === 'number' ? `column ${index + 1}${column}` : 'the schema';
    return `${where}${path.length ? ` ${path.join('.')}` : ''}: ${issue.message}`;
  });
  throw new Error(`Invalid schema file ${file}: ${problems.join('; ')}`);
}

/** A table whose own columns come from `schemas/<name>.json`, with the shared column groups placed around them. */
export interface SchemaTable extends Omit<TableDef, 'columns'> {
  /** Shared columns before the file's own. */
  before?: readonly Column[];
  /** Shared columns placed right after the named column of the file. */
  after?: Readonly<Record<string, readonly Column[]>>;
  /** Shared columns after the file's own (lineage and the other x_* groups). */
  append?: readonly Column[];
}

/** The `TableDef` of `def` with the columns of its schema file `json` (`schemas/<def.name>.json`). */
export function tableFromSchema(json: unknown, def: SchemaTable): TableDef {
  const { before = [], after = {}, append = [], ...table } = def;
  const file = `schemas/${def.name}.json`;
  const own = schemaColumns(file, json);
  const placed = (name: string) => (Object.hasOwn(after, name) ? (after[name] ?? []) : []);
  for (const name of Object.keys(after)) {
    if (!own.some((c) => c.name === name))
      throw new Error(`Invalid schema file ${file}: no column ${name} to place shared columns after`);
  }
  return { ...table, columns: [...before, ...own.flatMap((c) => [c, ...placed(c.name)]), ...append] };
}
