/**
 * The engine load of `oci/cost_report` (oci-cost-report-sql.ts through Warehouse.replaceSliceFromFiles) writes
 * exactly the raw rows the JS reader + ociCostReportRawRow + reportCurrency write, column for column: the public
 * OCI cost report and a synthetic report of every case (the report's currency for rows without one, free usage,
 * exponents, corrections, overage flags, units, tags, header case variants), as CSV, CSV.gz and Parquet. A row
 * the JS path refuses fails the engine load through the extract step's own path (named like the JS reader names
 * it) and leaves the slice as it was. The same SELECT parses as BigQuery SQL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'sql-parser-cst';
import { describe, expect, it } from 'vitest';
import { localBillingSource } from '../ports/billing-source/local.js';
import type { WarehouseRow } from '../ports/warehouse/port.js';
import { SAMPLES_DIR } from '../testing/samples.js';
import { engineLoads, loadThroughEngine } from './engine-load.js';
import { expectSameRows, parity } from '../testing/engine-parity.js';
import { readBillingFile, type BillingFile, type BillingFileError } from './files/index.js';
import { tempDir } from './files/testing.js';
import { ociCostReportFormat } from './oci-report.js';

const format = ociCostReportFormat;
const def = format.table;
/** A zero as the table reads it back (BIGNUMERIC, 18 decimals). */
const ZERO = '0.000000000000000000';
const SAMPLE = `${SAMPLES_DIR}/focus-converters/reports_cost-csv_0000000030000269.csv`;

const files = tempDir();
const paths = parity(format);
const wh = () => paths.wh();
const rowsOf = (credential: string) =>
  paths.rowsOf(credential, 'reference_number, usage_start_time, cost, currency');
async function expectParity(file: BillingFile, label: string): Promise<WarehouseRow[]> {
  await paths.loadJs(file, 'js');
  const js = await rowsOf('js');
  expect(await paths.loadEngine(file, 'engine')).toBe(js.length);
  const engine = await rowsOf('engine');
  expectSameRows(def, js, engine, label);
  return engine;
}

describe.skipIf(!existsSync(SAMPLE))(
  'oci/cost_report through the warehouse engine: the public report',
  () => {
    it('CSV and CSV.gz give the raw rows of the JS reader', async () => {
      const rows = await expectParity({ path: SAMPLE, format: 'csv', bytes: -1 }, 'csv');
      expect(rows).toHaveLength(506);
      const gz = await files.put('report.csv.gz', gzipSync(readFileSync(SAMPLE)));
      await expectParity({ path: gz, format: 'csv.gz', bytes: -1 }, 'csv.gz');
    });
  },
);

/** An OCI cost report's header (a case variant and a column no spec names included), then tag columns. */
const HEADER = [
  'lineItem/referenceNo',
  'lineItem/TenantId',
  'lineItem/intervalUsageStart',
  'lineItem/intervalUsageEnd',
  'product/service',
  'product/compartmentName',
  'product/region',
  'product/resourceId',
  'usage/billedQuantity',
  'cost/subscriptionId',
  'cost/productSku',
  'cost/unitPrice',
  'cost/myCost',
  'cost/myCostOverage',
  'cost/currencyCode',
  'cost/skuUnitDescription',
  'cost/overageFlag',
  'lineItem/isCorrection',
  'lineItem/backreferenceNo',
  'product/extraAttribute',
  // An unnamed column: no spec reads it and raw has no key for it, on either path.
  '',
  'tags/Oracle-Tags.CreatedBy',
  'tags/team.name',
  'tags/Team.Name',
];

