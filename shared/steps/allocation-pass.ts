/**
 * One allocation pass over an org's FOCUS rows (cost_data_standard_1_3): rows are read in batches of whole run dates,
 * each row gets the five x_hierarchy_* columns from the snapshot, and every (pipeline, credential) slice of a batch
 * whose allocation changed is replaced by the same rows with only those five columns set. Every other column (money,
 * lineage x_pipeline_id / x_run_id / x_ingested_at, timestamps to the microsecond) is written back as read, and
 * each replace covers exactly one pipeline's idempotency slice (org, pipeline, credential, run dates), so a re-run
 * of that pipeline still replaces it and nothing is counted twice.
 *
 * Memory: the warehouse port has no cursor and a replace's rows cannot be read from the table inside it (the
 * embedded adapter runs one statement at a time; both adapters delete before they insert), so a batch is held in
 * memory: whole run dates, up to `maxRows` rows (one run date larger than that is read alone).
 */
import { Decimal } from 'decimal.js';
import {
  allocate,
  hierarchyFieldsOf,
  UNALLOCATED,
  type AllocationSnapshot,
} from '../hierarchy/allocation.js';
import type { QueryParams, Slice, Warehouse, WarehouseRow } from '../ports/warehouse/port.js';
import { SliceChangedError, sliceWhere } from '../ports/warehouse/slice.js';
import type { TableDef } from '../ports/warehouse/schema.js';
import { transient } from '../errors/index.js';

export const HIERARCHY_FIELDS = [
  'x_hierarchy_entity_id',
  'x_hierarchy_entity_name',
  'x_hierarchy_level_code',
  'x_hierarchy_path',
  'x_hierarchy_path_names',
] as const;

export interface PassScope {
  org: string;
  /** One pipeline's slice (with its credential, NULL included); omitted: every pipeline of the org. */
  pipeline?: { pipeline_id: string; credential_id: string | null };
  /** Run dates [from, to]; omitted: every run date of the org. */
  range?: { from: string; to: string };
}

export interface PassOptions {
  maxRows: number;
  /** SaaS plan id -> the plan's own hierarchy_entity_id (plans that have one). */
  planEntities: ReadonlyMap<string, string>;
  /** Called before a changed slice is replaced; a string skips it with that reason. */
  guard?: (slice: SliceKey) => Promise<string | null>;
  /** Called between batches (e.g. to stop on the step's timeout). */
  checkpoint?: () => void;
}

export interface SliceKey {
  pipeline_id: string;
  credential_id: string | null;
  from: string;
  to: string;
}

interface Money {
  rows: number;
  billed: Record<string, Decimal>;
  effective: Record<string, Decimal>;
}

export interface PassResult {
  rows_read: number;
  rows_rewritten: number;
  slices_rewritten: number;
  slices_unchanged: number;
  skipped: (SliceKey & { reason: string })[];
  by_entity: Map<string, Money>;
  unallocated: Money;
}

/**
 * The row's allocation. A SaaS subscription row (ResourceId = plan id) whose plan names its own
 * hierarchy_entity_id keeps that entity whatever the rules say: it is set on the plan itself, the most specific
 * assignment there is (rules are patterns over many plans). Plans without one, and plans whose entity is gone, are
 * allocated by the rules like any row. Never reads the row's previous hierarchy columns, so a pass is idempotent.
 */
export function allocationOf(
  row: WarehouseRow,
  snapshot: AllocationSnapshot,
  planEntities: ReadonlyMap<string, string>,
) {
  if (row.x_cost_type === 'subscription' && typeof row.ResourceId === 'string') {
    const own = hierarchyFieldsOf(snapshot, planEntities.get(row.ResourceId));
    if (own) return own;
  }
  return allocate(row, snapshot) ?? UNALLOCATED;
}

const q = (c: string) => `\`${c}\``;
const keyOf = (pipeline: string, credential: string | null) => JSON.stringify([pipeline, credential]);
/** `CAST(ts AS STRING)` text ('2026-01-02 03:04:05.123456+00', UTC on both adapters) as ISO 8601, exact to µs. */
const isoText = (v: unknown) =>
  typeof v === 'string' ? v.replace(' ', 'T').replace(/\+00(:?00)?$/, 'Z') : v;

function baseSlice(scope: PassScope): Slice {
  return {
    equals: {
      x_org_slug: scope.org,
      ...(scope.pipeline
        ? { x_pipeline_id: scope.pipeline.pipeline_id, x_credential_id: scope.pipeline.credential_id }
        : {}),
    },
    ...(scope.range
      ? { dateRange: { column: 'x_pipeline_run_date', from: scope.range.from, to: scope.range.to } }
      : {}),
  };
}

