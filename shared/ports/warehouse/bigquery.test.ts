import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BigQuery, type TableField } from '@google-cloud/bigquery';
import { openBigQuery } from './bigquery.js';
import type { WarehouseOptions, WarehouseRow } from './port.js';
import type { TableDef } from './schema.js';

type Call = { op: string; [k: string]: unknown };
interface QueryOptions {
  query: string;
  params?: Record<string, unknown>;
  types?: Record<string, string>;
  location?: string;
}

/**
 * A stand-in for the BigQuery client: datasets and tables in memory, every call recorded. Query parameters
 * are encoded with the client library's own encoder, so anything the real client would refuse before
 * sending (e.g. a NULL without a type) fails here too.
 */
function fakeBigQuery(
  overrides: {
    datasets?: Record<string, Record<string, TableField[]>>;
    onQuery?: (q: QueryOptions) => WarehouseRow[];
  } = {},
) {
  const datasets = new Map(
    Object.entries(overrides.datasets ?? {}).map(([d, tables]) => [d, new Map(Object.entries(tables))]),
  );
  const calls: Call[] = [];
  const loaded: Record<string, string> = {};
  const tableApi = (dataset: string, name: string) => ({
    exists: async () => [datasets.get(dataset)?.has(name) ?? false],
    getMetadata: async () => {
      const fields = datasets.get(dataset)?.get(name);
      if (!fields) throw Object.assign(new Error('Not found'), { code: 404 });
      return [{ id: name, etag: 'etag-1', schema: { fields } }];
    },
    setMetadata: async (meta: { schema: { fields: TableField[] } }) => {
      calls.push({ op: 'setMetadata', dataset, table: name, meta });
      datasets.get(dataset)!.set(name, meta.schema.fields);
      return [meta];
    },
    delete: async () => {
      calls.push({ op: 'deleteTable', dataset, table: name });
      datasets.get(dataset)?.delete(name);
      return [{}];
    },
    createWriteStream: (options: unknown) => {
      calls.push({ op: 'load', dataset, table: name, options });
      const chunks: Buffer[] = [];
      const stream: Writable = new Writable({
        write(chunk: Buffer, _enc, cb) {
          chunks.push(Buffer.from(chunk));
          cb();
        },
        final(cb) {
          loaded[name] = Buffer.concat(chunks).toString('utf8');
          cb();
          setImmediate(() => stream.emit('complete', { id: 'job-1' }));
        },
      });
      return stream;
    },
  });
  const client = {
    dataset: (dataset: string) => ({
      exists: async () => [datasets.has(dataset)],
      table: (name: string) => tableApi(dataset, name),
      createTable: async (name: string, options: { schema: { fields: TableField[] } }) => {
        calls.push({ op: 'createTable', dataset, table: name, options });
        const tables = datasets.get(dataset);
        if (!tables) throw Object.assign(new Error(`Not found: Dataset proj:${dataset}`), { code: 404 });
        tables.set(name, options.schema.fields);
        return [tableApi(dataset, name)];
      },
      getTables: async () => [[...(datasets.get(dataset)?.keys() ?? [])].map((id) => ({ id }))],
    }),
    createDataset: async (dataset: string, options: unknown) => {
      calls.push({ op: 'createDataset', dataset, options });
      datasets.set(dataset, new Map());
      return [{}];
    },
    query: async (q: QueryOptions) => {
      calls.push({ op: 'query', ...q });
      for (const [k, v] of Object.entries(q.params ?? {})) BigQuery.valueToQueryParameter_(v, q.types?.[k]);
      return [overrides.onQuery?.(q) ?? []];
    },
  };
  return { client: client as unknown as BigQuery, calls, datasets, loaded };
}

const options = (overrides: Partial<WarehouseOptions> = {}): WarehouseOptions => ({
  kind: 'bigquery',
  file: 'unused',
  projectId: 'proj',
  location: 'EU',
  ...overrides,
});

