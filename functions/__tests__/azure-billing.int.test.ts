/**
 * azure/cost/billing (actual cost exports) and azure/cost/billing_amortized end to end on local export files:
 * every public Azure export sample runs through its pipeline against an Azure integration set up with the fake
 * provider server; FOCUS BilledCost (actual) or EffectiveCost (amortized) per day and currency equals the file's
 * total exactly, and every FOCUS row conforms to FOCUS 1.3 (MUST rules). A bad file fails the run, names the
 * file and leaves the previous slice as it was. The normaliser's pieces (units, regions, ids, costs per view)
 * are tested on their own first.
 *
 * Precision: the embedded warehouse stores BIGNUMERIC as DECIMAL(38,18) (BigQuery keeps 38 decimals), so a cost
 * with more than 18 decimals is rounded half away from zero when stored. Only EA_AmortizedCost_Small has such
 * costs (3 rows, e.g. 0.0000000072922557592391990000); its expected totals are the sums of the rows as stored,
 * and the test shows they differ from the file's exact sums by less than 1e-18 a row. Every other file is
 * compared with its exact sums.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { type Org, usePlatform } from '../../shared/testing/platform.js';
import { SAMPLES_DIR } from '../../shared/testing/samples.js';
import {
  azureActualCostFormat,
  azureAmortizedCostFormat,
  azureCosts,
  azureRawRow,
} from '../../shared/cloud/azure-export.js';
import { azureRegion, azureResourceType, unitOfMeasure } from '../../shared/cloud/azure-values.js';
import { billingFormat } from '../../shared/cloud/formats.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { checkFocusRows } from '../../shared/focus/conformance.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { testAzureApp } from '../../shared/testing/provider-credentials.js';
import { focusTotalsByDay, runPipeline, runPipelineToCompletion, setupCloudIntegration } from './helpers.js';

const DATA = SAMPLES_DIR;
const EA_ACTUAL = join(DATA, 'azure-finops-toolkit/EA_ActualCost_Small.csv');
const EA_AMORTIZED = join(DATA, 'azure-finops-toolkit/EA_AmortizedCost_Small.csv');
const EA_ANONYMOUS = join(DATA, 'focus-converters/sample-anonymous-ea-export-dataset.csv');
const KOKU_CONSUMPTION = join(DATA, 'koku-cost-management-tests/azure_camelCased.csv');
const KOKU_V2 = join(DATA, 'koku-cost-management-tests/azure_version_2.csv');
const KOKU_MCA = join(DATA, 'koku-cost-management-tests/camel_azure_version_2.csv');
const KOKU_COST_REPORT = join(
  DATA,
  'koku-cost-management-tests/costreport_a243c6f2-199f-4074-9a2c-40e671cf1584.csv',
);
const PRICING_UNITS = join(DATA, 'azure-finops-toolkit/PricingUnits.csv');
const samples = [EA_ACTUAL, EA_AMORTIZED, EA_ANONYMOUS, KOKU_CONSUMPTION, KOKU_V2, KOKU_MCA].every(
  existsSync,
);

const Exact = Decimal.clone({ precision: 200 });
type CsvRow = Record<string, string>;
const readCsv = (file: string) => parse(readFileSync(file), { columns: true, bom: true }) as CsvRow[];
/** `09/21/2023` (Azure EA / MCA, month first) or `2023-09-21[…]` -> `2023-09-21`. */
const isoDay = (v: string) => {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  return us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : v.slice(0, 10);
};

/**
 * Σ of a cost column per `day|currency`, straight from the file: exact, or each row as the embedded warehouse
 * stores it (`stored`: rounded to 18 decimals, half away from zero). `keep` filters rows.
 */
