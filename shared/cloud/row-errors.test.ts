/**
 * Issue 12: a row a format's normaliser refuses is named by file, row number and column. The reader applies the
 * format's `toRaw` (`ReadOptions.toRow`) and turns the RowProblem it throws into a BillingFileError; every
 * normaliser's refusal is covered here through its format's columns.
 */
import { describe, expect, it } from 'vitest';
import { RowProblem } from './files/index.js';
import { collect, readError, tempDir } from './files/testing.js';
import { billingFormat } from './formats.js';

const tmp = tempDir();

/** Reads `csv` as `provider/format` with the format's own options; the error of its second data row. */
async function refused(provider: string, format: string, name: string, csv: string[]) {
  const f = billingFormat(provider, format)!;
  const path = await tmp.put(name, `${csv.join('\n')}\n`);
  return readError(path, { ...f.read, columns: f.columns, toRow: f.toRaw });
}

const FOCUS_HEAD =
  'BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,BillingAccountId,BillingAccountName,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargeDescription,EffectiveCost,ListCost,ContractedCost,ProviderName,PublisherName,InvoiceIssuerName,ServiceName,ServiceCategory';
const focusRow = (cost: string, service: string) =>
  `${cost},USD,2024-01-01T00:00:00Z,2024-01-02T00:00:00Z,a1,acct,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z,Usage,d,${cost},${cost},${cost},AWS,AWS,AWS,${service},Compute`;

describe('row errors of the format normalisers', () => {
  const cases: [string, string, string, string[], string, RegExp][] = [
    [
      'azure',
      'actual',
      'no-scope.csv',
      [
        'Date,BillingAccountId,SubscriptionId,Cost,BillingCurrency',
        '2022-11-02,1,,1,USD',
        '2022-11-03,,,2,USD',
      ],
      'BillingAccountId',
      /neither a BillingAccountId nor a SubscriptionId/,
    ],
    [
      'azure',
      'actual',
      'no-currency.csv',
      ['Date,SubscriptionId,Cost,BillingCurrency', '2022-11-02,s,1,USD', '2022-11-03,s,2,'],
      'BillingCurrency',
      /no billing currency/,
    ],
    [
      'azure',
      'actual',
      'unused.csv',
      [
        'Date,SubscriptionId,Cost,BillingCurrency,ChargeType',
        '2022-11-02,s,1,USD,Usage',
        '2022-11-03,s,2,USD,UnusedReservation',
      ],
      'ChargeType',
      /only amortized cost exports have unused commitment rows/,
    ],
    [
      'oci',
      'cost_report',
      'reports.csv',
      [
        'lineItem/tenantId,lineItem/intervalUsageStart,cost/myCost,cost/currencyCode',
        't,2024-01-01T00:00Z,1,USD',
        't,2024-01-01T01:00Z,,USD',
      ],
      'cost/myCost',
      /without cost\/myCost/,
    ],
    [
      'gcp',
      'billing_export',
      'credits.csv',
      [
        'billing_account_id,service.description,usage_start_time,usage_end_time,cost,currency,credits',
        'b,Compute,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,1,USD,',
        "b,Compute,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,1,USD,[{'name': 'x'}]",
      ],
      'credits',
      /no decimal amount/,
    ],
    [
      'aws',
      'focus',
      'focus.csv',
      [FOCUS_HEAD, focusRow('1', 'EC2'), focusRow('2', '')],
      'ServiceName',
      /missing \(FOCUS 1\.3 requires a value\)/,
    ],
  ];
  for (const [provider, format, name, csv, column, problem] of cases) {
    it(`${provider}/${format}: ${name} names the file, row 2 and column ${column}`, async () => {
      const error = await refused(provider, format, name, csv);
      expect(error.row).toBe(2);
      expect(error.column).toBe(column);
      expect(error.problem).toMatch(problem);
      expect(error.message).toMatch(new RegExp(`${name}: row 2, column ${column.replace('/', '\\/')}: `));
      expect(error.cause).toBeInstanceOf(RowProblem);
    });
  }

  it('oci/cost_report: rows without a currency take the report’s; a report naming none is refused at its first such row', async () => {
    const f = billingFormat('oci', 'cost_report')!;
    const head = 'lineItem/tenantId,lineItem/intervalUsageStart,cost/myCost,cost/currencyCode';
    const options = { ...f.read, columns: f.columns, toRow: f.toRaw };
    const mixed = await tmp.put('gbp.csv', `${head}\nt,2024-01-01T00:00Z,0,\nt,2024-01-01T01:00Z,1,gbp\n`);
    expect((await collect(mixed, options)).map((r) => r.currency)).toEqual(['GBP', 'GBP']);
    const none = await tmp.put('none.csv', `${head}\nt,2024-01-01T00:00Z,0,\nt,2024-01-01T01:00Z,0,\n`);
    const error = await readError(none, options);
    expect([error.row, error.column]).toEqual([1, 'cost/currencyCode']);
    expect(error.problem).toMatch(/no currency, and no other row of the report has one/);
  });

  it('a normaliser called directly still names the column in its message', () => {
    const e = new RowProblem('cost/myCost', 'OCI cost report row without cost/myCost.');
    expect(e.message).toBe('column cost/myCost: OCI cost report row without cost/myCost.');
    expect(e.kind).toBe('invalid');
    expect(e.retryable).toBe(false);
  });
});