/** [ref, start, end, quantity, subscription, price, cost, overage cost, currency, unit, overage, correction, tags…] */
const LINES: string[][] = [
  // Priced usage: price x quantity exactly (more decimals than either).
  [
    'r1',
    '2024-03-01T10:00Z',
    '2024-03-01T11:00:00Z',
    '0.083333333333000000',
    'sub-1',
    '0.14717133',
    '0.012264277499950943',
    '',
    'usd',
    'OCPU Per Hour',
    'false',
    'false',
    'a@b.c',
    'web',
  ],
  // An exponent cost, a unit kept as written, no subscription (the tenancy is the account).
  [
    'r2',
    '2024-03-01 07:00',
    '2024-03-01T08:00:00Z',
    '2E-6',
    '',
    '0.00116188',
    '2.323760000E-9',
    '',
    'USD',
    'Million Datapoints',
    'FALSE',
    '0',
    '',
    '',
  ],
  // Free usage: no price, zero cost, a quantity -> priced at 0; no currency: the report's.
  [
    'r3',
    '2024-03-02T00:00:00Z',
    '2024-03-02T01:00:00Z',
    '12',
    'sub-1',
    '',
    '0',
    '',
    '',
    'GB Hours',
    '',
    'no',
    '',
    'data',
  ],
  // A correction with an overage, a negative cost, an offset timestamp.
  [
    'r4',
    '2024-03-02T01:00:00+02:00',
    '2024-03-02T02:00:00+02:00',
    '1.5',
    'sub-2',
    '2',
    '-3.00',
    '0.50',
    'USD',
    'Gigabytes Per Hour',
    'true',
    'TRUE',
    '',
    'ops',
  ],
  // No quantity: list and contracted cost are the cost; an empty unit.
  ['r5', '2024-03-03T00:00:00.250Z', '', '', 'sub-2', '0.5', '7.25', '', 'USD', '', 'y', 'f', 'x@y.z', ''],
  // Zero cost without a quantity: unpriced (no price invented).
  [
    'r6',
    '2024-03-03T05:00:00Z',
    '2024-03-03T06:00:00Z',
    '',
    'sub-2',
    '',
    '0.000',
    '',
    '',
    'Node per hour',
    '',
    '',
    '',
    '',
  ],
  // A product of more than 20 significant digits, exact: 127.50106250000000000085 (18 decimals stored).
  [
    'r7',
    '2024-03-04T00:00:00Z',
    '',
    '5000.0416666666666667',
    'sub-2',
    '0.0255',
    '127.5',
    '',
    'USD',
    '',
    '',
    '',
    '',
    '',
  ],
  // A tiny cost is not zero: no price is invented for it.
  ['r8', '2024-03-04T01:00:00Z', '', '5', 'sub-2', '', '1E-19', '', 'USD', '', '', '', '', ''],
];

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function report(lines: string[][], header = HEADER): string {
  const rows = lines.map((l) => {
    const [ref, start, end, quantity, sub, price, cost, overage, currency, unit, flag, correction, by, team] =
      l;
    const cells: Record<string, string> = {
      'lineItem/referenceNo': ref!,
      'lineItem/TenantId': 'ocid1.tenancy.oc1..t',
      'lineItem/intervalUsageStart': start!,
      'lineItem/intervalUsageEnd': end!,
      'product/service': 'COMPUTE',
      'product/compartmentName': 'root/dev',
      'product/region': 'us-ashburn-1',
      'product/resourceId': `ocid1.instance.${ref}`,
      'usage/billedQuantity': quantity!,
      'cost/subscriptionId': sub!,
      'cost/productSku': 'B12345',
      'cost/unitPrice': price!,
      'cost/myCost': cost!,
      'cost/myCostOverage': overage!,
      'cost/currencyCode': currency!,
      'cost/skuUnitDescription': unit!,
      'cost/overageFlag': flag!,
      'lineItem/isCorrection': correction!,
      'lineItem/backreferenceNo': ref === 'r4' ? '17053' : '',
      'product/extraAttribute': 'kept, "quoted"',
      '': 'unnamed',
      'tags/Oracle-Tags.CreatedBy': by!,
      'tags/team.name': team!,
      'tags/Team.Name': team!.toUpperCase(),
    };
    return header.map((h) => csvCell(cells[h] ?? '')).join(',');
  });
  return [header.map(csvCell).join(','), ...rows].join('\n') + '\n';
}

