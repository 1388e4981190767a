/**
 * gcp/cost/billing end to end on local export files: every GCP billing export sample of koku's test data (CSV
 * with flattened names, Python-literal credits) and a generated JSON-lines export (nested BigQuery rows, credits
 * arrays, a gzipped part) run through the pipeline; FOCUS BilledCost per day and currency equals the source's
 * cost + credits exactly (ContractedCost its cost, ListCost its list cost); a bad file fails the run, names the
 * file and leaves the previous slice as it was. Every row passes every FOCUS 1.3 MUST rule, Usage rows priced
 * per pricing unit within GCP's rounding of cost (GCP_COST_TOLERANCE).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { type Org, usePlatform } from '../../shared/testing/platform.js';
import { sample } from '../../shared/testing/samples.js';
import { creditsOf, gcpRawRow } from '../../shared/cloud/gcp-export.js';
import { parseLiteral } from '../../shared/json/literal.js';
import { GCP_COST_TOLERANCE, gcpPrices, gcpUnit } from '../../shared/cloud/gcp-prices.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { checkFocusRows, focusUnitProblem } from '../../shared/focus/conformance.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { testServiceAccount } from '../../shared/testing/provider-credentials.js';
import { focusTotalsByDay, runPipeline, runPipelineToCompletion, setupCloudIntegration } from './helpers.js';

const KOKU = sample('koku-cost-management-tests');
/** koku's GCP exports: the CSVs whose header is the flattened BigQuery billing export schema. */
const kokuGcpFiles = existsSync(KOKU)
  ? readdirSync(KOKU)
      .filter((f) => f.endsWith('.csv'))
      .filter((f) => {
        const header = (readFileSync(join(KOKU, f), 'utf8').split(/\r?\n/)[0] ?? '').split(',');
        return ['billing_account_id', 'service.description', 'usage_start_time', 'cost', 'credits'].every(
          (c) => header.includes(c),
        );
      })
      .sort()
  : [];

let p: TestPlatform;
let fake: FakeProviders;
let exportsDir: string;
usePlatform((f) => ({ p, fake, exportsDir } = f));

/** The export table of a billing account id (`gcp_billing_export_v1_<ACCOUNT>` in project.dataset). */
const exportTable = (account: string) =>
  `cloudact-test-1.billing.gcp_billing_export_v1_${account.replaceAll('-', '_')}`;

/** Sets up the org's GCP integration (as integrations.int.test.ts does); its export directory. */
async function gcpIntegration(org: Org, table: string) {
  const sa = testServiceAccount();
  return setupCloudIntegration(p, fake, org, 'gcp', {
    valid: ['google', [{ ...sa.fake, access: [table] }]],
    credential: sa.credential,
    config: { billing_export_table: table },
    exportsDir,
    dir: ['gcp', table],
  });
}

/** One source row as the test reads it itself: UTC day, currency and its money, exact. */
interface SourceRow {
  day: string;
  currency: string;
  cost: string;
  credits: string[];
  list?: string | null;
}

/** Σ per `day|currency` of the source: billed = cost + credits, contracted = cost, list = cost_at_list ?? cost. */
function sourceTotals(rows: SourceRow[], measure: 'billed' | 'contracted' | 'list') {
  const totals = new Map<string, Decimal>();
  for (const r of rows) {
    const key = `${r.day}|${r.currency}`;
    const v =
      measure === 'contracted'
        ? new Decimal(r.cost)
        : measure === 'list'
          ? new Decimal(r.list ?? r.cost)
          : r.credits.reduce((s, c) => s.plus(c), new Decimal(r.cost));
    totals.set(key, (totals.get(key) ?? new Decimal(0)).plus(v));
  }
  return Object.fromEntries([...totals].sort().map(([k, v]) => [k, v.toFixed()]));
}

/** koku's CSV rows read with csv-parse; credit amounts taken from the Python literal text by a regex. */
function kokuSource(file: string): SourceRow[] {
  const rows = parse(readFileSync(file), { columns: true }) as Record<string, string>[];
  return rows.map((r) => ({
    day: r.usage_start_time!.slice(0, 10),
    currency: r.currency!,
    cost: r.cost!,
    credits: [...r.credits!.matchAll(/'amount': (-?[0-9.eE+-]+)/g)].map((m) => m[1]!),
  }));
}

