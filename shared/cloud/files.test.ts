import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Decimal } from 'decimal.js';
import pl from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BillingFileError,
  billingFileFormat,
  listBillingFiles,
  PARQUET_BATCH_ROWS,
  readBillingFile,
  type BillingFile,
  type ColumnSpec,
  type ReadOptions,
} from './files.js';
import { isPermanent } from '../errors/index.js';

type Row = Record<string, unknown>;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'billing-files-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(file: BillingFile | string, options: ReadOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of readBillingFile(file, options)) rows.push(row);
  return rows;
}

/** Writes a file under the temp dir (creating folders) and returns its path. */
async function put(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  return path;
}

/** The BillingFileError thrown while reading `file` to the end. */
async function readError(file: string, options: ReadOptions): Promise<BillingFileError> {
  try {
    await collect(file, options);
  } catch (err) {
    expect(err).toBeInstanceOf(BillingFileError);
    expect(isPermanent(err)).toBe(true);
    const error = err as BillingFileError;
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toContain(error.problem);
    return error;
  }
  throw new Error(`reading ${file} did not fail`);
}

const cost: ColumnSpec = {
  name: 'cost',
  type: 'decimal',
  required: true,
  aliases: ['lineItem/UnblendedCost', 'line_item_unblended_cost'],
};

describe('listBillingFiles', () => {
  it('lists a directory recursively, sorted, keeping known extensions only', async () => {
    const root = join(dir, 'listing');
    await put('listing/b.csv', 'a\n1\n');
    await put('listing/a/part-0.CSV.GZ', gzipSync('a\n1\n'));
    await put('listing/a/part-1.snappy.parquet', 'PAR1');
    await put('listing/a/z.jsonl', '{}\n');
    await put('listing/c/export.json.gz', gzipSync('{}\n'));
    await put('listing/c/rows.ndjson', '{}\n');
    await put('listing/c/deep/x.parquet', 'PAR1');
    await put('listing/notes.txt', 'not billing');
    await put('listing/data.csv.zip', 'zip');
    await put('listing/report-Manifest.json', '{}');
    await put('listing/c/manifest.json', '{}');
    await put('listing/.hidden.csv', 'a\n1\n');
    await put('listing/.tmp/y.csv', 'a\n1\n');
    await symlink(join(root, 'b.csv'), join(root, 'link.csv'));
    const files = await listBillingFiles(root);
    expect(files.map((f) => [f.path.slice(root.length + 1), f.format])).toEqual([
      ['a/part-0.CSV.GZ', 'csv.gz'],
      ['a/part-1.snappy.parquet', 'parquet'],
      ['a/z.jsonl', 'jsonl'],
      ['b.csv', 'csv'],
      ['c/deep/x.parquet', 'parquet'],
      ['c/export.json.gz', 'jsonl.gz'],
      ['c/rows.ndjson', 'jsonl'],
      ['link.csv', 'csv'],
    ]);
    expect(files.find((f) => f.path.endsWith('b.csv'))?.bytes).toBe(4);
  });

  it('returns a single file with its format and size', async () => {
    const path = await put('single/cur.csv.gz', gzipSync('a\n1\n'));
    expect(await listBillingFiles(path)).toEqual([
      { path, format: 'csv.gz', bytes: gzipSync('a\n1\n').length },
    ]);
  });

  it('rejects a missing path, an unknown extension and a directory with no billing file, naming them', async () => {
    const missing = join(dir, 'nope', 'cur.csv');
    await expect(listBillingFiles(missing)).rejects.toMatchObject({
      name: 'BillingFileError',
      file: missing,
      problem: 'no such file or directory',
      message: `billing file ${missing}: no such file or directory`,
    });
    const text = await put('unknown/readme.txt', 'hello');
    await expect(listBillingFiles(text)).rejects.toMatchObject({
      file: text,
      problem: expect.stringMatching(/^unknown extension/),
    });
    const empty = join(dir, 'unknown');
    await expect(listBillingFiles(empty)).rejects.toMatchObject({
      file: empty,
      problem: expect.stringMatching(/^directory holds no billing file/),
    });
  });

  it('maps extensions to formats', () => {
    expect(billingFileFormat('x.csv')).toBe('csv');
    expect(billingFileFormat('x.csv.gz')).toBe('csv.gz');
    expect(billingFileFormat('x.snappy.parquet')).toBe('parquet');
    expect(billingFileFormat('x.gz.parquet')).toBe('parquet');
    expect(billingFileFormat('x.json')).toBe('jsonl');
    expect(billingFileFormat('x.jsonl.gz')).toBe('jsonl.gz');
    expect(billingFileFormat('x.csv.zip')).toBeUndefined();
    expect(billingFileFormat('x.gz')).toBeUndefined();
  });
});

