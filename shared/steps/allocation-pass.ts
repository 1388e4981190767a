/**
 * One allocation pass over an org's FOCUS rows (cost_data_standard_1_3), in batches of whole run dates: the
 * warehouse groups each batch's rows by what allocation reads (allocation-sql.ts), each distinct group is allocated
 * here (`allocationOf`, the same rules as for a row), and every (pipeline, credential) slice of the batch whose
 * allocation changed is replaced in the warehouse by the same rows with only the five x_hierarchy_* columns set.
 * Every other column (money, lineage x_pipeline_id / x_run_id / x_ingested_at, timestamps to the microsecond) is
 * copied by the warehouse, never read into JS, and each replace covers exactly one pipeline's idempotency slice
 * (org, pipeline, credential, run dates), so a re-run of that pipeline still replaces it and nothing is counted twice.
 *
 * Memory: per batch, one entry per distinct group (slice, run date, run id, currency, allocation inputs, current
 * fields), not per row; a batch is whole run dates of up to `maxRows` rows (one larger run date alone), which bounds
 * what one replace copies.
 */
import { Decimal } from 'decimal.js';
import {
  type AllocationSnapshot,
  allocate,
  hierarchyFieldsOf,
  UNALLOCATED,
} from '../hierarchy/allocation.js';
import type { Slice, Warehouse, WarehouseRow } from '../ports/warehouse/port.js';
import { sliceWhere } from '../ports/warehouse/slice.js';
import type { TableDef } from '../ports/warehouse/schema.js';
import { transient } from '../errors/index.js';
import {
  createMapping,
  type Group,
  HIERARCHY_FIELDS,
  type KeyColumn,
  keyColumns,
  type Mapping,
  type Prune,
  readGroups,
  writeAllocated,
} from './allocation-sql.js';

export { HIERARCHY_FIELDS } from './allocation-sql.js';

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

/** The ChargePeriodStart bounds of a batch's rows (BigQuery prunes partitions on it), or null when all are NULL. */
function pruneOf(batch: Day[]): Prune | null {
  const bounds = batch.flatMap((d) => [d.cmin, d.cmax]).filter((v): v is string => v !== null);
  if (!bounds.length) return null;
  return {
    cmin: bounds.reduce((a, b) => (a < b ? a : b)),
    cmax: bounds.reduce((a, b) => (a > b ? a : b)),
  };
}

/** One slice of a batch: its rows' count and run ids per run date, and the run dates whose allocation changed. */
interface SliceRows {
  days: Map<string, { rows: number; runIds: Set<string> }>;
  changed: Set<string>;
}

/** A group's allocation inputs, or its five hierarchy fields, by column name. */
type Fields = Record<string, string | null>;

/** What a write needs of a batch: its key columns, its partitions and the mapping table (made on first use). */
interface BatchWrite {
  keys: readonly KeyColumn[];
  prune: Prune | null;
  mapping: () => Promise<Mapping>;
}

async function readBatch(
  wh: Warehouse,
  t: string,
  def: TableDef,
  scope: PassScope,
  batch: Day[],
  keys: KeyColumn[],
) {
  const from = batch[0]!.run_date;
  const to = batch.at(-1)!.run_date;
  const slice = { ...baseSlice(scope), dateRange: { column: 'x_pipeline_run_date', from, to } };
  const groups = await readGroups(wh, t, def, slice, keys, pruneOf(batch));
  // A replace deletes the whole range: every row listed must be accounted for, or it would be lost.
  const listed = batch.reduce((n, d) => n + d.n, 0);
  const read = groups.reduce((n, g) => n + g.n, 0);
  if (read !== listed)
    throw transient(
      `FOCUS rows of ${from}..${to} changed while being read (${listed} listed, ${read} read).`,
    );
  return { from, to, groups };
}