const focusTotals = (org: Org, column: 'BilledCost' | 'EffectiveCost' | 'ContractedCost' | 'ListCost') =>
  focusTotalsByDay(p, org, column);
const runOnce = (org: Org, start: string, end: string) => runPipeline(p, org, 'gcp/cost/billing', start, end);

async function focusRows(org: Org) {
  const wh = await p.ctx.warehouse();
  return wh.query<Record<string, unknown>>(
    `SELECT * FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')} ORDER BY ChargePeriodStart, ChargeDescription`,
  );
}

const FOCUS_COLUMNS = costDataStandard13.columns.map((c) => c.name);

/**
 * Every row passes every FOCUS 1.3 MUST rule; the cost = unit price x quantity relations within GCP's rounding of
 * cost (GCP_COST_TOLERANCE) and, for the derived prices, not exactly; units follow UnitFormat (a SHOULD).
 */
function expectConformant(rows: Record<string, unknown>[]) {
  const found = checkFocusRows(rows, { columns: FOCUS_COLUMNS, costTolerance: GCP_COST_TOLERANCE });
  expect(found.filter((v) => v.level === 'MUST')).toEqual([]);
  expect(found.filter((v) => v.rule === 'UnitFormat')).toEqual([]);
  for (const r of rows.filter((row) => row.ChargeCategory === 'Usage')) {
    expect(r).toMatchObject({ PricingCategory: 'Standard', SkuPriceId: expect.any(String) as string });
    expect(String(r.SkuPriceId).startsWith(`${String(r.SkuId)}/`)).toBe(true);
    expect(r.PricingCurrencyListUnitPrice).toEqual(r.ListUnitPrice);
    expect(r.PricingCurrencyContractedUnitPrice).toEqual(r.ContractedUnitPrice);
  }
  for (const r of rows.filter((row) => row.ChargeCategory !== 'Usage')) {
    expect(r).toMatchObject({ SkuPriceId: null, ListUnitPrice: null, PricingQuantity: null });
  }
}

async function expectReconciled(org: Org, source: SourceRow[]) {
  const billed = sourceTotals(source, 'billed');
  expect(await focusTotals(org, 'BilledCost')).toEqual(billed);
  // Credits are discounts on the row, no upfront fee is amortized: EffectiveCost = BilledCost.
  expect(await focusTotals(org, 'EffectiveCost')).toEqual(billed);
  expect(await focusTotals(org, 'ContractedCost')).toEqual(sourceTotals(source, 'contracted'));
  expect(await focusTotals(org, 'ListCost')).toEqual(sourceTotals(source, 'list'));
}

