import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Warehouse, WarehouseRow } from '../port.js';
import type { Column, TableDef } from '../schema.js';
import { toDuckDbSql } from './dialect.js';
import { openDuckDb } from './duckdb.js';
import { testTable } from '../tables/test-table.js';

const open: Warehouse[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudact-duck-'));
  dirs.push(dir);
  return join(dir, 'nested', 'warehouse.duckdb');
};

async function openWarehouse(file = ':memory:') {
  const wh = await openDuckDb(file);
  open.push(wh);
  return wh;
}

const costTable = (overrides: Partial<TableDef> = {}): TableDef =>
  testTable(
    'org_slug STRING REQUIRED, usage_date DATE REQUIRED, credential_id STRING, provider STRING, cost NUMERIC, tokens INT64, ingested_at TIMESTAMP',
    { partitionBy: 'usage_date', clusterBy: ['org_slug'], ...overrides },
  );

const costRow = (overrides: WarehouseRow = {}): WarehouseRow => ({
  org_slug: 'acme_co',
  usage_date: '2026-01-02',
  credential_id: 'cred_1',
  provider: 'openai',
  cost: '1.5',
  tokens: 100,
  ingested_at: '2026-01-02T03:04:05.123Z',
  ...overrides,
});

async function withCosts(file?: string, def = costTable()) {
  const wh = await openWarehouse(file);
  await wh.ensureDataset('acme_co_test');
  await wh.ensureTable('acme_co_test', def);
  return wh;
}

const sliceRows = (wh: Warehouse) =>
  wh.query<{ usage_date: string; credential_id: string | null; provider: string; cost: string }>(
    `SELECT usage_date, credential_id, provider, cost FROM ${wh.table('acme_co_test', 'costs')}
     ORDER BY usage_date, credential_id NULLS FIRST, provider`,
  );