interface Day {
  run_date: string;
  n: number;
  cmin: string | null;
  cmax: string | null;
}

/** Run dates with their row counts and ChargePeriodStart bounds (the partition column), oldest first. */
async function listDays(wh: Warehouse, t: string, def: TableDef, scope: PassScope): Promise<Day[]> {
  const { where, params } = sliceWhere(def, baseSlice(scope), q);
  const rows = await wh.query<Day>(
    `SELECT CAST(x_pipeline_run_date AS STRING) AS run_date, COUNT(*) AS n,
       CAST(MIN(ChargePeriodStart) AS STRING) AS cmin, CAST(MAX(ChargePeriodStart) AS STRING) AS cmax
     FROM ${t} WHERE ${where} GROUP BY 1 ORDER BY 1`,
    params,
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Consecutive run dates packed into batches of at most `maxRows` rows (a larger day alone). */
function batches(days: Day[], maxRows: number): Day[][] {
  const out: Day[][] = [];
  let current: Day[] = [];
  let rows = 0;
  for (const d of days) {
    if (current.length && rows + d.n > maxRows) {
      out.push(current);
      current = [];
      rows = 0;
    }
    current.push(d);
    rows += d.n;
  }
  if (current.length) out.push(current);
  return out;
}

async function readBatch(wh: Warehouse, t: string, def: TableDef, scope: PassScope, batch: Day[]) {
  const from = batch[0]!.run_date;
  const to = batch.at(-1)!.run_date;
  const { where, params } = sliceWhere(
    def,
    { ...baseSlice(scope), dateRange: { column: 'x_pipeline_run_date', from, to } },
    q,
  );
  const bounds = batch.flatMap((d) => [d.cmin, d.cmax]).filter((v): v is string => v !== null);
  const prune: QueryParams = {};
  let pruneSql = '';
  // Only the partitions the batch's rows are in (BigQuery prunes on ChargePeriodStart; a NULL one is still read).
  if (bounds.length) {
    prune.pass_cmin = bounds.reduce((a, b) => (a < b ? a : b));
    prune.pass_cmax = bounds.reduce((a, b) => (a > b ? a : b));
    pruneSql = ` AND (ChargePeriodStart BETWEEN CAST(@pass_cmin AS TIMESTAMP) AND CAST(@pass_cmax AS TIMESTAMP)
      OR ChargePeriodStart IS NULL)`;
  }
  const timestamps = def.columns.filter((c) => c.type === 'TIMESTAMP').map((c) => c.name);
  const select = def.columns
    .map((c) => (c.type === 'TIMESTAMP' ? `CAST(${q(c.name)} AS STRING) AS ${q(c.name)}` : q(c.name)))
    .join(', ');
  const rows = await wh.query(`SELECT ${select} FROM ${t} WHERE ${where}${pruneSql}`, {
    ...params,
    ...prune,
  });
  // A replace deletes the whole range: every row listed must be in hand, or it would be lost.
  const listed = batch.reduce((n, d) => n + d.n, 0);
  if (rows.length !== listed)
    throw transient(
      `FOCUS rows of ${from}..${to} changed while being read (${listed} listed, ${rows.length} read).`,
    );
  for (const row of rows) for (const c of timestamps) row[c] = isoText(row[c]);
  return { from, to, rows };
}

const emptyMoney = (): Money => ({ rows: 0, billed: {}, effective: {} });
function addMoney(m: Money, row: WarehouseRow) {
  m.rows += 1;
  const currency = String(row.BillingCurrency ?? '');
  m.billed[currency] = (m.billed[currency] ?? new Decimal(0)).plus(String(row.BilledCost ?? 0));
  m.effective[currency] = (m.effective[currency] ?? new Decimal(0)).plus(String(row.EffectiveCost ?? 0));
}

/** Allocates the rows of `scope`; see the file comment. */
export async function allocationPass(
  wh: Warehouse,
  dataset: string,
  def: TableDef,
  scope: PassScope,
  snapshot: AllocationSnapshot,
  options: PassOptions,
): Promise<PassResult> {
  const t = wh.table(dataset, def.name);
  const result: PassResult = {
    rows_read: 0,
    rows_rewritten: 0,
    slices_rewritten: 0,
    slices_unchanged: 0,
    skipped: [],
    by_entity: new Map(),
    unallocated: emptyMoney(),
  };
  for (const batch of batches(await listDays(wh, t, def, scope), options.maxRows)) {
    options.checkpoint?.();
    const { from, to, rows } = await readBatch(wh, t, def, scope, batch);
    result.rows_read += rows.length;
    const groups = new Map<string, { rows: WarehouseRow[]; changed: Set<string> }>();
    for (const row of rows) {
      const fields = allocationOf(row, snapshot, options.planEntities);
      const key = keyOf(String(row.x_pipeline_id), (row.x_credential_id as string | null) ?? null);
      const group = groups.get(key) ?? { rows: [], changed: new Set<string>() };
      groups.set(key, group);
      for (const f of HIERARCHY_FIELDS) {
        if ((row[f] ?? null) !== fields[f]) {
          group.changed.add(String(row.x_pipeline_run_date));
          row[f] = fields[f];
        }
      }
      group.rows.push(row);
      const entity = fields.x_hierarchy_entity_id;
      if (entity === null) addMoney(result.unallocated, row);
      else {
        const m = result.by_entity.get(entity) ?? emptyMoney();
        result.by_entity.set(entity, m);
        addMoney(m, row);
      }
    }
    for (const [key, group] of groups) {
      if (!group.changed.size) {
        result.slices_unchanged += 1;
        continue;
      }
      const [pipeline_id, credential_id] = JSON.parse(key) as [string, string | null];
      await writeSlice(wh, dataset, def, scope.org, options, result, {
        slice: { pipeline_id, credential_id, from, to },
        rows: group.rows,
        changed: group.changed,
      });
    }
  }
  return result;
}

/**
 * Replaces one pipeline's slice over the batch's run dates, as a compare-and-swap: only if the slice still holds the
 * rows that were read (same count and run ids, checked in the write's transaction), so a run of that pipeline that
 * replaced it in between keeps its rows. When the guard refuses it, or it changed, each changed run date is tried on
 * its own, so one run in flight (or one newer run date) holds back only the dates it covers.
 */
async function writeSlice(
  wh: Warehouse,
  dataset: string,
  def: TableDef,
  org: string,
  options: PassOptions,
  result: PassResult,
  part: { slice: SliceKey; rows: WarehouseRow[]; changed: ReadonlySet<string> },
): Promise<void> {
  const { slice, rows } = part;
  const reason =
    (options.guard ? await options.guard(slice) : null) ??
    (await replaceIfUnchanged(wh, dataset, def, org, slice, rows));
  if (reason && slice.from !== slice.to) {
    for (const day of [...part.changed].sort()) {
      const dayRows = rows.filter((r) => String(r.x_pipeline_run_date) === day);
      const one = { slice: { ...slice, from: day, to: day }, rows: dayRows, changed: new Set([day]) };
      await writeSlice(wh, dataset, def, org, options, result, one);
    }
    return;
  }
  if (reason) {
    result.skipped.push({ ...slice, reason });
    return;
  }
  result.slices_rewritten += 1;
  result.rows_rewritten += rows.length;
}

/** The replace of writeSlice; a reason when the slice changed since it was read (nothing written), else null. */
async function replaceIfUnchanged(
  wh: Warehouse,
  dataset: string,
  def: TableDef,
  org: string,
  slice: SliceKey,
  rows: WarehouseRow[],
): Promise<string | null> {
  const where = {
    equals: { x_org_slug: org, x_pipeline_id: slice.pipeline_id, x_credential_id: slice.credential_id },
    dateRange: { column: 'x_pipeline_run_date', from: slice.from, to: slice.to },
  };
  const expected = { rows: rows.length, runIds: rows.map((r) => String(r.x_run_id)) };
  try {
    await wh.replaceSlice(dataset, def, where, rows, expected);
    return null;
  } catch (err) {
    if (err instanceof SliceChangedError) return 'rows changed since they were read';
    throw err;
  }
}

/** The tallies as plain JSON for the run log (amounts as exact decimal text per currency). */
export function tallies(result: PassResult) {
  const plain = (m: Money) => ({
    rows: m.rows,
    billed_cost: Object.fromEntries(Object.entries(m.billed).map(([c, v]) => [c, v.toFixed()])),
    effective_cost: Object.fromEntries(Object.entries(m.effective).map(([c, v]) => [c, v.toFixed()])),
  });
  return {
    allocated: Object.fromEntries([...result.by_entity].sort().map(([id, m]) => [id, plain(m)])),
    unallocated: plain(result.unallocated),
  };
}
