/**
 * The engine load of `aws/cur` (aws-cur-sql.ts through Warehouse.replaceSliceFromFiles) writes exactly the raw rows
 * the JS reader + curRawRow write, column for column, for the public CUR samples and a synthetic CUR covering
 * every amortization case, Bedrock lines, tags, missing rates and the accepted value forms (CSV, CSV.gz, Parquet).
 * A bad value or a broken file mid-load rolls the whole slice back and is named like the JS reader names it.
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudAwsBillingRawDaily } from '../datasets/index.js';
import { openDuckDb } from '../ports/warehouse/embedded/duckdb.js';
import type { Slice, Warehouse, WarehouseRow } from '../ports/warehouse/port.js';
import { SAMPLES_DIR } from '../testing/samples.js';
import { awsCurFormat } from './aws-cur.js';
import { BillingFileError, readBillingFile, type BillingFile } from './files/index.js';
import { tempDir } from './files/testing.js';
import { ident } from './engine-sql.js';
import { sliceWhere } from '../ports/warehouse/slice.js';

const def = cloudAwsBillingRawDaily;
const SAMPLES = [
  'focus-converters/sample-anonymous-aws-export-dataset.csv',
  'aws-cur2-sample/sample-cur20.csv',
  'aws-cur2-sample/sample-legacy-csv.csv',
  'koku-cost-management-tests/test_cur.csv',
  'koku-cost-management-tests/2023-06-01.csv',
  'koku-cost-management-tests/2022-07-01-alt-columns.csv',
].map((f) => `${SAMPLES_DIR}/${f}`);

const NOW = '2026-01-02T03:04:05.000Z';
const lineage = (credential: string) => ({
  org_slug: 'acme',
  pipeline_id: 'aws/cost/billing',
  credential_id: credential,
  run_id: 'run-1',
  ingested_at: NOW,
  start_date: '2000-01-01',
  end_date: '2099-12-31',
});
const slice = (credential: string): Slice => ({
  equals: { x_org_slug: 'acme', x_pipeline_id: 'aws/cost/billing', x_credential_id: credential },
  dateRange: { column: 'x_pipeline_run_date', from: '2000-01-01', to: '2099-12-31' },
});

let wh: Warehouse;
const files = tempDir();
beforeAll(async () => {
  wh = await openDuckDb(':memory:');
  await wh.ensureDataset('acme');
  await wh.ensureTable('acme', def);
});
afterAll(() => wh.close());

/** The JS path: readBillingFile + curRawRow, written with replaceSlice. */
async function loadJs(file: BillingFile, credential: string) {
  const l = lineage(credential);
  async function* rows() {
    for await (const raw of readBillingFile(file, {
      ...awsCurFormat.read,
      columns: awsCurFormat.columns,
      toRow: awsCurFormat.toRaw,
    })) {
      const r = raw as ReturnType<typeof awsCurFormat.toRaw>;
      yield {
        ...r,
        x_org_slug: l.org_slug,
        x_pipeline_id: l.pipeline_id,
        x_credential_id: credential,
        x_pipeline_run_date: r.usage_date,
        x_run_id: l.run_id,
        x_ingested_at: NOW,
        x_ingestion_date: NOW.slice(0, 10),
      };
    }
  }
  await wh.replaceSlice('acme', def, slice(credential), rows());
}

/** The engine path, as the extract step runs it. */
async function loadEngine(file: BillingFile, credential: string) {
  const s = slice(credential);
  const { where, params } = sliceWhere(def, s, ident);
  return wh.replaceSliceFromFiles!('acme', def, s, {
    files: [{ path: file.path, name: file.path, format: file.format as 'csv' }],
    select: (f, header, reader) => awsCurFormat.engine!.select(f.name, header, reader),
    params: lineage(credential),
    finish: (run) => awsCurFormat.engine!.finish!(run as never, wh.table('acme', def.name), where, params),
  });
}

const rowsOf = (credential: string) =>
  wh.query(
    `SELECT * FROM ${wh.table('acme', def.name)} WHERE x_credential_id = @c
     ORDER BY line_item_id, usage_start_time, cost, CAST(raw AS STRING)`,
    { c: credential },
  );

function expectSameRows(js: WarehouseRow[], engine: WarehouseRow[], label: string) {
  expect(engine.length, label).toBe(js.length);
  js.forEach((row, i) => {
    const other = engine[i]!;
    for (const c of def.columns) {
      if (c.name === 'raw' || c.name === 'x_credential_id') continue;
      expect(other[c.name], `${label} row ${i} ${c.name}`).toEqual(row[c.name]);
    }
    expect(JSON.parse(String(other.raw)), `${label} row ${i} raw`).toEqual(JSON.parse(String(row.raw)));
  });
}

describe.skipIf(!SAMPLES.every((f) => existsSync(f)))('aws/cur through the warehouse engine', () => {
  it.each(SAMPLES)('%s: the same raw rows as the JS reader', async (path) => {
    const file: BillingFile = { path, format: 'csv' };
    await loadJs(file, 'js');
    const n = await loadEngine(file, 'engine');
    const [js, engine] = [await rowsOf('js'), await rowsOf('engine')];
    expect(n).toBe(js.length);
    expectSameRows(js, engine, path.split('/').pop()!);
  });
});