describe('DuckDB warehouse: datasets and tables', () => {
  it('ensureDataset creates the dataset with schema_versions, then reports it existing', async () => {
    const wh = await openWarehouse();
    expect(await wh.datasetExists('acme_co_test')).toBe(false);
    expect(await wh.ensureDataset('acme_co_test')).toBe('created');
    expect(await wh.datasetExists('acme_co_test')).toBe(true);
    expect(await wh.listTables('acme_co_test')).toEqual(['schema_versions']);
    expect(await wh.ensureDataset('acme_co_test')).toBe('existing');
    expect(await wh.listTables('acme_co_test')).toEqual(['schema_versions']);
  });

  it('ensureTable creates, then finds, then adds a new column and records the version', async () => {
    const wh = await openWarehouse();
    await wh.ensureDataset('acme_co_test');
    expect(await wh.ensureTable('acme_co_test', costTable())).toBe('created');
    expect(await wh.ensureTable('acme_co_test', costTable())).toBe('existing');
    await wh.replaceSlice('acme_co_test', costTable(), { usage_date: '2026-01-02' }, [costRow()]);

    const extra: Column = { name: 'region', type: 'STRING', mode: 'REQUIRED' };
    const v2 = costTable({ version: 2, columns: [...costTable().columns, extra] });
    expect(await wh.ensureTable('acme_co_test', v2)).toBe('updated');
    expect(await wh.ensureTable('acme_co_test', v2)).toBe('existing');

    const columns = await wh.query<{ column_name: string; is_nullable: string }>(
      `SELECT column_name, is_nullable FROM information_schema.columns
       WHERE table_schema = 'acme_co_test' AND table_name = 'costs' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(v2.columns.map((c) => c.name));
    // Added columns are NULLABLE even when declared REQUIRED: existing rows have no value.
    expect(columns.find((c) => c.column_name === 'region')?.is_nullable).toBe('YES');
    expect(columns.find((c) => c.column_name === 'org_slug')?.is_nullable).toBe('NO');
    // Existing data is kept.
    const rows = await wh.query(`SELECT org_slug, region FROM ${wh.table('acme_co_test', 'costs')}`);
    expect(rows).toEqual([{ org_slug: 'acme_co', region: null }]);

    const versions = await wh.query<{ table_name: string; version: number; applied_at: string }>(
      `SELECT table_name, version, applied_at FROM ${wh.table('acme_co_test', 'schema_versions')}
       ORDER BY version`,
    );
    expect(versions.map((v) => [v.table_name, v.version])).toEqual([
      ['costs', 1],
      ['costs', 2],
    ]);
    expect(versions[1]!.applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it.each([
    ['x; DROP SCHEMA main', 'costs'],
    ['acme_co_test"; DROP TABLE x; --', 'costs'],
    ['UPPER_case', 'costs'],
    ['ab', 'costs'],
    ['acme_co_test', 'costs; DROP TABLE schema_versions'],
    ['acme_co_test', '1costs'],
    ['acme_co_test', 'costs"'],
  ])('rejects invalid names (dataset %j, table %j)', async (dataset, table) => {
    const wh = await openWarehouse();
    await wh.ensureDataset('acme_co_test');
    expect(() => wh.table(dataset, table)).toThrow(/Invalid (dataset|table) name/);
    if (dataset !== 'acme_co_test') {
      await expect(wh.ensureDataset(dataset)).rejects.toThrow(/Invalid dataset name/);
      // Lookups bind the name as a parameter: nothing is injected, the dataset simply does not exist.
      expect(await wh.datasetExists(dataset)).toBe(false);
    }
    await expect(wh.ensureTable(dataset, costTable({ name: table }))).rejects.toThrow(
      /Invalid (dataset|table) name/,
    );
    await expect(wh.replaceSlice(dataset, costTable({ name: table }), {}, [])).rejects.toThrow(
      /Invalid (dataset|table) name/,
    );
    expect(await wh.listTables('acme_co_test')).toEqual(['schema_versions']);
  });

  it('rejects a column name that is not a safe identifier', async () => {
    const wh = await openWarehouse();
    await wh.ensureDataset('acme_co_test');
    const bad = costTable({ columns: [{ name: 'cost" NUMERIC); DROP TABLE x; --', type: 'NUMERIC' }] });
    await expect(wh.ensureTable('acme_co_test', bad)).rejects.toThrow(/Invalid column name/);
  });

  it('keeps data in a file across close and reopen', async () => {
    const file = tempFile();
    const first = await withCosts(file);
    await first.replaceSlice('acme_co_test', costTable(), { usage_date: '2026-01-02' }, [costRow()]);
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await openWarehouse(file);
    expect(await second.datasetExists('acme_co_test')).toBe(true);
    expect(await second.ensureDataset('acme_co_test')).toBe('existing');
    expect(await second.ensureTable('acme_co_test', costTable())).toBe('existing');
    expect(await sliceRows(second)).toEqual([
      { usage_date: '2026-01-02', credential_id: 'cred_1', provider: 'openai', cost: '1.500000000' },
    ]);
  });
});

describe('DuckDB warehouse: queries and values', () => {
  it('binds @params, leaving @ inside string literals alone', async () => {
    const wh = await openWarehouse();
    const rows = await wh.query(
      "SELECT @name AS name, @n + 1 AS n, '@notaparam' AS literal, 'it''s @x' AS quoted, @flag AS flag",
      { name: 'acme', n: 41, flag: true },
    );
    expect(rows).toEqual([{ name: 'acme', n: 42, literal: '@notaparam', quoted: "it's @x", flag: true }]);
  });

  it('does not let a parameter value inject SQL', async () => {
    const wh = await withCosts();
    const hostile = "x'; DROP TABLE acme_co_test.costs; --";
    const rows = await wh.query(
      `SELECT COUNT(*) AS n FROM ${wh.table('acme_co_test', 'costs')} WHERE org_slug = @s`,
      {
        s: hostile,
      },
    );
    expect(rows).toEqual([{ n: 0 }]);
    expect(await wh.listTables('acme_co_test')).toEqual(['costs', 'schema_versions']);
  });

  it('normalises values: NUMERIC exact string, INT64 number, DATE, TIMESTAMP ISO in UTC', async () => {
    const wh = await withCosts();
    await wh.replaceSlice('acme_co_test', costTable(), { usage_date: '2026-03-04' }, [
      costRow({
        usage_date: '2026-03-04',
        cost: '12345678901234.123456789',
        tokens: 9_007_199_254_740_991,
        ingested_at: '2026-03-04T23:59:58.5+02:00',
      }),
      costRow({ usage_date: '2026-03-04', credential_id: null, cost: null, tokens: null, ingested_at: null }),
    ]);
    const rows = await wh.query(
      `SELECT usage_date, cost, tokens, ingested_at FROM ${wh.table('acme_co_test', 'costs')}
       ORDER BY credential_id NULLS LAST`,
    );
    expect(rows).toEqual([
      {
        usage_date: '2026-03-04',
        cost: '12345678901234.123456789',
        tokens: 9_007_199_254_740_991,
        ingested_at: '2026-03-04T21:59:58.500Z',
      },
      { usage_date: '2026-03-04', cost: null, tokens: null, ingested_at: null },
    ]);
    expect(typeof rows[0]!.cost).toBe('string');
    expect(typeof rows[0]!.tokens).toBe('number');
  });

  it('normalises computed values the same way (SUM of NUMERIC, COUNT, CURRENT_TIMESTAMP(), Date params)', async () => {
    const wh = await withCosts();
    await wh.replaceSlice('acme_co_test', costTable(), { usage_date: '2026-01-02' }, [
      costRow({ credential_id: 'a', cost: '0.1' }),
      costRow({ credential_id: 'b', cost: '0.2' }),
    ]);
    const [row] = await wh.query(
      `SELECT SUM(cost) AS total, COUNT(*) AS n, CURRENT_TIMESTAMP() AS now, CAST(@at AS TIMESTAMP) AS at
       FROM ${wh.table('acme_co_test', 'costs')}`,
      { at: new Date('2026-05-06T07:08:09.010Z') },
    );
    expect(Number(row!.total)).toBe(0.3);
    expect(row!.total).toMatch(/^0\.30*$/);
    expect(row!.n).toBe(2);
    expect(Math.abs(Date.parse(String(row!.now)) - Date.now())).toBeLessThan(60_000);
    expect(row!.now).toMatch(/Z$/);
    expect(row!.at).toBe('2026-05-06T07:08:09.010Z');
  });

  it('serialises concurrent calls on the single connection', async () => {
    const wh = await withCosts();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => wh.query<{ i: number }>('SELECT @i AS i', { i })),
    );
    expect(results.map((r) => r[0]!.i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('DuckDB warehouse: replaceSlice', () => {
  it('replaces only the matching slice', async () => {
    const wh = await withCosts();
    const def = costTable();
    await wh.replaceSlice('acme_co_test', def, { usage_date: '2026-01-01' }, [
      costRow({ usage_date: '2026-01-01', provider: 'openai', cost: '1' }),
      costRow({ usage_date: '2026-01-01', provider: 'anthropic', cost: '2' }),
    ]);
    await wh.replaceSlice('acme_co_test', def, { usage_date: '2026-01-02' }, [
      costRow({ usage_date: '2026-01-02', provider: 'openai', cost: '3' }),
    ]);
    await wh.replaceSlice('acme_co_test', def, { usage_date: '2026-01-01' }, [
      costRow({ usage_date: '2026-01-01', provider: 'gemini', cost: '4' }),
    ]);
    expect((await sliceRows(wh)).map((r) => [r.usage_date, r.provider, Number(r.cost)])).toEqual([
      ['2026-01-01', 'gemini', 4],
      ['2026-01-02', 'openai', 3],
    ]);
  });

  it('replaces a date-range slice in one transaction and refuses rows outside it, writing nothing', async () => {
    const wh = await withCosts();
    const def = costTable();
    for (const d of ['2026-01-01', '2026-01-02', '2026-01-03']) {
      await wh.replaceSlice('acme_co_test', def, { usage_date: d }, [costRow({ usage_date: d, cost: '1' })]);
    }
    const slice = { equals: {}, dateRange: { column: 'usage_date', from: '2026-01-01', to: '2026-01-02' } };
    // Day 2 gets no row: the range replaces it with nothing; day 3 is outside the range and stays.
    await wh.replaceSlice('acme_co_test', def, slice, [costRow({ usage_date: '2026-01-01', cost: '7' })]);
    expect((await sliceRows(wh)).map((r) => [r.usage_date, Number(r.cost)])).toEqual([
      ['2026-01-01', 7],
      ['2026-01-03', 1],
    ]);
    await expect(
      wh.replaceSlice('acme_co_test', def, slice, [
        costRow({ usage_date: '2026-01-02', cost: '8' }),
        costRow({ usage_date: '2026-01-03', cost: '9' }),
      ]),
    ).rejects.toThrow(/row 1 has usage_date = 2026-01-03, outside 2026-01-01..2026-01-02/);
    expect((await sliceRows(wh)).map((r) => [r.usage_date, Number(r.cost)])).toEqual([
      ['2026-01-01', 7],
      ['2026-01-03', 1],
    ]);
  });

  it('streams rows from an async iterable; a stream that fails half way leaves the old slice', async () => {
    const wh = await withCosts();
    const def = costTable();
    async function* rows(n: number, failAt?: number) {
      for (let i = 0; i < n; i++) {
        if (i === failAt) throw new Error('truncated gzip in export-2.csv.gz');
        yield costRow({ usage_date: '2026-01-01', provider: `p${i}`, cost: '0.5' });
      }
    }
    await wh.replaceSlice('acme_co_test', def, { usage_date: '2026-01-01' }, rows(5000));
    await expect(
      wh.replaceSlice('acme_co_test', def, { usage_date: '2026-01-01' }, rows(5000, 4000)),
    ).rejects.toThrow(/truncated gzip/);
    const [sum] = await wh.query<{ n: number; s: string }>(
      `SELECT COUNT(*) AS n, SUM(cost) AS s FROM ${wh.table('acme_co_test', 'costs')}`,
    );
    expect([Number(sum!.n), Number(sum!.s)]).toEqual([5000, 2500]);
  });

  it('matches slices on several keys, treating a NULL key as a slice of its own', async () => {
    const wh = await withCosts();
    const def = costTable();
    const day = '2026-01-02';
    await wh.replaceSlice('acme_co_test', def, { usage_date: day, credential_id: 'cred_1' }, [
      costRow({ credential_id: 'cred_1', provider: 'openai' }),
    ]);
    await wh.replaceSlice('acme_co_test', def, { usage_date: day, credential_id: null }, [
      costRow({ credential_id: null, provider: 'manual' }),
    ]);
    expect((await sliceRows(wh)).map((r) => [r.credential_id, r.provider])).toEqual([
      [null, 'manual'],
      ['cred_1', 'openai'],
    ]);

    // Replacing the NULL slice leaves cred_1 alone (plain `= NULL` would match nothing and duplicate).
    await wh.replaceSlice('acme_co_test', def, { usage_date: day, credential_id: null }, [
      costRow({ credential_id: null, provider: 'manual-v2' }),
    ]);
    expect((await sliceRows(wh)).map((r) => [r.credential_id, r.provider])).toEqual([
      [null, 'manual-v2'],
      ['cred_1', 'openai'],
    ]);

    // Emptying the cred_1 slice leaves the NULL slice alone.
    await wh.replaceSlice('acme_co_test', def, { usage_date: day, credential_id: 'cred_1' }, []);
    expect((await sliceRows(wh)).map((r) => [r.credential_id, r.provider])).toEqual([[null, 'manual-v2']]);
  });

  it('is idempotent: re-running the same replace does not duplicate rows', async () => {
    const wh = await withCosts();
    const rows = [costRow({ provider: 'a' }), costRow({ provider: 'b' })];
    for (let i = 0; i < 3; i++) {
      await wh.replaceSlice('acme_co_test', costTable(), { usage_date: '2026-01-02' }, rows);
    }
    expect((await sliceRows(wh)).map((r) => r.provider)).toEqual(['a', 'b']);
  });

  it('inserts large batches (more than one insert chunk)', async () => {
    const wh = await withCosts();
    const rows = Array.from({ length: 1_234 }, (_, i) => costRow({ provider: `p${i}`, tokens: i }));
    await wh.replaceSlice('acme_co_test', costTable(), { usage_date: '2026-01-02' }, rows);
    const [agg] = await wh.query(
      `SELECT COUNT(*) AS n, SUM(tokens) AS s FROM ${wh.table('acme_co_test', 'costs')}`,
    );
    expect(agg).toEqual({ n: 1_234, s: (1_233 * 1_234) / 2 });
  });

  it('is atomic: rows violating NOT NULL fail the replace and the old slice stays', async () => {
    const wh = await withCosts();
    const def = costTable();
    await wh.replaceSlice('acme_co_test', def, { usage_date: '2026-01-02' }, [costRow({ provider: 'old' })]);
    await expect(
      wh.replaceSlice('acme_co_test', def, { usage_date: '2026-01-02' }, [
        costRow({ provider: 'new' }),
        costRow({ provider: 'broken', org_slug: null }),
      ]),
    ).rejects.toThrow(/NOT NULL/i);
    expect((await sliceRows(wh)).map((r) => r.provider)).toEqual(['old']);

    // The connection is usable afterwards (the transaction was rolled back, not left open).
    await wh.replaceSlice('acme_co_test', def, { usage_date: '2026-01-02' }, [costRow({ provider: 'new' })]);
    expect((await sliceRows(wh)).map((r) => r.provider)).toEqual(['new']);
  });

  it('rejects a slice on an unknown column', async () => {
    const wh = await withCosts();
    await expect(
      wh.replaceSlice('acme_co_test', costTable(), { 'usage_date = usage_date OR 1': '1' }, []),
    ).rejects.toThrow(/unknown slice column/);
  });
});

describe('toDuckDbSql', () => {
  it('rewrites @params to $params outside string literals', () => {
    expect(toDuckDbSql("SELECT * FROM t WHERE a = @a AND b = '@b' AND c = @c_2")).toBe(
      "SELECT * FROM t WHERE a = $a AND b = '@b' AND c = $c_2",
    );
    expect(toDuckDbSql("SELECT 'it''s @x', \"@col\", @y")).toBe("SELECT 'it''s @x', \"@col\", $y");
    expect(toDuckDbSql("SELECT 'a\\'@b', @c")).toBe("SELECT 'a\\'@b', $c");
  });

  it('leaves a lone @ (not followed by an identifier) alone', () => {
    expect(toDuckDbSql('SELECT 1 @ 2, @1')).toBe('SELECT 1 @ 2, @1');
  });

  it('leaves comments alone, quotes and @ included', () => {
    expect(toDuckDbSql("-- the org's @x\nSELECT @a /* it's @b */ FROM `d.t`")).toBe(
      '-- the org\'s @x\nSELECT $a /* it\'s @b */ FROM "d"."t"',
    );
    expect(() => toDuckDbSql('SELECT 1 /* open')).toThrow(/Unterminated block comment/);
  });

  it('turns backtick identifiers into double-quoted parts', () => {
    expect(toDuckDbSql('SELECT * FROM `a.b`')).toBe('SELECT * FROM "a"."b"');
    expect(toDuckDbSql('SELECT * FROM `proj.ds.tbl` JOIN `x`')).toBe(
      'SELECT * FROM "proj"."ds"."tbl" JOIN "x"',
    );
    expect(toDuckDbSql('SELECT `we"ird`')).toBe('SELECT "we""ird"');
  });

  it('drops the parentheses of CURRENT_TIMESTAMP() and CURRENT_DATE()', () => {
    expect(toDuckDbSql('SELECT CURRENT_TIMESTAMP(), current_date(), CURRENT_TIMESTAMP')).toBe(
      'SELECT CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_TIMESTAMP',
    );
  });

  it('throws on unterminated literals and identifiers', () => {
    expect(() => toDuckDbSql("SELECT 'abc")).toThrow(/Unterminated string/);
    expect(() => toDuckDbSql('SELECT `abc')).toThrow(/Unterminated backtick/);
  });
});