function sourceTotals(
  file: string,
  columns: { day: string; cost: string; currency: string },
  options: { stored?: boolean; keep?: (r: CsvRow) => boolean } = {},
) {
  const totals = new Map<string, InstanceType<typeof Exact>>();
  for (const r of readCsv(file)) {
    const key = `${isoDay(r[columns.day]!)}|${r[columns.currency]!.toUpperCase()}`;
    let cost = new Exact(r[columns.cost]!);
    if (options.stored) cost = cost.toDecimalPlaces(18, Decimal.ROUND_HALF_UP);
    if (options.keep && !options.keep(r)) cost = new Exact(0);
    totals.set(key, (totals.get(key) ?? new Exact(0)).plus(cost));
  }
  return Object.fromEntries([...totals].sort().map(([k, v]) => [k, v.toFixed()]));
}

let p: TestPlatform;
let fake: FakeProviders;
let exportsDir: string;
usePlatform((f) => ({ p, fake, exportsDir } = f));

const datasetOf = (org: Org) => `${org.org_slug}_test`;

/** Sets up the org's Azure integration (service principal checked by the fake); the export's local directory. */
async function azureIntegration(org: Org, storageAccount: string, container: string, path: string) {
  const app = testAzureApp();
  return setupCloudIntegration(p, fake, org, 'azure', {
    valid: ['azure', [{ ...app, access: [`${storageAccount}/${container}`] }]],
    credential: app,
    config: { storage_account: storageAccount, container, path, azure_blob_endpoint: fake.urls.azureBlob },
    exportsDir,
    dir: ['azure', storageAccount, container, path],
  });
}

const focusTotals = (org: Org, column = 'BilledCost') => focusTotalsByDay(p, org, column);
const runToEnd = (org: Org, pipeline: string, start: string, end: string) =>
  runPipeline(p, org, pipeline, start, end);

async function focusRows(org: Org) {
  const wh = await p.ctx.warehouse();
  return wh.query<Record<string, unknown>>(
    `SELECT * FROM ${wh.table(datasetOf(org), 'cost_data_standard_1_3')} ORDER BY ChargePeriodStart, BilledCost`,
  );
}

/** The distinct `rule:column` of the FOCUS 1.3 MUST violations of the org's FOCUS rows. */
async function violations(org: Org) {
  const found = checkFocusRows(await focusRows(org), {
    columns: costDataStandard13.columns.map((c) => c.name),
    mustOnly: true,
  });
  return [...new Set(found.map((v) => `${v.rule}:${v.column}`))];
}

const EA = { day: 'Date', cost: 'Cost', currency: 'BillingCurrency' };
const covered = (r: CsvRow) =>
  r.ChargeType === 'Usage' && (r.PricingModel === 'Reservation' || r.PricingModel === 'SavingsPlan');

