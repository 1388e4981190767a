/**
 * oci/cost/billing (FOCUS reports) and oci/cost/billing_cost_report (cost reports) end to end on local report
 * files: FOCUS BilledCost per day and currency equals the report's cost exactly, the FOCUS rows pass the MUST
 * rules of FOCUS 1.3 (cost report: except list / contracted cost = price x quantity where the exact product needs
 * more than the 18 decimals the embedded warehouse stores), and a bad file fails the run, names the file and
 * leaves the previous slice as it was.
 *
 * Samples: the OCI cost report of finopsfoundation/focus_converters (506 rows, reports/cost-csv). No OCI FOCUS
 * report file is public: the FOCUS fixture is generated here from the 7 Oracle rows of the official FOCUS 1.0
 * sample, written as OCI writes its FOCUS reports (the column IDs and order of the FINOPS table DDL in
 * oci-landing-zones/oci-landing-zone-operating-entities addons/oci-finops/content/sql/finopsuser.sql: 1.0-preview
 * UsageQuantity / UsageUnit / Region / Provider / Publisher / InvoiceIssuer, ChargeSubcategory, oci_* columns;
 * charge periods at minute precision, billing periods with milliseconds, empty cells for absent values, CRLF,
 * one gzip file per day under `FOCUS Reports/<yyyy>/<mm>/<dd>/`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { type Org, usePlatform } from '../../shared/testing/platform.js';
import { SAMPLES_DIR } from '../../shared/testing/samples.js';
import { billingFormat } from '../../shared/cloud/formats.js';
import { ociCostReportRawRow, ociFocusRawRow, ociUnit } from '../../shared/cloud/oci-report.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { checkFocusRows } from '../../shared/focus/conformance.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { testOciKey } from '../../shared/testing/provider-credentials.js';
import { focusTotalsByDay, runPipeline, runPipelineToCompletion, setupCloudIntegration } from './helpers.js';

const DATA = SAMPLES_DIR;
const OFFICIAL = join(DATA, 'focus-sample-data-official/focus_sample.csv');
const COST_REPORT = join(DATA, 'focus-converters/reports_cost-csv_0000000030000269.csv');
const samples = existsSync(OFFICIAL) && existsSync(COST_REPORT);

const FOCUS_PIPELINE = 'oci/cost/billing';
const COST_REPORT_PIPELINE = 'oci/cost/billing_cost_report';

/** OCI FOCUS report columns in the order of the FINOPS table DDL (finopsuser.sql). */
const OCI_FOCUS_HEADER = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ChargeSubcategory',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountType',
  'EffectiveCost',
  'InvoiceIssuer',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'Provider',
  'Publisher',
  'Region',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
  'UsageQuantity',
  'UsageUnit',
  'oci_ReferenceNumber',
  'oci_CompartmentId',
  'oci_CompartmentName',
  'oci_OverageFlag',
  'oci_UnitPriceOverage',
  'oci_BilledQuantityOverage',
  'oci_CostOverage',
  'oci_AttributedUsage',
  'oci_AttributedCost',
  'oci_BackReferenceNumber',
];

type Rec = Record<string, string>;

/**
 * The official sample's Oracle rows as OCI FOCUS report rows. Values are the sample's; the sample's `Id` is the
 * OCI reference number, the compartment is the tenancy's root compartment (its OCID is the tenancy OCID).
 */
