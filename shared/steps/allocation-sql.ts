/**
 * The warehouse side of an allocation pass (allocation-pass.ts): FOCUS rows never pass through JS.
 *
 * - `readGroups`: the DISTINCT allocation inputs of a batch (the columns `allocationOf` reads, projected to what it
 *   reads of them), with the lineage keys, the run id, the currency and the current five x_hierarchy_* columns;
 *   per group the row count and exact money sums.
 * - `writeAllocated`: a changed slice is copied, with its five columns taken from a mapping table (allocation
 *   inputs -> the five fields) by a NULL-safe join on every input, into a staging table (CREATE TABLE ... AS
 *   SELECT), checked against what was read, and the slice is replaced from it (a compare-and-swap on what was read;
 *   derived tables are refreshed by the replace). The staging table is dropped afterwards.
 *
 * Scratch tables: on DuckDB they are TEMP tables of the warehouse's one connection (never in an org's dataset,
 * gone with the connection should the process die before dropping them); on BigQuery, tables in the dataset that
 * expire by themselves after a day.
 *
 * BigQuery SQL; the embedded adapter translates it (shared/ports/warehouse/embedded/dialect.ts).
 */
import { randomUUID } from 'node:crypto';
import type { AllocationSnapshot } from '../hierarchy/allocation.js';
import type { QueryParams, Slice, SliceExpectation, Warehouse } from '../ports/warehouse/port.js';
import { SliceChangedError, sliceHolds, sliceWhere } from '../ports/warehouse/slice.js';
import type { TableDef } from '../ports/warehouse/schema.js';

export const HIERARCHY_FIELDS = [
  'x_hierarchy_entity_id',
  'x_hierarchy_entity_name',
  'x_hierarchy_level_code',
  'x_hierarchy_path',
  'x_hierarchy_path_names',
] as const;

const q = (c: string) => `\`${c}\``;

/** The fields of AllocatableRow (shared/hierarchy/allocation.ts); only those the table has are read. */
const INPUTS = [
  'x_cost_type',
  'x_credential_id',
  'x_cloud_provider',
  'x_cloud_account_id',
  'SubAccountId',
  'BillingAccountId',
  'Tags',
  'x_genai_provider',
  'x_genai_account_id',
  'workspace_id',
  'api_key_id',
  'ResourceId',
  'provider',
  'plan_name',
  'SkuId',
] as const;

/** One allocation input as read: its name and its SQL over the FOCUS row (alias `f`), as STRING. */
export interface KeyColumn {
  name: string;
  sql: string;
}

/**
 * The allocation inputs of `def` and how each is read. Only what allocation reads of a column is kept, so rows that
 * allocate alike group together: ResourceId only for subscription / genai rows (a plan id, an api key), SkuId only
 * for subscription rows (saas/<provider>/<plan>), Tags only when a rule matches tags (as JSON text, the same on
 * both sides of the join).
 */
export function keyColumns(wh: Warehouse, def: TableDef, snapshot: AllocationSnapshot): KeyColumn[] {
  const has = new Set(def.columns.map((c) => c.name));
  const type = new Map(def.columns.map((c) => [c.name, c.type]));
  const tagRules = snapshot.rules.some((r) => r.match.kind === 'tag');
  const costType = has.has('x_cost_type') ? 'f.`x_cost_type`' : 'CAST(NULL AS STRING)';
  return INPUTS.filter((name) => has.has(name)).map((name) => {
    let sql = `f.${q(name)}`;
    if (type.get(name) === 'JSON')
      // BigQuery cannot group or compare JSON; DuckDB's JSON is its text (no TO_JSON_STRING there).
      sql = wh.kind === 'bigquery' ? `TO_JSON_STRING(${sql})` : `CAST(${sql} AS STRING)`;
    else if (type.get(name) !== 'STRING') sql = `CAST(${sql} AS STRING)`;
    if (name === 'Tags' && !tagRules) sql = 'CAST(NULL AS STRING)';
    if (name === 'ResourceId') sql = `CASE WHEN ${costType} IN ('subscription', 'genai') THEN ${sql} END`;
    if (name === 'SkuId') sql = `CASE WHEN ${costType} = 'subscription' THEN ${sql} END`;
    return { name, sql };
  });
}

/** A group of a batch's rows: same slice, run date, run id, currency, allocation inputs and current fields. */
export interface Group {
  pipeline_id: string;
  credential_id: string | null;
  run_date: string;
  run_id: string;
  currency: string | null;
  /** Allocation inputs by name (k_0.. in key order). */
  inputs: Record<string, string | null>;
  /** The current five x_hierarchy_* columns. */
  current: Record<string, string | null>;
  n: number;
  billed: string | null;
  effective: string | null;
}