describe('GCP export rows', () => {
  it('reads credits and labels as Python literals (koku CSVs) or JSON, numbers exactly', () => {
    expect(
      parseLiteral(
        `[{'name': 'It\\'s "free"', 'amount': -5e-06, 'full_name': None, 'ok': True}, ("a", 1.50)]`,
      ),
    ).toMatchObject([{ name: `It's "free"`, full_name: null, ok: true }, ['a', { text: '1.50' }]]);
    const row = {
      usage_start_time: '2020-11-09T23:00:00Z',
      credits: `[{'name': 'FreeTrial', 'amount': -5e-06, 'full_name': None, 'id': 'FreeTrial', 'type': 'PROMOTION'}, {"name": "SUD", "amount": -0.10000000000000000001, "type": "SUSTAINED_USAGE_DISCOUNT"}]`,
    };
    expect(creditsOf(row)).toEqual([
      { name: 'FreeTrial', amount: '-0.000005', id: 'FreeTrial', type: 'PROMOTION' },
      { name: 'SUD', amount: '-0.10000000000000000001', type: 'SUSTAINED_USAGE_DISCOUNT' },
    ]);
    expect(() => creditsOf({ ...row, credits: "[{'name': 'x'}]" })).toThrow(/no decimal amount/);
    expect(() => creditsOf({ ...row, credits: "[{'amount': -1" })).toThrow(/credits of the row starting/);

    const raw = gcpRawRow({
      billing_account_id: '01A2B3-C4D5E6-F7A8B9',
      usage_start_time: '2024-12-31T23:00:00Z',
      cost: '1.5',
      currency: 'eur',
      cost_type: 'rounding error',
      'invoice.month': '202412',
      'location.location': 'global',
      labels: '[{"key": "env", "value": "prod"}]',
      'project.labels': "[{'key': 'env', 'value': 'dev'}, {'key': 'team', 'value': 'data'}]",
      system_labels: '[]',
      tags: '[{"key": "cc", "value": "12", "inherited": true, "namespace": "123"}]',
      credits: '[]',
    });
    expect(raw).toMatchObject({
      usage_date: '2024-12-31',
      cost: '1.5',
      list_cost: '1.5',
      credits_total: '0',
      credits: null,
      currency: 'EUR',
      cost_type: 'rounding_error',
      region: null,
      invoice_id: '202412',
      billing_period_start: '2024-12-01',
      billing_period_end: '2025-01-01',
      labels: { env: 'prod', team: 'data', '123/cc': '12' },
      system_labels: null,
      // Without a SKU and quantity a row is unpriced.
      sku_price_id: null,
      list_unit_price: null,
      contracted_unit_price: null,
    });
  });

  it('prices usage rows per pricing unit: exported prices when they match the cost, else cost / quantity', () => {
    const row = {
      cost: '0.4',
      cost_at_list: '0.5',
      cost_type: 'regular',
      'sku.id': 'A1B2-C3D4-E5F6',
      'usage.amount_in_pricing_units': '1000000',
      'usage.pricing_unit': 'requests',
      'price.effective_price': '0.4',
      'price.list_price': '0.5',
      'price.pricing_unit_quantity': '1000000',
      'price.tier_start_amount': '0',
    };
    // $0.40 per 1,000,000 requests: 0.0000004 a request, exactly.
    expect(gcpPrices(row, true)).toEqual({
      sku_price_id: 'A1B2-C3D4-E5F6/Requests/0',
      list_unit_price: '0.0000005',
      contracted_unit_price: '0.0000004',
    });
    // GCP rounds cost to 1e-6: an exported price within half of that is kept ...
    expect(gcpPrices({ ...row, cost: '0.4000004' }, true)).toMatchObject({
      contracted_unit_price: '0.0000004',
    });
    // ... one further off gives way to cost / quantity (at 18 decimals), so the relation still holds.
    expect(gcpPrices({ ...row, cost_at_list: '0.51' }, true)).toMatchObject({
      list_unit_price: '0.00000051',
      contracted_unit_price: '0.0000004',
    });
    // A price per 3 units does not divide exactly: rounded half up to 18 decimals.
    expect(gcpPrices({ ...row, 'price.pricing_unit_quantity': '3' }, true)).toMatchObject({
      contracted_unit_price: '0.0000004',
    });
    expect(
      gcpPrices({ ...row, 'usage.amount_in_pricing_units': '3', 'price.pricing_unit_quantity': '3' }, true),
    ).toMatchObject({
      contracted_unit_price: '0.133333333333333333',
      list_unit_price: '0.166666666666666667',
    });

    // The standard export has no price fields: cost / quantity (koku: 2e-06 for 1.1955e-05 GiB of egress).
    const standard = {
      cost: '0.000002',
      'sku.id': '9DE9-9092-B3BC',
      'usage.amount_in_pricing_units': '0.000011955',
      'usage.pricing_unit': 'gibibyte',
    };
    expect(gcpPrices(standard, true)).toEqual({
      sku_price_id: '9DE9-9092-B3BC/GiB',
      list_unit_price: '0.167294019238812212',
      contracted_unit_price: '0.167294019238812212',
    });
    // Not exact: 0.167294019238812212 x 0.000011955 is 5.54e-24 below the cost, far inside GCP's rounding.
    const Wide = Decimal.clone({ precision: 100 });
    expect(new Wide('0.167294019238812212').times('0.000011955').minus('0.000002').toString()).toBe(
      '-5.54e-24',
    );
    // A zero cost is a zero price, whatever the quantity.
    expect(gcpPrices({ ...standard, cost: '0' }, true)).toMatchObject({
      list_unit_price: '0',
      contracted_unit_price: '0',
    });
    // A quantity of 20 decimals is taken as the warehouse stores it (18).
    expect(
      gcpPrices(
        { ...standard, cost: '5e-06', 'usage.amount_in_pricing_units': '2.3198314011096954e-05' },
        true,
      ),
    ).toMatchObject({ contracted_unit_price: '0.215532904572644002' });

    // Unpriced: not a usage row, no SKU, no quantity, a negative cost, a cost on no quantity.
    const unpriced = { sku_price_id: null, list_unit_price: null, contracted_unit_price: null };
    expect(gcpPrices(row, false)).toEqual(unpriced);
    expect(gcpPrices({ ...standard, 'sku.id': '' }, true)).toEqual(unpriced);
    expect(gcpPrices({ ...standard, 'usage.amount_in_pricing_units': null }, true)).toEqual(unpriced);
    expect(gcpPrices({ ...standard, cost: '-0.000002' }, true)).toEqual(unpriced);
    expect(gcpPrices({ ...standard, 'usage.amount_in_pricing_units': '0' }, true)).toEqual(unpriced);

    expect(
      gcpRawRow({
        ...row,
        billing_account_id: 'X',
        usage_start_time: '2024-05-01T00:00:00Z',
        'usage.amount': '1000000',
        'usage.unit': 'requests',
      }),
    ).toMatchObject({
      cost: '0.4',
      list_cost: '0.5',
      usage_unit: 'Requests',
      pricing_unit: 'Requests',
      sku_price_id: 'A1B2-C3D4-E5F6/Requests/0',
      contracted_unit_price: '0.0000004',
    });
  });

  it('names GCP units in FOCUS UnitFormat', () => {
    const units = {
      bytes: 'B',
      'byte-seconds': 'B-Seconds',
      gibibyte: 'GiB',
      'gibibyte month': 'GiB-Months',
      'gibibyte hour': 'GiB-Hours',
      tebibyte: 'TiB',
      mebibyte: 'MiB',
      gigabyte: 'GB',
      seconds: 'Seconds',
      hour: 'Hours',
      month: 'Months',
      count: 'Counts',
      requests: 'Requests',
      '1000 requests': '1000 Requests',
      'gibibyte/second': 'GiB/Second',
      GB: 'GB',
      'GiB month': 'GiB-Months',
      'api calls': 'Api Calls',
    };
    for (const [gcp, focus] of Object.entries(units)) {
      expect(gcpUnit(gcp), gcp).toBe(focus);
      expect(focusUnitProblem(focus), focus).toBeUndefined();
    }
    expect(gcpUnit(null)).toBeNull();
    expect(gcpUnit(' ')).toBeNull();
  });
});