function ociFocusFixture(): Rec[] {
  const official = (parse(readFileSync(OFFICIAL), { columns: true }) as Rec[]).filter(
    (r) => r.ProviderName === 'Oracle',
  );
  const cell = (v: string | undefined) => (v === undefined || v === 'NULL' ? '' : v);
  const minute = (ts: string) => `${ts.slice(0, 10)}T${ts.slice(11, 16)}Z`;
  const millis = (ts: string) => `${ts.slice(0, 10)}T${ts.slice(11, 19)}.000Z`;
  return official.map((s) => ({
    AvailabilityZone: cell(s.AvailabilityZone),
    BilledCost: cell(s.BilledCost),
    BillingAccountId: cell(s.BillingAccountId),
    BillingAccountName: cell(s.BillingAccountName),
    BillingCurrency: cell(s.BillingCurrency),
    BillingPeriodEnd: millis(s.BillingPeriodEnd!),
    BillingPeriodStart: millis(s.BillingPeriodStart!),
    ChargeCategory: cell(s.ChargeCategory),
    ChargeDescription: cell(s.ChargeDescription),
    ChargeFrequency: cell(s.ChargeFrequency),
    ChargePeriodEnd: minute(s.ChargePeriodEnd!),
    ChargePeriodStart: minute(s.ChargePeriodStart!),
    ChargeSubcategory: '',
    CommitmentDiscountCategory: cell(s.CommitmentDiscountCategory),
    CommitmentDiscountId: cell(s.CommitmentDiscountId),
    CommitmentDiscountName: cell(s.CommitmentDiscountName),
    CommitmentDiscountType: cell(s.CommitmentDiscountType),
    EffectiveCost: cell(s.EffectiveCost),
    InvoiceIssuer: cell(s.InvoiceIssuerName),
    ListCost: cell(s.ListCost),
    ListUnitPrice: cell(s.ListUnitPrice),
    PricingCategory: cell(s.PricingCategory),
    PricingQuantity: cell(s.PricingQuantity),
    PricingUnit: cell(s.PricingUnit),
    Provider: cell(s.ProviderName),
    Publisher: cell(s.PublisherName),
    Region: cell(s.RegionId) || cell(s.RegionName),
    ResourceId: cell(s.ResourceId),
    ResourceName: cell(s.ResourceName),
    ResourceType: cell(s.ResourceType),
    ServiceCategory: cell(s.ServiceCategory),
    ServiceName: cell(s.ServiceName),
    SkuId: cell(s.SkuId),
    SkuPriceId: cell(s.SkuPriceId),
    SubAccountId: cell(s.SubAccountId),
    SubAccountName: cell(s.SubAccountName),
    Tags: cell(s.Tags),
    UsageQuantity: cell(s.ConsumedQuantity),
    UsageUnit: cell(s.ConsumedUnit),
    oci_ReferenceNumber: cell(s.Id),
    oci_CompartmentId: cell(s.SubAccountId),
    oci_CompartmentName: cell(s.SubAccountName),
    oci_OverageFlag: 'false',
    oci_UnitPriceOverage: '',
    oci_BilledQuantityOverage: '',
    oci_CostOverage: '',
    oci_AttributedUsage: '',
    oci_AttributedCost: '',
    oci_BackReferenceNumber: '',
  }));
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (header: readonly string[], rows: readonly Rec[]) =>
  [header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]
    .map((cells) => cells.map(csvCell).join(','))
    .join('\r\n') + '\r\n';

function writeGz(path: string, text: string | Buffer) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, gzipSync(text));
}

/** The fixture as OCI lays it out: one gzip file per day under `FOCUS Reports/<yyyy>/<mm>/<dd>/`. */
function writeFocusReports(bucketDir: string, rows: readonly Rec[]) {
  const byDay = new Map<string, Rec[]>();
  for (const r of rows) {
    const d = r.ChargePeriodStart!.slice(0, 10);
    byDay.set(d, [...(byDay.get(d) ?? []), r]);
  }
  let n = 0;
  for (const [d, dayRows] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
    const file = join(
      bucketDir,
      'FOCUS Reports',
      ...d.split('-'),
      `00010000012345${String(++n).padStart(2, '0')}-00001.csv.gz`,
    );
    writeGz(file, csv(OCI_FOCUS_HEADER, dayRows));
  }
}

/** Σ cost per `day|currency`, exactly, straight from the source rows. */
function sourceTotals(rows: readonly Rec[], start: string, cost: string, currency: string) {
  const totals = new Map<string, Decimal>();
  for (const r of rows) {
    const key = `${r[start]!.slice(0, 10)}|${r[currency]}`;
    totals.set(key, (totals.get(key) ?? new Decimal(0)).plus(r[cost]!));
  }
  return Object.fromEntries([...totals].sort().map(([k, v]) => [k, v.toFixed()]));
}

let p: TestPlatform;
let fake: FakeProviders;
let exportsDir: string;
usePlatform((f) => ({ p, fake, exportsDir } = f));