const costTable = (overrides: Partial<TableDef> = {}): TableDef => ({
  name: 'costs',
  description: 'test costs',
  version: 1,
  columns: [
    { name: 'org_slug', type: 'STRING', mode: 'REQUIRED', description: 'Org.' },
    { name: 'usage_date', type: 'DATE', mode: 'REQUIRED' },
    { name: 'credential_id', type: 'STRING' },
    { name: 'cost', type: 'NUMERIC' },
  ],
  ...overrides,
});

const ops = (calls: Call[]) => calls.map((c) => c.op);
const queries = (calls: Call[]) =>
  calls.filter((c) => c.op === 'query') as unknown as (QueryOptions & Call)[];

describe('BigQuery warehouse: datasets and tables', () => {
  it('ensureDataset creates a missing dataset in the configured location, with schema_versions', async () => {
    const bq = fakeBigQuery();
    const wh = openBigQuery(options(), bq.client);
    expect(wh.kind).toBe('bigquery');
    expect(await wh.ensureDataset('acme_co_prod')).toBe('created');
    expect(bq.calls[0]).toEqual({
      op: 'createDataset',
      dataset: 'acme_co_prod',
      options: { location: 'EU' },
    });
    expect(bq.calls[1]).toMatchObject({
      op: 'createTable',
      dataset: 'acme_co_prod',
      table: 'schema_versions',
    });
    expect(ops(bq.calls)).toEqual(['createDataset', 'createTable']);
  });

  it('ensureDataset leaves an existing dataset alone', async () => {
    const bq = fakeBigQuery({
      datasets: {
        acme_co_prod: {
          schema_versions: [{ name: 'table_name' }, { name: 'version' }, { name: 'applied_at' }],
        },
      },
    });
    const wh = openBigQuery(options(), bq.client);
    expect(await wh.ensureDataset('acme_co_prod')).toBe('existing');
    expect(bq.calls).toEqual([]);
    expect(await wh.datasetExists('acme_co_prod')).toBe(true);
    expect(await wh.datasetExists('other_prod')).toBe(false);
  });

  it('ensureTable creates a partitioned, clustered table with REQUIRED modes and records the version', async () => {
    const bq = fakeBigQuery({ datasets: { acme_co_prod: {} } });
    const wh = openBigQuery(options(), bq.client);
    const def = costTable({ partitionBy: 'usage_date', clusterBy: ['org_slug', 'credential_id'] });
    expect(await wh.ensureTable('acme_co_prod', def)).toBe('created');

    const create = bq.calls.find((c) => c.op === 'createTable');
    expect(create).toEqual({
      op: 'createTable',
      dataset: 'acme_co_prod',
      table: 'costs',
      options: {
        description: 'test costs',
        schema: {
          fields: [
            { name: 'org_slug', type: 'STRING', mode: 'REQUIRED', description: 'Org.' },
            { name: 'usage_date', type: 'DATE', mode: 'REQUIRED' },
            { name: 'credential_id', type: 'STRING', mode: 'NULLABLE' },
            { name: 'cost', type: 'NUMERIC', mode: 'NULLABLE' },
          ],
        },
        timePartitioning: { type: 'DAY', field: 'usage_date' },
        clustering: { fields: ['org_slug', 'credential_id'] },
      },
    });
    const [select, insert] = queries(bq.calls);
    expect(select!.query).toContain('SELECT MAX(version) AS v FROM `proj.acme_co_prod.schema_versions`');
    expect(select).toMatchObject({ params: { name: 'costs' }, location: 'EU' });
    expect(insert!.query).toContain('INSERT INTO `proj.acme_co_prod.schema_versions`');
    expect(insert).toMatchObject({ params: { name: 'costs', version: 1 }, location: 'EU' });
  });

  it('ensureTable without partitioning or clustering sends neither', async () => {
    const bq = fakeBigQuery({ datasets: { acme_co_prod: {} } });
    await openBigQuery(options(), bq.client).ensureTable('acme_co_prod', costTable());
    const create = bq.calls.find((c) => c.op === 'createTable') as unknown as {
      options: Record<string, unknown>;
    };
    expect(create.options).not.toHaveProperty('timePartitioning');
    expect(create.options).not.toHaveProperty('clustering');
  });

  it('ensureTable reports an up-to-date table as existing and does not record the version twice', async () => {
    const fields = costTable().columns.map((c) => ({ name: c.name, type: c.type }));
    const bq = fakeBigQuery({ datasets: { acme_co_prod: { costs: fields } }, onQuery: () => [{ v: 1 }] });
    expect(await openBigQuery(options(), bq.client).ensureTable('acme_co_prod', costTable())).toBe(
      'existing',
    );
    expect(ops(bq.calls)).toEqual(['query']);
  });

  it('adds missing columns with setMetadata: old fields kept, new ones NULLABLE', async () => {
    const old: TableField[] = [
      { name: 'org_slug', type: 'STRING', mode: 'REQUIRED' },
      { name: 'usage_date', type: 'DATE', mode: 'REQUIRED' },
    ];
    const bq = fakeBigQuery({ datasets: { acme_co_prod: { costs: old } }, onQuery: () => [{ v: 1 }] });
    const wh = openBigQuery(options(), bq.client);
    const v2 = costTable({
      version: 2,
      columns: [...costTable().columns, { name: 'region', type: 'STRING', mode: 'REQUIRED' }],
    });
    expect(await wh.ensureTable('acme_co_prod', v2)).toBe('updated');

    const set = bq.calls.find((c) => c.op === 'setMetadata') as unknown as { meta: Record<string, unknown> };
    expect(set.meta).toMatchObject({ id: 'costs', etag: 'etag-1' });
    expect(set.meta.schema).toEqual({
      fields: [
        ...old,
        { name: 'credential_id', type: 'STRING', mode: 'NULLABLE' },
        { name: 'cost', type: 'NUMERIC', mode: 'NULLABLE' },
        { name: 'region', type: 'STRING', mode: 'NULLABLE' },
      ],
    });
    const insert = queries(bq.calls).find((q) => q.query.includes('INSERT'));
    expect(insert?.params).toEqual({ name: 'costs', version: 2 });
  });

  it('quotes validated table references and rejects invalid names', async () => {
    const withProject = openBigQuery(options(), fakeBigQuery().client);
    expect(withProject.table('acme_co_prod', 'costs')).toBe('`proj.acme_co_prod.costs`');
    const withoutProject = openBigQuery(options({ projectId: undefined }), fakeBigQuery().client);
    expect(withoutProject.table('acme_co_prod', 'costs')).toBe('`acme_co_prod.costs`');
    expect(() => withProject.table('x; DROP', 'costs')).toThrow(/Invalid dataset name/);
    expect(() => withProject.table('acme_co_prod', 'costs` WHERE 1=1; --')).toThrow(/Invalid table name/);
    await expect(withProject.ensureDataset('x`; DROP SCHEMA y; --')).rejects.toThrow(/Invalid dataset name/);
  });

  it('lists tables sorted', async () => {
    const bq = fakeBigQuery({ datasets: { acme_co_prod: { zeta: [], alpha: [], schema_versions: [] } } });
    expect(await openBigQuery(options(), bq.client).listTables('acme_co_prod')).toEqual([
      'alpha',
      'schema_versions',
      'zeta',
    ]);
  });
});