describe('value typing (CSV)', () => {
  async function column(type: ColumnSpec['type'], values: string[]): Promise<unknown[]> {
    const path = await put(
      `typing/${type}-${values.length}.csv`,
      `v\n${values.map((v) => `"${v.replace(/"/g, '""')}"`).join('\n')}\n`,
    );
    const rows = await collect(path, { columns: [{ name: 'v', type }] });
    return rows.map((row) => row.v);
  }

  it('keeps decimals exact, in plain canonical notation', async () => {
    expect(
      await column('decimal', [
        '0.0000000123456789012',
        '123456789012345678901234567890.123456789012345678901',
        '1.50',
        '-0.000',
        '2.323760000E-9',
        '5e-06',
        '5.64902E-05',
        '+5',
        '.5',
        ' 7 ',
        '',
      ]),
    ).toEqual([
      '0.0000000123456789012',
      '123456789012345678901234567890.123456789012345678901',
      '1.5',
      '0',
      '0.00000000232376',
      '0.000005',
      '0.0000564902',
      '5',
      '0.5',
      '7',
      null,
    ]);
  });

  it('normalizes timestamps to ISO 8601 UTC with Z', async () => {
    expect(
      await column('timestamp', [
        '2025-01-01T00:00:00Z',
        '2025-01-01T00:00:00.000Z',
        '2025-01-01 05:30:00+05:30',
        '2024-12-31T19:00:00-05:00',
        '2024-12-31T19:00:00-0500',
        '2025-01-01T00:00Z',
        '2025-01-01 00:00:00 UTC',
        '2025-01-01T00:00:00.1234567Z',
        '2020-11-10 05:49:32.199000+00:00',
        '2025-01-01 00:00:00',
        '2025-01-01',
        '1/2/2025',
      ]),
    ).toEqual([
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00.1234567Z',
      '2020-11-10T05:49:32.199Z',
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00Z',
      '2025-01-02T00:00:00Z',
    ]);
  });

  it('types dates, integers, booleans and JSON', async () => {
    expect(
      await column('date', ['2025-01-31', '1/31/2025', '09/01/2023', '2025-01-31T00:00:00.000Z']),
    ).toEqual(['2025-01-31', '2025-01-31', '2023-09-01', '2025-01-31']);
    expect(await column('integer', ['42', '-7', '24909.0', '1e3'])).toEqual([42, -7, 24909, 1000]);
    expect(await column('boolean', ['True', 'false', '1', '0', 'yes', 'N'])).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(
      await column('json', [
        '{"env":"prod","n":1.5}',
        '[1,2]',
        '"CostCenter": "1234","env": "prod"',
        '{"amount":0.10000000000000000000001}',
      ]),
    ).toEqual([
      { env: 'prod', n: 1.5 },
      [1, 2],
      { CostCenter: '1234', env: 'prod' },
      { amount: '0.10000000000000000000001' },
    ]);
  });

  it.each([
    ['decimal', '1,5', 'not a decimal'],
    ['decimal', 'NaN', 'not a decimal'],
    ['decimal', '$1', 'not a decimal'],
    ['integer', '1.5', 'not an integer'],
    ['integer', '9007199254740993', 'integer out of the safe range (±2^53)'],
    ['date', '2025-02-29', 'not a date'],
    ['date', '2025-01-31T10:00:00Z', 'not a date (a time other than midnight UTC)'],
    ['date', '31/01/2025', 'not a date'],
    ['timestamp', '2025-13-01T00:00:00Z', 'not a timestamp'],
    ['timestamp', '2025-01-01T24:00:00Z', 'not a timestamp'],
    ['timestamp', 'yesterday', 'not a timestamp'],
    ['boolean', 'maybe', 'not a boolean'],
  ] as const)('rejects %s %j', async (type, value, problem) => {
    const good = type === 'boolean' ? 'true' : type === 'decimal' || type === 'integer' ? '1' : '2025-01-01';
    const path = await put(
      `typing/bad-${type}-${value.replace(/\W/g, '_')}.csv`,
      `id,v\n1,${good}\n2,"${value}"\n`,
    );
    const columns: ColumnSpec[] = [
      { name: 'id', type: 'integer' },
      { name: 'v', type },
    ];
    const error = await readError(path, { columns });
    expect(error).toMatchObject({
      row: 2,
      column: 'v',
      value,
      problem: `${problem}: ${JSON.stringify(value)}`,
    });
    expect(error.message).toBe(`billing file ${path}: row 2, column v: ${problem}: ${JSON.stringify(value)}`);
  });

  it('rejects invalid JSON in a json column', async () => {
    const path = await put('typing/bad-json.csv', 'id,tags\n1,"{""a"":1}"\n2,"{bad"\n');
    const error = await readError(path, {
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'tags', type: 'json' },
      ],
    });
    expect(error).toMatchObject({ row: 2, column: 'tags', value: '{bad' });
    expect(error.problem).toMatch(/^not valid JSON/);
  });
});

