import { afterEach, describe, expect, it } from 'vitest';
import type { BigQuery, TableField } from '@google-cloud/bigquery';
import { openBigQuery } from './bigquery.js';
import { openDuckDb } from './embedded/duckdb.js';
import type { Warehouse, WarehouseRow } from './port.js';
import type { Column, ColumnType, TableDef } from './schema.js';
import { testColumns } from './tables/test-table.js';

/** Table evolution in place: NUMERIC -> BIGNUMERIC, NOT NULL dropped, anything else refused. */

const DS = 'acme_co_test';

const def = (version: number, columns: Column[]): TableDef => ({
  name: 'costs',
  description: 'test costs',
  version,
  columns,
});

const base = testColumns('org_slug STRING REQUIRED, usage_date DATE REQUIRED, cost NUMERIC');
const withColumn = (columns: Column[], name: string, change: Partial<Column>) =>
  columns.map((c) => (c.name === name ? { ...c, ...change } : c));

describe('ensureTable evolution on DuckDB', () => {
  const open: Warehouse[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((w) => w.close()));
  });

  async function warehouse(first: TableDef) {
    const wh = await openDuckDb(':memory:');
    open.push(wh);
    await wh.ensureDataset(DS);
    expect(await wh.ensureTable(DS, first)).toBe('created');
    return wh;
  }
  const columns = (wh: Warehouse) =>
    wh.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = '${DS}' AND table_name = 'costs' ORDER BY ordinal_position`,
    );
  const column = async (wh: Warehouse, name: string) =>
    (await columns(wh)).find((c) => c.column_name === name);
  const rows = (wh: Warehouse, select = 'usage_date, cost') =>
    wh.query(`SELECT ${select} FROM ${wh.table(DS, 'costs')} ORDER BY usage_date`);
  const versions = async (wh: Warehouse) =>
    (
      await wh.query<{ version: number }>(
        `SELECT version FROM ${wh.table(DS, 'schema_versions')} WHERE table_name = 'costs' ORDER BY version`,
      )
    ).map((r) => r.version);
  const row = (usage_date: string, extra: WarehouseRow = {}): WarehouseRow => ({
    org_slug: 'acme_co',
    usage_date,
    ...extra,
  });

  it('widens NUMERIC to BIGNUMERIC keeping old values; 18-decimal values then round-trip exactly', async () => {
    const v1 = def(1, base);
    const wh = await warehouse(v1);
    await wh.replaceSlice(DS, v1, { usage_date: '2026-01-01' }, [
      row('2026-01-01', { cost: '12345678901234567890.123456789' }),
    ]);
    await wh.replaceSlice(DS, v1, { usage_date: '2026-01-02' }, [row('2026-01-02', { cost: '-1.5' })]);
    // NUMERIC keeps 9 decimals: a sub-nano price rounds away.
    await wh.replaceSlice(DS, v1, { usage_date: '2026-01-03' }, [
      row('2026-01-03', { cost: '0.000000000012345678' }),
    ]);
    expect((await rows(wh))[2]).toEqual({ usage_date: '2026-01-03', cost: '0.000000000' });

    const v2 = def(2, withColumn(base, 'cost', { type: 'BIGNUMERIC' }));
    expect(await wh.ensureTable(DS, v2)).toBe('updated');
    expect(await column(wh, 'cost')).toMatchObject({ data_type: 'DECIMAL(38,18)', is_nullable: 'YES' });

    await wh.replaceSlice(DS, v2, { usage_date: '2026-01-03' }, [
      row('2026-01-03', { cost: '0.000000000012345678' }),
    ]);
    expect(await rows(wh)).toEqual([
      { usage_date: '2026-01-01', cost: '12345678901234567890.123456789000000000' },
      { usage_date: '2026-01-02', cost: '-1.500000000000000000' },
      { usage_date: '2026-01-03', cost: '0.000000000012345678' },
    ]);
    // Old values are equal to what was stored, digit for digit (the scale only pads zeros).
    const sum = await wh.query(`SELECT SUM(cost) AS s FROM ${wh.table(DS, 'costs')}`);
    expect(sum).toEqual([{ s: '12345678901234567888.623456789012345678' }]);

    expect(await wh.ensureTable(DS, v2)).toBe('existing');
    expect(await versions(wh)).toEqual([1, 2]);
  });

  it('keeps NOT NULL on a widened REQUIRED column', async () => {
    const required = withColumn(base, 'cost', { mode: 'REQUIRED' });
    const wh = await warehouse(def(1, required));
    const v2 = def(2, withColumn(required, 'cost', { type: 'BIGNUMERIC' }));
    expect(await wh.ensureTable(DS, v2)).toBe('updated');
    expect(await column(wh, 'cost')).toMatchObject({ data_type: 'DECIMAL(38,18)', is_nullable: 'NO' });
    expect(await wh.ensureTable(DS, v2)).toBe('existing');
  });

  it('drops NOT NULL when the definition makes a column nullable; NULL can then be inserted', async () => {
    const v1 = def(1, [...base, { name: 'provider', type: 'STRING', mode: 'REQUIRED' }]);
    const wh = await warehouse(v1);
    await wh.replaceSlice(DS, v1, { usage_date: '2026-01-01' }, [row('2026-01-01', { provider: 'openai' })]);
    await expect(
      wh.replaceSlice(DS, v1, { usage_date: '2026-01-02' }, [row('2026-01-02', { provider: null })]),
    ).rejects.toThrow(/NOT NULL/);

    const v2 = def(2, [...base, { name: 'provider', type: 'STRING', mode: 'NULLABLE' }]);
    expect(await wh.ensureTable(DS, v2)).toBe('updated');
    expect(await column(wh, 'provider')).toMatchObject({ data_type: 'VARCHAR', is_nullable: 'YES' });
    // REQUIRED columns the definition keeps REQUIRED stay NOT NULL.
    expect(await column(wh, 'org_slug')).toMatchObject({ is_nullable: 'NO' });

    await wh.replaceSlice(DS, v2, { usage_date: '2026-01-02' }, [row('2026-01-02', { provider: null })]);
    expect(await rows(wh, 'usage_date, provider')).toEqual([
      { usage_date: '2026-01-01', provider: 'openai' },
      { usage_date: '2026-01-02', provider: null },
    ]);
    expect(await wh.ensureTable(DS, v2)).toBe('existing');
    expect(await versions(wh)).toEqual([1, 2]);
  });

  it('keeps a REQUIRED column the definition no longer lists, with its data, and lets new rows omit it', async () => {
    const v1 = def(1, [...base, { name: 'legacy_sku', type: 'STRING', mode: 'REQUIRED' }]);
    const wh = await warehouse(v1);
    await wh.replaceSlice(DS, v1, { usage_date: '2026-01-01' }, [row('2026-01-01', { legacy_sku: 'sku-1' })]);

    const v2 = def(2, base);
    expect(await wh.ensureTable(DS, v2)).toBe('updated');
    expect(await column(wh, 'legacy_sku')).toMatchObject({ data_type: 'VARCHAR', is_nullable: 'YES' });

    // v2's inserts do not name the column: it takes NULL.
    await wh.replaceSlice(DS, v2, { usage_date: '2026-01-02' }, [row('2026-01-02', { cost: '2' })]);
    expect(await rows(wh, 'usage_date, legacy_sku')).toEqual([
      { usage_date: '2026-01-01', legacy_sku: 'sku-1' },
      { usage_date: '2026-01-02', legacy_sku: null },
    ]);
    expect(await wh.ensureTable(DS, v2)).toBe('existing');
  });

  it('adds, widens and relaxes in one run', async () => {
    const wh = await warehouse(def(1, [...base, { name: 'provider', type: 'STRING', mode: 'REQUIRED' }]));
    const v2 = def(2, [
      ...withColumn(base, 'cost', { type: 'BIGNUMERIC' }),
      { name: 'provider', type: 'STRING' },
      { name: 'region', type: 'STRING' },
    ]);
    expect(await wh.ensureTable(DS, v2)).toBe('updated');
    expect((await columns(wh)).map((c) => [c.column_name, c.data_type, c.is_nullable])).toEqual([
      ['org_slug', 'VARCHAR', 'NO'],
      ['usage_date', 'DATE', 'NO'],
      ['cost', 'DECIMAL(38,18)', 'YES'],
      ['provider', 'VARCHAR', 'YES'],
      ['region', 'VARCHAR', 'YES'],
    ]);
    expect(await wh.ensureTable(DS, v2)).toBe('existing');
  });

  it.each([
    ['BIGNUMERIC', 'NUMERIC', 'DECIMAL(38,18)'],
    ['STRING', 'INT64', 'VARCHAR'],
    ['INT64', 'NUMERIC', 'BIGINT'],
    ['TIMESTAMP', 'DATE', 'TIMESTAMP WITH TIME ZONE'],
  ] as const)(
    'refuses %s -> %s naming table, column and types, and changes nothing',
    async (from, to, duck) => {
      const v1 = def(1, [...base, { name: 'amount', type: from, mode: 'REQUIRED' }]);
      const wh = await warehouse(v1);
      // The same definition also adds a column and relaxes one: none of it is applied.
      const v2 = def(2, [
        ...withColumn(base, 'org_slug', { mode: 'NULLABLE' }),
        { name: 'amount', type: to, mode: 'REQUIRED' },
        { name: 'region', type: 'STRING' },
      ]);
      await expect(wh.ensureTable(DS, v2)).rejects.toThrow(
        `Table ${DS}.costs: column amount is ${from} in the warehouse but ${to} in the definition`,
      );
      expect((await columns(wh)).map((c) => [c.column_name, c.data_type, c.is_nullable])).toEqual([
        ['org_slug', 'VARCHAR', 'NO'],
        ['usage_date', 'DATE', 'NO'],
        ['cost', 'DECIMAL(38,9)', 'YES'],
        ['amount', duck, 'NO'],
      ]);
      expect(await versions(wh)).toEqual([1]);
      expect(await wh.ensureTable(DS, v1)).toBe('existing');
    },
  );

  it('names every conflicting column, and a type the port does not use by its DuckDB name', async () => {
    const wh = await warehouse(def(1, base));
    await wh.query(`ALTER TABLE ${wh.table(DS, 'costs')} ADD COLUMN price DECIMAL(10,2)`);
    const v2 = def(2, [
      ...withColumn(base, 'usage_date', { type: 'TIMESTAMP' }),
      { name: 'price', type: 'NUMERIC' },
    ]);
    const err = await wh.ensureTable(DS, v2).catch((e: Error) => e);
    expect(String(err)).toContain(
      'column usage_date is DATE in the warehouse but TIMESTAMP in the definition',
    );
    expect(String(err)).toContain(
      'column price is DECIMAL(10,2) in the warehouse but NUMERIC in the definition',
    );
  });

  it('reads every port type back as itself: a table of all of them re-ensures as existing', async () => {
    const all = def(
      1,
      testColumns(
        's STRING REQUIRED, i INT64, n NUMERIC, b BIGNUMERIC, f FLOAT64, o BOOL, d DATE, t TIMESTAMP, j JSON',
      ),
    );
    const wh = await warehouse(all);
    expect(await wh.ensureTable(DS, all)).toBe('existing');
    expect(await wh.ensureTable(DS, { ...all, version: 2 })).toBe('existing');
    expect(await versions(wh)).toEqual([1, 2]);
  });

  it('is atomic: a value too large for DECIMAL(38,18) fails the widening and the relaxing is rolled back', async () => {
    const v1 = def(1, [...base, { name: 'provider', type: 'STRING', mode: 'REQUIRED' }]);
    const wh = await warehouse(v1);
    // NUMERIC holds 29 integer digits; DuckDB's BIGNUMERIC (DECIMAL(38,18)) only 20.
    await wh.replaceSlice(DS, v1, { usage_date: '2026-01-01' }, [
      row('2026-01-01', { cost: '123456789012345678901.5', provider: 'openai' }),
    ]);
    const v2 = def(2, [
      ...withColumn(base, 'cost', { type: 'BIGNUMERIC' }),
      { name: 'provider', type: 'STRING' },
    ]);
    await expect(wh.ensureTable(DS, v2)).rejects.toThrow(/out of range/);
    expect(await column(wh, 'cost')).toMatchObject({ data_type: 'DECIMAL(38,9)' });
    expect(await column(wh, 'provider')).toMatchObject({ is_nullable: 'NO' });
    expect(await rows(wh)).toEqual([{ usage_date: '2026-01-01', cost: '123456789012345678901.500000000' }]);
    expect(await versions(wh)).toEqual([1]);
  });
});

/**
 * The BigQuery client faked at its boundary, as in bigquery.test.ts: tables' schemas in memory, every call
 * recorded. The ALTER COLUMN ... SET DATA TYPE DDL is applied to the schema as BigQuery would.
 */
function fakeBigQuery(tables: Record<string, TableField[]>, version = 1) {
  const schemas = new Map(Object.entries(tables));
  const calls: { op: string; [k: string]: unknown }[] = [];
  const client = {
    dataset: (dataset: string) => ({
      table: (name: string) => ({
        exists: async () => [schemas.has(name)],
        getMetadata: async () => [
          { id: name, etag: `etag-${calls.length}`, schema: { fields: schemas.get(name) } },
        ],
        setMetadata: async (meta: { schema: { fields: TableField[] } }) => {
          calls.push({ op: 'setMetadata', dataset, table: name, meta });
          schemas.set(name, meta.schema.fields);
          return [meta];
        },
      }),
      createTable: async (name: string) => {
        calls.push({ op: 'createTable', dataset, table: name });
        return [{}];
      },
    }),
    query: async (q: { query: string }) => {
      calls.push({ op: 'query', query: q.query });
      const ddl =
        /^ALTER TABLE `proj\.[a-z0-9_]+\.([a-z0-9_]+)` ALTER COLUMN `(\w+)` SET DATA TYPE (\w+)$/.exec(
          q.query,
        );
      if (ddl) {
        const [, t, c, type] = ddl;
        schemas.set(
          t!,
          schemas.get(t!)!.map((f) => (f.name === c ? { ...f, type } : f)),
        );
      }
      return [q.query.includes('MAX(version)') ? [{ v: version }] : []];
    },
  };
  return { client: client as unknown as BigQuery, calls, schemas };
}

describe('ensureTable evolution on BigQuery', () => {
  const options = { kind: 'bigquery', file: 'unused', projectId: 'proj', location: 'EU' } as const;
  const DSB = 'acme_co_prod';
  const ops = (calls: { op: string }[]) => calls.map((c) => c.op);
  const v1Fields: TableField[] = [
    { name: 'org_slug', type: 'STRING', mode: 'REQUIRED', description: 'Org.' },
    { name: 'usage_date', type: 'DATE', mode: 'REQUIRED' },
    { name: 'cost', type: 'NUMERIC', mode: 'NULLABLE' },
  ];

  it('widens NUMERIC to BIGNUMERIC with ALTER COLUMN SET DATA TYPE, then finds the table up to date', async () => {
    const bq = fakeBigQuery({ costs: v1Fields }, 2);
    const wh = openBigQuery(options, bq.client);
    const v2 = def(2, withColumn(base, 'cost', { type: 'BIGNUMERIC' }));
    expect(await wh.ensureTable(DSB, v2)).toBe('updated');
    expect(bq.calls).toEqual([
      {
        op: 'query',
        query: 'ALTER TABLE `proj.acme_co_prod.costs` ALTER COLUMN `cost` SET DATA TYPE BIGNUMERIC',
      },
      { op: 'query', query: expect.stringContaining('SELECT MAX(version)') },
    ]);
    expect(bq.schemas.get('costs')![2]).toEqual({ name: 'cost', type: 'BIGNUMERIC', mode: 'NULLABLE' });

    bq.calls.length = 0;
    expect(await wh.ensureTable(DSB, v2)).toBe('existing');
    expect(ops(bq.calls)).toEqual(['query']); // the version lookup only
  });

  it('relaxes REQUIRED columns made nullable or no longer listed in one schema update, keeping the rest', async () => {
    const bq = fakeBigQuery({
      costs: [...v1Fields, { name: 'legacy_sku', type: 'STRING', mode: 'REQUIRED' }],
    });
    const wh = openBigQuery(options, bq.client);
    const v2 = def(2, withColumn(base, 'org_slug', { mode: 'NULLABLE' }));
    expect(await wh.ensureTable(DSB, v2)).toBe('updated');

    const sets = bq.calls.filter((c) => c.op === 'setMetadata') as unknown as {
      meta: Record<string, unknown>;
    }[];
    expect(sets).toHaveLength(1);
    expect(sets[0]!.meta).toMatchObject({ id: 'costs', etag: expect.stringMatching(/^etag-/) });
    expect(sets[0]!.meta.schema).toEqual({
      fields: [
        { name: 'org_slug', type: 'STRING', mode: 'NULLABLE', description: 'Org.' },
        { name: 'usage_date', type: 'DATE', mode: 'REQUIRED' },
        { name: 'cost', type: 'NUMERIC', mode: 'NULLABLE' },
        { name: 'legacy_sku', type: 'STRING', mode: 'NULLABLE' },
      ],
    });
    expect(bq.calls.some((c) => c.op === 'query' && String(c.query).startsWith('ALTER'))).toBe(false);

    bq.calls.length = 0;
    expect(await wh.ensureTable(DSB, v2)).toBe('existing');
    expect(ops(bq.calls)).toEqual(['query', 'query']); // only the version bookkeeping (the fake says v1)
  });

  it('relaxes before widening when both are needed', async () => {
    const bq = fakeBigQuery({ costs: v1Fields });
    const v2 = def(
      2,
      withColumn(withColumn(base, 'cost', { type: 'BIGNUMERIC' }), 'usage_date', { mode: 'NULLABLE' }),
    );
    expect(await openBigQuery(options, bq.client).ensureTable(DSB, v2)).toBe('updated');
    expect(ops(bq.calls).slice(0, 2)).toEqual(['setMetadata', 'query']);
    expect(bq.schemas.get('costs')!.map((f) => [f.name, f.type, f.mode])).toEqual([
      ['org_slug', 'STRING', 'REQUIRED'],
      ['usage_date', 'DATE', 'NULLABLE'],
      ['cost', 'BIGNUMERIC', 'NULLABLE'],
    ]);
  });

  it('reads the legacy type names tables.get answers with as the port types', async () => {
    const all = def(
      1,
      testColumns('i INT64, f FLOAT64, o BOOL, n NUMERIC, b BIGNUMERIC, t TIMESTAMP, j JSON'),
    );
    // What tables.get answers: the legacy name where BigQuery has one, else the standard one.
    const legacy: Partial<Record<ColumnType, string>> = {
      INT64: 'INTEGER',
      FLOAT64: 'FLOAT',
      BOOL: 'BOOLEAN',
    };
    const fields: TableField[] = all.columns.map((c) => ({ name: c.name, type: legacy[c.type] ?? c.type }));
    const bq = fakeBigQuery({ costs: fields });
    expect(await openBigQuery(options, bq.client).ensureTable(DSB, all)).toBe('existing');
    expect(ops(bq.calls)).toEqual(['query']);
  });

  it.each([
    [{ type: 'BIGNUMERIC' }, 'NUMERIC', 'BIGNUMERIC'],
    [{ type: 'STRING' }, 'INT64', 'STRING'],
    [{ type: 'INTEGER' }, 'STRING', 'INT64'],
    [{ type: 'NUMERIC', precision: '10', scale: '2' }, 'NUMERIC', 'NUMERIC(10,2)'],
    [{ type: 'STRING', mode: 'REPEATED' }, 'STRING', 'ARRAY<STRING>'],
  ] as const)('refuses %j -> %s, naming the column, and changes nothing', async (field, to, shown) => {
    const bq = fakeBigQuery({ costs: [...v1Fields, { name: 'amount', mode: 'REQUIRED', ...field }] });
    const v2 = def(2, [
      ...withColumn(base, 'cost', { type: 'BIGNUMERIC' }),
      { name: 'amount', type: to },
      { name: 'region', type: 'STRING' },
    ]);
    await expect(openBigQuery(options, bq.client).ensureTable(DSB, v2)).rejects.toThrow(
      `Table ${DSB}.costs: column amount is ${shown} in the warehouse but ${to} in the definition`,
    );
    expect(bq.calls).toEqual([]);
  });
});
