/**
 * Running one statement on the DuckDB connection: parameters bound by name (only the ones it uses), values read
 * back as the port's (BIGINT as number, timestamps as ISO text), and the slow-statement log.
 */
import { DuckDBTypeId, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { QueryParams, WarehouseRow } from '../port.js';
import { logger } from '../../../logging/logger.js';
import type { Session } from './duckdb.js';

/**
 * `run`, logging each statement that takes `slowMs` or longer (DUCKDB_SLOW_STATEMENT_MS): its time and the start
 * of its SQL, never its parameters. Unset: `run` as it is.
 */
export function timed(slowMs: number | undefined, run: Session['run']): Session['run'] {
  if (slowMs === undefined) return run;
  return async (sql, params) => {
    const start = performance.now();
    const rows = await run(sql, params);
    const ms = performance.now() - start;
    if (ms >= slowMs)
      logger.info('duckdb slow statement', {
        ms: Math.round(ms),
        rows: rows.length === 1 && 'Count' in rows[0]! ? rows[0].Count : rows.length,
        sql: sql.replace(/\s+/g, ' ').trim().slice(0, SLOW_SQL_CHARS),
      });
    return rows;
  };
}
const SLOW_SQL_CHARS = 240;

export async function runOn(
  conn: DuckDBConnection,
  sql: string,
  params?: QueryParams,
): Promise<WarehouseRow[]> {
  // DuckDB refuses named parameters the statement does not use; BigQuery ignores them. Bind only the used ones.
  const used = new Set([...sql.matchAll(/\$([A-Za-z_]\w*)/g)].map((m) => m[1]));
  const bound = params
    ? Object.fromEntries(
        Object.entries(params)
          .filter(([k]) => used.has(k))
          .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : (v as DuckDBValue)]),
      )
    : undefined;
  const reader = await conn.runAndReadAll(sql, bound as Record<string, DuckDBValue> | undefined);
  const names = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.typeId);
  return reader.getRowObjectsJson().map((row) => {
    const out: WarehouseRow = {};
    names.forEach((n, i) => (out[n] = normalise(row[n], types[i])));
    return out;
  });
}

function normalise(v: unknown, type: DuckDBTypeId | undefined): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
      return Number(v);
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP:
      return isoTimestamp(String(v));
    default:
      return v;
  }
}

/** DuckDB prints '2026-01-02 03:04:05.123+00' (TIMESTAMPTZ) or without offset (TIMESTAMP, meaning UTC). */
function isoTimestamp(v: string): string {
  const t = v.replace(' ', 'T');
  const withZone = /[+-]\d\d(:?\d\d)?$/.test(t) ? t.replace(/([+-]\d\d)$/, '$1:00') : `${t}Z`;
  return new Date(withZone).toISOString();
}
