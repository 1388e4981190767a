/**
 * What a dashboard read would cost on BigQuery, computed here since no dry run can reach BigQuery from this machine:
 * the logical bytes BigQuery bills for reading the columns a cold read references (`rollupRowsSql`: the slice's
 * dimensions, sums and row count, filtered by org and day) in the day partitions of its range. A column's size is
 * BigQuery's documented logical size (STRING 2 + UTF-8 bytes, DATE and INT64 8, BIGNUMERIC 32; NULL 0), summed
 * over the rollup rows DuckDB holds for the same data, so it is what a dry run reports for these rows, before the
 * on-demand minimum of 10 MB per table a query bills.
 */
import { rollupRowsSql } from '../shared/costs/rollup.js';
import { costDailyRollup } from '../shared/datasets/cost-rollup.js';
import type { Warehouse } from '../shared/ports/warehouse/port.js';

/** The rollup columns a cold read references (shared/costs/rollup.ts rollupRowsSql: `r.<column>`, its WHERE too). */
const READ = [...new Set([...rollupRowsSql('t').matchAll(/\br\.(\w+)/g)].map((m) => m[1]!))];

const FIXED: Record<string, number> = {
  DATE: 8,
  INT64: 8,
  NUMERIC: 16,
  BIGNUMERIC: 32,
  TIMESTAMP: 8,
  BOOL: 1,
};

/** One column's logical size in BigQuery for a row, as DuckDB SQL. */
function size(name: string): string {
  const type = costDailyRollup.columns.find((c) => c.name === name)?.type;
  if (!type) throw new Error(`cost_daily_rollup has no column ${name}`);
  const q = `"${name}"`;
  if (type === 'STRING') return `COALESCE(2 + strlen(${q}), 0)`;
  if (!(type in FIXED)) throw new Error(`no BigQuery size for ${type}`);
  return `CASE WHEN ${q} IS NULL THEN 0 ELSE ${FIXED[type]} END`;
}

export interface ReadBytes {
  /** Rollup rows of the range. */
  rows: number;
  /** Logical bytes a read of the range processes. */
  bytes: number;
}

/** The logical bytes BigQuery would process for a cold read of [start, end] of one org (see the module comment). */
export async function bigQueryReadBytes(
  wh: Warehouse,
  table: string,
  org: string,
  start: string,
  end: string,
): Promise<ReadBytes> {
  const [row] = await wh.query<{ rows: number; bytes: string | number }>(
    `SELECT COUNT(*) AS rows, CAST(COALESCE(SUM(${READ.map(size).join(' + ')}), 0) AS BIGINT) AS bytes
     FROM ${table} WHERE x_org_slug = @org AND day BETWEEN CAST(@start AS DATE) AND CAST(@end AS DATE)`,
    { org, start, end },
  );
  return { rows: Number(row?.rows ?? 0), bytes: Number(row?.bytes ?? 0) };
}
