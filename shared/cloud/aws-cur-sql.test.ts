/**
 * The engine load of `aws/cur` (aws-cur-sql.ts through Warehouse.replaceSliceFromFiles) writes exactly the raw rows
 * the JS reader + curRawRow write, column for column, for the public CUR samples and a synthetic CUR covering
 * every amortization case, Bedrock lines, tags, missing rates and the accepted value forms (CSV, CSV.gz, Parquet).
 * A bad value or a broken file mid-load rolls the whole slice back and is named like the JS reader names it.
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cloudAwsBillingRawDaily } from '../datasets/index.js';
import type { WarehouseRow } from '../ports/warehouse/port.js';
import { SAMPLES_DIR } from '../testing/samples.js';
import { awsCurFormat, CUR_TYPED, curRawRow, inRaw } from './aws-cur.js';
import { readBillingFile, type BillingFile } from './files/index.js';
import { tempDir } from './files/testing.js';
import { expectSameRows as expectSameParity, parity, sameValue } from '../testing/engine-parity.js';

const def = cloudAwsBillingRawDaily;
const SAMPLES = [
  'focus-converters/sample-anonymous-aws-export-dataset.csv',
  'aws-cur2-sample/sample-cur20.csv',
  'aws-cur2-sample/sample-legacy-csv.csv',
  'koku-cost-management-tests/test_cur.csv',
  'koku-cost-management-tests/2023-06-01.csv',
  'koku-cost-management-tests/2022-07-01-alt-columns.csv',
].map((f) => `${SAMPLES_DIR}/${f}`);

const files = tempDir();
const paths = parity(awsCurFormat);
const wh = () => paths.wh();
const { loadJs, loadEngine } = paths;
const rowsOf = (credential: string) => paths.rowsOf(credential, 'line_item_id, usage_start_time, cost');
const expectSameRows = (js: WarehouseRow[], engine: WarehouseRow[], label: string, skip: string[] = []) =>
  expectSameParity(def, js, engine, label, skip);

describe.skipIf(!SAMPLES.every((f) => existsSync(f)))('aws/cur through the warehouse engine', () => {
  it.each(SAMPLES)('%s: the same raw rows as the JS reader', async (path) => {
    const file: BillingFile = { path, format: 'csv', bytes: -1 };
    await loadJs(file, 'js');
    const n = await loadEngine(file, 'engine');
    const [js, engine] = [await rowsOf('js'), await rowsOf('engine')];
    expect(n).toBe(js.length);
    expectSameRows(js, engine, path.split('/').pop()!);
  });
});

/** Legacy CUR columns of the synthetic export, then two tag columns. */
const HEADER = [
  'identity/LineItemId',
  'bill/PayerAccountId',
  'bill/BillingPeriodStartDate',
  'lineItem/UsageAccountId',
  'lineItem/LineItemType',
  'lineItem/UsageStartDate',
  'lineItem/UsageEndDate',
  'lineItem/ProductCode',
  'lineItem/UsageType',
  'lineItem/UsageAmount',
  'lineItem/CurrencyCode',
  'lineItem/UnblendedRate',
  'lineItem/UnblendedCost',
  'lineItem/LineItemDescription',
  'product/ProductName',
  'pricing/publicOnDemandRate',
  'pricing/unit',
  'reservation/EffectiveCost',
  'reservation/ReservationARN',
  'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod',
  'reservation/UnusedRecurringFee',
  'savingsPlan/SavingsPlanEffectiveCost',
  'savingsPlan/TotalCommitmentToDate',
  'savingsPlan/UsedCommitment',
  'resourceTags/user:team',
  'resourceTags/user:env',
];

