/**
 * The cost slice's read from the org's daily rollup (cost_daily_rollup, shared/datasets/cost-rollup.ts): one row
 * per group of the slice's grain already, counted once and summed exactly by the pipeline, so a read is a scan of
 * the range's day partitions, no GROUP BY and no join. Which filters the rollup answers decides the source:
 * a filter on a column the rollup does not keep would read the FOCUS table (`sliceSql`, the fallback).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { costDailyRollup } from '../datasets/cost-rollup.js';
import type { Warehouse } from '../ports/warehouse/port.js';

/** The filters of the cost views that the rollup answers: each is a column of it. */
export const ROLLUP_FILTERS: ReadonlySet<string> = new Set([
  'provider',
  'service_category',
  'cost_type',
  'hierarchy_entity_id',
]);

/** Query keys that are not filters (the range and the trend's granularity). */
const NOT_FILTERS = new Set(['start_date', 'end_date', 'granularity']);

/**
 * Where a slice for this query is read: the rollup unless the query filters on a column the rollup does not keep
 * (none of today's filters: provider, service category, cost type and hierarchy entity are rollup columns; a
 * filter on e.g. region, account or resource would read the FOCUS table).
 */
export function sliceSource(query: Record<string, unknown>): 'rollup' | 'focus' {
  const filters = Object.keys(query).filter((k) => !NOT_FILTERS.has(k) && query[k] !== undefined);
  return filters.every((k) => ROLLUP_FILTERS.has(k)) ? 'rollup' : 'focus';
}

/** The rollup table of a dataset, as the warehouse names it. */
export const rollupTable = (wh: Warehouse, dataset: string) => wh.table(dataset, costDailyRollup.name);

/** The slice's dimensions (the provider columns the counted-once rule read stay in the rollup). */
const DIMENSIONS = `CAST(r.day AS STRING) AS day,
  r.cost_type,
  r.provider,
  r.provider_name,
  r.service_name,
  r.service_category,
  r.entity_id,
  r.entity_name,
  r.level_code,
  r.path,
  r.genai_model,
  r.currency`;

const WHERE = `r.x_org_slug = @org AND r.day BETWEEN CAST(@start AS DATE) AND CAST(@end AS DATE)`;

/** The org's rollup rows of [@start, @end] with their sums as exact decimals (`billed`, `effective`). */
export function rollupRowsSql(table: string): string {
  return `SELECT ${DIMENSIONS},
  r.billed_cost AS billed,
  r.effective_cost AS effective,
  r.records
FROM ${table} AS r
WHERE ${WHERE}`;
}

/** The same rows with the sums as the rollup's integer nano-units, for the columnar read. */
export function rollupNanosSql(table: string): string {
  return `SELECT ${DIMENSIONS},
  r.billed_nanos,
  r.effective_nanos,
  r.records
FROM ${table} AS r
WHERE ${WHERE}`;
}

/**
 * The rollup rows of the range as a polars frame read from a Parquet file the warehouse writes (no JS object per
 * row), or undefined when the warehouse has no columnar export (BigQuery: the caller reads rows).
 */
export async function readRollupFrame(
  wh: Warehouse,
  table: string,
  params: { org: string; start: string; end: string },
): Promise<pl.DataFrame | undefined> {
  if (!wh.queryToParquet) return undefined;
  // In a directory of its own (0700): the org's figures are never readable by other users of the machine.
  const dir = mkdtempSync(join(tmpdir(), 'cloudact-cost-slice-'));
  try {
    const file = join(dir, 'slice.parquet');
    await wh.queryToParquet(rollupNanosSql(table), params, file);
    return pl.readParquet(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
