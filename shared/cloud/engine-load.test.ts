/**
 * The engine load is all or nothing: a bad value, a truncated gzip, a header-only file or a missing column in any
 * file of the run fails the load with the JS reader's own error (file, row, column, problem) and leaves the slice
 * exactly as it was; nothing of the files before it is half-written.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudAwsBillingRawDaily } from '../datasets/index.js';
import { localBillingSource } from '../ports/billing-source/local.js';
import { openDuckDb } from '../ports/warehouse/embedded/duckdb.js';
import type { Slice, Warehouse } from '../ports/warehouse/port.js';
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

/** Loads `aws/<bucket>/` through the engine as the extract step does. */
async function load(bucket: string) {
  const source = localBillingSource(dir.dir, 'aws', [bucket], 'cred');
  const files = await source.list();
  expect(engineLoads(wh, awsCurFormat, source, files)).toBe(true);
  return loadThroughEngine({
    wh,
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

const state = async () =>
  (
    await wh.query(
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