/** The slice's rows' partitions (ChargePeriodStart bounds of the batch), to prune on BigQuery. */
export interface Prune {
  cmin: string;
  cmax: string;
}

function pruneOf(prune: Prune | null, alias: string) {
  if (!prune) return { sql: '', params: {} as QueryParams };
  // A NULL ChargePeriodStart is still read.
  return {
    sql: ` AND (${alias}ChargePeriodStart BETWEEN CAST(@pass_cmin AS TIMESTAMP) AND CAST(@pass_cmax AS TIMESTAMP)
      OR ${alias}ChargePeriodStart IS NULL)`,
    params: { pass_cmin: prune.cmin, pass_cmax: prune.cmax } as QueryParams,
  };
}

/** The groups of the rows of `slice` (see Group). */
export async function readGroups(
  wh: Warehouse,
  t: string,
  def: TableDef,
  slice: Slice,
  keys: readonly KeyColumn[],
  prune: Prune | null,
): Promise<Group[]> {
  const { where, params } = sliceWhere(def, slice, (c) => `f.${q(c)}`);
  const p = pruneOf(prune, 'f.');
  const dims = [
    'f.`x_pipeline_id` AS pipeline_id',
    'f.`x_credential_id` AS credential_id',
    'CAST(f.`x_pipeline_run_date` AS STRING) AS run_date',
    'f.`x_run_id` AS run_id',
    'f.`BillingCurrency` AS currency',
    ...keys.map((k, i) => `${k.sql} AS k_${i}`),
    ...HIERARCHY_FIELDS.map((h, i) => `f.${q(h)} AS h_${i}`),
  ];
  const rows = await wh.query<Record<string, unknown>>(
    `SELECT ${dims.join(', ')}, COUNT(*) AS n,
       CAST(SUM(f.BilledCost) AS STRING) AS billed, CAST(SUM(f.EffectiveCost) AS STRING) AS effective
     FROM ${t} AS f WHERE ${where}${p.sql}
     GROUP BY ${dims.map((_, i) => i + 1).join(', ')}`,
    { ...params, ...p.params },
  );
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.map((r) => ({
    pipeline_id: String(r.pipeline_id),
    credential_id: text(r.credential_id),
    run_date: String(r.run_date),
    run_id: String(r.run_id),
    currency: text(r.currency),
    inputs: Object.fromEntries(keys.map((k, i) => [k.name, text(r[`k_${i}`])])),
    current: Object.fromEntries(HIERARCHY_FIELDS.map((h, i) => [h, text(r[`h_${i}`])])),
    n: Number(r.n),
    billed: text(r.billed),
    effective: text(r.effective),
  }));
}

/** Allocation inputs -> the five fields, for a batch's changed slices; the warehouse table they are joined from. */
export interface Mapping {
  table: string;
  drop(): Promise<void>;
}

/** A scratch table: its name in SQL, and the DDL prefix that creates it (TEMP on DuckDB, expiring on BigQuery). */
interface Scratch {
  name: string;
  table: string;
  /** `CREATE ... TABLE <table>`, before the column list or `AS`. */
  create: string;
  /** Table options after the column list (BigQuery's expiration), or ''. */
  options: string;
}

let counter = 0;

/**
 * A new scratch table of the pass. DuckDB: a TEMP table (catalog `temp`), private to the warehouse's connection and
 * dropped with it, so a pass that dies leaves nothing in the org's dataset. BigQuery (no TEMP tables outside a
 * script): a table in the dataset that expires by itself after a day should the pass die before dropping it.
 */
function scratch(wh: Warehouse, dataset: string, kind: string): Scratch {
  const name = `ca_alloc_${kind}_${process.pid}_${++counter}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  if (wh.kind === 'bigquery') {
    const table = wh.table(dataset, name);
    return {
      name,
      table,
      create: `CREATE TABLE ${table}`,
      options: ' OPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 1 DAY))',
    };
  }
  return { name, table: `\`temp.main.${name}\``, create: `CREATE TEMP TABLE ${q(name)}`, options: '' };
}

/** Rows written into a DuckDB scratch table per statement (one JSON parameter each). */
const MAPPING_CHUNK = 5_000;