/** Sets up the org's OCI integration on the report bucket (namespace bling, bucket = tenancy OCID); its dir. */
async function ociIntegration(org: Org) {
  const key = testOciKey();
  const bucket = key.credential.tenancy_ocid;
  return setupCloudIntegration(p, fake, org, 'oci', {
    valid: ['oci', [{ ...key.fake, access: [`bling/${bucket}`] }]],
    credential: key.credential,
    config: { namespace: 'bling', bucket },
    exportsDir,
    dir: ['oci', 'bling', bucket],
  });
}

const focusTotals = (org: Org, pipeline: string, column = 'BilledCost') =>
  focusTotalsByDay(p, org, column, pipeline);
const failedRun = (org: Org, pipeline: string, start: string, end: string) =>
  runPipeline(p, org, pipeline, start, end);

async function focusRows(org: Org, pipeline: string) {
  const wh = await p.ctx.warehouse();
  return wh.query(
    `SELECT * FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')} WHERE x_pipeline_id = @pipeline`,
    { pipeline },
  );
}

const FOCUS_COLUMNS = costDataStandard13.columns.map((c) => c.name);
const ruleKeys = (rows: Record<string, unknown>[]) => [
  ...new Set(
    checkFocusRows(rows, { columns: FOCUS_COLUMNS, mustOnly: true }).map((v) => `${v.rule}:${v.column}`),
  ),
];

describe('OCI report normalisers', () => {
  it('register the two formats with their folders in the report bucket', () => {
    const config = { namespace: 'bling', bucket: 'ocid1.tenancy.oc1..aaaa' };
    expect(billingFormat('oci', 'focus')?.location(config)).toEqual([
      'bling',
      'ocid1.tenancy.oc1..aaaa',
      'FOCUS Reports',
    ]);
    expect(billingFormat('oci', 'cost_report')?.location(config)).toEqual([
      'bling',
      'ocid1.tenancy.oc1..aaaa',
      'reports',
      'cost-csv',
    ]);
    expect(() => billingFormat('oci', 'focus')!.location({ namespace: 'bling' })).toThrow(
      'The integration config has no bucket.',
    );
  });

  it('maps a FOCUS report row through the 1.3 upgrade, exactly', () => {
    const raw = ociFocusRawRow({
      BilledCost: '0.00107392473',
      BillingAccountId: '20209880',
      BillingCurrency: 'usd',
      ChargeCategory: 'Usage',
      ChargeFrequency: 'Usage-based',
      ChargePeriodStart: '2024-09-22T22:00:00Z',
      ChargePeriodEnd: '2024-09-22T23:00:00Z',
      ConsumedQuantity: '0.631720430107',
      ConsumedUnit: 'GB Months',
      EffectiveCost: '0',
      ListCost: '0.00107392473',
      ListUnitPrice: '0.0017',
      PricingQuantity: '0.63172043011',
      PricingUnit: 'GB Months',
      SubAccountId: 'ocid1.tenancy.oc1..aaaa',
      SubAccountName: '',
      Tags: { env: 'dev' },
      ChargeSubcategory: '',
      oci_ReferenceNumber: '5227696',
      oci_CompartmentName: 'crowddev',
      oci_OverageFlag: false,
    });
    expect(raw).toMatchObject({
      usage_date: '2024-09-22',
      usage_start_time: '2024-09-22T22:00:00Z',
      billing_account_id: '20209880',
      charge_type: 'Usage',
      cost: '0.00107392473',
      currency: 'USD',
      // ListUnitPrice x PricingQuantity exactly; OCI's rounded ListCost stays in raw.
      list_cost: '0.001073924731187',
      list_unit_price: '0.0017',
      contracted_unit_price: '0.0017',
      contracted_cost: '0.001073924731187',
      effective_cost: '0',
      usage_amount: '0.631720430107',
      usage_unit: 'GB-Months',
      pricing_unit: 'GB-Months',
      sub_account_name: null,
      labels: { env: 'dev' },
      tenancy_id: 'ocid1.tenancy.oc1..aaaa',
      compartment_path: 'crowddev',
      reference_number: '5227696',
      is_overage: false,
      x_cloud_provider: 'oci',
    });
    expect(raw.raw).toMatchObject({
      ChargeFrequency: 'Usage-Based',
      ListCost: '0.00107392473',
      x_oci_ReferenceNumber: '5227696',
      x_oci_OverageFlag: false,
    });
  });

  it('maps a cost report row: myCost exact, unit price x billed quantity exact, tags', () => {
    const raw = ociCostReportRawRow({
      'lineItem/referenceNo': '0d26',
      'lineItem/tenantId': 'ocid1.tenancy.oc1..aaaa',
      'lineItem/intervalUsageStart': '2023-11-13T07:00:00Z',
      'lineItem/intervalUsageEnd': '2023-11-13T08:00:00Z',
      'product/service': 'TELEMETRY',
      'usage/billedQuantity': '0.000002',
      'cost/unitPrice': '0.00116188',
      'cost/myCost': '0.00000000232376',
      'cost/currencyCode': 'USD',
      'cost/subscriptionId': null,
      'cost/skuUnitDescription': 'Million Datapoints',
      'lineItem/isCorrection': true,
      'tags/Oracle-Tags.CreatedBy': 'default/someone',
      'tags/Valtest.Cat': '',
    });
    expect(raw).toMatchObject({
      usage_date: '2023-11-13',
      billing_account_id: 'ocid1.tenancy.oc1..aaaa',
      charge_type: 'Usage Correction',
      cost: '0.00000000232376',
      list_cost: '0.00000000232376',
      effective_cost: '0.00000000232376',
      pricing_unit: 'Million Datapoints',
      labels: { 'Oracle-Tags.CreatedBy': 'default/someone' },
    });
    expect(ociUnit('Instance per hour')).toBe('Instance-Hours');
  });
});