describe.skipIf(kokuGcpFiles.length === 0)('gcp/cost/billing on koku GCP exports', () => {
  it('finds the two GCP billing export samples', () => {
    expect(kokuGcpFiles).toEqual([
      '202011_30c31bca571d9b7f3b2c8459dd8bc34a_2020-11-08_2020-11-11.csv',
      '2022-08-01_5.csv',
    ]);
  });

  it.each(kokuGcpFiles)(
    '%s: FOCUS BilledCost per day and currency equals cost + credits exactly',
    async (name) => {
      const file = join(KOKU, name);
      const source = kokuSource(file);
      const account = (parse(readFileSync(file), { columns: true }) as Record<string, string>[])[0]!
        .billing_account_id!;
      const days = source.map((r) => r.day).sort();
      const [start, end] = [days[0]!, days.at(-1)!];
      const org = await p.onboard();
      const dir = await gcpIntegration(org, exportTable(account));
      writeFileSync(join(dir, name), readFileSync(file));
      await runPipelineToCompletion(p, org, 'gcp/cost/billing', start, end);
      await expectReconciled(org, source);

      const rows = await focusRows(org);
      expect(rows.length).toBe(source.length);
      expectConformant(rows);
      // The prices are derived from GCP's rounded cost: exactly, the relations fail where the cost is not 0.
      const exact = checkFocusRows(rows, { columns: FOCUS_COLUMNS, mustOnly: true });
      expect([...new Set(exact.map((v) => v.rule))].sort()).toEqual([
        'ContractedCostRelation',
        'ListCostRelation',
      ]);
      for (const v of exact) expect(new Decimal(String(rows[v.row!]!.ContractedCost)).isZero()).toBe(false);
      expect(new Set(rows.map((r) => r.ProviderName))).toEqual(new Set(['Google Cloud']));
      expect(rows.every((r) => r.ChargeCategory === 'Usage' && r.SubAccountType === 'Project')).toBe(true);

      // Re-running leaves the totals unchanged.
      await runPipelineToCompletion(p, org, 'gcp/cost/billing', start, end);
      await expectReconciled(org, source);
      expect((await focusRows(org)).length).toBe(source.length);

      // A part with a bad cost next to it fails the run naming the file; the previous slice stays.
      const [header, first] = readFileSync(file, 'utf8').split('\n');
      const cells = parse(`${header}\n${first}`, { columns: true }) as Record<string, string>[];
      const bad = header!.split(',').map((c) => {
        const v = c === 'cost' ? 'twelve' : cells[0]![c]!;
        return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
      });
      writeFileSync(join(dir, 'zz-part-00002.csv'), `${header}\n${bad.join(',')}\n`);
      const detail = await runOnce(org, start, end);
      expect(detail.status).toBe('FAILED');
      expect(detail.error).toMatch(/zz-part-00002\.csv/);
      expect(detail.error).toMatch(/column cost: not a decimal/);
      await expectReconciled(org, source);
    },
  );
});