describe('CSV reading', () => {
  it('matches headers exactly, then by alias, then ignoring case; missing optional columns are null', async () => {
    const path = await put(
      'match/a.csv',
      'lineItem/UnblendedCost,USAGE_START,Extra\n0.0104,2025-01-01T00:00:00Z,x\n',
    );
    const rows = await collect(path, {
      columns: [
        cost,
        { name: 'usage_start', type: 'timestamp' },
        { name: 'resource', type: 'string', aliases: ['lineItem/ResourceId'] },
      ],
      keepOther: true,
    });
    expect(rows).toEqual([
      { cost: '0.0104', usage_start: '2025-01-01T00:00:00Z', resource: null, Extra: 'x' },
    ]);
  });

  it('reads multi-line quoted cells, a BOM, CRLF, blank lines and short rows; nullValues', async () => {
    const path = await put(
      'match/b.csv',
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('Name , Note,Cost\r\n"a","line 1\r\nline ""2""",NULL\r\n\r\nb\r\n'),
      ]),
    );
    const rows = await collect(path, {
      columns: [
        { name: 'Name', type: 'string', required: true },
        { name: 'Note', type: 'string' },
        { name: 'Cost', type: 'decimal' },
      ],
      nullValues: ['NULL'],
    });
    expect(rows).toEqual([
      { Name: 'a', Note: 'line 1\r\nline "2"', Cost: null },
      { Name: 'b', Note: null, Cost: null },
    ]);
  });

  it('reads a generated .csv.gz like the same .csv', async () => {
    const text =
      'line_item_unblended_cost,line_item_usage_start_date\n0.0000000123456789012,2025-01-01T00:00:00Z\n';
    const plain = await put('gz/a.csv', text);
    const gz = await put('gz/a.csv.gz', gzipSync(text));
    const options: ReadOptions = {
      columns: [cost, { name: 'line_item_usage_start_date', type: 'timestamp' }],
    };
    const rows = await collect(gz, options);
    expect(rows).toEqual(await collect(plain, options));
    expect(rows).toEqual([
      { cost: '0.0000000123456789012', line_item_usage_start_date: '2025-01-01T00:00:00Z' },
    ]);
  });

  it('accepts a BillingFile from listBillingFiles', async () => {
    const [file] = await listBillingFiles(await put('gz/b.csv.gz', gzipSync('cost\n1\n2\n')));
    expect(await collect(file!, { columns: [cost] })).toEqual([{ cost: '1' }, { cost: '2' }]);
  });

  it('skips up to maxErrors bad rows, reporting each to onError, and throws on one more', async () => {
    const path = await put('budget/a.csv', 'cost\n1\nx\n2\ny\n3\n');
    const skipped: BillingFileError[] = [];
    const rows = await collect(path, { columns: [cost], maxErrors: 2, onError: (e) => skipped.push(e) });
    expect(rows).toEqual([{ cost: '1' }, { cost: '2' }, { cost: '3' }]);
    expect(skipped.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, 'cost', 'x'],
      [4, 'cost', 'y'],
    ]);
    const error = await readError(path, { columns: [cost], maxErrors: 1 });
    expect(error).toMatchObject({ row: 4, column: 'cost', value: 'y' });
    expect(error.problem).toMatch(/^more than 1 rows with bad values; this one: not a decimal: "y"$/);
  });

  it('rejects a header naming a requested column twice; other duplicates keep the first', async () => {
    const path = await put('match/dup.csv', 'cost,x,x,cost\n1,a,b,2\n');
    const error = await readError(path, { columns: [cost] });
    expect(error).toMatchObject({ column: 'cost', problem: 'duplicate column cost in the header' });
    const other = await put('match/dup-other.csv', 'cost,x,x\n1,a,b\n');
    expect(await collect(other, { columns: [cost], keepOther: true })).toEqual([{ cost: '1', x: 'a' }]);
  });

  it('rejects a column specified twice', async () => {
    const path = await put('budget/b.csv', 'cost\n1\n');
    await expect(collect(path, { columns: [cost, cost] })).rejects.toThrow(TypeError);
  });
});

// Public samples (/work/shared/reference/sample-data.md); each test is skipped when its file is absent.
const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
const sample = (path: string) => join(DATA, path);
const hasSample = (path: string) => existsSync(sample(path));