describe('OCI rows without a currency (issue 12)', () => {
  const HEAD = [
    'lineItem/tenantId',
    'lineItem/intervalUsageStart',
    'lineItem/intervalUsageEnd',
    'product/service',
    'usage/billedQuantity',
    'cost/productSku',
    'cost/unitPrice',
    'cost/myCost',
    'cost/currencyCode',
    'cost/skuUnitDescription',
  ];
  const row = (sku: string, quantity: string, price: string, cost: string, currency: string): Rec => ({
    'lineItem/tenantId': 'ocid1.tenancy.oc1..gbp',
    'lineItem/intervalUsageStart': '2024-03-05T10:00Z',
    'lineItem/intervalUsageEnd': '2024-03-05T11:00Z',
    'product/service': 'COMPUTE',
    'usage/billedQuantity': quantity,
    'cost/productSku': sku,
    'cost/unitPrice': price,
    'cost/myCost': cost,
    'cost/currencyCode': currency,
    'cost/skuUnitDescription': 'OCPU Hours',
  });

  it('take the report’s currency and keep SKU, quantity and unit; a report with no currency at all is refused', async () => {
    const org = await p.onboard();
    const dir = await ociIntegration(org);
    const reports = join(dir, 'reports', 'cost-csv');
    // The zero-cost rows come first: the currency is known only from a later row of the file.
    writeGz(
      join(reports, '0001000000090001-00001.csv.gz'),
      csv(HEAD, [
        row('B91000', '10', '', '0', ''),
        row('B91001', '4', '0.25', '0', ''),
        row('B91002', '3', '0.5', '1.5', 'GBP'),
      ]),
    );
    await runPipelineToCompletion(p, org, COST_REPORT_PIPELINE, '2024-03-01', '2024-03-31');
    const rows = await focusRows(org, COST_REPORT_PIPELINE);
    expect(rows.map((r) => r.BillingCurrency)).toEqual(['GBP', 'GBP', 'GBP']);
    expect(await focusTotals(org, COST_REPORT_PIPELINE)).toEqual({ '2024-03-05|GBP': '1.5' });
    const free = rows.find((r) => r.SkuId === 'B91000')!;
    expect(free).toMatchObject({ PricingUnit: 'OCPU-Hours', PricingCurrency: 'GBP' });
    expect(new Decimal(String(free.PricingQuantity)).toFixed()).toBe('10');
    expect(new Decimal(String(free.ListUnitPrice)).toFixed()).toBe('0');
    const priced = rows.find((r) => r.SkuId === 'B91001')!;
    expect(new Decimal(String(priced.ListUnitPrice)).toFixed()).toBe('0.25');
    expect(ruleKeys(rows)).toEqual([]);

    // A report none of whose rows names a currency: refused naming the file, the row and the column.
    writeGz(join(reports, '0001000000090002-00001.csv.gz'), csv(HEAD, [row('B91000', '10', '', '0', '')]));
    const failed = await failedRun(org, COST_REPORT_PIPELINE, '2024-03-01', '2024-03-31');
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/0001000000090002-00001\.csv\.gz: row 1, column cost\/currencyCode: /);
    expect(await focusTotals(org, COST_REPORT_PIPELINE)).toEqual({ '2024-03-05|GBP': '1.5' });
  });
});

