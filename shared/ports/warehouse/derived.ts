/**
 * Derived tables (TableDef.derived, e.g. the daily cost rollup of the FOCUS table) refreshed inside the
 * transaction of every replace of their source: the UTC days the replace touched (the days of the rows it
 * deletes and of the rows it writes) are derived again from the source, whole days at a time: the derived rows
 * of [first, last] touched day are deleted and the derived select's rows of those days inserted. So the derived
 * table always equals its select over the source, a rerun gives the same rows, and a failed replace leaves both
 * tables as they were (one transaction).
 *
 * BigQuery SQL, authored once: the embedded adapter runs the statements through its dialect layer; BigQuery
 * runs them in the replace's multi-statement script, with script variables for the day range (`scriptParams`).
 */
import type { QueryParams, WarehouseRow } from './port.js';
import type { DerivedTable, TableDef } from './schema.js';
import { schemaVersionsTable } from './tables/schema-versions.js';

/** The touched UTC days of one derived table, [from, to] ('YYYY-MM-DD'), or nulls when none. */
export interface DayRange {
  from: string | null;
  to: string | null;
}

/** What the statements need of an adapter: BigQuery SQL run in the caller's transaction, and table names. */
export interface DerivedSession {
  run(sql: string, params?: QueryParams): Promise<WarehouseRow[]>;
  table(dataset: string, name: string): string;
}

const col = (name: string) => `\`${name}\``;

/**
 * The first and last UTC day (STRING) of the source rows matching `where` (over `sourceDay`); with `widen`, widened
 * by the range already found (@refresh_from, @refresh_to, DATE: NULL when none).
 */
export function touchedDaysSql(source: string, d: DerivedTable, where: string, widen = true): string {
  const previous = widen
    ? `
    UNION ALL SELECT CAST(@refresh_from AS DATE) AS d
    UNION ALL SELECT CAST(@refresh_to AS DATE) AS d`
    : '';
  return `SELECT CAST(MIN(touched.d) AS STRING) AS refresh_from, CAST(MAX(touched.d) AS STRING) AS refresh_to FROM (
    SELECT CAST(${col(d.sourceDay)} AS DATE) AS d FROM ${source} WHERE ${where}${previous}
  ) AS touched`;
}

/** The refresh of [@refresh_from, @refresh_to]: delete the derived rows of those days, insert the select's. */
export function refreshSql(d: DerivedTable, source: string, target: string): string[] {
  const cols = d.def.columns.map((c) => col(c.name)).join(', ');
  return [
    `DELETE FROM ${target} WHERE ${col(d.day)} BETWEEN CAST(@refresh_from AS DATE) AND CAST(@refresh_to AS DATE)`,
    `INSERT INTO ${target} (${cols}) SELECT ${cols} FROM (${d.select(source)}) AS derived`,
  ];
}

/** Touched day ranges of each derived table of `def` over the rows matching `where` (`previous`: widened). */
export async function touchedDays(
  s: DerivedSession,
  dataset: string,
  def: TableDef,
  where: string,
  params: QueryParams,
  previous?: readonly DayRange[],
): Promise<DayRange[]> {
  const source = s.table(dataset, def.name);
  const out: DayRange[] = [];
  for (const [i, d] of (def.derived ?? []).entries()) {
    const prev = previous?.[i];
    // Widened by the previous range only when there is one (BigQuery cannot type a NULL parameter).
    const widen = !!prev?.from && !!prev.to;
    const [row] = await s.run(
      touchedDaysSql(source, d, where, widen),
      widen ? { ...params, refresh_from: prev.from, refresh_to: prev.to } : params,
    );
    out.push({ from: dayText(row?.refresh_from), to: dayText(row?.refresh_to) });
  }
  return out;
}

const dayText = (v: unknown) => (v === null || v === undefined ? null : String(v).slice(0, 10));

/** Derives again the touched days of each derived table of `def` (in the caller's transaction). */
export async function refreshDerived(
  s: DerivedSession,
  dataset: string,
  def: TableDef,
  ranges: readonly DayRange[],
): Promise<void> {
  const source = s.table(dataset, def.name);
  for (const [i, d] of (def.derived ?? []).entries()) {
    const r = ranges[i];
    if (!r?.from || !r.to) continue;
    for (const sql of refreshSql(d, source, s.table(dataset, d.def.name)))
      await s.run(sql, { refresh_from: r.from, refresh_to: r.to });
  }
}

/**
 * The partition filter of a replace's DELETE (BigQuery): the slice's old rows lie in the days of the `before`
 * range of a derived table whose source day is the table's REQUIRED partition column, so the DELETE prunes to
 * those partitions instead of scanning every one ('' when no derived table gives that range).
 */
function deletePruneSql(def: TableDef, i: number): string {
  const c = def.columns.find((x) => x.name === def.partitionBy);
  if (!c || c.mode !== 'REQUIRED') return '';
  const [from, to] = [`refresh_from_${i}`, `refresh_to_${i}`];
  // A NULL range (no old rows) deletes nothing, which is right: every row has a partition day.
  return c.type === 'DATE'
    ? ` AND ${col(c.name)} BETWEEN ${from} AND ${to}`
    : ` AND ${col(c.name)} >= TIMESTAMP(${from}) AND ${col(c.name)} < TIMESTAMP(DATE_ADD(${to}, INTERVAL 1 DAY))`;
}