// ---------------------------------------------------------------------------------------------------------
// A generated detailed (resource-level) export as BigQuery JSON lines.

const ACCOUNT = '01A2B3-C4D5E6-F7A8B9';
/** A JSON number written exactly as given (never through a double). */
const n = (text: string) => `#num:${text}`;
const jsonLine = (row: Record<string, unknown>) => JSON.stringify(row).replace(/"#num:([^"]+)"/g, '$1');

const project = {
  id: 'shop-prod-4711',
  number: '123456789012',
  name: 'Shop prod',
  labels: [
    { key: 'team', value: 'web' },
    { key: 'env', value: 'staging' },
  ],
  ancestry_numbers: '/987654321/123456789012/',
};
const usCentral = { location: 'us-central1', country: 'US', region: 'us-central1', zone: 'us-central1-a' };

function exportRow(
  over: Record<string, unknown> & {
    start: string;
    end: string;
    cost: string;
    list?: string;
    credits?: [string, string][];
  },
) {
  const { start, end, cost, list, credits = [], ...rest } = over;
  return {
    billing_account_id: ACCOUNT,
    service: { id: '6F81-5844-456A', description: 'Compute Engine' },
    sku: { id: '2E27-4F75-95CD', description: 'N1 Predefined Instance Core running in Americas' },
    usage_start_time: `${start} UTC`,
    usage_end_time: `${end} UTC`,
    project,
    labels: [],
    system_labels: [],
    location: usCentral,
    export_time: '2024-05-03 04:12:51.123 UTC',
    cost: n(cost),
    cost_at_list: list === undefined ? null : n(list),
    currency: 'EUR',
    currency_conversion_rate: n('0.9213'),
    usage: { amount: n('3600'), unit: 'seconds', amount_in_pricing_units: n('1'), pricing_unit: 'hour' },
    credits: credits.map(([type, amount]) => ({
      name: type === 'PROMOTION' ? 'Free trial credit' : 'Sustained usage discount',
      amount: n(amount),
      full_name: null,
      id: type === 'PROMOTION' ? 'FreeTrial:Credit-01A2B3-C4D5E6-F7A8B9' : '',
      type,
    })),
    invoice: { month: '202405' },
    cost_type: 'regular',
    ...rest,
  };
}

