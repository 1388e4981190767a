import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pl from 'nodejs-polars';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARQUET_BATCH_ROWS, readBillingFile } from './index.js';
import { collect, cost, readError, tempDir } from './testing.js';

const tmp = tempDir();
const put = tmp.put;

describe('Parquet (nodejs-polars)', () => {
  let path: string;

  beforeAll(async () => {
    // Under a hive-style folder as AWS CUR 2.0 writes them: the folder must not become a column.
    path = join(tmp.dir, 'parquet', 'BILLING_PERIOD=2025-01', 'part-0.snappy.parquet');
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
    const big = join(tmp.dir, 'parquet', 'big.parquet');
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
    const empty = join(tmp.dir, 'parquet', 'empty.parquet');
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
