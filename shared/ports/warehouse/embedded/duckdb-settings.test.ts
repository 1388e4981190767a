/** DUCKDB_MEMORY_LIMIT, DUCKDB_THREADS and DUCKDB_SLOW_STATEMENT_MS reach DuckDB when the warehouse opens. */
import { afterEach, describe, expect, it } from 'vitest';
import { openDuckDb } from './duckdb.js';
import { setLogSink } from '../../../logging/logger.js';
import { testTable } from '../tables/test-table.js';

describe('openDuckDb settings', () => {
  it('applies memory_limit and threads, and leaves DuckDB its defaults when unset', async () => {
    const set = await openDuckDb(':memory:', { memoryLimit: '256MB', threads: 1 });
    const defaults = await openDuckDb(':memory:');
    try {
      const read = `SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t`;
      const [a] = await set.query<{ m: string; t: number }>(read);
      expect(a).toEqual({ m: '244.1 MiB', t: 1 });
      const [b] = await defaults.query<{ m: string; t: number }>(read);
      expect(b!.m).not.toBe('244.1 MiB');
    } finally {
      await set.close();
      await defaults.close();
    }
  });

  describe('slow statements', () => {
    const lines: Record<string, unknown>[] = [];
    afterEach(() => setLogSink((line) => process.stdout.write(line + '\n')));
    const capture = () => {
      lines.length = 0;
      setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    };
    const slow = () => lines.filter((l) => l.message === 'duckdb slow statement');

    it('logs each statement at or over the threshold with its time, rows and SQL (never its parameters), COMMIT too', async () => {
      const wh = await openDuckDb(':memory:', { slowStatementMs: 0 });
      capture();
      try {
        await wh.ensureDataset('acme_co_test');
        const def = testTable('org_slug STRING REQUIRED, cost NUMERIC');
        await wh.ensureTable('acme_co_test', def);
        const rows = [
          { org_slug: 'acme', cost: '1.5' },
          { org_slug: 'acme', cost: '2' },
        ];
        await wh.replaceSlice('acme_co_test', def, { equals: { org_slug: 'acme' } }, rows);
        await wh.query('SELECT @secret AS s', { secret: 'sk-do-not-log' });
      } finally {
        await wh.close();
      }
      const logged = slow();
      expect(logged.some((l) => l.sql === 'COMMIT')).toBe(true);
      expect(logged.some((l) => String(l.sql).startsWith('SELECT @secret AS s') && l.rows === 1)).toBe(true);
      expect(logged.every((l) => typeof l.ms === 'number' && String(l.sql).length <= 240)).toBe(true);
      expect(JSON.stringify(lines)).not.toContain('sk-do-not-log');
    });

    it('logs nothing when unset or when every statement is faster than the threshold', async () => {
      for (const settings of [{}, { slowStatementMs: 60_000 }]) {
        const wh = await openDuckDb(':memory:', settings);
        capture();
        try {
          await wh.query('SELECT 1 AS x');
        } finally {
          await wh.close();
        }
        expect(slow()).toEqual([]);
      }
    });
  });
});
