/**
 * aws/cost/billing end to end on local export files: the public AWS CUR samples run through the pipeline and the
 * FOCUS BilledCost per day and currency equals the export's unblended cost exactly; a bad file fails the run,
 * names the file and leaves the previous slice as it was.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { type Org, usePlatform } from '../../shared/testing/platform.js';
import { SAMPLES_DIR } from '../../shared/testing/samples.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { checkFocusRows } from '../../shared/focus/conformance.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { testAwsKeys } from '../../shared/testing/provider-credentials.js';
import { focusTotalsByDay, runPipeline, runPipelineToCompletion, setupCloudIntegration } from './helpers.js';

const DATA = SAMPLES_DIR;
const ANON = join(DATA, 'focus-converters/sample-anonymous-aws-export-dataset.csv');
const CUR2 = join(DATA, 'aws-cur2-sample/sample-cur20.csv');
const LEGACY = join(DATA, 'aws-cur2-sample/sample-legacy-csv.csv');
const samples = existsSync(ANON) && existsSync(CUR2) && existsSync(LEGACY);

let p: TestPlatform;
let fake: FakeProviders;
let exportsDir: string;
usePlatform((f) => ({ p, fake, exportsDir } = f));

const FOCUS_COLUMNS = costDataStandard13.columns.map((c) => c.name);
const focusTotals = (org: Org, column = 'BilledCost') => focusTotalsByDay(p, org, column);

async function awsIntegration(org: Org, bucket: string, prefix: string) {
  const aws = testAwsKeys();
  return setupCloudIntegration(p, fake, org, 'aws', {
    valid: ['aws', [{ ...aws.fake, access: [bucket] }]],
    credential: aws.credential,
    config: { export_bucket: bucket, export_prefix: prefix, region: 'us-east-1' },
    exportsDir,
    dir: ['aws', bucket, prefix],
  });
}

/** Σ unblended cost per `day|currency` of a CUR CSV, straight from the file. */
function sourceTotals(file: string, start: string, cost: string, currency?: string) {
  const rows = parse(readFileSync(file), { columns: true, relax_column_count: true }) as Record<
    string,
    string
  >[];
  const totals = new Map<string, Decimal>();
  for (const r of rows) {
    const key = `${r[start]!.slice(0, 10)}|${currency ? r[currency] || 'USD' : 'USD'}`;
    totals.set(key, (totals.get(key) ?? new Decimal(0)).plus(r[cost]!));
  }
  return Object.fromEntries([...totals].sort().map(([k, v]) => [k, v.toFixed()]));
}

