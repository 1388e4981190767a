/**
 * FOCUS-format exports through `{aws,azure,gcp}/cost/focus`: the FOCUS Data Toolkit's synthetic golden exports
 * (FOCUS 1.2 and 1.3 per provider, with credits, plus the 1.3 Contract Commitment dataset), its hand-written
 * multi-provider 1.3 file, and the official FOCUS 1.0 sample (AWS, Microsoft and Oracle rows in one file), read
 * from local export files. For each: FOCUS BilledCost and EffectiveCost per day and currency equal the export's
 * exactly, the rows satisfy the FOCUS 1.3 MUST rules (or, for the two hand-made / anonymised files, break only
 * the rules their own values break, asserted exactly), re-runs change nothing, and a bad file fails the run
 * naming it and keeps the previous slice.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { type Org, usePlatform } from '../../shared/testing/platform.js';
import { SAMPLES_DIR } from '../../shared/testing/samples.js';
import { focusExportRawRow } from '../../shared/cloud/focus-export.js';
import { repairFocusRow, resourceTypeOf } from '../../shared/cloud/focus-repairs.js';
import { billingFormat } from '../../shared/cloud/formats.js';
import { contractCommitment13, costDataStandard13 } from '../../shared/datasets/index.js';
import { checkFocusRows } from '../../shared/focus/conformance.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { testAwsKeys, testAzureApp, testServiceAccount } from '../../shared/testing/provider-credentials.js';
import { apiKey, focusTotalsByDay, runPipeline, runPipelineToCompletion } from './helpers.js';

const DATA = SAMPLES_DIR;
const SYNTHETIC = join(DATA, 'focus-data-toolkit-synthetic');
const OFFICIAL = join(DATA, 'focus-sample-data-official/focus_sample.csv');
const CLIENT_LIKE = join(SYNTHETIC, 'client_like__consolidated_multi_provider_1_3.csv');
const samples = existsSync(SYNTHETIC) && existsSync(OFFICIAL);

let p: TestPlatform;
let fake: FakeProviders;
let exportsDir: string;
usePlatform((f) => ({ p, fake, exportsDir } = f));

type Provider = 'aws' | 'azure' | 'gcp';
const FOCUS_COLUMNS = costDataStandard13.columns.map((c) => c.name);

/** Sets up the provider's integration with a FOCUS export location; the cost and commitment directories. */
async function integration(
  org: Org,
  provider: Provider,
  withCommitments = false,
): Promise<{ costs: string; commitments: string }> {
  let credential: unknown;
  let config: Record<string, unknown>;
  let base: string[];
  if (provider === 'aws') {
    const aws = testAwsKeys();
    fake.setValid('aws', [{ ...aws.fake, access: ['focus-bucket'] }] as never);
    credential = aws.credential;
    config = { export_bucket: 'focus-bucket', export_prefix: 'focus/' };
    if (withCommitments) config.commitment_prefix = 'commitments/';
    base = ['aws', 'focus-bucket'];
  } else if (provider === 'azure') {
    const app = testAzureApp();
    fake.setValid('azure', [{ ...app, access: ['focusexports/exports'] }]);
    credential = app;
    config = {
      storage_account: 'focusexports',
      container: 'exports',
      path: 'focus/',
      azure_blob_endpoint: fake.urls.azureBlob,
    };
    if (withCommitments) config.commitment_path = 'commitments/';
    base = ['azure', 'focusexports', 'exports'];
  } else {
    const sa = testServiceAccount();
    const table = 'billing-project.billing.gcp_billing_export_v1_010101_ABCDEF_123456';
    fake.setValid('google', [{ ...sa.fake, access: [table] }] as never);
    credential = sa.credential;
    config = {
      billing_export_table: table,
      focus_export_table: 'billing-project.billing.focus_v1',
    };
    if (withCommitments) config.commitment_table = 'billing-project.billing.focus_contract_commitments';
    base = ['gcp'];
  }
  const res = await p.request(`/api/v1/integrations/${org.org_slug}/${provider}/setup`, {
    method: 'POST',
    headers: apiKey(org.api_key),
    json: { credential, config },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const last = provider === 'gcp' ? 'billing-project.billing.focus_v1' : 'focus';
  const commitmentsLast =
    provider === 'gcp' ? 'billing-project.billing.focus_contract_commitments' : 'commitments';
  // CLOUD_EXPORTS_DIR is shared by the orgs of this file (same bucket names): each test starts from empty
  // directories (tests in a file run one after another).
  const costs = join(exportsDir, ...base, last);
  const commitments = join(exportsDir, ...base, commitmentsLast);
  for (const dir of [costs, commitments]) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  return { costs, commitments };
}

type CsvRow = Record<string, string>;
const readCsv = (file: string) => parse(readFileSync(file), { columns: true, bom: true }) as CsvRow[];
const isNullText = (v: string | undefined) => v === undefined || v === '' || v === 'NULL';

/** Σ `column` per `day|currency` of FOCUS CSV rows, exact, straight from the file. */
function sourceTotals(rows: CsvRow[], column: string): Record<string, string> {
  const totals = new Map<string, Decimal>();
  for (const r of rows) {
    const key = `${r.ChargePeriodStart!.slice(0, 10)}|${r.BillingCurrency!.toUpperCase()}`;
    const v = r[column];
    totals.set(key, (totals.get(key) ?? new Decimal(0)).plus(isNullText(v) ? 0 : v!));
  }
  return Object.fromEntries([...totals].sort().map(([k, v]) => [k, v.toFixed()]));
}

const dayRange = (rows: CsvRow[]) => {
  const days = rows.map((r) => r.ChargePeriodStart!.slice(0, 10)).sort();
  return [days[0]!, days[days.length - 1]!] as const;
};

async function focusRows(org: Org) {
  const wh = await p.ctx.warehouse();
  return wh.query<Record<string, unknown>>(
    `SELECT * FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')} ORDER BY x_cloud_provider`,
  );
}

const findings = (rows: Record<string, unknown>[]) =>
  checkFocusRows(rows, { columns: FOCUS_COLUMNS, mustOnly: true });
const findingKinds = (rows: Record<string, unknown>[]) => {
  const kinds: Record<string, number> = {};
  for (const v of findings(rows)) kinds[`${v.rule}:${v.column}`] = (kinds[`${v.rule}:${v.column}`] ?? 0) + 1;
  return kinds;
};

const golden = (provider: Provider, version: string) =>
  readdirSync(SYNTHETIC)
    .filter((f) =>
      f.startsWith(`golden__compatibility_golden__${provider}_${version.replace('.', '_')}_cost_and_usage`),
    )
    .sort();

describe('FOCUS export normaliser', () => {
  it('registers a focus and a focus_commitment format per cloud, at the provider’s own export location', () => {
    expect(billingFormat('aws', 'focus')!.location({ export_bucket: 'b', export_prefix: 'focus/' })).toEqual([
      'b',
      'focus/',
    ]);
    expect(
      billingFormat('aws', 'focus_commitment')!.location({ export_bucket: 'b', export_prefix: 'x' }),
    ).toBe(null);
    expect(
      billingFormat('azure', 'focus_commitment')!.location({
        storage_account: 'a',
        container: 'c',
        path: 'p',
        commitment_path: 'cc/',
      }),
    ).toEqual(['a', 'c', 'cc/']);
    expect(() => billingFormat('gcp', 'focus')!.location({ billing_export_table: 'p.d.t' })).toThrow(
      /focus_export_table/,
    );
  });

  it('names resource types from ARNs, Azure resource ids and OCIDs', () => {
    expect(resourceTypeOf('arn:aws:ec2:us-east-1:123:instance/i-0abc')).toBe('instance');
    expect(resourceTypeOf('arn:aws:sqs:us-east-1:123:queue-name')).toBe('sqs');
    expect(resourceTypeOf('arn:aws:lambda:us-east-1:123:function:f')).toBe('function');
    expect(
      resourceTypeOf('/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm1'),
    ).toBe('Microsoft.Compute/virtualMachines');
    expect(resourceTypeOf('ocid1.instance.oc1.phx.abc')).toBe('instance');
    expect(resourceTypeOf('i-0abc')).toBe(null);
  });

  it('repairs only what FOCUS 1.3 determines and never a cost', () => {
    const credit: Record<string, unknown> = {
      ChargeCategory: 'Credit',
      BilledCost: '-3',
      EffectiveCost: '-3',
      ListCost: '-3',
      ContractedCost: '-3',
      ContractedUnitPrice: '-2.6137',
      PricingQuantity: '0',
      PricingUnit: 'Hours',
      SkuPriceId: null,
      ResourceId: 'i-0abc',
      ResourceType: null,
      ServiceName: 'Amazon Elastic Compute Cloud',
      ServiceCategory: 'Storage',
      RegionId: 'us-east-1',
      RegionName: null,
    };
    repairFocusRow(credit, 'aws');
    expect(credit).toMatchObject({
      BilledCost: '-3',
      EffectiveCost: '-3',
      ListCost: '-3',
      ContractedCost: '-3',
      ContractedUnitPrice: null,
      PricingQuantity: null,
      PricingUnit: null,
      x_SourceContractedUnitPrice: '-2.6137',
      x_SourcePricingQuantity: '0',
      ResourceType: 'Amazon Elastic Compute Cloud',
      ServiceCategory: 'Compute',
      x_SourceServiceCategory: 'Storage',
      RegionName: 'us-east-1',
    });
    const usage: Record<string, unknown> = {
      ChargeCategory: 'Usage',
      BilledCost: '0.012',
      SkuId: 'B92307',
      SkuPriceId: null,
      ListUnitPrice: '0.0015',
      ContractedUnitPrice: null,
      PricingQuantity: '8',
      ContractedCost: null,
      CommitmentDiscountId: null,
    };
    repairFocusRow(usage, 'oci');
    expect(usage).toMatchObject({
      SkuPriceId: 'B92307',
      PricingCategory: 'Standard',
      ContractedUnitPrice: '0.0015',
      ContractedCost: '0.012',
    });
  });

  it('fails a row whose value the warehouse cannot hold, naming the column', () => {
    const row = readCsv(join(SYNTHETIC, golden('aws', '1.3')[0]!))[0]!;
    expect(() => focusExportRawRow({ ...row, ListUnitPrice: 'abc' }, 'aws')).toThrow(
      /ListUnitPrice: not a decimal/,
    );
    expect(() => focusExportRawRow({ ...row, ServiceName: '' }, 'aws')).toThrow(/ServiceName: missing/);
  });
});

describe.skipIf(!samples)('{aws,azure,gcp}/cost/focus on FOCUS exports', () => {
  for (const provider of ['aws', 'azure', 'gcp'] as const) {
    for (const version of ['1.2', '1.3']) {
      it(`${provider} FOCUS ${version} golden exports (${golden(provider, version).length} files, with credits): totals exact, every row conformant`, async () => {
        const files = golden(provider, version);
        expect(files.length).toBe(3);
        const org = await p.onboard();
        const dirs = await integration(org, provider, version === '1.3');
        const source: CsvRow[] = [];
        for (const f of files) {
          copyFileSync(join(SYNTHETIC, f), join(dirs.costs, f));
          source.push(...readCsv(join(SYNTHETIC, f)));
        }
        const commitmentFile = join(
          SYNTHETIC,
          `golden__compatibility_golden__${provider}_1_3_contract_commitment_rows100_seed42.csv`,
        );
        const commitments = readCsv(commitmentFile);
        if (version === '1.3') copyFileSync(commitmentFile, join(dirs.commitments, 'commitments.csv'));
        const [from, to] = dayRange(source);
        // Commitments are loaded by the day their period starts: the run covers those days too.
        const starts = commitments.map((c) => c.ContractCommitmentPeriodStart!.slice(0, 10)).sort();
        const end = version === '1.3' && starts[starts.length - 1]! > to ? starts[starts.length - 1]! : to;
        const start = version === '1.3' && starts[0]! < from ? starts[0]! : from;
        await runPipelineToCompletion(p, org, `${provider}/cost/focus`, start, end);

        expect(await focusTotalsByDay(p, org)).toEqual(sourceTotals(source, 'BilledCost'));
        expect(await focusTotalsByDay(p, org, 'EffectiveCost')).toEqual(
          sourceTotals(source, 'EffectiveCost'),
        );
        expect(await focusTotalsByDay(p, org, 'ListCost')).toEqual(sourceTotals(source, 'ListCost'));
        const rows = await focusRows(org);
        expect(rows.length).toBe(source.length);
        expect(findings(rows)).toEqual([]);
        expect(new Set(rows.map((r) => r.x_cloud_provider))).toEqual(new Set([provider]));
        expect(rows.every((r) => r.x_cost_type === 'cloud')).toBe(true);

        const wh = await p.ctx.warehouse();
        const stored = await wh.query<Record<string, unknown>>(
          `SELECT * FROM ${wh.table(`${org.org_slug}_test`, contractCommitment13.name)} ORDER BY ContractCommitmentId`,
        );
        if (version === '1.3') {
          expect(stored.map((c) => c.ContractCommitmentId)).toEqual(
            commitments.map((c) => c.ContractCommitmentId).sort(),
          );
          const total = (xs: { ContractCommitmentCost?: unknown }[]) =>
            xs.reduce(
              (s, c) =>
                s.plus(isNullText(c.ContractCommitmentCost as string) ? 0 : String(c.ContractCommitmentCost)),
              new Decimal(0),
            );
          expect(total(stored).equals(total(commitments))).toBe(true);
        } else {
          expect(stored).toEqual([]);
        }

        // A re-run changes nothing.
        await runPipelineToCompletion(p, org, `${provider}/cost/focus`, start, end);
        expect(await focusTotalsByDay(p, org)).toEqual(sourceTotals(source, 'BilledCost'));
        expect((await focusRows(org)).length).toBe(source.length);
      });
    }
  }

  it('the hand-written multi-provider FOCUS 1.3 file: rows keep their cloud and currency; prices contradicting costs re-derived', async () => {
    const org = await p.onboard();
    const dirs = await integration(org, 'aws');
    copyFileSync(CLIENT_LIKE, join(dirs.costs, 'consolidated.csv'));
    const source = readCsv(CLIENT_LIKE);
    const [from, to] = dayRange(source);
    await runPipelineToCompletion(p, org, 'aws/cost/focus', from, to);
    expect(await focusTotalsByDay(p, org)).toEqual(sourceTotals(source, 'BilledCost'));
    expect(await focusTotalsByDay(p, org, 'EffectiveCost')).toEqual(sourceTotals(source, 'EffectiveCost'));
    const rows = await focusRows(org);
    expect(rows.map((r) => `${String(r.x_cloud_provider)}:${String(r.BillingCurrency)}`).sort()).toEqual([
      'aws:USD',
      'aws:USD',
      'aws:USD',
      'azure:EUR',
    ]);
    // The file states ListCost 120.00 / ContractedCost 100.00 for 1 hour at 0.12 / 0.10 on its three usage rows:
    // costs are authoritative, so the unit prices are re-derived from them (120 and 100 per hour) and the file's
    // kept in x_Source*.
    expect(findingKinds(rows)).toEqual({});
    expect(
      rows
        .filter((r) => r.ChargeCategory === 'Usage')
        .map((r) => new Decimal(String(r.ListUnitPrice)).toFixed()),
    ).toEqual(['120', '120', '120']);
    // Its tax row carried a pricing quantity FOCUS forbids there: moved aside, not lost.
    const tax = rows.find((r) => r.ChargeCategory === 'Tax')!;
    expect(tax.PricingQuantity).toBe(null);
  });

  it('the official FOCUS 1.0 sample (AWS, Microsoft, Oracle): totals exact per day and currency; every MUST rule holds at the export’s precision', async () => {
    const org = await p.onboard();
    const dirs = await integration(org, 'aws');
    copyFileSync(OFFICIAL, join(dirs.costs, 'focus_sample.csv'));
    const source = readCsv(OFFICIAL);
    expect(source.length).toBe(1000);
    const [from, to] = dayRange(source);
    await runPipelineToCompletion(p, org, 'aws/cost/focus', from, to);
    expect(await focusTotalsByDay(p, org)).toEqual(sourceTotals(source, 'BilledCost'));
    expect(await focusTotalsByDay(p, org, 'EffectiveCost')).toEqual(sourceTotals(source, 'EffectiveCost'));
    const rows = await focusRows(org);
    expect(rows.length).toBe(1000);
    const clouds: Record<string, number> = {};
    for (const r of rows) clouds[String(r.x_cloud_provider)] = (clouds[String(r.x_cloud_provider)] ?? 0) + 1;
    expect(clouds).toEqual({ aws: 942, azure: 51, oci: 7 });
    // FOCUS 1.0 has no CommitmentDiscountQuantity (added in 1.2, Conditional): the export does not support it,
    // so it is not checked. Every other MUST rule holds, cost = unit price x quantity at the sample's precision:
    // its quantities are rounded at 11 decimals and its costs at 10, so the written figures may differ by half a
    // unit of each (the checker's exact default would flag those 490 + 37 rows).
    const violations = checkFocusRows(rows, {
      columns: FOCUS_COLUMNS.filter((c) => c !== 'CommitmentDiscountQuantity'),
      mustOnly: true,
    });
    const beyondRounding: string[] = [];
    for (const v of violations) {
      expect(['ListCostRelation', 'ContractedCostRelation']).toContain(v.rule);
      const r = rows[v.row!]!;
      const price = v.rule === 'ListCostRelation' ? r.ListUnitPrice : r.ContractedUnitPrice;
      const diff = new Decimal(String(price))
        .times(String(r.PricingQuantity))
        .minus(String(r[v.column!]))
        .abs();
      // The sample writes quantities at 11 decimals and costs rounded at 10: the product of the written figures
      // may differ from the written cost by half a unit of each, the quantity's scaled by the price.
      const bound = new Decimal(String(price)).abs().times('5e-12').plus('5e-11');
      if (diff.gt(bound))
        beyondRounding.push(`${String(r.x_cloud_provider)}:${String(r.ServiceName)}:${v.column}`);
    }
    const counts: Record<string, number> = {};
    for (const k of beyondRounding) counts[k] = (counts[k] ?? 0) + 1;
    expect(counts).toEqual({});
    // 51 prices contradicted their costs by more than 1% (and 1e-9), beyond the export's rounding: the price is
    // re-derived from the cost (costs are authoritative) and the export's kept in x_SourceListUnitPrice /
    // x_SourceContractedUnitPrice.
    const wh = await p.ctx.warehouse();
    const raw = await wh.query<{ x_source_columns: unknown }>(
      `SELECT x_source_columns FROM ${wh.table(`${org.org_slug}_test`, 'cloud_focus_billing_raw_daily')}`,
    );
    const moved = { ListUnitPrice: 0, ContractedUnitPrice: 0 };
    for (const r of raw) {
      const extra = (
        typeof r.x_source_columns === 'string' ? JSON.parse(r.x_source_columns) : r.x_source_columns
      ) as Record<string, unknown> | null;
      if (extra?.x_SourceListUnitPrice !== undefined) moved.ListUnitPrice += 1;
      if (extra?.x_SourceContractedUnitPrice !== undefined) moved.ContractedUnitPrice += 1;
    }
    expect(moved).toEqual({ ListUnitPrice: 33, ContractedUnitPrice: 18 });
  });

  it('the FOCUS 1.3 spec’s appendix examples are illustrations, not exports: spreadsheet money ("$10,100.00 ") fails naming file and column', async () => {
    const example = join(
      DATA,
      'focus-spec-1.3-examples/saas_examples__simple_agreements__simple_saas_agreements_c.csv',
    );
    const org = await p.onboard();
    const dirs = await integration(org, 'aws');
    copyFileSync(example, join(dirs.costs, 'example.csv'));
    const run = await runPipeline(p, org, 'aws/cost/focus', '2025-04-01', '2025-06-30');
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/example\.csv.*BilledCost.*not a decimal: "\$10,100\.00 "/);
    expect(await focusTotalsByDay(p, org)).toEqual({});
  });

  it('a bad file (a value that is not a decimal, a truncated gzip, an empty file) fails the run naming it and keeps the slice', async () => {
    const org = await p.onboard();
    const dirs = await integration(org, 'azure');
    const file = golden('azure', '1.3')[0]!;
    copyFileSync(join(SYNTHETIC, file), join(dirs.costs, 'part-00001.csv'));
    const source = readCsv(join(SYNTHETIC, file));
    const [from, to] = dayRange(source);
    await runPipelineToCompletion(p, org, 'azure/cost/focus', from, to);
    const expected = sourceTotals(source, 'BilledCost');
    expect(await focusTotalsByDay(p, org)).toEqual(expected);

    const text = readFileSync(join(SYNTHETIC, file), 'utf8').split('\n');
    const header = text[0]!.split(',');
    const cells = text[1]!.split(',');
    cells[header.indexOf('BilledCost')] = 'twelve';
    const bad: [string, Buffer | string, RegExp][] = [
      ['part-00002.csv', `${text[0]}\n${cells.join(',')}\n`, /part-00002\.csv.*BilledCost.*not a decimal/],
      [
        'part-00003.csv.gz',
        gzipSync(readFileSync(join(SYNTHETIC, file))).subarray(0, 400),
        /part-00003\.csv\.gz/,
      ],
      ['part-00004.csv', '', /part-00004\.csv.*empty/],
    ];
    for (const [name, content, error] of bad) {
      writeFileSync(join(dirs.costs, name), content);
      const run = await runPipeline(p, org, 'azure/cost/focus', from, to);
      expect(run.status).toBe('FAILED');
      expect(run.error).toMatch(error);
      expect(await focusTotalsByDay(p, org)).toEqual(expected);
      rmSync(join(dirs.costs, name));
    }
  });
});

describe('a third-party FOCUS file through a cloud’s focus pipeline', () => {
  // A marketplace seller's own FOCUS 1.3 export: no ProviderName (deprecated in 1.3), ServiceProviderName the
  // seller, invoiced by AWS Marketplace, no BillingAccountType; two AI model rows name their model in
  // SkuPriceDetails. Hand-written after the shape of such exports (the original stays outside the project).
  const header = [
    'BilledCost',
    'BillingAccountId',
    'BillingAccountName',
    'BillingCurrency',
    'BillingPeriodEnd',
    'BillingPeriodStart',
    'ChargeCategory',
    'ChargeClass',
    'ChargeDescription',
    'ChargeFrequency',
    'ChargePeriodEnd',
    'ChargePeriodStart',
    'ContractedCost',
    'ContractedUnitPrice',
    'EffectiveCost',
    'HostProviderName',
    'InvoiceIssuerName',
    'ListCost',
    'ListUnitPrice',
    'PricingCategory',
    'PricingQuantity',
    'PricingUnit',
    'ServiceCategory',
    'ServiceName',
    'ServiceProviderName',
    'SkuId',
    'SkuPriceDetails',
    'SkuPriceId',
    'ConsumedQuantity',
    'ConsumedUnit',
  ];
  const row = (cost: string, qty: string, price: string, sku: string, details: string, service: string) => [
    cost,
    'ls-acct-42',
    'Acme at LatticeScale',
    'USD',
    '2026-10-01T00:00:00Z',
    '2026-09-01T00:00:00Z',
    'Usage',
    '',
    `LatticeScale ${sku}`,
    'Usage-Based',
    '2026-09-04T00:00:00Z',
    '2026-09-03T00:00:00Z',
    cost,
    price,
    cost,
    'LatticeScale',
    'AWS Marketplace',
    cost,
    price,
    'Standard',
    qty,
    '1M Tokens',
    service,
    service === 'Databases' ? 'LatticeScale Vector DB' : 'LatticeScale Inference',
    'LatticeScale',
    sku,
    details,
    `${sku}-p`,
    qty,
    '1M Tokens',
  ];
  const csvCell = (v: string) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const file = [
    header,
    row(
      '1.25',
      '0.5',
      '2.5',
      'lat70-in',
      '{"ModelId":"lattice-70b","TokenType":"input"}',
      'AI and Machine Learning',
    ),
    row(
      '3.6',
      '0.3',
      '12',
      'lat70-out',
      '{"ModelId":"lattice-70b","TokenType":"output"}',
      'AI and Machine Learning',
    ),
    row('10', '1', '10', 'vdb-std', '', 'Databases'),
  ]
    .map((cells) => cells.map(csvCell).join(','))
    .join('\n');

  it('keeps the seller as provider (not the pipeline’s cloud), invents no account type, tags its model rows GenAI', async () => {
    const org = await p.onboard();
    const dirs = await integration(org, 'aws');
    writeFileSync(join(dirs.costs, 'latticescale.csv'), `${file}\n`);
    await runPipelineToCompletion(p, org, 'aws/cost/focus', '2026-09-03', '2026-09-03');
    expect(await focusTotalsByDay(p, org)).toEqual({ '2026-09-03|USD': '14.85' });
    const rows = await focusRows(org);
    expect(rows.length).toBe(3);
    for (const r of rows) {
      expect(r).toMatchObject({
        ServiceProviderName: 'LatticeScale',
        InvoiceIssuerName: 'AWS Marketplace',
        BillingAccountType: null,
      });
      expect(r.x_cloud_provider).not.toBe('aws');
      expect(r.x_cost_type).toBe('subscription');
    }
    const genai = rows
      .filter((r) => r.x_genai_provider !== null)
      .map(
        (r) =>
          `${String(r.x_genai_provider)}:${String(r.x_genai_model)}:${new Decimal(String(r.BilledCost)).toFixed()}`,
      );
    expect(genai.sort()).toEqual(['latticescale:lattice-70b:1.25', 'latticescale:lattice-70b:3.6']);
    // The file states no BillingAccountType: kept null (FOCUS's IdNamePairs then flags it) rather than invented.
    expect(findingKinds(rows)).toEqual({ 'IdNamePairs:BillingAccountType': 3 });

    const q = new URLSearchParams({ start_date: '2026-09-03', end_date: '2026-09-03' });
    const res = await p.request(`/api/v1/costs/${org.org_slug}/by-provider?${q}`, {
      headers: apiKey(org.api_key),
    });
    expect(res.status).toBe(200);
    const byProvider = (await res.json()) as { items: Record<string, unknown>[] };
    expect(byProvider.items.map((i) => [i.provider, i.provider_name, i.cost_type, i.billed_cost])).toEqual([
      ['latticescale', 'LatticeScale', 'subscription', 14.85],
    ]);
    const genaiRes = await p.request(
      `/api/v1/genai/${org.org_slug}/costs/summary?start_date=2026-09-03&end_date=2026-09-03&group_by=model`,
      { headers: apiKey(org.api_key) },
    );
    expect(genaiRes.status).toBe(200);
    const summary = (await genaiRes.json()) as { items: { key: string | null; total_cost: number }[] };
    expect(summary.items.map((i) => [i.key, i.total_cost])).toEqual([['lattice-70b', 4.85]]);
  });
});