const FIXTURE = [
  exportRow({
    start: '2024-05-01 10:00:00',
    end: '2024-05-01 11:00:00',
    cost: '0.1',
    list: '0.125',
    credits: [
      ['SUSTAINED_USAGE_DISCOUNT', '-0.012345678901'],
      ['PROMOTION', '-0.003'],
    ],
    labels: [{ key: 'env', value: 'prod' }],
    system_labels: [{ key: 'compute.googleapis.com/machine_spec', value: 'n1-standard-4' }],
    tags: [{ key: 'cost-center', value: 'cc-12', inherited: true, namespace: '123456789012' }],
    resource: {
      name: 'web-1',
      global_name: '//compute.googleapis.com/projects/shop-prod-4711/zones/us-central1-a/instances/5551212',
    },
    price: {
      effective_price: n('0.1'),
      list_price: n('0.125'),
      tier_start_amount: n('0'),
      unit: 'hour',
      pricing_unit_quantity: n('1'),
    },
  }),
  exportRow({
    start: '2024-05-01 11:00:00',
    end: '2024-05-01 12:00:00',
    cost: '0.2',
    list: '0.25',
  }),
  exportRow({
    start: '2024-05-01 12:00:00',
    end: '2024-05-01 13:00:00',
    cost: '0.000375',
    service: { id: 'C7E2-9256-1C43', description: 'Vertex AI' },
    sku: { id: 'FDBC-24FE-4C93', description: 'Gemini 1.5 Flash Input Text' },
    usage: { amount: n('5000'), unit: 'count', amount_in_pricing_units: n('5'), pricing_unit: 'count' },
  }),
  exportRow({
    start: '2024-05-01 12:00:00',
    end: '2024-05-01 13:00:00',
    cost: '0.53',
    service: { id: 'C7E2-9256-1C43', description: 'Vertex AI' },
    sku: {
      id: '9AB1-7AC3-0F6D',
      description: 'Vertex AI: Online/Batch Prediction N1 Predictions Core hours',
    },
  }),
  exportRow({
    start: '2024-05-01 13:00:00',
    end: '2024-05-01 14:00:00',
    cost: '0.0021',
    service: { id: 'AEFD-7695-64FA', description: 'Gemini API' },
    sku: {
      id: 'A121-E2B3-4A1D',
      description: 'Generate content input token count gemini 2.0 flash short input text',
    },
    location: { location: 'global' },
  }),
  exportRow({
    start: '2024-05-01 00:00:00',
    end: '2024-05-02 00:00:00',
    cost: '0.05',
    service: { id: '95FF-2EF5-5EA1', description: 'Cloud Storage' },
    sku: { id: 'E5F0-6A5D-7BAD', description: 'Standard Storage US Multi-region' },
    location: { location: 'us', country: 'US' },
    credits: [['FREE_TIER', '-0.05']],
  }),
  exportRow({
    start: '2024-05-01 07:00:00',
    end: '2024-06-01 07:00:00',
    cost: '0.07',
    cost_type: 'tax',
    service: { id: '', description: 'Invoice' },
    sku: { id: '', description: 'Tax' },
    project: null,
    location: null,
    usage: { amount: n('0'), unit: null, amount_in_pricing_units: n('0'), pricing_unit: null },
  }),
  exportRow({
    start: '2024-04-20 10:00:00',
    end: '2024-04-20 11:00:00',
    cost: '-0.04',
    cost_type: 'adjustment',
    adjustment_info: {
      id: '0A1B2C3D',
      description: 'Correction of April usage',
      mode: 'PARTIAL_CORRECTION',
      type: 'USAGE_CORRECTION',
    },
  }),
  exportRow({
    start: '2024-05-01 07:00:00',
    end: '2024-06-01 07:00:00',
    cost: '0.000001',
    cost_type: 'rounding_error',
    service: { id: '', description: 'Invoice' },
    sku: { id: '', description: 'Rounding error' },
    project: null,
    location: null,
  }),
];
/** The second part, gzipped: another day. */
const FIXTURE_GZ = [
  exportRow({
    start: '2024-05-02 09:00:00',
    end: '2024-05-02 10:00:00',
    cost: '6.25',
    service: { id: '24E6-581D-38E5', description: 'BigQuery' },
    sku: { id: '1DF5-1F98-1DD1', description: 'Analysis' },
    location: { location: 'US', country: 'US' },
    credits: [['PROMOTION', '-1.25']],
  }),
];

