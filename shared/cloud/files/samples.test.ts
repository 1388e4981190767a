import { existsSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from './index.js';
import { collect, cost } from './testing.js';
import { sample } from '../../testing/samples.js';

// Public samples (located by shared/testing/samples.ts: CLOUDACT_SAMPLES_DIR); each test is skipped when its file is absent.
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