describe('oci/cost_report through the warehouse engine: a synthetic report of every case', () => {
  it('CSV, CSV.gz and Parquet give the raw rows of the JS reader', async () => {
    const csv = await files.put('synthetic.csv', report(LINES));
    const rows = await expectParity({ path: csv, format: 'csv', bytes: -1 }, 'csv');
    const byRef = new Map(rows.map((r) => [r.reference_number, r]));
    // The report's currency for the rows without one; the free row priced at 0, the zero-cost row without a
    // quantity left unpriced; the correction; the tenancy as the account without a subscription.
    expect([...byRef.values()].map((r) => r.currency)).toEqual(Array(LINES.length).fill('USD'));
    expect(byRef.get('r3')).toMatchObject({ list_unit_price: ZERO, list_cost: ZERO, usage_unit: 'GB-Hours' });
    expect(byRef.get('r6')).toMatchObject({ list_unit_price: null, list_cost: ZERO });
    expect(byRef.get('r4')).toMatchObject({ charge_type: 'Usage Correction', is_overage: true });
    expect(byRef.get('r2')?.billing_account_id).toBe('ocid1.tenancy.oc1..t');
    expect(byRef.get('r7')).toMatchObject({ list_cost: '127.501062500000000001' });
    expect(byRef.get('r8')).toMatchObject({ list_unit_price: null });
    // Tag columns differing in case only: both kept (DuckDB reads the columns by position).
    expect(JSON.parse(String(byRef.get('r1')!.labels))).toMatchObject({
      'team.name': 'web',
      'Team.Name': 'WEB',
    });

    const gz = await files.put('synthetic.csv.gz', gzipSync(report(LINES)));
    await expectParity({ path: gz, format: 'csv.gz', bytes: -1 }, 'csv.gz');

    const parquet = join(files.dir, 'synthetic.parquet');
    await wh().query(
      `COPY (SELECT * FROM read_csv('${csv}', header = true, all_varchar = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    await expectParity({ path: parquet, format: 'parquet', bytes: -1 }, 'parquet');
  });
});

/** Loads `oci/<bucket>/` through the engine as the extract step does: all or nothing, errors named in JS. */
async function loadBucket(bucket: string) {
  const source = localBillingSource(files.dir, 'oci', [bucket], 'cred');
  const listed = await source.list();
  expect(engineLoads(wh(), format, source, listed)).toBe(true);
  return loadThroughEngine({
    wh: wh(),
    dataset: 'acme',
    format,
    source,
    files: listed,
    slice: {
      equals: { x_org_slug: 'acme', x_pipeline_id: 'oci/cost/billing_cost_report', x_credential_id: 'cred' },
    },
    params: {
      org_slug: 'acme',
      pipeline_id: 'oci/cost/billing_cost_report',
      credential_id: 'cred',
      run_id: bucket,
      ingested_at: '2026-01-01T00:00:00.000Z',
      start_date: '2024-03-01',
      end_date: '2024-03-31',
    },
  });
}

const count = async () =>
  Number(
    (
      await wh().query(
        `SELECT COUNT(*) AS n FROM ${wh().table('acme', def.name)} WHERE x_credential_id = 'cred'`,
      )
    )[0]!.n,
  );

/** The JS reader's error for a file. */
async function jsError(path: string): Promise<BillingFileError> {
  try {
    for await (const row of readBillingFile(
      { path, format: 'csv', bytes: -1 },
      { ...format.read, columns: format.columns, toRow: format.toRaw },
    ))
      void row;
  } catch (err) {
    return err as BillingFileError;
  }
  throw new Error(`${path} was read without an error`);
}

describe('oci/cost_report through the warehouse engine: refused rows', () => {
  const refused: [string, string[][]][] = [
    ['no currency in the whole report', LINES.map((l) => l.map((v, i) => (i === 8 ? '' : v)))],
    [
      'two currencies and a row without one',
      [...LINES, ['r9', '2024-03-04T00:00:00Z', '', '1', 'sub-1', '1', '1', '', 'EUR', '', '', '', '', '']],
    ],
    [
      'a row without a currency outside the run dates, in a report naming two',
      [
        ['r9', '2024-03-04T00:00:00Z', '', '1', 'sub-1', '1', '1', '', 'USD', '', '', '', '', ''],
        ['r10', '2024-03-04T00:00:00Z', '', '1', 'sub-1', '1', '1', '', 'EUR', '', '', '', '', ''],
        ['r11', '2024-02-28T00:00:00Z', '', '1', 'sub-1', '1', '0', '', '', '', '', '', '', ''],
      ],
    ],
    [
      'a row without a cost outside the run dates',
      [
        ['r9', '2024-03-04T00:00:00Z', '', '1', 'sub-1', '1', '1', '', 'USD', '', '', '', '', ''],
        ['r10', '2024-02-28T00:00:00Z', '', '1', 'sub-1', '1', '', '', 'USD', '', '', '', '', ''],
      ],
    ],
    [
      'two currencies before a row without one',
      [
        ['r9', '2024-03-04T00:00:00Z', '', '1', 'sub-1', '1', '1', '', 'USD', '', '', '', '', ''],
        ['r10', '2024-03-04T00:00:00Z', '', '1', 'sub-1', '1', '1', '', 'EUR', '', '', '', '', ''],
        ['r11', '2024-03-04T00:00:00Z', '', '1', 'sub-1', '1', '0', '', '', '', '', '', '', ''],
      ],
    ],
    [
      'a row without a cost',
      [['r8', '2024-03-04T00:00:00Z', '', '1', 'sub-1', '1', '', '', 'USD', '', '', '', '', '']],
    ],
    ['a row without a start', [['r9', '', '', '1', 'sub-1', '1', '1', '', 'USD', '', '', '', '', '']]],
    [
      'a bad boolean',
      [['r10', '2024-03-04T00:00:00Z', '', '1', 'sub-1', '1', '1', '', 'USD', '', 'maybe', '', '', '']],
    ],
    [
      'a bad decimal',
      [['r11', '2024-03-04T00:00:00Z', '', '1', 'sub-1', '1', '1,5', '', 'USD', '', '', '', '', '']],
    ],
  ];

  it('a first run loads the good report', async () => {
    await files.put('oci/good/report.csv', report(LINES));
    expect(await loadBucket('good')).toBe(LINES.length);
    expect(await count()).toBe(LINES.length);
  });

  it.each(refused)('%s: the JS reader error, the slice unchanged', async (label, lines) => {
    const bucket = label.replace(/\W+/g, '-');
    const path = await files.put(`oci/${bucket}/report.csv`, report(lines));
    const expected = await jsError(path);
    await expect(loadBucket(bucket)).rejects.toThrow(expected.message);
    expect(await count()).toBe(LINES.length);
  });
});

describe('oci/cost_report engine SQL on BigQuery', () => {
  it('parses as BigQuery SQL and names no export header as a column', () => {
    const sql = format.engine!.select('r.csv', {
      dialect: 'bigquery',
      header: HEADER,
      from: '`proj.acme.staging_0`',
      column: (i) => `c${i}`,
    });
    expect(() => parse(sql, { dialect: 'bigquery', paramTypes: ['@name'] })).not.toThrow();
    for (const h of HEADER) expect(sql).not.toContain(`\`${h}\``);
    expect(sql).not.toMatch(/VARCHAR|TIMESTAMPTZ|HUGEINT|DECIMAL\(|regexp_full_match|list_filter|\w::\w/);
  });
});
