/**
 * The price step's work in the warehouse (see price-groups.ts): the run's raw rows grouped, one representative per
 * group priced by priceRawRow, the groups' lines written to the working table, and every row's cost lines
 * computed by one INSERT ... SELECT in the transaction that replaces the run's slice of genai_payg_costs_daily.
 */
import { genaiPaygCostsDaily, genaiPaygUsageRaw } from '../../datasets/index.js';
import type { Warehouse } from '../../ports/warehouse/port.js';
import type { PriceOptions } from '../pricing/price-book.js';
import { priceRawRow, type CostLineRow, type OrgPriceBooks } from './price.js';
import {
  costLinesSql,
  genaiPaygPriceLines,
  groupLines,
  groupMembersSql,
  groupQueryParams,
  representativesSql,
  runModelsSql,
  shapeOf,
  TOKEN_COLUMNS,
  type GroupParams,
} from './price-groups.js';
import { BOOK_PROVIDER, type GenAiProvider, type RawUsageRow } from './raw.js';

/** The run whose raw rows are priced: its slice keys and dates. */
export interface PriceRunScope {
  org: string;
  pipeline: string;
  credential: string | null;
  runId: string;
  start: string;
  end: string;
}

/** A raw row as the group queries return it: its group, the group's size and least usage_row_id. */
type GroupedRow = RawUsageRow & {
  x_genai_account_id: string | null;
  x_pipeline_run_date: string;
  price_group: string;
  group_rows: number;
  group_head: string;
};

/** One group's lines and how many raw rows they apply to. */
interface PricedGroup {
  rows: number;
  lines: CostLineRow[];
}

/**
 * The long-context tests of the run: the raw (provider, model) pairs that either book prices with a
 * long-context tier on a day of the run, and those tiers' thresholds (rows of these models are grouped by which
 * side of each threshold they fall).
 */
async function longContextOf(
  wh: Warehouse,
  raw: string,
  slice: Omit<GroupParams, 'thresholds' | 'lcModels'>,
  books: OrgPriceBooks,
  options: PriceOptions,
): Promise<Pick<GroupParams, 'thresholds' | 'lcModels'>> {
  const used = await wh.query<{ provider: GenAiProvider; model: string; usage_date: string }>(
    runModelsSql(raw),
    slice,
  );
  const thresholds = new Set<number>();
  const models = new Map<string, { provider: string; model: string }>();
  for (const u of used) {
    for (const book of [books.contracted, books.list]) {
      const threshold = book.priceFor(BOOK_PROVIDER[u.provider], u.model, u.usage_date, options)?.entry
        .long_context?.threshold_tokens;
      if (threshold === undefined) continue;
      thresholds.add(threshold);
      models.set(`${u.provider}\n${u.model}`, { provider: u.provider, model: u.model });
    }
  }
  return { thresholds: [...thresholds].sort((a, b) => a - b), lcModels: [...models.values()] };
}

/** NUMERIC unit columns come back as decimal strings; priceRawRow reads numbers (as the extract wrote them). */
function asRaw(r: GroupedRow): GroupedRow {
  // In place: spreading the ~40 columns into a copy is slow in V8.
  if (r.images !== null) r.images = Number(r.images);
  if (r.characters !== null) r.characters = Number(r.characters);
  if (r.seconds !== null) r.seconds = Number(r.seconds);
  return r;
}

/**
 * Whether the representative's lines hold for every row of its group: each line bills one token bucket, and its
 * quantity is the bucket's count (so the warehouse can recompute it per row); invalid usage names the row.
 */
function sharable(r: GroupedRow, lines: readonly CostLineRow[]): boolean {
  return lines.every((l) => {
    const column = TOKEN_COLUMNS[l.token_type as keyof typeof TOKEN_COLUMNS];
    if (!column || l.quantity !== String(r[column])) return false;
    return !l.unpriced_reason?.startsWith('invalid_usage:');
  });
}