describe('public samples', () => {
  const curColumns: ColumnSpec[] = [
    cost,
    {
      name: 'usage_start',
      type: 'timestamp',
      required: true,
      aliases: ['lineItem/UsageStartDate', 'line_item_usage_start_date'],
    },
    { name: 'usage_amount', type: 'decimal', aliases: ['lineItem/UsageAmount', 'line_item_usage_amount'] },
    { name: 'account', type: 'string', aliases: ['lineItem/UsageAccountId', 'line_item_usage_account_id'] },
  ];

  it.skipIf(
    !hasSample('aws-cur2-sample/sample-cur20.csv') || !hasSample('aws-cur2-sample/sample-legacy-csv.csv'),
  )('reads AWS CUR 2.0 and legacy CUR headers into the same rows', async () => {
    const cur2 = await collect(sample('aws-cur2-sample/sample-cur20.csv'), { columns: curColumns });
    const legacy = await collect(sample('aws-cur2-sample/sample-legacy-csv.csv'), { columns: curColumns });
    expect(cur2).toHaveLength(4);
    expect(legacy).toEqual(cur2);
    expect(cur2[2]).toEqual({
      cost: '0.034',
      usage_start: '2025-01-01T01:00:00Z',
      usage_amount: '1',
      account: '987654321098',
    });
  });

  it.skipIf(!hasSample('focus-converters/sample-anonymous-aws-export-dataset.csv'))(
    'reads the anonymized legacy CUR (1,281 rows) with an exact cost sum',
    async () => {
      const rows = await collect(sample('focus-converters/sample-anonymous-aws-export-dataset.csv'), {
        columns: [...curColumns, { name: 'period', type: 'date', aliases: ['bill/BillingPeriodStartDate'] }],
      });
      expect(rows).toHaveLength(1281);
      expect(rows[0]).toMatchObject({ period: '2023-11-01', usage_start: '2023-11-01T00:00:00Z' });
      const total = rows.reduce((sum, row) => sum.plus(row.cost as string), new Decimal(0));
      expect(total.isFinite()).toBe(true);
    },
  );

  it.skipIf(!hasSample('focus-converters/reports_cost-csv_0000000030000269.csv'))(
    'reads the OCI cost report (506 rows, exponent decimals, minute timestamps)',
    async () => {
      const rows = await collect(sample('focus-converters/reports_cost-csv_0000000030000269.csv'), {
        columns: [
          { name: 'cost', type: 'decimal', required: true, aliases: ['cost/myCost'] },
          { name: 'start', type: 'timestamp', aliases: ['lineItem/intervalUsageStart'] },
          { name: 'correction', type: 'boolean', aliases: ['lineItem/isCorrection'] },
          { name: 'quantity', type: 'decimal', aliases: ['usage/billedQuantity'] },
        ],
      });
      expect(rows).toHaveLength(506);
      expect(rows[1]).toEqual({
        cost: '0.00000000232376',
        start: '2023-11-13T07:00:00Z',
        correction: false,
        quantity: '0.000002',
      });
    },
  );

  it.skipIf(!hasSample('focus-converters/aws-cur.csv') || !hasSample('focus-converters/oci.csv'))(
    'reads the focus_converters AWS CUR / OCI mapping CSVs (quoted multi-line cells)',
    async () => {
      const columns: ColumnSpec[] = [
        { name: 'FOCUS Dimension', type: 'string', required: true },
        { name: 'Transform Step', type: 'integer', required: true },
        { name: 'Source Column', type: 'string' },
      ];
      const aws = await collect(sample('focus-converters/aws-cur.csv'), { columns, keepOther: true });
      const oci = await collect(sample('focus-converters/oci.csv'), { columns });
      expect(aws).toHaveLength(39);
      expect(oci).toHaveLength(37);
      const billed = aws.find((row) => row['FOCUS Dimension'] === 'BilledCost');
      expect(billed?.['Filters/Process/Etc.']).toContain('\n- WHEN "lineItem/NetUnblendedCost"');
      expect(oci.find((row) => row['FOCUS Dimension'] === 'BilledCost')?.['Source Column']).toBe(
        'cost/myCostOverage',
      );
    },
  );

  it.skipIf(!hasSample('azure-finops-toolkit/EA_ActualCost_Small.csv'))(
    'reads the Azure EA actual cost export (BOM, MM/DD/YYYY dates, brace-less Tags)',
    async () => {
      const rows = await collect(sample('azure-finops-toolkit/EA_ActualCost_Small.csv'), {
        columns: [
          { name: 'BillingAccountId', type: 'string', required: true },
          { name: 'Date', type: 'date', required: true },
          { name: 'Cost', type: 'decimal', required: true, aliases: ['CostInBillingCurrency'] },
          { name: 'Tags', type: 'json' },
          { name: 'IsAzureCreditEligible', type: 'boolean' },
        ],
        keepOther: true,
      });
      expect(rows).toHaveLength(11);
      expect(rows[1]).toMatchObject({
        BillingAccountId: '8611537',
        Date: '2023-09-04',
        Cost: '0.00004',
        Tags: { CostCenter: '1234', env: 'prod', org: 'trey', application: 'databricks' },
        IsAzureCreditEligible: true,
        MeterCategory: expect.any(String),
      });
      expect(Object.keys(rows[0]!)).toHaveLength(55);
    },
  );

  it.skipIf(
    !hasSample(
      'koku-cost-management-tests/202011_30c31bca571d9b7f3b2c8459dd8bc34a_2020-11-08_2020-11-11.csv',
    ),
  )('reads the koku GCP export CSV (offset timestamps, exponent costs, dotted names)', async () => {
    const rows = await collect(
      sample('koku-cost-management-tests/202011_30c31bca571d9b7f3b2c8459dd8bc34a_2020-11-08_2020-11-11.csv'),
      {
        columns: [
          { name: 'cost', type: 'decimal', required: true },
          { name: 'usage_start_time', type: 'timestamp', required: true },
          { name: 'export_time', type: 'timestamp' },
          { name: 'partition_date', type: 'date' },
          { name: 'service.description', type: 'string' },
          { name: 'credits', type: 'string' },
        ],
      },
    );
    expect(rows).toHaveLength(25);
    expect(rows[0]).toMatchObject({
      cost: '0.000005',
      usage_start_time: '2020-11-09T23:00:00Z',
      export_time: '2020-11-10T05:49:32.199Z',
      partition_date: '2020-11-09',
      'service.description': 'Security Command Center',
    });
  });

  it.skipIf(
    !hasSample('koku-cost-management-tests/test_cur.csv') ||
      !hasSample('koku-cost-management-tests/azure_camelCased.csv'),
  )('reads koku variants: a CUR whose rows are one field short, camelCase Azure headers', async () => {
    const cur = await collect(sample('koku-cost-management-tests/test_cur.csv'), {
      columns: [...curColumns, { name: 'costCategory/CostCenter', type: 'string' }],
    });
    expect(cur).toHaveLength(19);
    expect(cur[0]).toMatchObject({ cost: '0.00165303109242778', 'costCategory/CostCenter': null });
    const azure = await collect(sample('koku-cost-management-tests/azure_camelCased.csv'), {
      columns: [
        { name: 'UsageDateTime', type: 'date', required: true },
        { name: 'PreTaxCost', type: 'decimal', required: true },
        { name: 'Tags', type: 'json' },
      ],
    });
    expect(azure[1]).toEqual({
      UsageDateTime: '2019-07-28',
      PreTaxCost: '0.00010368',
      Tags: { project: 'p1' },
    });
  });

  it.skipIf(!hasSample('focus-sample-data-official/focus_sample.csv'))(
    'reads the official FOCUS 1.0 sample with NULL placeholders as null',
    async () => {
      const rows = await collect(sample('focus-sample-data-official/focus_sample.csv'), {
        columns: [
          { name: 'BilledCost', type: 'decimal', required: true },
          { name: 'ChargePeriodStart', type: 'timestamp', required: true },
          { name: 'Tags', type: 'json' },
        ],
        nullValues: ['NULL'],
      });
      expect(rows).toHaveLength(1000);
      expect(rows[0]).toEqual({
        BilledCost: '0.0000008',
        ChargePeriodStart: '2024-09-18T22:00:00Z',
        Tags: null,
      });
    },
  );
});

