import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from '../port.js';

const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
  async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const r = await q.query<T>(sql, params as unknown[]);
    // `rowCount` is the command tag's count, as pg reports it (`affectedRows` is 0 for a SELECT).
    return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length };
  },
  async exec(sql: string) {
    await q.exec(sql);
  },
});

/** The embedded database, plus a snapshot of its files (what `from` takes to start a copy without initdb). */
export interface PgliteDatabase extends Database {
  snapshot(): Promise<Blob>;
}

/**
 * Embedded Postgres (WASM) with its files under `dataDir`, or in memory for `memory://`. `from` starts it from
 * a snapshot of another instance's files (`snapshot()`) instead of a fresh initdb, which takes seconds.
 */
export async function openPglite(dataDir: string, from?: Blob): Promise<PgliteDatabase> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // Same value shapes as the pg adapter: DATE as 'YYYY-MM-DD', INT8 as number, NUMERIC as string.
  const pg = await PGlite.create(dataDir, {
    parsers: { [types.DATE]: (v: string) => v, [types.INT8]: (v: string) => Number(v) },
    ...(from ? { loadDataDir: from } : {}),
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
    snapshot: () => pg.dumpDataDir('none'),
  };
}
