/** DUCKDB_MEMORY_LIMIT and DUCKDB_THREADS reach DuckDB when the embedded warehouse opens. */
import { describe, expect, it } from 'vitest';
import { openDuckDb } from './duckdb.js';

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
});