describe('Parquet (nodejs-polars)', () => {
  let path: string;

  beforeAll(async () => {
    // Under a hive-style folder as AWS CUR 2.0 writes them: the folder must not become a column.
    path = join(dir, 'parquet', 'BILLING_PERIOD=2025-01', 'part-0.snappy.parquet');
    await mkdir(dirname(path), { recursive: true });
    const micros = 1_735_689_600_123_456; // 2025-01-01T00:00:00.123456Z
    const df = pl
      .DataFrame({
        cost: [0.1 + 0.2, 0.0104, 1e-7],
        exact: ['0.0000000123456789012', '123456789012345678.1234567890123456789', null],
        start: [micros, micros + 3_600_000_000, micros],
        day: [20089, 20090, 20091],
        flag: [true, false, null],
        region: ['us-east-1', '', null],
        quantity: [0.1, 2.5, 3],
      })
      .withColumns(
        pl.col('exact').cast(pl.Decimal(38, 19)),
        pl.col('start').cast(pl.Int64).cast(pl.Datetime('us', 'Europe/Paris')),
        pl.col('day').cast(pl.Int32).cast(pl.Date),
        pl.col('quantity').cast(pl.Float32),
        pl.lit(7).cast(pl.Int64).alias('count'),
        pl.struct([pl.col('region').alias('env'), pl.lit(1.5).alias('weight')]).alias('tags'),
      );
    df.writeParquet(path, { compression: 'snappy' });
  });

  it('types doubles (shortest round-trip), decimals, tz datetimes, dates, booleans and structs', async () => {
    const rows = await collect(path, {
      columns: [
        { name: 'cost', type: 'decimal', required: true },
        { name: 'exact', type: 'decimal' },
        { name: 'start', type: 'timestamp' },
        { name: 'day', type: 'date' },
        { name: 'flag', type: 'boolean' },
        { name: 'region', type: 'string' },
        { name: 'quantity', type: 'decimal' },
        { name: 'count', type: 'integer' },
        { name: 'tags', type: 'json' },
        { name: 'absent', type: 'string' },
      ],
    });
    expect(rows[0]).toEqual({
      cost: '0.30000000000000004',
      exact: '0.0000000123456789012',
      start: '2025-01-01T00:00:00.123456Z',
      day: '2025-01-01',
      flag: true,
      region: 'us-east-1',
      quantity: '0.1',
      count: 7,
      tags: { env: 'us-east-1', weight: 1.5 },
      absent: null,
    });
    expect(rows[1]).toMatchObject({
      cost: '0.0104',
      exact: '123456789012345678.1234567890123456789',
      region: null,
    });
    expect(rows[2]).toMatchObject({
      cost: '0.0000001',
      exact: null,
      flag: null,
      start: '2025-01-01T00:00:00.123456Z',
    });
  });

  it('keeps other columns as text and adds no hive partition column', async () => {
    const rows = await collect(path, { columns: [{ name: 'cost', type: 'decimal' }], keepOther: true });
    expect(Object.keys(rows[0]!)).toEqual([
      'cost',
      'exact',
      'start',
      'day',
      'flag',
      'region',
      'quantity',
      'count',
      'tags',
    ]);
    expect(rows[0]).toMatchObject({
      day: '2025-01-01',
      flag: 'true',
      tags: '{"env":"us-east-1","weight":1.5}',
    });
  });

  it('reads in batches across row groups', async () => {
    const n = PARQUET_BATCH_ROWS * 2 + 5;
    const big = join(dir, 'parquet', 'big.parquet');
    pl.DataFrame({ id: Array.from({ length: n }, (_, k) => k) })
      .withColumns(pl.col('id').cast(pl.Int64))
      .writeParquet(big);
    let count = 0;
    let last: unknown;
    for await (const row of readBillingFile(big, {
      columns: [{ name: 'id', type: 'integer', required: true }],
    })) {
      expect(row.id).toBe(count);
      count++;
      last = row.id;
    }
    expect(count).toBe(n);
    expect(last).toBe(n - 1);
  });

  it('rejects missing required columns and a schema-only file', async () => {
    const error = await readError(path, {
      columns: [
        { name: 'BilledCost', type: 'decimal', required: true },
        { name: 'cost', type: 'decimal', required: true },
        { name: 'ChargePeriodStart', type: 'timestamp', required: true },
      ],
    });
    expect(error.problem).toBe('missing required columns: BilledCost, ChargePeriodStart');
    const empty = join(dir, 'parquet', 'empty.parquet');
    pl.DataFrame({ cost: [1.5] })
      .head(0)
      .writeParquet(empty);
    expect((await readError(empty, { columns: [cost] })).problem).toBe(
      'no rows (the Parquet file has a schema only)',
    );
  });

  it('rejects unreadable Parquet files (truncated, not Parquet, corrupt pages)', async () => {
    const bytes = await readFile(path);
    const truncated = await put('parquet-bad/truncated.parquet', bytes.subarray(0, bytes.length >> 1));
    expect((await readError(truncated, { columns: [cost] })).problem).toBe(
      'unreadable Parquet file: no PAR1 magic at the end (truncated?)',
    );
    const text = await put('parquet-bad/text.parquet', 'cost\n1\n');
    expect((await readError(text, { columns: [cost] })).problem).toBe(
      'unreadable Parquet file: no PAR1 magic at the start (not Parquet)',
    );
    const garbled = Buffer.from(bytes);
    garbled.fill(0xff, 4, bytes.length - 8);
    const corrupt = await put('parquet-bad/corrupt.parquet', garbled);
    expect((await readError(corrupt, { columns: [cost] })).problem).toMatch(/^unreadable Parquet file: ./);
  });
});

