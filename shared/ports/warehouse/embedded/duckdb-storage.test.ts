/**
 * The storage format: files the adapter creates are in the v1.5.0 format and export loads compress their text with
 * ZSTD; a file created before (DuckDB's default format, no ZSTD) keeps its format and loads compress with FSST.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { testTable } from '../tables/test-table.js';
import { openDuckDb } from './duckdb.js';

const dir = mkdtempSync(join(tmpdir(), 'cloudact-duckdb-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const def = testTable('org STRING REQUIRED, doc JSON');
// More rows than a DuckDB row group (122,880): the load writes them to the file itself, compressed as it is set.
const ROWS = 130_000;
const csv = join(dir, 'export.csv');
writeFileSync(csv, `org,n\n${Array.from({ length: ROWS }, (_, i) => `acme,${i}`).join('\n')}\n`);

/** Loads the CSV into the file's table through the engine; returns the compressions its `doc` column got. */
async function loadAndInspect(file: string): Promise<{ version: string; doc: string[] }> {
  const wh = await openDuckDb(file);
  try {
    await wh.ensureDataset('storage_test');
    await wh.ensureTable('storage_test', def);
    const n = await wh.replaceSliceFromFiles!(
      'storage_test',
      def,
      { equals: { org: 'acme' } },
      {
        files: [{ path: csv, name: 'export.csv', format: 'csv' }],
        // ~150 bytes of JSON a row, like the raw billing rows' kept columns.
        select: (_f, reader) =>
          `SELECT ${reader.column(0)} AS org, CAST('{"n":' || ${reader.column(1)} || ',"kept":"' || repeat('x', 120) || '"}' AS JSON) AS doc FROM ${reader.from}`,
      },
    );
    expect(n).toBe(ROWS);
    await wh.query('CHECKPOINT');
    const [db] = await wh.query<{ version: string }>(
      "SELECT tags['storage_version'] AS version FROM duckdb_databases() WHERE database_name = current_database()",
    );
    const doc = await wh.query<{ compression: string }>(
      `SELECT DISTINCT compression FROM pragma_storage_info('storage_test.${def.name}')
       WHERE column_name = 'doc' AND segment_type <> 'VALIDITY'`,
    );
    return { version: db!.version, doc: doc.map((r) => r.compression).sort() };
  } finally {
    await wh.close();
  }
}

describe('DuckDB storage format', () => {
  it('creates files in the v1.5.0 format, whose export loads compress text with ZSTD', async () => {
    const got = await loadAndInspect(join(dir, 'new.duckdb'));
    expect(got.version).toBe('v1.5.0+');
    expect(got.doc).toEqual(['ZSTD']);
  });

  it('opens a file of the old default format as it is: its loads compress text with FSST', async () => {
    const file = join(dir, 'old.duckdb');
    const old = await DuckDBInstance.create(file);
    (await old.connect()).closeSync();
    old.closeSync();
    const got = await loadAndInspect(file);
    expect(got.version).toBe('v1.0.0+');
    expect(got.doc).toEqual(['FSST']);
  });
});