describe('Azure export normaliser', () => {
  it('registers one format per export kind, both at the integration config’s storage account / container / path', () => {
    expect(billingFormat('azure', 'actual')).toBe(azureActualCostFormat);
    expect(billingFormat('azure', 'amortized')).toBe(azureAmortizedCostFormat);
    const config = { storage_account: 'acct1', container: 'exports', path: 'cost/actual/' };
    expect(azureActualCostFormat.location(config)).toEqual(['acct1', 'exports', 'cost/actual/']);
    expect(azureAmortizedCostFormat.location({ ...config, path: '' })).toEqual(['acct1', 'exports', '']);
    expect(() => azureActualCostFormat.location({ container: 'exports' })).toThrow(/storage_account/);
  });

  it('reads UnitOfMeasure blocks: PricingUnit per block, ConsumedQuantity in the plain unit', () => {
    const show = (uom: string | null) => {
      const u = unitOfMeasure(uom);
      return [u.block.toFixed(), u.unit, u.pricingUnit];
    };
    expect(show('10K')).toEqual(['10000', 'Units', '10000 Units']);
    expect(show('1 Hour')).toEqual(['1', 'Hours', 'Hours']);
    expect(show('100 Hours')).toEqual(['100', 'Hours', '100 Hours']);
    expect(show('1/Month')).toEqual(['1', 'Units/Month', 'Units/Month']);
    expect(show('1 /Month')).toEqual(['1', 'Units/Month', 'Units/Month']);
    expect(show('1 GB/Month')).toEqual(['1', 'GB/Month', 'GB/Month']);
    expect(show('100000000')).toEqual(['100000000', 'Units', '100000000 Units']);
    expect(show('1K/Hour')).toEqual(['1000', 'Units/Hour', '1000 Units/Hour']);
    expect(show('1 Daily Connection')).toEqual(['1', 'Connections/Day', 'Connections/Day']);
    expect(show('0 Unassigned')).toEqual(['1', 'Units', 'Units']);
    expect(show(null)).toEqual(['1', 'Units', 'Units']);
  });

  it.skipIf(!existsSync(PRICING_UNITS))(
    'finds the block size of every UnitOfMeasure in Microsoft’s PricingUnits.csv',
    () => {
      const rows = readCsv(PRICING_UNITS);
      expect(rows.length).toBeGreaterThan(300);
      const wrong = rows.filter((r) => unitOfMeasure(r.UnitOfMeasure).block.toFixed() !== r.PricingBlockSize);
      expect(wrong).toEqual([]);
    },
  );

  it('names regions and resource types from locations and resource ids', () => {
    expect(azureRegion('EastUS2')).toBe('eastus2');
    expect(azureRegion('SouthCentralUS')).toBe('southcentralus');
    expect(azureRegion('US East 2')).toBe('eastus2');
    expect(azureRegion('EU West')).toBe('westeurope');
    expect(azureRegion('Unassigned')).toBeNull();
    expect(azureRegion('')).toBeNull();
    expect(
      azureResourceType('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/s1/databases/d1'),
    ).toBe('Microsoft.Sql/servers/databases');
    expect(azureResourceType('/providers/Microsoft.Capacity/reservationOrders/o1/reservations/')).toBe(
      'Microsoft.Capacity/reservationOrders/reservations',
    );
    expect(azureResourceType('/subscriptions/rsid1')).toBeNull();
  });

  it('splits money per view: actual bills the cost, amortized amortizes it', () => {
    const costs = (r: Record<string, unknown>, view: 'actual' | 'amortized') => {
      const c = azureCosts({ CostInBillingCurrency: '5', Date: '2025-01-02', ...r }, view);
      return [c.billed.toFixed(), c.effective.toFixed()];
    };
    const usage = { ChargeType: 'Usage', PricingModel: 'OnDemand' };
    const covered = { ChargeType: 'Usage', PricingModel: 'SavingsPlan' };
    const purchase = { ChargeType: 'Purchase', PricingModel: 'Reservation' };
    const unused = { ChargeType: 'UnusedReservation', PricingModel: 'Reservation' };
    expect(costs(usage, 'actual')).toEqual(['5', '5']);
    expect(costs(usage, 'amortized')).toEqual(['5', '5']);
    expect(costs(purchase, 'actual')).toEqual(['5', '0']);
    expect(costs({ ...purchase, ChargeType: 'Refund', CostInBillingCurrency: '-5' }, 'actual')).toEqual([
      '-5',
      '0',
    ]);
    expect(costs({ ChargeType: 'Purchase', PricingModel: null }, 'actual')).toEqual(['5', '5']);
    expect(costs(covered, 'amortized')).toEqual(['0', '5']);
    expect(costs(unused, 'amortized')).toEqual(['0', '5']);
    expect(costs({}, 'amortized')).toEqual(['5', '5']);
    expect(() => costs(unused, 'actual')).toThrow(/azure\/cost\/billing_amortized/);
  });

  it('maps the invoice scope like Microsoft’s FOCUS dataset and converts MCA prices to the billing currency', () => {
    const base = {
      Date: '2025-03-04',
      CostInBillingCurrency: '9.2',
      BillingCurrency: 'EUR',
      SubscriptionId: 'sub-1',
      Quantity: '2',
      UnitOfMeasure: '10 Hours',
    };
    const ea = azureRawRow({ ...base, BillingAccountId: '42', BillingProfileId: '42' }, 'actual');
    expect([ea.billing_account_id, ea.x_cloud_account_id]).toEqual([
      '/providers/Microsoft.Billing/billingAccounts/42',
      '42',
    ]);
    const mca = azureRawRow(
      {
        ...base,
        BillingAccountId: 'a:b_2019-05-31',
        BillingProfileId: 'P1',
        BillingProfileName: 'Profile one',
        PricingCurrency: 'USD',
        ExchangeRatePricingToBilling: '0.92',
        PayGPrice: '5',
        UnitPrice: '4.5',
      },
      'actual',
    );
    expect(mca.billing_account_id).toBe(
      '/providers/Microsoft.Billing/billingAccounts/a:b_2019-05-31/billingProfiles/P1',
    );
    expect(mca.billing_account_name).toBe('Profile one');
    expect([mca.list_unit_price, mca.contracted_unit_price, mca.list_cost, mca.contracted_cost]).toEqual([
      '4.6',
      '4.14',
      '9.2',
      '8.28',
    ]);
    expect([mca.pricing_quantity, mca.pricing_unit, mca.usage_amount, mca.usage_unit]).toEqual([
      '2',
      '10 Hours',
      '20',
      'Hours',
    ]);
    // Without an exchange rate the prices cannot be stated in the billing currency: the row is unpriced.
    const noRate = azureRawRow({ ...base, PricingCurrency: 'USD', PayGPrice: '5' }, 'actual');
    expect([noRate.list_unit_price, noRate.list_cost]).toEqual([null, '9.2']);
    const consumption = azureRawRow(base, 'actual');
    expect([consumption.billing_account_id, consumption.sub_account_id]).toEqual([
      '/subscriptions/sub-1',
      '/subscriptions/sub-1',
    ]);
    expect(() => azureRawRow({ ...base, SubscriptionId: null }, 'actual')).toThrow(/BillingAccountId/);
  });
});