describe('JSON lines', () => {
  const bigQueryRows = [
    '{"billing_account_id":"01A-2B","service":{"id":"6F81","description":"Compute Engine"},"cost":0.0000000123456789012,"usage_start_time":"2025-01-01 00:00:00 UTC","credits":[{"name":"FreeTrial","amount":-1.5e-7}],"labels":[{"key":"env","value":"prod"}],"invoice":{"month":"202501"},"big":12345678901234567890.125}',
    '',
    '{"billing_account_id":"01A-2B","service":{"id":"6F81","description":"Compute Engine"},"cost":2.5E-3,"usage_start_time":"2025-01-01T01:00:00Z","labels":[],"invoice":{"month":"202501"}}',
  ].join('\n');
  const columns: ColumnSpec[] = [
    { name: 'cost', type: 'decimal', required: true },
    { name: 'usage_start_time', type: 'timestamp', required: true },
    { name: 'service_description', type: 'string', aliases: ['service.description'] },
    { name: 'invoice.month', type: 'string' },
    { name: 'credits', type: 'json' },
  ];

  it('reads a generated .jsonl.gz exactly (numbers never through a double, dotted names, omitted nulls)', async () => {
    const path = await put('json/export.jsonl.gz', gzipSync(`${bigQueryRows}\n`));
    const rows = await collect(path, { columns, keepOther: true });
    expect(rows).toEqual([
      {
        cost: '0.0000000123456789012',
        usage_start_time: '2025-01-01T00:00:00Z',
        service_description: 'Compute Engine',
        'invoice.month': '202501',
        credits: [{ name: 'FreeTrial', amount: -1.5e-7 }],
        billing_account_id: '01A-2B',
        service: '{"id":"6F81","description":"Compute Engine"}',
        labels: '[{"key":"env","value":"prod"}]',
        invoice: '{"month":"202501"}',
        big: '12345678901234567890.125',
      },
      {
        cost: '0.0025',
        usage_start_time: '2025-01-01T01:00:00Z',
        service_description: 'Compute Engine',
        'invoice.month': '202501',
        credits: null,
        billing_account_id: '01A-2B',
        service: '{"id":"6F81","description":"Compute Engine"}',
        labels: '[]',
        invoice: '{"month":"202501"}',
      },
    ]);
    const plain = await put('json/export.json', bigQueryRows);
    const specNames = columns.map((spec) => spec.name);
    expect(await collect(plain, { columns })).toEqual(
      rows.map((row) => Object.fromEntries(specNames.map((name) => [name, row[name]]))),
    );
  });

  it('rejects invalid JSON lines, JSON documents, wrong types and missing required keys', async () => {
    const broken = await put('json/broken.jsonl', '{"cost":1}\n{"cost":\n');
    const error = await readError(broken, { columns: [cost] });
    expect(error.row).toBe(2);
    expect(error.problem).toMatch(/^line 2 is not valid JSON: unexpected end of input/);
    const array = await put('json/array.json', '[\n  {"cost": 1}\n]\n');
    expect((await readError(array, { columns: [cost] })).problem).toMatch(
      /expected JSON lines: one object per line/,
    );
    const typed = await put('json/typed.jsonl', '{"cost":1}\n{"cost":true}\n');
    expect(await readError(typed, { columns: [cost] })).toMatchObject({
      row: 2,
      column: 'cost',
      value: 'true',
    });
    const missing = await put('json/missing.jsonl', '{"price":1}\n');
    expect(
      (await readError(missing, { columns: [cost, { ...cost, name: 'when', aliases: [] }] })).problem,
    ).toBe('missing required columns: cost, when');
  });
});