const emptyMoney = (): Money => ({ rows: 0, billed: {}, effective: {} });
function addMoney(m: Money, g: Group) {
  m.rows += g.n;
  const currency = g.currency ?? '';
  m.billed[currency] = (m.billed[currency] ?? new Decimal(0)).plus(g.billed ?? 0);
  m.effective[currency] = (m.effective[currency] ?? new Decimal(0)).plus(g.effective ?? 0);
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
  const keys = keyColumns(wh, def, snapshot);
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
    const { from, to, groups } = await readBatch(wh, t, def, scope, batch, keys);
    const { slices, allocated } = allocateGroups(groups, snapshot, options, result);
    const entries = new Map<string, { inputs: Fields; fields: Fields }>();
    for (const g of allocated) {
      if (slices.get(keyOf(g.pipeline_id, g.credential_id))?.changed.size)
        entries.set(JSON.stringify(keys.map((k) => g.inputs[k.name])), {
          inputs: g.inputs,
          fields: g.fields,
        });
    }
    let mapping: Promise<Mapping> | undefined;
    const write: BatchWrite = {
      keys,
      prune: pruneOf(batch),
      mapping: () => (mapping ??= createMapping(wh, dataset, keys, [...entries.values()])),
    };
    try {
      for (const [key, part] of slices) {
        if (!part.changed.size) {
          result.slices_unchanged += 1;
          continue;
        }
        const [pipeline_id, credential_id] = JSON.parse(key) as [string, string | null];
        await writeSlice(wh, dataset, def, scope.org, options, result, write, {
          slice: { pipeline_id, credential_id, from, to },
          part,
        });
      }
    } finally {
      if (mapping) await (await mapping).drop().catch(() => undefined);
    }
  }
  return result;
}

/** Allocates each group (tallies in `result`); the batch's slices with their rows per day and changed days. */
function allocateGroups(
  groups: readonly Group[],
  snapshot: AllocationSnapshot,
  options: PassOptions,
  result: PassResult,
): { slices: Map<string, SliceRows>; allocated: (Group & { fields: Fields })[] } {
  const slices = new Map<string, SliceRows>();
  const allocated: (Group & { fields: Fields })[] = [];
  const memo = new Map<string, Fields>();
  for (const g of groups) {
    result.rows_read += g.n;
    const memoKey = JSON.stringify(g.inputs);
    let fields = memo.get(memoKey);
    if (!fields) {
      fields = allocationOf(g.inputs, snapshot, options.planEntities) as Fields;
      memo.set(memoKey, fields);
    }
    allocated.push({ ...g, fields });
    const key = keyOf(g.pipeline_id, g.credential_id);
    const part = slices.get(key) ?? { days: new Map(), changed: new Set<string>() };
    slices.set(key, part);
    const day = part.days.get(g.run_date) ?? { rows: 0, runIds: new Set<string>() };
    part.days.set(g.run_date, day);
    day.rows += g.n;
    day.runIds.add(g.run_id);
    if (HIERARCHY_FIELDS.some((f) => g.current[f] !== fields[f])) part.changed.add(g.run_date);
    const entity = fields.x_hierarchy_entity_id;
    if (entity === null || entity === undefined) addMoney(result.unallocated, g);
    else {
      const m = result.by_entity.get(entity) ?? emptyMoney();
      result.by_entity.set(entity, m);
      addMoney(m, g);
    }
  }
  return { slices, allocated };
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
  write: BatchWrite,
  target: { slice: SliceKey; part: SliceRows },
): Promise<void> {
  const { slice, part } = target;
  const days = [...part.days].filter(([d]) => d >= slice.from && d <= slice.to);
  const expected = {
    rows: days.reduce((n, [, d]) => n + d.rows, 0),
    runIds: [...new Set(days.flatMap(([, d]) => [...d.runIds]))],
  };
  const reason =
    (options.guard ? await options.guard(slice) : null) ??
    (await replaceIfUnchanged(wh, dataset, def, org, write, slice, expected));
  if (reason && slice.from !== slice.to) {
    for (const day of [...part.changed].sort()) {
      const one = { slice: { ...slice, from: day, to: day }, part: { ...part, changed: new Set([day]) } };
      await writeSlice(wh, dataset, def, org, options, result, write, one);
    }
    return;
  }
  if (reason) {
    result.skipped.push({ ...slice, reason });
    return;
  }
  result.slices_rewritten += 1;
  result.rows_rewritten += expected.rows;
}

/** The replace of writeSlice; a reason when the slice changed since it was read (nothing written), else null. */
async function replaceIfUnchanged(
  wh: Warehouse,
  dataset: string,
  def: TableDef,
  org: string,
  write: BatchWrite,
  slice: SliceKey,
  expected: { rows: number; runIds: string[] },
): Promise<string | null> {
  const where: Slice = {
    equals: { x_org_slug: org, x_pipeline_id: slice.pipeline_id, x_credential_id: slice.credential_id },
    dateRange: { column: 'x_pipeline_run_date', from: slice.from, to: slice.to },
  };
  const mapping = await write.mapping();
  return writeAllocated(wh, dataset, def, where, write.keys, mapping, write.prune, expected);
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
