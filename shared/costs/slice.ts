/**
 * One warehouse read per (org, date range): the org's FOCUS money of the range at the grain every cost view needs
 * (UTC day x cost type x provider x service x hierarchy entity x GenAI model x currency), summed exactly in the
 * warehouse, held as a nodejs-polars DataFrame. Every view of the costs router is computed from it in memory.
 *
 * - Source: the org's daily rollup (cost_daily_rollup, shared/costs/rollup.ts), which the pipeline writes at this
 *   grain in the transaction of every FOCUS replace: a read scans the range's day partitions of the rollup, no
 *   GROUP BY over FOCUS. The FOCUS GROUP BY (`sliceSql`) stays as the fallback for filters the rollup cannot
 *   answer (none today). Org and dates are query parameters, never text in the SQL.
 * - Transport: on the embedded warehouse the rollup rows reach polars as a Parquet file DuckDB writes (no JS
 *   object per group); elsewhere (BigQuery) as rows through the port.
 * - Money: each group's sums are exact decimals in the warehouse, held as integer nano-units (1e-9 of the
 *   currency, Int64): sums over groups are exact integer sums; a group's rounding is at most 5e-10.
 * - Counted once (shared/focus/counted-once.ts): GenAI-pipeline rows of a provider whose money the cloud bill
 *   carries that day are not in the slice (the rollup leaves them out; the fallback drops them in memory); they
 *   stay usage detail in the GenAI views.
 * - Memory: the slice holds groups, not rows: its size grows with days x services x entities, not with usage. A
 *   range needing more than COST_SLICE_MAX_GROUPS groups is refused (400: ask for a shorter range).
 */
import { Decimal } from 'decimal.js';
import pl from 'nodejs-polars';
import type { AppContext } from '../context.js';
import { chargeDayInRangeSql, countedOnce } from '../focus/counted-once.js';
import { orgDatasetOf } from '../orgs/org-record.js';
import { monthStart, weekStart } from '../time/day.js';
import { invalidInput } from '../errors/index.js';
import { readRollupFrame, rollupRowsSql, rollupTable } from './rollup.js';
import { COST_DIMENSIONS_SQL } from '../datasets/cost-rollup.js';

export const STRING_COLUMNS = [
  'day',
  'week',
  'month',
  'cost_type',
  'provider',
  'provider_name',
  'service_name',
  'service_category',
  'entity_id',
  'entity_name',
  'level_code',
  'path',
  'genai_model',
  'currency',
] as const;

export interface CostSlice {
  org: string;
  start: string;
  end: string;
  /** The org's cost-data version the slice was read at. */
  version: number;
  frame: pl.DataFrame;
  /** Estimated in-memory size (bytes) of the frame. */
  bytes: number;
  groups: number;
  /** The read's wall time (ms): warehouse query plus frame build. */
  readMs: number;
}

/** A group's sum (exact decimal text or number from the warehouse) in integer nano-units. */
export function toNanos(v: unknown): number {
  if (v === null || v === undefined) return 0;
  const text = String(v);
  // Fast path for plain decimal text (what the warehouse returns): integer digits and the first 9 decimals,
  // rounded half up on the 10th, with integer arithmetic only.
  const m = /^(-?)(\d{1,6})(?:\.(\d*))?$/.exec(text);
  if (m) {
    const fraction = (m[3] ?? '').padEnd(10, '0');
    const nanos = Number(m[2]) * 1e9 + Number(fraction.slice(0, 9)) + (fraction.charCodeAt(9) >= 53 ? 1 : 0);
    return m[1] === '-' ? -nanos : nanos;
  }
  const n = new Decimal(text).times(1e9).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  if (n.abs().gt(Number.MAX_SAFE_INTEGER)) {
    throw invalidInput(`A single day's cost group exceeds ${Number.MAX_SAFE_INTEGER / 1e9} in one currency.`);
  }
  return n.toNumber();
}

/** ISO week start (Monday) of a YYYY-MM-DD day (shared/time/day.ts). */
export const weekOf = weekStart;

/** The grouped read over the FOCUS table: the fallback (BigQuery SQL the embedded warehouse also runs). */
export function sliceSql(table: string): string {
  return `SELECT
  CAST(CAST(f.ChargePeriodStart AS DATE) AS STRING) AS day,
  f.x_cost_type AS cost_type,
  ${COST_DIMENSIONS_SQL}
  SUM(f.BilledCost) AS billed,
  SUM(f.EffectiveCost) AS effective,
  COUNT(*) AS records
FROM ${table} AS f
WHERE f.x_org_slug = @org AND ${chargeDayInRangeSql('f', 'start', 'end')}
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14`;
}

interface GroupRow {
  day: string;
  cost_type: string;
  x_cloud_provider: string | null;
  x_genai_provider: string | null;
  provider: string | null;
  provider_name: string | null;
  service_name: string | null;
  service_category: string | null;
  entity_id: string | null;
  entity_name: string | null;
  level_code: string | null;
  path: string | null;
  genai_model: string | null;
  currency: string | null;
  billed: unknown;
  effective: unknown;
  records: unknown;
}

/**
 * Reads the org's slice of [start, end] (`dataset`: the org's, when the caller has read it) from its daily rollup
 * (shared/costs/rollup.ts), or with `source: 'focus'` by the GROUP BY over the FOCUS table (the fallback for
 * filters the rollup cannot answer). On the embedded warehouse the rollup's rows reach polars as a Parquet file;
 * otherwise as rows through the port.
 */