describe.skipIf(!samples)('oci/cost/billing and oci/cost/billing_cost_report', () => {
  it('FOCUS reports (7 Oracle rows of the official sample): BilledCost per day and currency equals the report exactly, all FOCUS 1.3 MUST rules pass', async () => {
    const org = await p.onboard();
    const dir = await ociIntegration(org);
    const fixture = ociFocusFixture();
    expect(fixture.length).toBe(7);
    writeFocusReports(dir, fixture);
    // A cost report in the same bucket is not read by the FOCUS pipeline.
    writeGz(join(dir, 'reports', 'cost-csv', '0001000000030269-00001.csv.gz'), readFileSync(COST_REPORT));

    await runPipelineToCompletion(p, org, FOCUS_PIPELINE, '2024-09-01', '2024-09-30');
    const expected = sourceTotals(fixture, 'ChargePeriodStart', 'BilledCost', 'BillingCurrency');
    expect(Object.keys(expected).length).toBe(6);
    expect(await focusTotals(org, FOCUS_PIPELINE)).toEqual(expected);
    expect(await focusTotals(org, FOCUS_PIPELINE, 'EffectiveCost')).toEqual(
      sourceTotals(fixture, 'ChargePeriodStart', 'EffectiveCost', 'BillingCurrency'),
    );

    const rows = await focusRows(org, FOCUS_PIPELINE);
    expect(rows.length).toBe(7);
    expect(ruleKeys(rows)).toEqual([]);
    const vnic = rows.find((r) => String(r.ResourceId).includes('.vnic.'))!;
    expect(vnic).toMatchObject({
      ServiceName: 'NETWORK',
      ServiceCategory: 'Networking',
      ServiceSubcategory: 'Other (Networking)',
      ChargeCategory: 'Usage',
      ChargeFrequency: 'Usage-Based',
      SkuId: 'B88327',
      SkuPriceId: 'B88327/20209880',
      PricingUnit: 'GB-Months',
      RegionId: 'us-sanjose-1',
      SubAccountType: 'Tenancy',
      x_cloud_provider: 'oci',
    });

    // Re-running leaves the totals unchanged.
    await runPipelineToCompletion(p, org, FOCUS_PIPELINE, '2024-09-01', '2024-09-30');
    expect(await focusTotals(org, FOCUS_PIPELINE)).toEqual(expected);

    // A report without BilledCost fails the run naming the file; the previous slice stays.
    const broken = join(dir, 'FOCUS Reports', '2024', '09', '30', '0001000001234599-00001.csv.gz');
    writeGz(
      broken,
      csv(
        OCI_FOCUS_HEADER.filter((c) => c !== 'BilledCost'),
        fixture.slice(0, 1),
      ),
    );
    const detail = await failedRun(org, FOCUS_PIPELINE, '2024-09-01', '2024-09-30');
    expect(detail.status).toBe('FAILED');
    expect(detail.error).toMatch(/0001000001234599-00001\.csv\.gz/);
    expect(detail.error).toMatch(/missing required columns: BilledCost/);
    expect(await focusTotals(org, FOCUS_PIPELINE)).toEqual(expected);
  });

  it('the cost report (506 rows): BilledCost per day and currency equals myCost exactly; MUST rules pass (costs stored at 18 decimals)', async () => {
    const org = await p.onboard();
    const dir = await ociIntegration(org);
    writeGz(join(dir, 'reports', 'cost-csv', '0001000000030269-00001.csv.gz'), readFileSync(COST_REPORT));
    // A FOCUS report in the same bucket is not read by the cost report pipeline.
    writeFocusReports(dir, ociFocusFixture());

    await runPipelineToCompletion(p, org, COST_REPORT_PIPELINE, '2023-11-01', '2023-11-30');
    const source = parse(readFileSync(COST_REPORT), { columns: true }) as Rec[];
    const expected = sourceTotals(source, 'lineItem/intervalUsageStart', 'cost/myCost', 'cost/currencyCode');
    expect(expected).toEqual({ '2023-11-13|USD': expect.any(String) as string });
    expect(await focusTotals(org, COST_REPORT_PIPELINE)).toEqual(expected);
    expect(await focusTotals(org, COST_REPORT_PIPELINE, 'EffectiveCost')).toEqual(expected);

    const rows = await focusRows(org, COST_REPORT_PIPELINE);
    expect(rows.length).toBe(506);
    const categories = new Map(rows.map((r) => [r.ServiceName, r.ServiceCategory]));
    expect(Object.fromEntries(categories)).toEqual({
      BLOCK_STORAGE: 'Storage',
      COMPUTE: 'Compute',
      DATABASE: 'Databases',
      MYSQL: 'Databases',
      NETWORK: 'Networking',
      OBJECTSTORE: 'Storage',
      ORACLE_STREAMING_SERVICE: 'Integration',
      TELEMETRY: 'Management and Governance',
    });

    // FOCUS 1.3 MUST rules. The embedded warehouse stores BIGNUMERIC as DECIMAL(38,18): where the exact
    // unit price x billed quantity needs more than 18 decimals (OCI itself rounds myCost to 18), ListCost and
    // ContractedCost are stored rounded half-up to 18 decimals (BigQuery's BIGNUMERIC keeps them exact).
    // costScale 18 says so; every row then passes every MUST rule.
    expect(checkFocusRows(rows, { columns: FOCUS_COLUMNS, mustOnly: true, costScale: 18 })).toEqual([]);
    // Without it, exactly the relations of those rows fail.
    const findings = checkFocusRows(rows, { columns: FOCUS_COLUMNS, mustOnly: true });
    const wide = new Set<number>();
    rows.forEach((r, i) => {
      const exact = new Decimal(String(r.ListUnitPrice)).times(String(r.PricingQuantity));
      if (exact.decimalPlaces() > 18) {
        wide.add(i);
        const rounded = exact.toDecimalPlaces(18, Decimal.ROUND_HALF_UP);
        expect(new Decimal(String(r.ListCost)).equals(rounded)).toBe(true);
        expect(new Decimal(String(r.ContractedCost)).equals(rounded)).toBe(true);
        // ... which is OCI's own myCost.
        expect(new Decimal(String(r.BilledCost)).equals(rounded)).toBe(true);
      }
    });
    expect(wide.size).toBe(251);
    expect(findings.filter((v) => !(v.row !== undefined && wide.has(v.row)))).toEqual([]);
    expect([...new Set(findings.map((v) => v.rule))].sort()).toEqual([
      'ContractedCostRelation',
      'ListCostRelation',
    ]);

    // Re-running leaves the totals unchanged.
    await runPipelineToCompletion(p, org, COST_REPORT_PIPELINE, '2023-11-01', '2023-11-30');
    expect(await focusTotals(org, COST_REPORT_PIPELINE)).toEqual(expected);

    // A truncated gzip next to it fails the run naming the file; the previous slice stays.
    const gz = gzipSync(readFileSync(COST_REPORT));
    writeFileSync(
      join(dir, 'reports', 'cost-csv', '0001000000030270-00001.csv.gz'),
      gz.subarray(0, Math.floor(gz.length / 2)),
    );
    const detail = await failedRun(org, COST_REPORT_PIPELINE, '2023-11-01', '2023-11-30');
    expect(detail.status).toBe('FAILED');
    expect(detail.error).toMatch(/0001000000030270-00001\.csv\.gz/);
    expect(await focusTotals(org, COST_REPORT_PIPELINE)).toEqual(expected);
  });
});