describe.skipIf(!samples)('aws/cost/billing', () => {
  it('the anonymized legacy CUR (1,281 rows): FOCUS BilledCost per day and currency equals the export exactly', async () => {
    const org = await p.onboard();
    const dir = await awsIntegration(org, 'cur-bucket', 'cur/');
    copyFileSync(ANON, join(dir, 'export-00001.csv'));
    await runPipelineToCompletion(p, org, 'aws/cost/billing', '2023-11-01', '2023-11-30');
    const expected = sourceTotals(
      ANON,
      'lineItem/UsageStartDate',
      'lineItem/UnblendedCost',
      'lineItem/CurrencyCode',
    );
    expect(await focusTotals(org)).toEqual(expected);
    // Usage and tax only: the amortized view equals the billed one.
    expect(await focusTotals(org, 'EffectiveCost')).toEqual(expected);

    const wh = await p.ctx.warehouse();
    const rows = await wh.query(
      `SELECT * FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')}`,
    );
    expect(rows.length).toBe(1281);
    expect(checkFocusRows(rows, { columns: FOCUS_COLUMNS, mustOnly: true })).toEqual([]);

    // Re-running leaves the totals unchanged.
    await runPipelineToCompletion(p, org, 'aws/cost/billing', '2023-11-01', '2023-11-30');
    expect(await focusTotals(org)).toEqual(expected);

    // A truncated gzip next to it fails the run naming the file; the previous slice stays.
    const good = readFileSync(ANON);
    const gz = gzipSync(good);
    writeFileSync(join(dir, 'export-00002.csv.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const detail = await runPipeline(p, org, 'aws/cost/billing', '2023-11-01', '2023-11-30');
    expect(detail.status).toBe('FAILED');
    expect(detail.error).toMatch(/export-00002\.csv\.gz/);
    expect(await focusTotals(org)).toEqual(expected);
  });

  it('the koku CUR test exports (legacy, CUR 2.0 alt columns, cost categories) reconcile exactly', async () => {
    const koku = join(DATA, 'koku-cost-management-tests');
    for (const [file, start, cost, currency, from, to] of [
      [
        'test_cur.csv',
        'lineItem/UsageStartDate',
        'lineItem/UnblendedCost',
        'lineItem/CurrencyCode',
        '2018-06-01',
        '2018-06-30',
      ],
      [
        '2023-06-01.csv',
        'lineItem/UsageStartDate',
        'lineItem/UnblendedCost',
        'lineItem/CurrencyCode',
        '2023-06-01',
        '2023-06-30',
      ],
      [
        '2022-07-01-alt-columns.csv',
        'line_item_usage_start_date',
        'line_item_unblended_cost',
        'line_item_currency_code',
        '2022-07-01',
        '2022-07-31',
      ],
    ] as const) {
      const org = await p.onboard();
      const dir = await awsIntegration(org, 'koku-bucket', `${org.org_slug}/`);
      copyFileSync(join(koku, file), join(dir, file));
      await runPipelineToCompletion(p, org, 'aws/cost/billing', from, to);
      // test_cur.csv has costs with 19 decimals; the embedded warehouse stores 18 (BigQuery 38), so totals agree
      // to 1e-16 there and exactly elsewhere (and always to the cent).
      const got = await focusTotals(org);
      const want = sourceTotals(join(koku, file), start, cost, currency);
      expect(Object.keys(got), file).toEqual(Object.keys(want));
      for (const k of Object.keys(want)) {
        const diff = new Decimal(got[k]!).minus(want[k]!).abs();
        expect(
          diff.lte(file === 'test_cur.csv' ? '1e-16' : '0'),
          `${file} ${k}: ${got[k]} vs ${want[k]}`,
        ).toBe(true);
      }
      const wh = await p.ctx.warehouse();
      const rows = await wh.query(
        `SELECT * FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')}`,
      );
      // test_cur.csv's rate x amount needs more than 18 decimals on some rows: the embedded warehouse stores
      // BIGNUMERIC as DECIMAL(38,18) and so rounds the stored ListCost / ContractedCost there (exact on
      // BigQuery). costScale 18 says so: the cost then equals the product rounded to 18 decimals.
      const findings = (costScale?: number) => [
        ...new Set(
          checkFocusRows(rows, { columns: FOCUS_COLUMNS, mustOnly: true, costScale }).map(
            (v) => `${v.rule}:${v.column}`,
          ),
        ),
      ];
      expect(findings(18), file).toEqual([]);
      const rounded = ['ContractedCostRelation:ContractedCost', 'ListCostRelation:ListCost'];
      expect(findings().sort(), file).toEqual(file === 'test_cur.csv' ? rounded : []);
    }
  });

  it('CUR 2.0 and legacy headers of the same rows give the same FOCUS totals', async () => {
    for (const [file, start, cost] of [
      [CUR2, 'line_item_usage_start_date', 'line_item_unblended_cost'],
      [LEGACY, 'lineItem/UsageStartDate', 'lineItem/UnblendedCost'],
    ] as const) {
      const org = await p.onboard();
      const dir = await awsIntegration(org, 'cur2-bucket', `${org.org_slug}/`);
      copyFileSync(file, join(dir, 'data.csv'));
      await runPipelineToCompletion(p, org, 'aws/cost/billing', '2025-01-01', '2025-01-31');
      expect(await focusTotals(org)).toEqual(sourceTotals(file, start, cost));
      // No rate columns: each line's rate is exactly cost / usage amount (0.0104 / 1.0), so the lines are priced
      // and every FOCUS rule holds.
      const wh = await p.ctx.warehouse();
      const rows = await wh.query(
        `SELECT * FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')}`,
      );
      expect(rows.length).toBe(4);
      expect(checkFocusRows(rows, { columns: FOCUS_COLUMNS, mustOnly: true })).toEqual([]);
      expect(rows.map((r) => new Decimal(String(r.ContractedUnitPrice)).toFixed()).sort()).toEqual([
        '0.0104',
        '0.0104',
        '0.0104',
        '0.034',
      ]);
    }
  });
});