export async function readCostSlice(
  ctx: AppContext,
  org: string,
  start: string,
  end: string,
  version: number,
  dataset?: string,
  source: 'rollup' | 'focus' = 'rollup',
): Promise<CostSlice> {
  const t0 = performance.now();
  dataset ??= await orgDatasetOf(ctx, org);
  const wh = await ctx.warehouse();
  const params = { org, start, end };
  const max = ctx.config.COST_SLICE_MAX_GROUPS;
  let frame = source === 'rollup' ? await readRollupFrame(wh, rollupTable(wh, dataset), params) : undefined;
  if (frame) {
    refuseGroups(frame.height, max, start, end);
    refuseInexact(frame);
    frame = withWeekAndMonth(frame);
  } else {
    const sql =
      source === 'rollup'
        ? rollupRowsSql(rollupTable(wh, dataset))
        : sliceSql(wh.table(dataset, 'cost_data_standard_1_3'));
    const rows = await wh.query<GroupRow>(sql, params);
    refuseGroups(rows.length, max, start, end);
    // The rollup holds money counted once already; FOCUS groups get the rule here.
    frame = frameOfRows(org, rows, source === 'focus');
  }
  return {
    org,
    start,
    end,
    version,
    frame,
    bytes: frameBytes(frame),
    groups: frame.height,
    readMs: performance.now() - t0,
  };
}

/**
 * The columnar read's nano-units under the limit `toNanos` keeps on the row read: a group whose sum the rollup
 * could not hold as INT64 nano-units (NULL there) or that exceeds what a JS number holds exactly is refused alike.
 */
function refuseInexact(frame: pl.DataFrame) {
  for (const name of ['billed_nanos', 'effective_nanos'] as const) {
    const col = frame.getColumn(name);
    const limit = Number.MAX_SAFE_INTEGER;
    if (
      col.nullCount() > 0 ||
      (frame.height > 0 && (Number(col.max()) > limit || Number(col.min()) < -limit))
    )
      throw invalidInput(`A single day's cost group exceeds ${limit / 1e9} in one currency.`);
  }
}

function refuseGroups(groups: number, max: number, start: string, end: string) {
  if (groups > max) {
    throw invalidInput(
      `${start}..${end} holds ${groups} cost groups (day x provider x service x hierarchy entity); at most ${max} are read at once: ask for a shorter range.`,
    );
  }
}

const NUMBER_COLUMNS = ['billed_nanos', 'effective_nanos', 'records'] as const;

/** The slice's frame from group rows (sums as exact decimal text), counted once in memory when `countOnce`. */
function frameOfRows(org: string, rows: GroupRow[], countOnce: boolean): pl.DataFrame {
  const asFocus = (r: GroupRow) => ({
    x_org_slug: org,
    ChargePeriodStart: r.day,
    x_cost_type: r.cost_type,
    x_cloud_provider: r.x_cloud_provider,
    x_genai_provider: r.x_genai_provider,
  });
  const counted = countOnce ? countedOnce(rows.map(asFocus)) : () => true;
  const columns: Record<string, (string | null)[]> = Object.fromEntries(STRING_COLUMNS.map((c) => [c, []]));
  const billed: number[] = [];
  const effective: number[] = [];
  const records: number[] = [];
  const weeks = new Map<string, string>();
  for (const r of rows) {
    if (!counted(asFocus(r))) continue;
    let week = weeks.get(r.day);
    if (week === undefined) weeks.set(r.day, (week = weekOf(r.day)));
    const group = r as unknown as Record<string, string | null>;
    for (const c of STRING_COLUMNS) {
      columns[c]!.push(c === 'week' ? week : c === 'month' ? monthStart(r.day) : (group[c] ?? null));
    }
    billed.push(toNanos(r.billed));
    effective.push(toNanos(r.effective));
    records.push(Number(r.records));
  }
  return pl.DataFrame({
    ...Object.fromEntries(STRING_COLUMNS.map((c) => [c, pl.Series(c, columns[c]!, pl.Utf8)])),
    billed_nanos: pl.Series('billed_nanos', billed, pl.Int64),
    effective_nanos: pl.Series('effective_nanos', effective, pl.Int64),
    records: pl.Series('records', records, pl.Int64),
  });
}

/** A frame of the rollup's columns with the week and month of each day, in the slice's column order. */
function withWeekAndMonth(frame: pl.DataFrame): pl.DataFrame {
  const days = (frame.getColumn('day').unique().toArray() as string[]).filter((d) => d !== null);
  const calendar = pl.DataFrame({
    day: pl.Series('day', days, pl.Utf8),
    week: pl.Series('week', days.map(weekOf), pl.Utf8),
    month: pl.Series('month', days.map(monthStart), pl.Utf8),
  });
  return frame
    .join(calendar, { on: 'day', how: 'left' })
    .select(
      ...STRING_COLUMNS.map((c) => pl.col(c).cast(pl.Utf8)),
      ...NUMBER_COLUMNS.map((c) => pl.col(c).cast(pl.Int64)),
    );
}

/** Estimated in-memory size of a slice frame: its strings' bytes (plus one a value) and 24 bytes a group. */
function frameBytes(frame: pl.DataFrame): number {
  if (frame.height === 0) return 0;
  // Two selects: nodejs-polars resolves `str.lengths().sum()` in one expression as a sum of strings.
  const sums = frame
    .select(...STRING_COLUMNS.map((c) => pl.col(c).str.lengths().alias(c)))
    .select(...STRING_COLUMNS.map((c) => pl.col(c).sum()))
    .row(0) as (number | null)[];
  return sums.reduce<number>((a, n) => a + Number(n ?? 0), 0) + frame.height * (STRING_COLUMNS.length + 24);
}
