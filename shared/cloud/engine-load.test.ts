/**
 * The engine load is all or nothing: a bad value, a truncated gzip, a header-only file or a missing column in any
 * file of the run fails the load with the JS reader's own error (file, row, column, problem) and leaves the slice
 * exactly as it was; nothing of the files before it is half-written.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudAwsBillingRawDaily } from '../datasets/index.js';
import { localBillingSource } from '../ports/billing-source/local.js';
import { openDuckDb } from '../ports/warehouse/embedded/duckdb.js';
import type { BillingSource } from '../ports/billing-source/port.js';
import type { FilesLoad, LoadFile, Slice, Warehouse } from '../ports/warehouse/port.js';
import { awsCurFormat } from './aws-cur.js';
import { engineLoads, loadThroughEngine } from './engine-load.js';
import { BillingFileError, readBillingFile } from './files/index.js';
import { tempDir } from './files/testing.js';

const def = cloudAwsBillingRawDaily;
const HEADER = 'identity/LineItemId,bill/PayerAccountId,lineItem/UsageStartDate,lineItem/UnblendedCost';
const csv = (rows: string[]) => [HEADER, ...rows].join('\n') + '\n';
const GOOD = csv([
  'a,111,2025-01-01T00:00:00Z,1.5',
  'b,111,2025-01-02T00:00:00Z,2.25',
  'c,111,2025-01-03T00:00:00Z,0.000000001',
]);
/** 2,000 rows gzipped, cut after the first 4 KB. */
const TRUNCATED = gzipSync(
  csv(Array.from({ length: 2000 }, (_, i) => `t${i},111,2025-01-0${1 + (i % 9)}T00:00:00Z,${i}.25`)),
).subarray(0, 4096);
const slice: Slice = {
  equals: { x_org_slug: 'acme', x_pipeline_id: 'aws/cost/billing', x_credential_id: 'cred' },
  dateRange: { column: 'x_pipeline_run_date', from: '2025-01-01', to: '2025-01-31' },
};

let wh: Warehouse;
const dir = tempDir();
beforeAll(async () => {
  wh = await openDuckDb(':memory:');
  await wh.ensureDataset('acme');
  await wh.ensureTable('acme', def);
});
afterAll(() => wh.close());

/** Loads `aws/<bucket>/` through the engine as the extract step does (from `source`, the local one by default). */
async function load(
  bucket: string,
  into: Warehouse = wh,
  source: BillingSource = localBillingSource(dir.dir, 'aws', [bucket], 'cred'),
) {
  const files = await source.list();
  expect(engineLoads(into, awsCurFormat, source, files)).toBe(true);
  return loadThroughEngine({
    wh: into,
    dataset: 'acme',
    format: awsCurFormat,
    source,
    files,
    slice,
    params: {
      org_slug: 'acme',
      pipeline_id: 'aws/cost/billing',
      credential_id: 'cred',
      run_id: bucket,
      ingested_at: '2026-01-01T00:00:00.000Z',
      start_date: '2025-01-01',
      end_date: '2025-01-31',
    },
  });
}

const state = async (of: Warehouse = wh) =>
  (
    await of.query(
      `SELECT COUNT(*) AS n, CAST(SUM(cost) AS STRING) AS total, STRING_AGG(DISTINCT x_run_id) AS runs
       FROM ${wh.table('acme', def.name)}`,
    )
  )[0];

/** The JS reader's error for a file, to compare with the engine load's. */
async function jsError(path: string, format: 'csv' | 'csv.gz') {
  try {
    const rows = readBillingFile(
      { path, format, bytes: -1 },
      { ...awsCurFormat.read, columns: awsCurFormat.columns, toRow: awsCurFormat.toRaw },
    );
    for await (const row of rows) void row;
  } catch (err) {
    return err as BillingFileError;
  }
  throw new Error(`${path} reads without error`);
}