describe.skipIf(!samples)('azure/cost/billing', () => {
  it('EA actual cost (11 rows): BilledCost per day and currency equals the export exactly; a bad file fails the run and keeps the slice', async () => {
    const org = await p.onboard();
    const dir = await azureIntegration(org, 'treyexports', 'cost-exports', 'actual/');
    copyFileSync(EA_ACTUAL, join(dir, 'part_0_0001.csv'));
    await runPipelineToCompletion(p, org, 'azure/cost/billing', '2023-09-01', '2023-09-30');

    const expected = sourceTotals(EA_ACTUAL, EA);
    expect(expected).toEqual({
      '2023-09-04|USD': '5.0823241067419368',
      '2023-09-05|USD': '0.21268368',
      '2023-09-21|USD': '3.25',
    });
    expect(await focusTotals(org)).toEqual(expected);
    // The reservation purchase (3.25, monthly) is amortized into the usage it covers: EffectiveCost 0.
    expect(await focusTotals(org, 'EffectiveCost')).toEqual({ ...expected, '2023-09-21|USD': '0' });

    const rows = await focusRows(org);
    expect(rows.length).toBe(11);
    expect(await violations(org)).toEqual([]);
    const purchase = rows.find((r) => r.ChargeCategory === 'Purchase')!;
    expect(purchase).toMatchObject({
      BillingAccountId: '/providers/Microsoft.Billing/billingAccounts/8611537',
      BillingAccountType: 'Billing Account',
      ChargeFrequency: 'Recurring',
      CommitmentDiscountType: 'Reservation',
      CommitmentDiscountCategory: 'Usage',
      CommitmentDiscountName: 'VM_RI_06-21-2023_18-56',
      PricingCategory: 'Standard',
      ServiceName: 'Virtual Machines',
      ServiceCategory: 'Compute',
    });
    expect(purchase.CommitmentDiscountId).toBe(purchase.ResourceId);
    const blob = rows.find((r) => r.SkuMeter === 'GRS List and Create Container Operations')!;
    expect(blob).toMatchObject({
      PricingUnit: '10000 Units',
      ConsumedUnit: 'Units',
      SubAccountId: '/subscriptions/ed570627-0265-4620-bb42-bae06bcfa914',
      RegionId: 'eastus2',
      ServiceSubcategory: 'Other (Storage)',
    });
    expect([blob.PricingQuantity, blob.ConsumedQuantity].map((v) => new Exact(String(v)).toFixed())).toEqual([
      '0.0004',
      '4',
    ]);

    // Re-running leaves the totals unchanged.
    await runPipelineToCompletion(p, org, 'azure/cost/billing', '2023-09-01', '2023-09-30');
    expect(await focusTotals(org)).toEqual(expected);

    // A FOCUS export dropped next to it has none of the actual export's columns: the run fails naming the
    // file, and the previous slice stays.
    writeFileSync(
      join(dir, 'part_0_0002.csv'),
      'BilledCost,ChargePeriodStart,BillingCurrency\n1.5,2023-09-04T00:00:00Z,USD\n',
    );
    const failed = await runToEnd(org, 'azure/cost/billing', '2023-09-01', '2023-09-30');
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/part_0_0002\.csv/);
    expect(failed.error).toMatch(/missing required columns: Date, CostInBillingCurrency/);
    expect(await focusTotals(org)).toEqual(expected);
  });

  it('EA amortized cost (28 rows) through azure/cost/billing_amortized: EffectiveCost per day equals the export', async () => {
    const org = await p.onboard();
    const dir = await azureIntegration(org, 'treyexports', 'cost-exports', 'amortized/');
    copyFileSync(EA_AMORTIZED, join(dir, 'part_0_0001.csv'));
    await runPipelineToCompletion(p, org, 'azure/cost/billing_amortized', '2023-09-01', '2023-09-30');

    const exact = sourceTotals(EA_AMORTIZED, EA);
    const stored = sourceTotals(EA_AMORTIZED, EA, { stored: true });
    expect(await focusTotals(org, 'EffectiveCost')).toEqual(stored);
    // Only the days holding a cost with more than 18 decimals differ from the exact sums, by less than 1e-18 a row.
    const differing = Object.keys(exact).filter((k) => exact[k] !== stored[k]);
    expect(differing).toEqual(['2023-09-05|USD', '2023-09-16|USD', '2023-09-17|USD']);
    for (const k of differing) expect(new Exact(exact[k]!).minus(stored[k]!).abs().lt('1e-18')).toBe(true);
    // Usage covered by the reservation and the savings plan was billed through their purchase: BilledCost 0.
    expect(await focusTotals(org)).toEqual(
      sourceTotals(EA_AMORTIZED, EA, { stored: true, keep: (r) => !covered(r) }),
    );

    const rows = await focusRows(org);
    expect(rows.length).toBe(28);
    expect(await violations(org)).toEqual([]);
    const committed = rows.filter((r) => r.PricingCategory === 'Committed');
    expect(
      committed.map((r) => [
        r.CommitmentDiscountType,
        r.CommitmentDiscountCategory,
        r.CommitmentDiscountStatus,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['Reservation', 'Usage', 'Used'],
        ['Savings Plan', 'Spend', 'Used'],
      ]),
    );
    expect(committed.length).toBe(2);
    // A savings plan is a Spend commitment: the quantity used is its amortized cost, in the billing currency
    // (CommitmentDiscountQuantity is NUMERIC in cost_data_standard_1_3: 9 decimals).
    const savingsPlan = committed.find((r) => r.CommitmentDiscountCategory === 'Spend')!;
    expect(savingsPlan.CommitmentDiscountUnit).toBe('USD');
    const quantity = new Exact(String(savingsPlan.CommitmentDiscountQuantity));
    expect(quantity.minus(String(savingsPlan.EffectiveCost)).abs().lt('1e-9')).toBe(true);
  });

  it('an unused reservation row: refused by the actual pipeline, amortized as Unused by billing_amortized', async () => {
    const [header, first] = readFileSync(EA_AMORTIZED, 'utf8').split('\n');
    expect(first).toContain(',Usage,UsageBased,');
    const unused = `${header}\n${first!.replace(',Usage,UsageBased,', ',UnusedReservation,UsageBased,')}\n`;
    const org = await p.onboard();
    const dir = await azureIntegration(org, 'treyexports', 'unused', '');
    writeFileSync(join(dir, 'unused.csv'), unused);

    const failed = await runToEnd(org, 'azure/cost/billing', '2023-09-01', '2023-09-30');
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/UnusedReservation.*azure\/cost\/billing_amortized/);

    await runPipelineToCompletion(p, org, 'azure/cost/billing_amortized', '2023-09-01', '2023-09-30');
    const [row] = await focusRows(org);
    expect(row).toMatchObject({
      ChargeCategory: 'Usage',
      CommitmentDiscountStatus: 'Unused',
      PricingCategory: 'Committed',
      ConsumedQuantity: null,
    });
    expect([
      new Exact(String(row!.BilledCost)).toFixed(),
      new Exact(String(row!.EffectiveCost)).toFixed(),
    ]).toEqual(['0', '0.493152']);
    expect(await violations(org)).toEqual([]);
  });

  it('a row the normaliser refuses fails the run naming the file, the row and the column (issue 12)', async () => {
    const org = await p.onboard();
    const dir = await azureIntegration(org, 'treyexports', 'scopeless', '');
    writeFileSync(
      join(dir, 'scopeless.csv'),
      [
        'Date,BillingAccountId,SubscriptionId,CostInBillingCurrency,BillingCurrency',
        '2022-11-02,8611537,,1.5,USD',
        '2022-11-03,,,2.5,USD',
      ].join('\n'),
    );
    const failed = await runToEnd(org, 'azure/cost/billing', '2022-11-01', '2022-11-30');
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(
      /scopeless\.csv: row 2, column BillingAccountId: .*neither a BillingAccountId nor a SubscriptionId/,
    );
  });

  it('German-labelled headers (`Label (Name)`) are read by the name in parentheses; a fully localized header fails naming what it expected (issue 12)', async () => {
    const org = await p.onboard();
    const dir = await azureIntegration(org, 'deexports', 'kosten', '');
    // Required columns in plain English, the rest labelled as the German portal writes them: before the fix the
    // file was accepted with quantity, price and meter silently dropped.
    const labelled = [
      [
        'Date',
        'Abonnement-ID (SubscriptionId)',
        'Produkt (ProductName)',
        'ID der Verbrauchseinheit (MeterId)',
        'Kategorie der Verbrauchseinheit (MeterCategory)',
        'Name der Verbrauchseinheit (MeterName)',
        'UsageQuantity (UsageQuantity)',
        'Maßeinheit (UnitOfMeasure)',
        'Ressourcensatz (ResourceRate)',
        'CostInBillingCurrency',
        'BillingCurrency',
      ].join(','),
      '2024-03-01,ed570627-0265-4620-bb42-bae06bcfa914,Virtual Machines D2s v3,0b2a5e3c-1111-4c2e-9a6b-6f1d2b3c4d5e,Virtual Machines,D2s v3,24,1 Hour,0.096,2.304,EUR',
      '2024-03-02,ed570627-0265-4620-bb42-bae06bcfa914,Storage LRS,7c9d1e2f-2222-4b3a-8c7d-1e2f3a4b5c6d,Storage,LRS Write Operations,0.5,10K,0.05,0.025,EUR',
    ].join('\n');
    writeFileSync(join(dir, 'labelled.csv'), `${labelled}\n`);
    await runPipelineToCompletion(p, org, 'azure/cost/billing', '2024-03-01', '2024-03-31');
    expect(await focusTotals(org)).toEqual({ '2024-03-01|EUR': '2.304', '2024-03-02|EUR': '0.025' });
    const rows = await focusRows(org);
    const shown = rows.map((r) => [
      r.SkuId,
      r.SkuMeter,
      r.SubAccountId,
      r.PricingUnit,
      ...[r.PricingQuantity, r.ContractedUnitPrice, r.ListUnitPrice].map((v) =>
        v === null ? null : new Exact(String(v)).toFixed(),
      ),
    ]);
    expect(shown).toEqual([
      [
        '0b2a5e3c-1111-4c2e-9a6b-6f1d2b3c4d5e',
        'D2s v3',
        '/subscriptions/ed570627-0265-4620-bb42-bae06bcfa914',
        'Hours',
        '24',
        '0.096',
        '0.096',
      ],
      [
        '7c9d1e2f-2222-4b3a-8c7d-1e2f3a4b5c6d',
        'LRS Write Operations',
        '/subscriptions/ed570627-0265-4620-bb42-bae06bcfa914',
        '10000 Units',
        '0.5',
        '0.05',
        '0.05',
      ],
    ]);
    expect(await violations(org)).toEqual([]);

    // Fully localized, no names in parentheses: the run fails naming the file, saying so and listing the columns
    // it expected; the slice stays.
    writeFileSync(join(dir, 'lokalisiert.csv'), 'Datum,Kosten,Abrechnungswährung\n2024-03-01,1.5,EUR\n');
    const failed = await runToEnd(org, 'azure/cost/billing', '2024-03-01', '2024-03-31');
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/lokalisiert\.csv/);
    expect(failed.error).toMatch(/none of the header's 3 columns is a column name this format knows/);
    expect(failed.error).toMatch(
      /Date \(or UsageDateTime, UsageDate\), CostInBillingCurrency \(or Cost, PreTaxCost\), BillingCurrency \(or BillingCurrencyCode, Currency\)/,
    );
    expect(failed.error).toMatch(/Label \(Name\)/);
    expect(await focusTotals(org)).toEqual({ '2024-03-01|EUR': '2.304', '2024-03-02|EUR': '0.025' });
  });

  const others: [string, string, { day: string; cost: string; currency: string }, string, string][] = [
    [
      'focus-converters anonymized EA export (27 rows, CAD, CostInBillingCurrency)',
      EA_ANONYMOUS,
      { day: 'Date', cost: 'CostInBillingCurrency', currency: 'BillingCurrencyCode' },
      '2023-09-01',
      '2023-09-30',
    ],
    [
      'koku consumption layout (usageDateTime, preTaxCost, resourceRate, subscriptionGuid)',
      KOKU_CONSUMPTION,
      { day: 'usageDateTime', cost: 'preTaxCost', currency: 'currency' },
      '2019-07-01',
      '2019-07-31',
    ],
    [
      'koku PascalCase consumption cost report (UsageDateTime, PreTaxCost, SubscriptionGuid, BOM)',
      KOKU_COST_REPORT,
      { day: 'UsageDateTime', cost: 'PreTaxCost', currency: 'Currency' },
      '2019-07-01',
      '2019-07-31',
    ],
    [
      'koku MCA camelCase export (costInBillingCurrency, InstanceName, no billing period)',
      KOKU_MCA,
      { day: 'date', cost: 'costInBillingCurrency', currency: 'billingCurrency' },
      '2023-08-01',
      '2023-08-31',
    ],
    [
      'koku v2 export (BillingCurrencyCode MC, a Marketplace purchase)',
      KOKU_V2,
      { day: 'Date', cost: 'CostInBillingCurrency', currency: 'BillingCurrencyCode' },
      '2020-09-01',
      '2020-09-30',
    ],
  ];
  for (const [name, file, columns, start, end] of others) {
    it(`${name}: BilledCost per day and currency equals the export exactly`, async () => {
      const org = await p.onboard();
      const dir = await azureIntegration(org, 'kokuexports', 'exports', 'daily/');
      copyFileSync(file, join(dir, 'export.csv'));
      await runPipelineToCompletion(p, org, 'azure/cost/billing', start, end);
      const expected = sourceTotals(file, columns);
      expect(expected).toEqual(sourceTotals(file, columns, { stored: true }));
      expect(await focusTotals(org)).toEqual(expected);
      expect(await focusTotals(org, 'EffectiveCost')).toEqual(expected);
      expect((await focusRows(org)).length).toBe(readCsv(file).length);
      // koku's v2 sample bills in "MC", which is no ISO 4217 currency: kept as exported (never replaced by a
      // guess), it is the one FOCUS rule those rows break.
      expect(await violations(org)).toEqual(file === KOKU_V2 ? ['CurrencyFormat:BillingCurrency'] : []);
    });
  }
});
