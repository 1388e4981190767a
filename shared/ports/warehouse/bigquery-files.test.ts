import { Readable, Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BigQuery, type TableField } from '@google-cloud/bigquery';
import { parse } from 'sql-parser-cst';
import { AWS_CUR_COLUMNS, awsCurFormat } from '../../cloud/aws-cur.js';
import { openBigQuery } from './bigquery.js';
import type { StagingBucket } from './bigquery-files.js';
import {
  ROW_REFUSED,
  type FileReader,
  type FilesLoad,
  type LoadFile,
  type WarehouseOptions,
  type WarehouseRow,
} from './port.js';
import type { TableDef } from './schema.js';

interface Job {
  query: string;
  params?: Record<string, unknown>;
  types?: Record<string, string>;
  session?: string;
  dryRun?: boolean;
}

/**
 * Stand-ins for the BigQuery client and a GCS bucket: objects and tables in memory, every call recorded. Query
 * parameters go through the client library's own encoder, so a value the real client would refuse fails here.
 */
function fakes(
  o: {
    /** The schema BigQuery reads from a Parquet object. */
    parquetFields?: TableField[];
    failLoad?: Error;
    failSetMetadata?: boolean;
    /** Rows (and rows changed) a statement answers; throwing fails it. */
    onQuery?: (job: Job) => { rows?: WarehouseRow[]; changed?: number } | undefined;
  } = {},
) {
  const objects = new Map<string, Buffer>();
  const events: string[] = [];
  const loads: Record<string, unknown>[] = [];
  const jobs: Job[] = [];
  const tables = new Map<string, TableField[]>();
  const bucket: StagingBucket = {
    name: 'cloudact-staging',
    file: (name) => ({
      createWriteStream: () => {
        const chunks: Buffer[] = [];
        return new Writable({
          write(chunk: Buffer, _e, done) {
            chunks.push(chunk);
            done();
          },
          final(done) {
            objects.set(name, Buffer.concat(chunks));
            events.push(`upload ${name}`);
            done();
          },
        });
      },
    }),
    async deleteFiles({ prefix }) {
      for (const key of [...objects.keys()]) if (key.startsWith(prefix)) objects.delete(key);
      events.push(`delete objects ${prefix}`);
    },
  };
  const client = {
    projectId: 'proj',
    async createJob(body: { configuration: { load: Record<string, unknown> } }) {
      const load = body.configuration.load;
      loads.push(load);
      const table = (load.destinationTable as { tableId: string }).tableId;
      return [
        {
          async promise() {
            tables.set(table, []);
            if (o.failLoad) throw o.failLoad;
            const schema = load.schema as { fields: TableField[] } | undefined;
            tables.set(table, schema?.fields ?? o.parquetFields ?? []);
            events.push(`load ${table}`);
          },
        },
      ];
    },
    dataset: () => ({
      table: (name: string) => ({
        getMetadata: async () => [{ schema: { fields: tables.get(name) } }],
        setMetadata: async (meta: { expirationTime: string }) => {
          if (o.failSetMetadata) throw new Error('Backend error');
          events.push(`expire ${name} ${Number(meta.expirationTime) > Date.now() ? 'later' : 'now'}`);
        },
        delete: async () => {
          tables.delete(name);
          events.push(`drop ${name}`);
        },
      }),
    }),
    async createQueryJob(q: {
      query: string;
      params?: Record<string, unknown>;
      types?: Record<string, string>;
      dryRun?: boolean;
      createSession?: boolean;
      connectionProperties?: { key: string; value: string }[];
    }) {
      for (const [k, v] of Object.entries(q.params ?? {})) BigQuery.valueToQueryParameter_(v, q.types?.[k]);
      const job: Job = {
        query: q.query,
        ...(q.params ? { params: q.params } : {}),
        ...(q.connectionProperties ? { session: q.connectionProperties[0]!.value } : {}),
        ...(q.dryRun ? { dryRun: true } : {}),
      };
      jobs.push(job);
      if (q.dryRun) {
        const fields = [...q.query.matchAll(/ AS (\w+),?\n/g)].map((m) => ({ name: m[1] }));
        return [{ metadata: { statistics: { query: { schema: { fields } } } } }];
      }
      if (!q.createSession) events.push(`sql ${q.query.split(/\s/)[0]}`);
      const answer = o.onQuery?.(job) ?? {};
      return [
        {
          getQueryResults: async () => [answer.rows ?? []],
          getMetadata: async () => [
            {
              statistics: {
                sessionInfo: q.createSession ? { sessionId: 'session-1' } : undefined,
                query: { numDmlAffectedRows: String(answer.changed ?? 0) },
              },
            },
          ],
        },
      ];
    },
  };
  return { client: client as unknown as BigQuery, bucket, objects, events, loads, jobs, tables };
}