describe('engine load: a failure anywhere rolls the whole slice back', () => {
  it('loads a run, then refuses each broken second file with the JS reader error and keeps the slice', async () => {
    await dir.put('aws/good/export-1.csv', GOOD);
    expect(await load('good')).toBe(3);
    const before = await state();
    expect(before).toEqual({ n: 3, total: '3.750000001000000000', runs: 'good' });

    const cases: [string, string | Buffer, 'csv' | 'csv.gz', RegExp][] = [
      [
        'bad-value/export-2.csv',
        csv(['d,111,2025-01-04T00:00:00Z,1', 'e,111,2025-01-05T00:00:00Z,1,5']),
        'csv',
        /row 2/,
      ],
      [
        'bad-decimal/export-2.csv',
        csv(['d,111,2025-01-04T00:00:00Z,1', 'e,111,2025-01-05T00:00:00Z,12 USD']),
        'csv',
        /row 2, column line_item_unblended_cost: not a decimal/,
      ],
      [
        'bad-time/export-2.csv',
        csv(['d,111,2025-02-30T00:00:00Z,1']),
        'csv',
        /row 1, column line_item_usage_start_date: not a timestamp/,
      ],
      ['truncated/export-2.csv.gz', TRUNCATED, 'csv.gz', /corrupt or truncated gzip/],
      ['header-only/export-2.csv', `${HEADER}\n`, 'csv', /no rows \(the file has a header only\)/],
      [
        'no-cost/export-2.csv',
        'identity/LineItemId,bill/PayerAccountId,lineItem/UsageStartDate\nd,111,2025-01-04T00:00:00Z\n',
        'csv',
        /missing required columns: line_item_unblended_cost/,
      ],
    ];
    for (const [name, content, format, problem] of cases) {
      const bucket = name.split('/')[0]!;
      await dir.put(`aws/${bucket}/export-1.csv`, GOOD);
      const path = await dir.put(`aws/${name}`, content);
      const err = await load(bucket).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(BillingFileError);
      expect((err as BillingFileError).message, `${name}: ${(err as Error).message}`).toMatch(problem);
      expect((err as BillingFileError).message, name).toBe((await jsError(path, format)).message);
      // Nothing of export-1.csv (loaded first, in the same transaction) nor of the broken file is left.
      expect(await state(), name).toEqual(before);
    }
  });
});

describe('engine load: a failure after rows were already written to the database file rolls back', () => {
  /** 300,000 rows, the last one's cost not a decimal: DuckDB has written row groups to disk before it fails. */
  const BIG = 300_000;
  const bigCsv = () =>
    csv(
      Array.from({ length: BIG }, (_, i) => {
        const cost = i === BIG - 1 ? '12 USD' : `${i}.5`;
        return `big${i},111,2025-01-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z,${cost}`;
      }),
    );

  it('leaves the slice as it was, in the open database and after reopening its file', async () => {
    const file = join(dir.dir, 'on-disk', 'warehouse.duckdb');
    let disk = await openDuckDb(file, { memoryLimit: '256MB' });
    try {
      await disk.ensureDataset('acme');
      await disk.ensureTable('acme', def);
      await dir.put('aws/disk/export-1.csv', GOOD);
      expect(await load('disk', disk)).toBe(3);
      const before = await state(disk);
      expect(before).toEqual({ n: 3, total: '3.750000001000000000', runs: 'disk' });

      await dir.put('aws/disk/export-2.csv', bigCsv());
      const err = await load('disk', disk).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BillingFileError);
      expect((err as Error).message).toMatch(
        new RegExp(`row ${BIG}, column line_item_unblended_cost: not a decimal`),
      );
      expect(await state(disk)).toEqual(before);

      // The connection's settings are back to DuckDB's defaults after the load.
      const [setting] = await disk.query(
        `SELECT current_setting('preserve_insertion_order') AS preserve_insertion_order,
           current_setting('force_compression') AS force_compression`,
      );
      expect(setting).toEqual({ preserve_insertion_order: true, force_compression: 'auto' });

      await disk.close();
      disk = await openDuckDb(file);
      expect(await state(disk)).toEqual(before);
    } finally {
      await disk.close();
    }
  }, 120_000);
});