/**
 * The statements of a BigQuery script that refresh the derived tables of `def`: `declare` (at the script's
 * start), `before` (in the transaction, before the slice's DELETE), `deleteFilter` (appended to the DELETE's WHERE:
 * the partitions of the rows it deletes) and `after` (after its INSERT, before the COMMIT). The day range lives in
 * script variables `refresh_from_<i>` / `refresh_to_<i>`. The table is scanned for the slice once (`before`: the
 * days of the rows it deletes); the days of the rows written are read from `written`, the table of the rows the
 * INSERT copies (the staging table, or the script's temp table), not from the whole table again.
 */
export function derivedScript(
  table: (dataset: string, name: string) => string,
  dataset: string,
  def: TableDef,
  where: string,
  written: string,
): { declare: string; before: string; deleteFilter: string; after: string } {
  const source = table(dataset, def.name);
  const parts = (def.derived ?? []).map((d, i) => {
    const vars = (sql: string) => sql.replace(/@refresh_(from|to)\b/g, `refresh_$1_${i}`);
    const set = (sql: string) =>
      `SET (refresh_from_${i}, refresh_to_${i}) = (SELECT AS STRUCT CAST(refresh_from AS DATE), CAST(refresh_to AS DATE) FROM (${vars(sql)}));`;
    const refresh = refreshSql(d, source, table(dataset, d.def.name))
      .map((s) => `${vars(s)};`)
      .join('\n        ');
    return {
      declare: `DECLARE refresh_from_${i} DATE DEFAULT NULL; DECLARE refresh_to_${i} DATE DEFAULT NULL;`,
      before: set(touchedDaysSql(source, d, where, false)),
      prune: d.sourceDay === def.partitionBy ? deletePruneSql(def, i) : '',
      after: `${set(touchedDaysSql(written, d, 'TRUE', true))}
      IF refresh_from_${i} IS NOT NULL THEN
        ${refresh}
      END IF;`,
    };
  });
  return {
    declare: parts.map((p) => p.declare).join('\n'),
    before: parts.map((p) => p.before).join('\n'),
    deleteFilter: parts.find((p) => p.prune)?.prune ?? '',
    after: parts.map((p) => p.after).join('\n'),
  };
}

/**
 * One MERGE that replaces the derived rows of [@refresh_from, @refresh_to] with the select's: atomic by itself on
 * both engines (a DML statement), where a DELETE then an INSERT run as two jobs could leave the days deleted.
 */
export function replaceDaysMergeSql(d: DerivedTable, source: string, target: string): string {
  const names = d.def.columns.map((c) => col(c.name));
  return `MERGE INTO ${target} AS target
  USING (SELECT ${names.join(', ')} FROM (${d.select(source)}) AS derived) AS fresh
  ON FALSE
  WHEN NOT MATCHED BY SOURCE
    AND target.${col(d.day)} BETWEEN CAST(@refresh_from AS DATE) AND CAST(@refresh_to AS DATE) THEN DELETE
  WHEN NOT MATCHED THEN INSERT (${names.join(', ')}) VALUES (${names.map((n) => `fresh.${n}`).join(', ')})`;
}

/**
 * Derives every day of the source into a derived table that was just created (a dataset that had source rows
 * before the derived table existed): the source's day range is read, then one MERGE replaces the derived rows of
 * those days, so a failure leaves the derived table as it was (on BigQuery no transaction spans two query jobs).
 */
export async function backfillDerived(
  s: DerivedSession,
  dataset: string,
  def: TableDef,
  d: DerivedTable,
): Promise<void> {
  if (!(def.derived ?? []).includes(d)) throw new Error(`${d.def.name} is not derived from ${def.name}`);
  const [range] = await touchedDays(s, dataset, { ...def, derived: [d] }, 'TRUE', {});
  if (!range?.from || !range.to) return;
  await s.run(replaceDaysMergeSql(d, s.table(dataset, def.name), s.table(dataset, d.def.name)), {
    refresh_from: range.from,
    refresh_to: range.to,
  });
}

/**
 * A derived table's row in the dataset's `schema_versions`: `<derived>:derived_from:<source>`, whose version is the
 * derived table's definition version (TableDef.version) its rows were last derived by, in full. Written only after
 * a full derivation (`backfillDerived`), so a definition whose select changed (its version bumped) is derived again
 * by the next sync, and a derivation that failed is retried.
 */
export const derivationKey = (def: TableDef, d: DerivedTable) => `${d.def.name}:derived_from:${def.name}`;

/** The definition version the dataset's rows of `d` were last derived by in full (0: never). */
export async function derivedVersion(
  s: DerivedSession,
  dataset: string,
  def: TableDef,
  d: DerivedTable,
): Promise<number> {
  const [row] = await s.run(
    `SELECT MAX(version) AS v FROM ${s.table(dataset, schemaVersionsTable.name)} WHERE table_name = @name`,
    { name: derivationKey(def, d) },
  );
  return Number(row?.v ?? 0);
}

/** Records that the dataset's rows of `d` are derived by its current definition version. */
export async function recordDerivedVersion(
  s: DerivedSession,
  dataset: string,
  def: TableDef,
  d: DerivedTable,
): Promise<void> {
  await s.run(
    `INSERT INTO ${s.table(dataset, schemaVersionsTable.name)} (table_name, version, applied_at)
    VALUES (@name, @version, CURRENT_TIMESTAMP())`,
    { name: derivationKey(def, d), version: d.def.version },
  );
}