describe('BigQuery warehouse: query', () => {
  it('passes the SQL, params and location to the client', async () => {
    const bq = fakeBigQuery({ onQuery: () => [{ n: 1 }] });
    const rows = await openBigQuery(options(), bq.client).query('SELECT @n AS n', { n: 1 });
    expect(rows).toEqual([{ n: 1 }]);
    expect(queries(bq.calls)).toEqual([
      { op: 'query', query: 'SELECT @n AS n', params: { n: 1 }, location: 'EU' },
    ]);
  });

  it('normalises NUMERIC (Big), DATE, TIMESTAMP and DATETIME wrappers, Dates and nulls', async () => {
    // Objects shaped like the client's result values; the adapter recognises them by constructor name.
    class Big {
      constructor(private readonly digits: string) {}
      toFixed() {
        return this.digits;
      }
    }
    class BigQueryDate {
      constructor(readonly value: string) {}
    }
    class BigQueryTimestamp {
      constructor(readonly value: string) {}
    }
    const bq = fakeBigQuery({
      onQuery: () => [
        {
          cost: new Big('12345678901234.123456789'),
          usage_date: new BigQueryDate('2026-01-02'),
          ingested_at: new BigQueryTimestamp('2026-01-02T03:04:05.123456Z'),
          real_date: BigQuery.date('2026-02-03'),
          real_ts: BigQuery.timestamp('2026-02-03T04:05:06.789Z'),
          js_date: new Date('2026-03-04T05:06:07.000Z'),
          tokens: 42,
          name: 'x',
          missing: null,
          list: [new Big('1.50'), new BigQueryDate('2026-01-01')],
          json: { nested: true },
        },
      ],
    });
    const [row] = await openBigQuery(options(), bq.client).query('SELECT 1');
    expect(row).toEqual({
      cost: '12345678901234.123456789',
      usage_date: '2026-01-02',
      ingested_at: '2026-01-02T03:04:05.123Z',
      real_date: '2026-02-03',
      real_ts: '2026-02-03T04:05:06.789Z',
      js_date: '2026-03-04T05:06:07.000Z',
      tokens: 42,
      name: 'x',
      missing: null,
      list: ['1.50', '2026-01-01'],
      json: { nested: true },
    });
  });
});