describe('through a warehouse that stages the bytes itself (BigQuery)', () => {
  it('loads a remote source: each file by its byte stream, the SELECT and the Bedrock statements in BigQuery SQL', async () => {
    const bytes = Buffer.from(GOOD);
    const source: BillingSource = {
      kind: 's3',
      where: 's3://exports/cur/',
      list: async () => [
        { name: 's3://exports/cur/a.csv', key: 'cur/a.csv', format: 'csv', bytes: bytes.length },
      ],
      open: async () => Readable.from([bytes]),
    };
    const seen: { file: LoadFile; select: string; streamed: string }[] = [];
    const finished: string[] = [];
    const bigquery = {
      kind: 'bigquery',
      table: (dataset: string, name: string) => `\`proj.${dataset}.${name}\``,
      async replaceSliceFromFiles(_d: string, _def: unknown, _s: Slice, load: FilesLoad) {
        for (const file of load.files) {
          const chunks: Buffer[] = [];
          for await (const chunk of await file.open!()) chunks.push(chunk as Buffer);
          const reader = {
            dialect: 'bigquery' as const,
            header: HEADER.split(','),
            from: '`t`',
            column: (i: number) => `c${i}`,
          };
          seen.push({ file, select: load.select(file, reader), streamed: Buffer.concat(chunks).toString() });
        }
        await load.finish!(async (sql) => (finished.push(sql), []), 'bigquery');
        return 3;
      },
    } as unknown as Warehouse;
    const files = await source.list();
    expect(engineLoads(bigquery, awsCurFormat, source, files)).toBe(true);
    const written = await loadThroughEngine({
      wh: bigquery,
      dataset: 'acme',
      format: awsCurFormat,
      source,
      files,
      slice,
      params: {},
    });
    expect(written).toBe(3);
    expect(seen[0]!.file.path).toBeUndefined();
    expect(seen[0]!.streamed).toBe(GOOD);
    expect(seen[0]!.select).toContain('PARSE_BIGNUMERIC(');
    expect(seen[0]!.select).not.toContain('"lineItem/UnblendedCost"');
    // The slice filter of the finishing statements quotes as BigQuery does.
    expect(finished[0]).toContain('`x_org_slug` IS NOT DISTINCT FROM @slice_x_org_slug');
    expect(finished[0]).toContain('JSON_VALUE(raw');
  });
});

describe('engine load on DuckDB from a remote source', () => {
  /** The local adapter over `aws/<bucket>/` seen as a remote one: byte streams only, no local paths. */
  function remote(bucket: string): BillingSource {
    const { localPath: _path, ...local } = localBillingSource(dir.dir, 'aws', [bucket], 'cred');
    return { ...local, kind: 's3', where: `s3://${bucket}/` };
  }
  /** `wh` recording the paths DuckDB was given. */
  function recording(paths: string[]): Warehouse {
    return {
      ...wh,
      replaceSliceFromFiles: (d, t, s, l) => {
        paths.push(...l.files.map((f) => f.path!));
        return wh.replaceSliceFromFiles!(d, t, s, l);
      },
    };
  }
  const loadRemote = (bucket: string, paths: string[]) => load(bucket, recording(paths), remote(bucket));

  it("copies each file's bytes to a temp directory, loads them there and removes them, also when a file is refused", async () => {
    await dir.put('aws/remote/export-1.csv', GOOD);
    await dir.put('aws/remote/export-2.csv.gz', gzipSync(csv(['d,111,2025-01-04T00:00:00Z,4'])));
    const paths: string[] = [];
    expect(await loadRemote('remote', paths)).toBe(4);
    expect(await state()).toEqual({ n: 4, total: '7.750000001000000000', runs: 'remote' });
    expect(paths).toHaveLength(2);
    for (const path of paths) expect(existsSync(dirname(path)), path).toBe(false);

    const bad = await dir.put('aws/remote-bad/export-2.csv', csv(['e,111,2025-01-05T00:00:00Z,12 USD']));
    await dir.put('aws/remote-bad/export-1.csv', GOOD);
    const failed: string[] = [];
    const err = await loadRemote('remote-bad', failed).catch((e: unknown) => e);
    expect((err as Error).message).toBe((await jsError(bad, 'csv')).message);
    expect(await state()).toEqual({ n: 4, total: '7.750000001000000000', runs: 'remote' });
    expect(failed).toHaveLength(2);
    for (const path of failed) expect(existsSync(dirname(path)), path).toBe(false);
  });
});