/** Prices the groups and writes their lines to the working table; returns each group's lines and size. */
async function priceGroups(
  wh: Warehouse,
  dataset: string,
  scope: PriceRunScope,
  q: { raw: string; params: GroupParams },
  books: OrgPriceBooks,
  options: PriceOptions,
): Promise<PricedGroup[]> {
  const n = shapeOf(q.params);
  const params = groupQueryParams(q.params);
  const reps = await wh.query<GroupedRow>(representativesSql(q.raw, n), params);
  const keys = { ...workingSlice(scope), x_run_id: scope.runId };
  const groups: PricedGroup[] = [];
  const written: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const rep of reps.map(asRaw)) {
    if (seen.has(rep.price_group)) continue; // the group's least usage_row_id twice: one representative
    seen.add(rep.price_group);
    const lines = priceRawRow(rep, books, options);
    if (rep.group_rows === 1 || !sharable(rep, lines)) {
      // Priced one by one: each row's lines are written whole.
      const members =
        rep.group_rows === 1
          ? [rep]
          : (
              await wh.query<GroupedRow>(groupMembersSql(q.raw, n), { ...params, group: rep.price_group })
            ).map(asRaw);
      // Whole lines join their row by usage_row_id: rows sharing an id must have the same lines (written once).
      const byId = new Map<string, string>();
      for (const m of members) {
        const own = m === rep ? lines : priceRawRow(m, books, options);
        groups.push({ rows: 1, lines: own });
        const same = byId.get(m.usage_row_id);
        const text = JSON.stringify(own);
        if (same === undefined) written.push(...groupLines(rep.price_group, own, true, keys));
        else if (same !== text) {
          throw new Error(
            `Usage rows ${m.usage_row_id} share an id but not their counts: they cannot be priced apart.`,
          );
        }
        byId.set(m.usage_row_id, text);
      }
    } else {
      groups.push({ rows: rep.group_rows, lines });
      written.push(...groupLines(rep.price_group, lines, false, keys));
    }
  }
  const scratch = workingSlice(scope);
  await wh.ensureTable(dataset, genaiPaygPriceLines);
  await wh.replaceSlice(dataset, genaiPaygPriceLines, scratch, written);
  return groups;
}

/** The run log's unpriced summary: lines per provider/model with the first reason met (run date, row order). */
function unpricedSummary(groups: readonly PricedGroup[]) {
  let count = 0;
  const models = new Map<string, { reason: string; lines: number }>();
  for (const g of groups) {
    for (const u of g.lines.filter((l) => l.pricing_status === 'unpriced')) {
      count += g.rows;
      const key = `${u.provider}/${u.model ?? `(${u.usage_kind})`}`;
      const seen = models.get(key) ?? { reason: u.unpriced_reason ?? '', lines: 0 };
      seen.lines += g.rows;
      models.set(key, seen);
    }
  }
  return { count, models };
}

/** The run's slice of the working table (one run of a pipeline and credential at a time). */
const workingSlice = (s: PriceRunScope) => ({
  x_org_slug: s.org,
  x_pipeline_id: s.pipeline,
  x_credential_id: s.credential,
});

/**
 * Prices the run's raw rows into its slice of genai_payg_costs_daily (run dates), in the warehouse; returns the
 * lines written and the unpriced summary of the run log.
 */
export async function priceRunInWarehouse(
  wh: Warehouse,
  dataset: string,
  scope: PriceRunScope,
  books: OrgPriceBooks,
  options: PriceOptions = {},
) {
  const raw = wh.table(dataset, genaiPaygUsageRaw.name);
  const slice = {
    org: scope.org,
    pipeline: scope.pipeline,
    credential: scope.credential,
    start: scope.start,
    end: scope.end,
  };
  const params: GroupParams = { ...slice, ...(await longContextOf(wh, raw, slice, books, options)) };
  const groups = await priceGroups(wh, dataset, scope, { raw, params }, books, options);
  // The statement fails before it commits unless the run still has these rows giving these lines (a concurrent
  // extract of the same run changed the raw slice between the two reads): the step is retried from the start.
  const expected = {
    expected_rows: groups.reduce((n, g) => n + g.rows, 0),
    expected_lines: groups.reduce((n, g) => n + g.rows * g.lines.length, 0),
  };
  const sql = costLinesSql(raw, wh.table(dataset, genaiPaygPriceLines.name), shapeOf(params));
  const costSlice = {
    equals: workingSlice(scope),
    dateRange: { column: 'x_pipeline_run_date', from: scope.start, to: scope.end },
  };
  const written = await wh.replaceSliceFromQuery(dataset, genaiPaygCostsDaily, costSlice, sql, {
    ...groupQueryParams(params),
    ...expected,
    run_id: scope.runId,
  });
  await wh.replaceSlice(dataset, genaiPaygPriceLines, workingSlice(scope), []);
  return { written, unpriced: unpricedSummary(groups) };
}