const fixtureSource = (rows: ReturnType<typeof exportRow>[]): SourceRow[] =>
  rows.map((r) => ({
    day: r.usage_start_time.slice(0, 10),
    currency: r.currency,
    cost: (r.cost as string).replace('#num:', ''),
    credits: r.credits.map((c) => (c.amount as string).replace('#num:', '')),
    list: r.cost_at_list?.replace('#num:', '') ?? null,
  }));

describe('gcp/cost/billing on a JSON-lines detailed export', () => {
  it('nested rows and credits arrays reconcile exactly; categories, tags and GenAI columns', async () => {
    const org = await p.onboard();
    const dir = await gcpIntegration(org, exportTable(ACCOUNT).replace('_v1_', '_resource_v1_'));
    writeFileSync(join(dir, 'export-000000000000.json'), FIXTURE.map(jsonLine).join('\n') + '\n');
    writeFileSync(
      join(dir, 'export-000000000001.json.gz'),
      gzipSync(FIXTURE_GZ.map(jsonLine).join('\n') + '\n'),
    );
    await runPipelineToCompletion(p, org, 'gcp/cost/billing', '2024-04-20', '2024-05-02');
    const source = fixtureSource([...FIXTURE, ...FIXTURE_GZ]);
    await expectReconciled(org, source);
    // 0.1 + 0.2 + … stays exact (a double sum would end in …0000000004).
    expect((await focusTotals(org, 'ContractedCost'))['2024-05-01|EUR']).toBe('0.952476');

    const rows = await focusRows(org);
    expect(rows.length).toBe(source.length);
    expectConformant(rows);
    // Here every price divides its cost: no tolerance needed.
    expect(checkFocusRows(rows, { columns: FOCUS_COLUMNS, mustOnly: true })).toEqual([]);

    const by = (description: string) => rows.find((r) => r.ChargeDescription === description)!;
    const first = rows.find((r) => r.ResourceName === 'web-1')!;
    expect(first).toMatchObject({
      ChargeCategory: 'Usage',
      ChargeFrequency: 'Usage-Based',
      ServiceName: 'Compute Engine',
      ServiceCategory: 'Compute',
      ServiceSubcategory: 'Other (Compute)',
      SubAccountId: 'shop-prod-4711',
      SubAccountName: 'Shop prod',
      RegionId: 'us-central1',
      RegionName: 'Iowa',
      AvailabilityZone: 'us-central1-a',
      ResourceName: 'web-1',
      SkuId: '2E27-4F75-95CD',
      SkuPriceId: '2E27-4F75-95CD/Hours/0',
      PricingCategory: 'Standard',
      PricingUnit: 'Hours',
      ConsumedUnit: 'Seconds',
      x_genai_provider: null,
      x_genai_model: null,
      x_cloud_provider: 'gcp',
      x_cloud_account_id: ACCOUNT,
    });
    expect(new Decimal(first.BilledCost as string).toFixed()).toBe('0.084654321099');
    expect(new Decimal(first.ListCost as string).toFixed()).toBe('0.125');
    // The detailed export's own prices: 0.1 (effective) and 0.125 (list) per hour, 1 hour = 3600 seconds.
    const exact = (c: string) => new Decimal(String(first[c])).toFixed();
    expect(
      ['ContractedUnitPrice', 'ListUnitPrice', 'PricingQuantity', 'ConsumedQuantity'].map(exact),
    ).toEqual(['0.1', '0.125', '1', '3600']);
    // Without price fields the price is cost / quantity: 0.000375 for 5 counts.
    const gemini = by('Gemini 1.5 Flash Input Text');
    expect(new Decimal(String(gemini.ContractedUnitPrice)).toFixed()).toBe('0.000075');
    expect(gemini).toMatchObject({ PricingUnit: 'Counts', SkuPriceId: 'FDBC-24FE-4C93/Counts' });
    expect(first.ChargePeriodStart).toMatch(/^2024-05-01T10:00:00/);
    expect(first.ChargePeriodEnd).toMatch(/^2024-05-01T11:00:00/);
    expect(first.BillingPeriodStart).toMatch(/^2024-05-01T00:00:00/);
    expect(first.BillingPeriodEnd).toMatch(/^2024-06-01T00:00:00/);
    const tags = typeof first.Tags === 'string' ? (JSON.parse(first.Tags) as unknown) : first.Tags;
    expect(tags).toEqual({
      'compute.googleapis.com/machine_spec': 'n1-standard-4',
      team: 'web',
      env: 'prod',
      '123456789012/cost-center': 'cc-12',
    });

    expect(by('Gemini 1.5 Flash Input Text')).toMatchObject({
      ServiceCategory: 'AI and Machine Learning',
      ServiceSubcategory: 'Other (AI and Machine Learning)',
      x_genai_provider: 'vertex',
      x_genai_model: 'gemini-1.5-flash',
    });
    expect(by('Vertex AI: Online/Batch Prediction N1 Predictions Core hours')).toMatchObject({
      x_genai_provider: 'vertex',
      x_genai_model: null,
    });
    expect(by('Generate content input token count gemini 2.0 flash short input text')).toMatchObject({
      ServiceCategory: 'AI and Machine Learning',
      x_genai_provider: 'gemini',
      x_genai_model: 'gemini-2.0-flash',
      RegionId: null,
      RegionName: null,
    });
    expect(by('Standard Storage US Multi-region')).toMatchObject({
      ServiceCategory: 'Storage',
      RegionId: 'us',
      RegionName: 'United States (multi-region)',
    });
    expect(new Decimal(by('Standard Storage US Multi-region').BilledCost as string).isZero()).toBe(true);
    expect(by('Analysis')).toMatchObject({ ServiceCategory: 'Analytics', BillingCurrency: 'EUR' });
    expect(by('Tax')).toMatchObject({
      ChargeCategory: 'Tax',
      ChargeFrequency: 'One-Time',
      SkuId: null,
      SubAccountId: null,
      ServiceName: 'Invoice',
      ServiceCategory: 'Other',
    });
    expect(by('Rounding error')).toMatchObject({ ChargeCategory: 'Adjustment', ChargeClass: null });
    const correction = rows.find((r) => r.ChargeCategory === 'Adjustment' && r.ChargeClass === 'Correction')!;
    expect(correction).toMatchObject({
      ChargeDescription: 'N1 Predefined Instance Core running in Americas',
    });
    expect(correction.ChargePeriodStart).toMatch(/^2024-04-20T10:00:00/);

    // The raw row keeps the export row (price, adjustment, export time) for re-conversion.
    const wh = await p.ctx.warehouse();
    const [raw] = await wh.query<{ raw: unknown; credits: unknown; project_number: string }>(
      `SELECT raw, credits, project_number FROM ${wh.table(`${org.org_slug}_test`, 'cloud_gcp_billing_raw_daily')}
       WHERE resource_name = 'web-1'`,
    );
    const rawRow = (typeof raw!.raw === 'string' ? JSON.parse(raw!.raw) : raw!.raw) as Record<
      string,
      unknown
    >;
    expect(rawRow['price.effective_price']).toBe('0.1');
    expect(String(rawRow.export_time)).toContain('2024-05-03');
    expect(raw!.project_number).toBe('123456789012');
    const credits = typeof raw!.credits === 'string' ? (JSON.parse(raw!.credits) as unknown) : raw!.credits;
    expect(credits).toMatchObject([
      { type: 'SUSTAINED_USAGE_DISCOUNT', amount: '-0.012345678901' },
      { type: 'PROMOTION', amount: '-0.003' },
    ]);
  });
});