const options: WarehouseOptions = { kind: 'bigquery', file: 'unused', projectId: 'proj', location: 'EU' };
const def: TableDef = {
  name: 'raw_costs',
  description: 'test',
  version: 1,
  columns: [
    { name: 'org', type: 'STRING' },
    { name: 'cost', type: 'BIGNUMERIC' },
  ],
};
const slice = { equals: { org: 'acme' } };
const stream = (bytes: Buffer) => async () => Readable.from([bytes.subarray(0, 7), bytes.subarray(7)]);
const count = (n: number) => (job: Job) =>
  job.query.startsWith('SELECT COUNT(*)')
    ? { rows: [{ n }] }
    : job.query.startsWith('INSERT')
      ? { changed: n }
      : {};

describe('BigQuery: export files through GCS staging and load jobs', () => {
  it('streams the bytes as stored, loads every CSV column as STRING by position and swaps the slice in a session transaction', async () => {
    const csv = '\uFEFF cost ,"line\nbreak",lineItem/UsageStartDate\n1.5,x,2025-01-01\n';
    const gz = gzipSync(csv);
    const f = fakes({ onQuery: count(1) });
    const wh = openBigQuery(options, f.client, f.bucket);
    const readers: FileReader[] = [];
    const load: FilesLoad = {
      files: [{ name: 's3://b/k.csv.gz', format: 'csv.gz', open: stream(gz) }],
      select: (_file, reader) => {
        readers.push(reader);
        return `SELECT 'acme' AS org,\nCAST(${reader.column(0)} AS BIGNUMERIC) AS cost,\nFROM ${reader.from}`;
      },
      params: { run: 'r1' },
    };
    expect(await wh.replaceSliceFromFiles!('acme_prod', def, slice, load)).toBe(1);

    const [upload] = f.events;
    const object = upload!.slice('upload '.length);
    expect(object).toMatch(/^acme_prod\/raw_costs\/[0-9a-f]{32}\/0\.csv\.gz$/);
    expect(f.loads[0]).toMatchObject({
      sourceFormat: 'CSV',
      sourceUris: [`gs://cloudact-staging/${object}`],
      skipLeadingRows: 1,
      allowQuotedNewlines: true,
      allowJaggedRows: true,
      schema: { fields: ['c0', 'c1', 'c2', 'extra_cell'].map((name) => ({ name, type: 'STRING' })) },
    });
    expect(readers[0]!.header).toEqual(['cost', 'line\nbreak', 'lineItem/UsageStartDate']);
    expect(readers[0]!.dialect).toBe('bigquery');
    expect(readers[0]!.from).toContain("ERROR('a row has more fields than the header')");

    const statements = f.jobs.filter((j) => !j.dryRun && j.query !== 'SELECT 1');
    expect(statements.map((j) => j.query.split(/\s/)[0])).toEqual([
      'BEGIN',
      'DELETE',
      'INSERT',
      'SELECT',
      'COMMIT',
      'CALL',
    ]);
    expect(statements.every((j) => j.session === 'session-1')).toBe(true);
    expect(statements[1]!.params).toEqual({ slice_org: 'acme' });
    expect(statements[2]!.query).toMatch(
      /^INSERT INTO `proj\.acme_prod\.raw_costs` \(`org`, `cost`\) SELECT/,
    );
    expect(statements[2]!.params).toEqual({ run: 'r1' });
    // The staged objects go once loaded; the staging table expires by itself and is dropped at the end.
    const staging = f.loads[0]!.destinationTable as { tableId: string };
    expect(f.events.indexOf(`load ${staging.tableId}`)).toBeLessThan(f.events.indexOf('sql BEGIN'));
    expect(f.events).toContain(`expire ${staging.tableId} later`);
    // Deleted once, before the transaction begins (not again at the end).
    const deletes = f.events.flatMap((e, i) => (e.startsWith('delete objects') ? [i] : []));
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toBeLessThan(f.events.indexOf('sql BEGIN'));
    expect(f.events.at(-1)).toBe(`drop ${staging.tableId}`);
    expect(f.objects.size).toBe(0);
    expect(f.tables.size).toBe(0);
  });

  it('the staged object holds the exact bytes of the source', async () => {
    const gz = gzipSync('a,b\n1,2\n');
    const f = fakes({ onQuery: count(1) });
    let kept: Buffer | undefined;
    const bucket: StagingBucket = {
      ...f.bucket,
      file: (name) => {
        const w = f.bucket.file(name).createWriteStream({});
        w.on('finish', () => (kept = f.objects.get(name)));
        return { createWriteStream: () => w };
      },
    };
    const wh = openBigQuery(options, f.client, bucket);
    await wh.replaceSliceFromFiles!('acme_prod', def, slice, {
      files: [{ name: 'k.csv.gz', format: 'csv.gz', open: stream(gz) }],
      select: (_f, r) => `SELECT 'acme' AS org,\n${r.column(0)} AS cost,\nFROM ${r.from}`,
    });
    expect(kept?.equals(gz)).toBe(true);
  });

  it('reads Parquet as loaded: header from its schema, nested columns as JSON text', async () => {
    const f = fakes({
      onQuery: count(2),
      parquetFields: [
        { name: 'line_item_unblended_cost', type: 'NUMERIC' },
        {
          name: 'resource_tags',
          type: 'RECORD',
          mode: 'REPEATED',
          fields: [
            { name: 'key', type: 'STRING' },
            { name: 'value', type: 'STRING' },
          ],
        },
        { name: 'discount', type: 'RECORD', fields: [{ name: 'total', type: 'FLOAT' }] },
      ],
    });
    const wh = openBigQuery(options, f.client, f.bucket);
    let reader: FileReader | undefined;
    await wh.replaceSliceFromFiles!('acme_prod', def, slice, {
      files: [{ name: 'k.parquet', format: 'parquet', open: stream(Buffer.from('PAR1....PAR1')) }],
      select: (_f, r) => ((reader = r), `SELECT 'acme' AS org,\n${r.column(0)} AS cost,\nFROM ${r.from}`),
    });
    expect(f.loads[0]).toMatchObject({
      sourceFormat: 'PARQUET',
      parquetOptions: { enableListInference: true, mapTargetType: 'ARRAY_OF_STRUCT' },
    });
    expect(f.loads[0]!.schema).toBeUndefined();
    expect(reader!.header).toEqual(['line_item_unblended_cost', 'resource_tags', 'discount']);
    expect(reader!.from).toMatch(/^\(SELECT CAST\(`line_item_unblended_cost` AS STRING\) AS c0, /);
    // A map becomes the object DuckDB's to_json gives ({"k":"v"}); another nested value its JSON text.
    expect(reader!.from).toContain('FROM UNNEST(`resource_tags`) AS e WITH OFFSET o) AS c1');
    expect(reader!.from).toContain('TO_JSON_STRING(`discount`) AS c2');
    expect(() => parse(`SELECT * FROM ${reader!.from}`, { dialect: 'bigquery' })).not.toThrow();
  });

  it('a failing insert rolls back, is explained for its file, and leaves no object, table or session', async () => {
    const f = fakes({
      onQuery: (job) => {
        // Any refusal of the format's SQL (ROW_REFUSED), not only the typing primitives' own.
        if (job.query.startsWith('INSERT')) throw new Error(`${ROW_REFUSED}not a boolean`);
        return undefined;
      },
    });
    const wh = openBigQuery(options, f.client, f.bucket);
    const explained: string[] = [];
    const files: LoadFile[] = ['a.csv', 'b.csv'].map((name) => ({
      name,
      format: 'csv',
      open: stream(Buffer.from('cost\n1\n')),
    }));
    await expect(
      wh.replaceSliceFromFiles!('acme_prod', def, slice, {
        files,
        select: (_f, r) => `SELECT 'acme' AS org,\n${r.column(0)} AS cost,\nFROM ${r.from}`,
        explain: async (file, err) => (explained.push(file.name), new Error(`${file.name}: ${String(err)}`)),
      }),
    ).rejects.toThrow('a.csv: Error: row refused: not a boolean');
    expect(explained).toEqual(['a.csv']);
    const sql = f.events.filter((e) => e.startsWith('sql')).map((e) => e.slice(4));
    expect(sql).toEqual(['BEGIN', 'DELETE', 'INSERT', 'ROLLBACK', 'CALL']);
    expect(f.objects.size).toBe(0);
    expect(f.tables.size).toBe(0);
  });

  it('rows outside the slice are refused and rolled back', async () => {
    const f = fakes({
      onQuery: (job) => (job.query.startsWith('SELECT COUNT(*)') ? { rows: [{ n: 1 }] } : count(3)(job)),
    });
    const wh = openBigQuery(options, f.client, f.bucket);
    await expect(
      wh.replaceSliceFromFiles!('acme_prod', def, slice, {
        files: [{ name: 'a.csv', format: 'csv', open: stream(Buffer.from('cost\n1\n')) }],
        select: (_f, r) => `SELECT 'acme' AS org,\n${r.column(0)} AS cost,\nFROM ${r.from}`,
      }),
    ).rejects.toThrow('the load wrote 2 rows outside its slice');
    expect(f.events.filter((e) => e.startsWith('sql')).map((e) => e.slice(4))).toContain('ROLLBACK');
    expect(f.events).not.toContain('sql COMMIT');
  });

  it('a load job refusing the file ends before any transaction, removes what was staged, then is explained', async () => {
    const refused = Object.assign(new Error('Error while reading data: too many values in row 3'), {
      errors: [{ reason: 'invalid', message: 'too many values' }],
    });
    const f = fakes({ failLoad: refused });
    const wh = openBigQuery(options, f.client, f.bucket);
    let leftWhenExplained = -1;
    await expect(
      wh.replaceSliceFromFiles!('acme_prod', def, slice, {
        files: [{ name: 'a.csv', format: 'csv', open: stream(Buffer.from('cost\n1\n')) }],
        select: () => 'SELECT 1',
        explain: async (file) => (
          (leftWhenExplained = f.tables.size + f.objects.size),
          new Error(`${file.name}: row 3`)
        ),
      }),
    ).rejects.toThrow('a.csv: row 3');
    // Explained (the JS reader re-reads the file) only once the staging table and object are gone.
    expect(leftWhenExplained).toBe(0);
    expect(f.events.some((e) => e.startsWith('sql'))).toBe(false);
  });

  it("a service error is not the file's fault: thrown as it is, never explained", async () => {
    const f = fakes({
      onQuery: (job) => {
        if (job.query.startsWith('INSERT'))
          throw new Error('Transaction is aborted due to concurrent update');
        return undefined;
      },
    });
    const wh = openBigQuery(options, f.client, f.bucket);
    const explained: string[] = [];
    await expect(
      wh.replaceSliceFromFiles!('acme_prod', def, slice, {
        files: [{ name: 'a.csv', format: 'csv', open: stream(Buffer.from('cost\n1\n')) }],
        select: (_f, r) => `SELECT 'acme' AS org,\n${r.column(0)} AS cost,\nFROM ${r.from}`,
        explain: async (file) => (explained.push(file.name), new Error('explained')),
      }),
    ).rejects.toThrow('concurrent update');
    expect(explained).toEqual([]);
    expect(f.events).toContain('sql ROLLBACK');
  });

  it('a staging table is dropped even when a step after its load job fails', async () => {
    const f = fakes({ failSetMetadata: true });
    const wh = openBigQuery(options, f.client, f.bucket);
    await expect(
      wh.replaceSliceFromFiles!('acme_prod', def, slice, {
        files: [{ name: 'a.csv', format: 'csv', open: stream(Buffer.from('cost\n1\n')) }],
        select: () => 'SELECT 1',
      }),
    ).rejects.toThrow('Backend error');
    expect(f.events.some((e) => e.startsWith('drop _stage_'))).toBe(true);
    expect(f.tables.size).toBe(0);
  });

  it('stages for a dataset whose name starts with a digit (a table name may not)', async () => {
    const f = fakes({ onQuery: count(1) });
    const wh = openBigQuery(options, f.client, f.bucket);
    const n = await wh.replaceSliceFromFiles!('3m_prod', def, slice, {
      files: [{ name: 'a.csv', format: 'csv', open: stream(Buffer.from('cost\n1\n')) }],
      select: (_f, r) => `SELECT 'acme' AS org,\n${r.column(0)} AS cost,\nFROM ${r.from}`,
    });
    expect(n).toBe(1);
    expect((f.loads[0]!.destinationTable as { tableId: string }).tableId).toMatch(/^_stage_[0-9a-f]{32}_0$/);
  });

  it("a truncated gzip stream fails before any load job, as the file's fault", async () => {
    const whole = gzipSync(
      `cost\n${Array.from({ length: 50_000 }, (_, i) => `${i}.${(i * 7919) % 997}`).join('\n')}\n`,
    );
    const cut = whole.subarray(0, whole.length >> 1);
    const f = fakes();
    const wh = openBigQuery(options, f.client, f.bucket);
    const explained: unknown[] = [];
    await expect(
      wh.replaceSliceFromFiles!('acme_prod', def, slice, {
        files: [{ name: 'a.csv.gz', format: 'csv.gz', open: stream(cut) }],
        select: () => 'SELECT 1',
        explain: async (_file, err) => (explained.push(err), new Error('truncated')),
      }),
    ).rejects.toThrow('truncated');
    expect(String(explained[0])).toContain('does not decompress to its end');
    expect(f.loads).toEqual([]);
    expect(f.objects.size).toBe(0);
  });

  it('a CSV header keeps no trailing empty cells, as on DuckDB', async () => {
    const f = fakes({ onQuery: count(1) });
    const wh = openBigQuery(options, f.client, f.bucket);
    let header: readonly string[] = [];
    await wh.replaceSliceFromFiles!('acme_prod', def, slice, {
      files: [{ name: 'a.csv', format: 'csv', open: stream(Buffer.from('cost,,note,,\n1,,x,,\n')) }],
      select: (_f, r) => (
        (header = r.header),
        `SELECT 'acme' AS org,\n${r.column(0)} AS cost,\nFROM ${r.from}`
      ),
    });
    expect(header).toEqual(['cost', '', 'note']);
  });

  it('is there only with a staging bucket', () => {
    expect(openBigQuery(options, fakes().client).replaceSliceFromFiles).toBeUndefined();
    expect(
      openBigQuery({ ...options, stagingBucket: 'b' }, fakes().client).replaceSliceFromFiles,
    ).toBeDefined();
  });
});

describe('aws/cur engine SQL for BigQuery', () => {
  const legacy = [
    ...AWS_CUR_COLUMNS.map((c) => c.aliases![0]!),
    'resourceTags/user:Name',
    'resourceTags/aws:createdBy',
    'product/instanceType',
  ];
  const cur2 = [...AWS_CUR_COLUMNS.map((c) => c.name), 'product_instance_type'];
  const reader = (header: string[]): FileReader => ({
    dialect: 'bigquery',
    header,
    from: '`proj.acme.staging_0`',
    column: (i) => `c${i}`,
  });

  for (const [label, header] of [
    ['legacy CUR headers (tag columns)', legacy],
    ['CUR 2.0 headers (the resource_tags map)', cur2],
  ] as const) {
    it(`parses as BigQuery SQL and names no export header as a column: ${label}`, () => {
      const sql = awsCurFormat.engine!.select('k.csv', reader([...header]));
      expect(() => parse(sql, { dialect: 'bigquery', paramTypes: ['@name'] })).not.toThrow();
      for (const h of header.filter((h) => h.includes('/'))) expect(sql).not.toContain(`\`${h}\``);
      expect(sql).not.toMatch(/VARCHAR|TIMESTAMPTZ|HUGEINT|DECIMAL\(|regexp_full_match|list_filter|\w::\w/);
      // A JSONPath must be a literal in BigQuery: no path built per row.
      expect(sql).not.toMatch(/JSON_(QUERY|VALUE)\([^()]*, CONCAT/);
    });
  }

  it('the Bedrock model statements parse as BigQuery SQL', async () => {
    const statements: string[] = [];
    await awsCurFormat.engine!.finish!(
      async (sql) => (
        statements.push(sql),
        sql.startsWith('SELECT')
          ? [
              {
                usage_type: 'USE1-Claude3.5Sonnet-input-tokens',
                product_name: 'Claude 3.5 Sonnet (Amazon Bedrock Edition)',
              },
            ]
          : []
      ),
      '`proj.acme.cloud_aws_billing_raw_daily`',
      '`x_org_slug` = @slice_x_org_slug',
      { slice_x_org_slug: 'acme' },
      'bigquery',
    );
    expect(statements).toHaveLength(2);
    for (const sql of statements)
      expect(() => parse(sql, { dialect: 'bigquery', paramTypes: ['@name'] })).not.toThrow();
    expect(statements[0]).toContain("JSON_VALUE(raw, '$.product_product_name')");
  });
});