describe('errors', () => {
  it('rejects an empty file (0 bytes) and a header-only file: no rows', async () => {
    const empty = await put('err/empty.csv', '');
    expect((await readError(empty, { columns: [cost] })).problem).toBe(
      'no rows (the file is empty, 0 bytes)',
    );
    const header = await put('err/header.csv', 'cost,usage\n');
    expect((await readError(header, { columns: [cost] })).problem).toBe(
      'no rows (the file has a header only)',
    );
    const headerGz = await put('err/header.csv.gz', gzipSync('cost,usage\r\n'));
    expect((await readError(headerGz, { columns: [cost] })).problem).toBe(
      'no rows (the file has a header only)',
    );
    const emptyGz = await put('err/empty.csv.gz', gzipSync(''));
    expect((await readError(emptyGz, { columns: [cost] })).problem).toBe('no rows (the file is empty)');
    const blank = await put('err/blank.jsonl', '\n\n');
    expect((await readError(blank, { columns: [cost] })).problem).toBe('no rows (blank lines only)');
  });

  it('lists every missing required column', async () => {
    const path = await put('err/missing.csv', 'BilledCost,x\n1,2\n');
    const error = await readError(path, {
      columns: [
        cost,
        { name: 'usage_start', type: 'timestamp', required: true, aliases: ['lineItem/UsageStartDate'] },
        { name: 'optional', type: 'string' },
        { name: 'BilledCost', type: 'decimal', required: true },
      ],
    });
    expect(error.problem).toBe('missing required columns: cost, usage_start');
    expect(error.columns).toEqual(['cost', 'usage_start']);
    expect(error.message).toBe(`billing file ${path}: missing required columns: cost, usage_start`);
  });

  it('reports a value of the wrong type with the data row number, the column and the value', async () => {
    const path = await put('err/type.csv', 'lineItem/UnblendedCost\n0.5\n\n1.25\nabc\n');
    const error = await readError(path, { columns: [cost] });
    expect(error).toMatchObject({ row: 3, column: 'cost', value: 'abc', problem: 'not a decimal: "abc"' });
    expect(error.message).toBe(`billing file ${path}: row 3, column cost: not a decimal: "abc"`);
  });

  it('rejects a truncated and a corrupt gzip', async () => {
    const rows = Array.from({ length: 5000 }, (_, k) => `${k},0.${k}`).join('\n');
    const gz = gzipSync(`id,cost\n${rows}\n`);
    const truncated = await put('err/truncated.csv.gz', gz.subarray(0, gz.length >> 1));
    const error = await readError(truncated, { columns: [cost] });
    expect(error.problem).toMatch(
      /^corrupt or truncated gzip \(unexpected end of file\) after \d+ data rows$/,
    );
    const corrupt = await put('err/corrupt.csv.gz', Buffer.from('this is not gzip at all'));
    expect((await readError(corrupt, { columns: [cost] })).problem).toMatch(
      /^corrupt or truncated gzip \(incorrect header check\)/,
    );
    const jsonGz = await put('err/truncated.jsonl.gz', gzipSync('{"cost":1}\n'.repeat(5000)).subarray(0, 40));
    expect((await readError(jsonGz, { columns: [cost] })).problem).toMatch(/^corrupt or truncated gzip/);
    const mislabeled = await put('err/really-gz.csv', gz);
    expect((await readError(mislabeled, { columns: [cost] })).problem).toBe(
      'gzip-compressed data in a csv file (name it .csv.gz)',
    );
  });

  it('rejects malformed CSV: an unclosed quote, a row with extra fields', async () => {
    const quote = await put('err/quote.csv', 'cost,note\n1,"ok"\n2,"never closed\n');
    const error = await readError(quote, { columns: [cost] });
    expect(error.row).toBe(2);
    expect(error.problem).toMatch(/^malformed CSV: .*quote/i);
    const header = await put('err/quote-header.csv', '"cost,note\n1,2\n');
    const headerError = await readError(header, { columns: [cost] });
    expect(headerError.row).toBeUndefined();
    expect(headerError.problem).toMatch(/^malformed CSV header: /);
    const wide = await put('err/wide.csv', 'cost,note\n1,a\n2,b,extra\n');
    expect(await readError(wide, { columns: [cost] })).toMatchObject({
      row: 2,
      problem: 'the row has 3 fields, the header has 2',
    });
  });

  it('rejects an unknown extension, a missing path and a directory', async () => {
    const text = await put('err/cur.txt', 'cost\n1\n');
    expect((await readError(text, { columns: [cost] })).problem).toMatch(
      /^unknown extension \(expected \.csv/,
    );
    const missing = join(dir, 'err', 'absent.csv.gz');
    expect((await readError(missing, { columns: [cost] })).problem).toBe('no such file or directory');
    const folder = join(dir, 'err');
    expect((await readError(folder, { columns: [cost] })).problem).toMatch(/^is a directory/);
  });
});

describe('streaming', () => {
  const ROWS = 200_000;
  let gz: Buffer;

  beforeAll(() => {
    const lines = new Array<string>(ROWS + 1);
    lines[0] = 'id,cost,usage_start';
    for (let k = 1; k <= ROWS; k++) lines[k] = `${k},0.${String(k).padStart(9, '0')},2025-01-01T00:00:00Z`;
    gz = gzipSync(`${lines.join('\n')}\n`);
  });

  const columns: ColumnSpec[] = [
    { name: 'id', type: 'integer', required: true },
    { name: 'cost', type: 'decimal', required: true },
    { name: 'usage_start', type: 'timestamp' },
  ];

  it('reads a 200k-row CSV.gz to the end', async () => {
    const path = await put('stream/big.csv.gz', gz);
    let count = 0;
    let last: Row | undefined;
    for await (const row of readBillingFile(path, { columns })) {
      count++;
      last = row;
    }
    expect(count).toBe(ROWS);
    expect(last).toEqual({ id: ROWS, cost: '0.0002', usage_start: '2025-01-01T00:00:00Z' });
  });

  it('yields rows before the end of the file is read (a truncated copy yields ~half its rows, then fails)', async () => {
    const path = await put('stream/half.csv.gz', gz.subarray(0, gz.length >> 1));
    const generator = readBillingFile(path, { columns });
    const first = await generator.next();
    expect(first.value).toEqual({ id: 1, cost: '0.000000001', usage_start: '2025-01-01T00:00:00Z' });
    let consumed = 1;
    let failure: unknown;
    try {
      for (let next = await generator.next(); !next.done; next = await generator.next()) consumed++;
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(BillingFileError);
    expect((failure as BillingFileError).problem).toMatch(/^corrupt or truncated gzip/);
    // Had the reader buffered the whole file before its first yield, the corruption would have surfaced first.
    expect(consumed).toBeGreaterThan(ROWS / 4);
    expect(consumed).toBeLessThan(ROWS);
  });

  it('stops reading when the consumer stops', async () => {
    const path = await put('stream/early.csv.gz', gz);
    const seen: unknown[] = [];
    for await (const row of readBillingFile(path, { columns })) {
      seen.push(row.id);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
  });
});