/** [type, start, amount, rate, cost, public rate, product, usage type, product name, amortization cells…, tags]. */
const LINES: string[][] = [
  [
    'Usage',
    '2025-01-01T00:00:00Z',
    '1.0',
    '0.0104',
    '0.0104',
    '0.0104',
    'AmazonEC2',
    'BoxUsage',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    'web',
    'prod',
  ],
  [
    'Usage',
    '2025-01-01T05:30Z',
    '3',
    '',
    '0.3',
    '',
    'AmazonS3',
    'Requests',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    'Usage',
    '2025-01-02 10:00:00+05:30',
    '7',
    '',
    '1',
    '',
    'AmazonS3',
    'Requests',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    'dev',
  ],
  [
    'Usage',
    '2025-01-02T00:00:00.123456Z',
    '1.5E3',
    '2.5E-4',
    '3.75E-1',
    '',
    'AmazonEC2',
    'BoxUsage',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    'Usage',
    '1/3/2025',
    '0.0000000000000000012',
    '12.5',
    '0.000000000000000015',
    '13',
    'AmazonEC2',
    'X',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    'Usage',
    '2025-01-03 00:00:00 UTC',
    '123456789.123456789',
    '0.123456789012345678',
    '15241578.780673678',
    '',
    'AmazonEC2',
    'Y',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    'DiscountedUsage',
    '2025-01-04T00:00:00Z',
    '1',
    '0.1',
    '0.1',
    '0.2',
    'AmazonEC2',
    'Z',
    '',
    '0.07',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    'RIFee',
    '2025-01-04T00:00:00Z',
    '',
    '',
    '10',
    '',
    'AmazonEC2',
    'Z',
    '',
    '',
    'arn:ri',
    '1.25',
    '0.5',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    'RIFee',
    '2025-01-04T00:00:00Z',
    '',
    '',
    '10',
    '',
    'AmazonEC2',
    'Z',
    '',
    '',
    'arn:ri',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    'Fee',
    '2025-01-04T00:00:00Z',
    '',
    '',
    '100',
    '',
    'AmazonEC2',
    'Z',
    '',
    '',
    'arn:ri',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  ['Fee', '2025-01-04T00:00:00Z', '', '', '5', '', 'AWSSupport', 'Z', '', '', '', '', '', '', '', '', '', ''],
  [
    'SavingsPlanCoveredUsage',
    '2025-01-05T00:00:00Z',
    '2',
    '0.5',
    '1',
    '',
    'AmazonEC2',
    'Z',
    '',
    '',
    '',
    '',
    '',
    '0.62',
    '',
    '',
    '',
    '',
  ],
  [
    'SavingsPlanRecurringFee',
    '2025-01-05T00:00:00Z',
    '',
    '',
    '24',
    '',
    'ComputeSavingsPlans',
    'Z',
    '',
    '',
    '',
    '',
    '',
    '',
    '24',
    '20.000000000000000001',
    '',
    '',
  ],
  [
    'SavingsPlanNegation',
    '2025-01-05T00:00:00Z',
    '',
    '',
    '-1',
    '',
    'AmazonEC2',
    'Z',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    'SavingsPlanUpfrontFee',
    '2025-01-05T00:00:00Z',
    '',
    '',
    '500',
    '',
    'ComputeSavingsPlans',
    'Z',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    'Usage',
    '2025-01-06T00:00:00Z',
    '1000',
    '',
    '0.003',
    '',
    'AmazonBedrock',
    'USE1-Claude3.5Sonnet-input-tokens',
    'Amazon Bedrock',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    'ml',
    '',
  ],
  [
    'Usage',
    '2025-01-06T00:00:00Z',
    '1000',
    '0.000003',
    '0.003',
    '',
    'AWSMarketplace',
    'USE1-MP:USE1_InputTokenCount-Units',
    'Claude 3.5 Sonnet (Amazon Bedrock Edition)',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    'Tax',
    '2025-01-07T00:00:00Z',
    '',
    '',
    '-0.0000000000000000005',
    '',
    'AmazonEC2',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    'Credit',
    '2025-01-07T00:00:00Z',
    '1',
    '',
    '-2.50',
    '',
    'AmazonEC2',
    '',
    'Amazon "Elastic", Compute\nCloud',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
];

/** The synthetic legacy CUR as CSV text: the columns HEADER names from each line (others filled in). */
function syntheticCsv(): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = LINES.map((l, i) => {
    const [
      type,
      start,
      amount,
      rate,
      cost,
      pub,
      product,
      usageType,
      name,
      resEff,
      arn,
      upfront,
      recurring,
      spEff,
      total,
      used,
      team,
      env,
    ] = l;
    return [
      `li-${i}`,
      '111122223333',
      '2025-01-01T00:00:00Z',
      '444455556666',
      type,
      start,
      '',
      product,
      usageType,
      amount,
      'usd',
      rate,
      cost,
      `line ${i}`,
      name,
      pub,
      'Hrs',
      resEff,
      arn,
      upfront,
      recurring,
      spEff,
      total,
      used,
      team,
      env,
    ].map((v) => cell(v!));
  });
  return [HEADER.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

describe('aws/cur through the warehouse engine: a synthetic CUR of every case', () => {
  it('CSV, CSV.gz and Parquet give the raw rows of the JS reader (amortization, Bedrock, exact rates, value forms)', async () => {
    const csv = syntheticCsv();
    const csvFile = await files.put('synthetic.csv', csv);
    const gz = await files.put('synthetic.csv.gz', gzipSync(csv));
    const parquet = `${files.dir}/synthetic.parquet`;
    await wh().query(
      `COPY (SELECT * FROM read_csv('${csvFile}', header = true, all_varchar = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    for (const [path, format] of [
      [csvFile, 'csv'],
      [gz, 'csv.gz'],
      [parquet, 'parquet'],
    ] as const) {
      const file: BillingFile = { path, format, bytes: -1 };
      await loadJs(file, 'js');
      expect(await loadEngine(file, 'engine')).toBe(LINES.length);
      expectSameRows(await rowsOf('js'), await rowsOf('engine'), format);
    }
    // CUR 2.0 headers with the resource_tags map (tags from JSON, numbers as their text) and a row with no tags.
    const cur2 = await files.put(
      'cur2.csv',
      [
        'identity_line_item_id,bill_payer_account_id,line_item_usage_start_date,line_item_unblended_cost,resource_tags',
        'm-1,111,2025-01-08T00:00:00Z,1.5,"{""user:team"":""web"",""user:n"":5,""user:empty"":""""}"',
        'm-2,111,2025-01-08T00:00:00Z,2.5,',
        'm-3,111,2025-01-08T00:00:00Z,0.5,{}',
      ].join('\n'),
    );
    await loadJs({ path: cur2, format: 'csv', bytes: -1 }, 'js');
    await loadEngine({ path: cur2, format: 'csv', bytes: -1 }, 'engine');
    const [js2, engine2] = [await rowsOf('js'), await rowsOf('engine')];
    expectSameRows(js2, engine2, 'cur2');
    expect(JSON.parse(String(engine2[0]!.labels))).toEqual({ 'user:team': 'web', 'user:n': '5' });
    expect([engine2[1]!.labels, engine2[2]!.labels]).toEqual([null, null]);

    await loadEngine({ path: csvFile, format: 'csv', bytes: -1 }, 'engine');
    const rows = await rowsOf('engine');
    const by = (id: string) => rows.find((r) => r.line_item_id === id)!;
    // Spot checks of what the parity is about: amortization, exact rates and products, Bedrock models.
    expect(by('li-7').amortized_cost).toBe('1.750000000000000000');
    expect(by('li-12').amortized_cost).toBe('3.999999999999999999');
    expect(by('li-1').unblended_rate).toBe('0.100000000000000000');
    expect(by('li-2').unblended_rate).toBeNull();
    // 0.123456789012345678 x 123456789.123456789 = 15241578.766956257515622620763907942, rounded half up.
    expect(by('li-5').contracted_cost).toBe('15241578.766956257515622621');
    expect([by('li-15').genai_model, by('li-16').genai_model]).toEqual([
      'claude-3.5-sonnet',
      'claude-3.5-sonnet',
    ]);
  });
  it('a typed Parquet CUR (DOUBLE costs, TIMESTAMP / TIMESTAMPTZ dates, a MAP of tags) gives the raw rows of the JS reader', async () => {
    const parquet = `${files.dir}/typed.parquet`;
    await wh().query(
      `COPY (SELECT 'p-' || CAST(i AS VARCHAR) AS identity_line_item_id, '111' AS bill_payer_account_id,
          TIMESTAMP '2025-01-01 00:00:00' + INTERVAL (i) HOUR AS line_item_usage_start_date,
          TIMESTAMPTZ '2025-01-01 01:00:00+00' + INTERVAL (i) HOUR AS line_item_usage_end_date,
          CAST(i AS DOUBLE) / 7 AS line_item_unblended_cost, CAST(i AS DOUBLE) * 0.1 AS line_item_usage_amount,
          CAST(i AS DECIMAL(18,6)) / 1000 AS pricing_public_on_demand_rate,
          MAP {'user:team': 'web', 'user:i': CAST(i AS VARCHAR)} AS resource_tags
        FROM range(1, 40) AS r(i)) TO '${parquet}' (FORMAT parquet)`,
    );
    const file: BillingFile = { path: parquet, format: 'parquet', bytes: -1 };
    await loadJs(file, 'js');
    expect(await loadEngine(file, 'engine')).toBe(39);
    const engine = await rowsOf('engine');
    // The JS path turns a Parquet MAP of tags into {"0": "[object Object]", …} (polars gives it as a list of
    // key/value structs); the engine reads it as the map.
    expectSameRows(await rowsOf('js'), engine, 'typed parquet', ['labels', 'resource_tags']);
    expect(JSON.parse(String(engine[0]!.labels))).toEqual({ 'user:team': 'web', 'user:i': '1' });
  });
});

/** The CUR rows of a file as the JS reader types them, before curRawRow. */
async function sourceRows(file: BillingFile): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for await (const r of readBillingFile(file, { ...awsCurFormat.read, columns: awsCurFormat.columns }))
    rows.push(r as Record<string, unknown>);
  return rows;
}
const filled = (v: unknown) => v !== null && v !== undefined && v !== '';

describe.skipIf(!SAMPLES.every((f) => existsSync(f)))(
  'aws/cur raw: the export columns no typed column holds',
  () => {
    it('names typed columns of the table, and leaves raw the spec columns it does not type', () => {
      const names = new Set(def.columns.map((c) => c.name));
      for (const typed of Object.values(CUR_TYPED)) expect(names.has(typed), typed).toBe(true);
      // The table's description of raw names each column it leaves out.
      const described = def.columns.find((c) => c.name === 'raw')!.description!;
      const listed = described.slice(described.indexOf('not in raw:')).match(/[a-z]+(?:_[a-z]+)+/g)!;
      expect(listed.filter((n) => awsCurFormat.columns.some((c) => c.name === n)).sort()).toEqual(
        Object.keys(CUR_TYPED).sort(),
      );
      const kept = awsCurFormat.columns.map((c) => c.name).filter(inRaw);
      expect(kept).toEqual([
        'bill_billing_period_start_date',
        'bill_billing_period_end_date',
        'line_item_line_item_type',
        'line_item_currency_code',
        'line_item_unblended_rate',
        'product_product_name',
        'product_region_code',
        'product_region',
        'pricing_public_on_demand_cost',
        'reservation_effective_cost',
        'reservation_unused_amortized_upfront_fee_for_billing_period',
        'reservation_unused_recurring_fee',
        'savings_plan_savings_plan_effective_cost',
        'savings_plan_total_commitment_to_date',
        'savings_plan_used_commitment',
        'resource_tags',
      ]);
    });

    it.each([...SAMPLES, 'synthetic'])(
      '%s: raw + the typed columns + labels give back every non-empty cell',
      async (path) => {
        const file: BillingFile =
          path === 'synthetic'
            ? { path: await files.put('typed-synthetic.csv', syntheticCsv()), format: 'csv', bytes: -1 }
            : { path, format: 'csv', bytes: -1 };
        const sources = await sourceRows(file);
        expect(sources.length).toBeGreaterThan(0);
        let typedCells = 0;
        for (const [i, src] of sources.entries()) {
          const out = curRawRow(src) as Record<string, unknown>;
          const raw = out.raw as Record<string, unknown>;
          const cells = Object.keys(src).filter((k) => filled(src[k]));
          expect(Object.keys(raw).sort(), `row ${i} raw keys`).toEqual(cells.filter(inRaw).sort());
          for (const k of Object.keys(raw)) expect(raw[k], `row ${i} raw.${k}`).toEqual(src[k]);
          for (const [column, typed] of Object.entries(CUR_TYPED)) {
            if (!filled(src[column])) {
              expect(out[typed], `row ${i} ${typed} of empty ${column}`).toBeNull();
              continue;
            }
            typedCells++;
            expect(
              sameValue(String(src[column]), String(out[typed])),
              `row ${i} ${typed}: ${String(out[typed])} vs ${column} ${String(src[column])}`,
            ).toBe(true);
          }
          const labels = (out.labels ?? {}) as Record<string, unknown>;
          for (const k of cells.filter((c) => c.startsWith('resourceTags/')))
            expect(labels[k.slice('resourceTags/'.length)], `row ${i} ${k}`).toBe(String(src[k]));
        }
        expect(typedCells).toBeGreaterThan(0);
      },
    );
  },
);