/** Writes the mapping table of `entries` (inputs by key order, then the five fields), a scratch table. */
export async function createMapping(
  wh: Warehouse,
  dataset: string,
  keys: readonly KeyColumn[],
  entries: readonly { inputs: Record<string, string | null>; fields: Record<string, string | null> }[],
): Promise<Mapping> {
  const s = scratch(wh, dataset, 'map');
  const columns = [
    ...keys.map((_, i) => `k_${i}`),
    ...HIERARCHY_FIELDS.map((_, i) => `h_${i}`),
    'alloc_hit',
  ].map((c) => ({ name: c, type: 'STRING' as const }));
  await wh.query(`${s.create} (${columns.map((c) => `${q(c.name)} STRING`).join(', ')})${s.options}`);
  const drop = () => wh.query(`DROP TABLE IF EXISTS ${s.table}`).then(() => undefined);
  try {
    const rows = entries.map((e) => ({
      ...Object.fromEntries(keys.map((k, i) => [`k_${i}`, e.inputs[k.name] ?? null])),
      ...Object.fromEntries(HIERARCHY_FIELDS.map((h, i) => [`h_${i}`, e.fields[h] ?? null])),
      alloc_hit: '1',
    }));
    if (wh.kind === 'bigquery') {
      const mapDef: TableDef = {
        name: s.name,
        description: 'allocation pass mapping (scratch)',
        version: 1,
        columns,
      };
      await wh.replaceSlice(dataset, mapDef, { equals: { alloc_hit: '1' } }, rows);
    } else {
      // A TEMP table is outside every dataset: the rows go in as JSON text, a chunk per statement.
      const cols = columns.map((c) => `r->>'${c.name}' AS ${q(c.name)}`).join(', ');
      for (let i = 0; i < rows.length; i += MAPPING_CHUNK)
        await wh.query(
          `INSERT INTO ${s.table} SELECT ${cols} FROM (SELECT unnest(CAST(@rows AS JSON[])) AS r)`,
          { rows: JSON.stringify(rows.slice(i, i + MAPPING_CHUNK)) },
        );
    }
  } catch (err) {
    await drop().catch(() => undefined);
    throw err;
  }
  return { table: s.table, drop };
}

/**
 * The join of a FOCUS row (alias `f`) to its mapping row (alias `m`): every input equal, NULL matching NULL. Written
 * as equalities of COALESCEd values plus equal NULL-ness (exactly IS NOT DISTINCT FROM): BigQuery refuses a LEFT
 * JOIN whose condition has no equality of fields from both sides.
 */
export function mappingJoin(keys: readonly KeyColumn[]): string {
  if (!keys.length) return 'TRUE';
  return keys
    .map(
      (k, i) => `COALESCE(${k.sql}, '') = COALESCE(m.k_${i}, '') AND (${k.sql} IS NULL) = (m.k_${i} IS NULL)`,
    )
    .join(' AND ');
}

/**
 * Replaces the rows of `slice` with the same rows, their five x_hierarchy_* columns from `mapping`, if the slice
 * still holds `expected`; a reason when it changed since it was read (nothing written), else null.
 */
export async function writeAllocated(
  wh: Warehouse,
  dataset: string,
  def: TableDef,
  slice: Slice,
  keys: readonly KeyColumn[],
  mapping: Mapping,
  prune: Prune | null,
  expected: SliceExpectation,
): Promise<string | null> {
  const changed = 'rows changed since they were read';
  const t = wh.table(dataset, def.name);
  const { where, params } = sliceWhere(def, slice, (c) => `f.${q(c)}`);
  const p = pruneOf(prune, 'f.');
  const hierarchy = new Map<string, number>(HIERARCHY_FIELDS.map((h, i) => [h, i]));
  const select = def.columns.map((c) =>
    hierarchy.has(c.name) ? `m.h_${hierarchy.get(c.name)} AS ${q(c.name)}` : `f.${q(c.name)}`,
  );
  const s = scratch(wh, dataset, 'rows');
  const staging = s.table;
  await wh.query(
    `${s.create}${s.options} AS
     SELECT ${select.join(', ')}, m.alloc_hit AS alloc_hit
     FROM ${t} AS f LEFT JOIN ${mapping.table} AS m ON ${mappingJoin(keys)}
     WHERE ${where}${p.sql}`,
    { ...params, ...p.params },
  );
  try {
    // The copy must be exactly the rows that were read, each with its mapping (else they changed meanwhile).
    const [state] = await wh.query(
      `SELECT COUNT(*) AS n, COALESCE(STRING_AGG(DISTINCT x_run_id, ',' ORDER BY x_run_id), '') AS ids,
         SUM(CASE WHEN alloc_hit IS NULL THEN 1 ELSE 0 END) AS misses
       FROM ${staging}`,
    );
    if (!sliceHolds(state, expected) || Number(state?.misses ?? 0) > 0) return changed;
    const cols = def.columns.map((c) => q(c.name)).join(', ');
    await wh.replaceSliceFromQuery(dataset, def, slice, `SELECT ${cols} FROM ${staging}`, {}, expected);
    return null;
  } catch (err) {
    if (err instanceof SliceChangedError) return changed;
    throw err;
  } finally {
    await wh.query(`DROP TABLE IF EXISTS ${staging}`).catch(() => undefined);
  }
}