describe('BigQuery warehouse: replaceSlice', () => {
  const def = costTable();
  const rows: WarehouseRow[] = [
    { org_slug: 'acme_co', usage_date: '2026-01-02', credential_id: 'c1', cost: '1.5', ignored: 'x' },
    { org_slug: 'acme_co', usage_date: '2026-01-02', credential_id: 'c1', cost: '2' },
  ];

  it('loads rows into a staging table and swaps the slice in one transaction', async () => {
    const bq = fakeBigQuery({ datasets: { acme_co_prod: { costs: [] } } });
    const wh = openBigQuery(options(), bq.client);
    await wh.replaceSlice('acme_co_prod', def, { usage_date: '2026-01-02', credential_id: 'c1' }, rows);

    expect(ops(bq.calls)).toEqual(['createTable', 'load', 'query', 'deleteTable']);
    const [create, load, q, del] = bq.calls as [Call, Call, QueryOptions & Call, Call];
    const staging = String(create.table);
    expect(staging).toMatch(/^costs__staging_[0-9a-f]{32}$/);
    expect(create.options).toMatchObject({
      schema: { fields: def.columns.map((c) => ({ name: c.name, type: c.type, mode: 'NULLABLE' })) },
    });
    expect(Number((create.options as { expirationTime: string }).expirationTime)).toBeGreaterThan(Date.now());
    expect(load).toMatchObject({
      table: staging,
      options: { sourceFormat: 'NEWLINE_DELIMITED_JSON', writeDisposition: 'WRITE_APPEND' },
    });
    expect(
      bq.loaded[staging]!.trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { org_slug: 'acme_co', usage_date: '2026-01-02', credential_id: 'c1', cost: '1.5' },
      { org_slug: 'acme_co', usage_date: '2026-01-02', credential_id: 'c1', cost: '2' },
    ]);

    const sql = q.query.replace(/\s+/g, ' ').trim();
    const cols = '`org_slug`, `usage_date`, `credential_id`, `cost`';
    expect(sql).toBe(
      [
        'BEGIN TRANSACTION;',
        'DELETE FROM `proj.acme_co_prod.costs` WHERE `usage_date` IS NOT DISTINCT FROM @slice_usage_date AND `credential_id` IS NOT DISTINCT FROM @slice_credential_id;',
        `INSERT INTO \`proj.acme_co_prod.costs\` (${cols}) SELECT ${cols} FROM \`proj.acme_co_prod.${staging}\`;`,
        'COMMIT TRANSACTION;',
      ].join(' '),
    );
    expect(q.params).toEqual({ slice_usage_date: '2026-01-02', slice_credential_id: 'c1' });
    expect(q.location).toBe('EU');
    expect(del).toMatchObject({ table: staging });
    expect(bq.datasets.get('acme_co_prod')?.has(staging)).toBe(false);
  });

  it('binds a NULL slice key with the column type (the client cannot infer the type of null)', async () => {
    const bq = fakeBigQuery({ datasets: { acme_co_prod: { costs: [] } } });
    const wh = openBigQuery(options(), bq.client);
    const noCredential = rows.map((r) => ({ ...r, credential_id: null }));
    await wh.replaceSlice(
      'acme_co_prod',
      def,
      { usage_date: '2026-01-02', credential_id: null },
      noCredential,
    );
    const [q] = queries(bq.calls);
    expect(q!.params).toEqual({ slice_usage_date: '2026-01-02', slice_credential_id: null });
    expect(q!.types).toEqual({ slice_credential_id: 'STRING' });
  });

  it('replaces a date-range slice, and refuses a row outside the slice before writing anything', async () => {
    const bq = fakeBigQuery({ datasets: { acme_co_prod: { costs: [] } } });
    const wh = openBigQuery(options(), bq.client);
    const slice = {
      equals: { credential_id: 'c1' },
      dateRange: { column: 'usage_date', from: '2026-01-01', to: '2026-01-31' },
    };
    await wh.replaceSlice('acme_co_prod', def, slice, rows);
    const [q] = queries(bq.calls);
    expect(q!.query.replace(/\s+/g, ' ')).toContain(
      'WHERE `credential_id` IS NOT DISTINCT FROM @slice_credential_id AND `usage_date` BETWEEN CAST(@slice_from AS DATE) AND CAST(@slice_to AS DATE);',
    );
    const before = bq.calls.length;
    const outside = [{ ...rows[0]!, usage_date: '2026-02-01' }];
    await expect(wh.replaceSlice('acme_co_prod', def, slice, outside)).rejects.toThrow(
      /outside 2026-01-01..2026-01-31/,
    );
    await expect(
      wh.replaceSlice('acme_co_prod', def, slice, [{ ...rows[0]!, credential_id: 'c2' }]),
    ).rejects.toThrow(/credential_id = c2, outside its slice/);
    expect(bq.calls.length).toBe(before);
  });

  it('with no rows skips the load and still deletes the slice', async () => {
    const bq = fakeBigQuery({ datasets: { acme_co_prod: { costs: [] } } });
    await openBigQuery(options(), bq.client).replaceSlice(
      'acme_co_prod',
      def,
      { usage_date: '2026-01-02' },
      [],
    );
    expect(ops(bq.calls)).toEqual(['createTable', 'query', 'deleteTable']);
    expect(queries(bq.calls)[0]!.query).toContain('DELETE FROM');
  });

  it('streams an async iterable into the load; a row outside the slice fails it and nothing is swapped', async () => {
    const bq = fakeBigQuery({ datasets: { acme_co_prod: { costs: [] } } });
    const wh = openBigQuery(options(), bq.client);
    async function* stream(bad: boolean) {
      yield rows[0]!;
      yield bad ? { ...rows[1]!, usage_date: '2026-01-03' } : rows[1]!;
    }
    await wh.replaceSlice('acme_co_prod', def, { usage_date: '2026-01-02' }, stream(false));
    expect(ops(bq.calls)).toEqual(['createTable', 'load', 'query', 'deleteTable']);
    const before = queries(bq.calls).length;
    await expect(
      wh.replaceSlice('acme_co_prod', def, { usage_date: '2026-01-02' }, stream(true)),
    ).rejects.toThrow(/outside its slice/);
    expect(queries(bq.calls).length).toBe(before);
    expect([...bq.datasets.get('acme_co_prod')!.keys()]).toEqual(['costs']);
  });

  it('deletes the staging table when the transaction fails, and rethrows', async () => {
    const bq = fakeBigQuery({
      datasets: { acme_co_prod: { costs: [] } },
      onQuery: () => {
        throw new Error('Transaction aborted: concurrent update');
      },
    });
    const wh = openBigQuery(options(), bq.client);
    await expect(wh.replaceSlice('acme_co_prod', def, { usage_date: '2026-01-02' }, rows)).rejects.toThrow(
      'concurrent update',
    );
    expect(ops(bq.calls)).toEqual(['createTable', 'load', 'query', 'deleteTable']);
    expect([...bq.datasets.get('acme_co_prod')!.keys()]).toEqual(['costs']);
  });

  it('refreshes the derived tables of the touched days inside the same transaction', async () => {
    const daily: TableDef = {
      name: 'costs_daily',
      description: 'daily',
      version: 1,
      columns: [
        { name: 'day', type: 'DATE' },
        { name: 'cost', type: 'NUMERIC' },
      ],
    };
    const withDaily = costTable({
      derived: [
        {
          def: daily,
          sourceDay: 'usage_date',
          day: 'day',
          select: (source) =>
            `SELECT usage_date AS day, SUM(cost) AS cost FROM ${source} WHERE usage_date BETWEEN @refresh_from AND @refresh_to GROUP BY 1`,
        },
      ],
    });
    const bq = fakeBigQuery({ datasets: { acme_co_prod: { costs: [], costs_daily: [] } } });
    await openBigQuery(options(), bq.client).replaceSlice(
      'acme_co_prod',
      withDaily,
      { usage_date: '2026-01-02' },
      rows,
    );
    const sql = queries(bq.calls)[0]!.query.replace(/\s+/g, ' ');
    const at = (text: string) => {
      const i = sql.indexOf(text);
      expect(i, text).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      at('DECLARE refresh_from_0 DATE DEFAULT NULL;'),
      at('BEGIN TRANSACTION;'),
      at('SET (refresh_from_0, refresh_to_0) ='),
      at('DELETE FROM `proj.acme_co_prod.costs` WHERE'),
      at('INSERT INTO `proj.acme_co_prod.costs` ('),
      sql.lastIndexOf('SET (refresh_from_0, refresh_to_0) ='),
      at('IF refresh_from_0 IS NOT NULL THEN'),
      at('DELETE FROM `proj.acme_co_prod.costs_daily` WHERE `day` BETWEEN CAST(refresh_from_0 AS DATE)'),
      at('INSERT INTO `proj.acme_co_prod.costs_daily` (`day`, `cost`) SELECT `day`, `cost` FROM (SELECT'),
      at('COMMIT TRANSACTION;'),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(order[5]).toBeGreaterThan(order[4]!);
    // The day range is script variables, never a parameter left unbound.
    expect(sql).not.toMatch(/@refresh_/);
    expect(sql).toContain('usage_date BETWEEN refresh_from_0 AND refresh_to_0');
  });

  it('never puts an invalid dataset name into SQL', async () => {
    const bq = fakeBigQuery();
    await expect(
      openBigQuery(options(), bq.client).replaceSlice('x; DROP', def, { usage_date: '2026-01-02' }, rows),
    ).rejects.toThrow();
    expect(queries(bq.calls)).toEqual([]);
  });
});
