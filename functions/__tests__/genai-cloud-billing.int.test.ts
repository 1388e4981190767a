/**
 * GenAI inside cloud bills: Amazon Bedrock rows of a CUR and Azure OpenAI rows of an Azure cost export become FOCUS
 * rows tagged with x_genai_provider and a normalised x_genai_model, and the GenAI views show them. An org that also
 * imports the same provider's usage through its GenAI pipeline has its money counted once: the cloud bill on the
 * days it covers, the import on the others (shared/focus/counted-once.ts). The export files are built here from
 * the public samples' own headers (and a real Azure row as the template), with Bedrock / Azure OpenAI lines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { type Org, usePlatform } from '../../shared/testing/platform.js';
import { SAMPLES_DIR } from '../../shared/testing/samples.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { checkFocusRows } from '../../shared/focus/conformance.js';
import {
  chargeDayInRangeSql,
  countedOnce,
  countedOnceSql,
  type CountedOnceRow,
} from '../../shared/focus/counted-once.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { testAwsKeys, testAzureApp } from '../../shared/testing/provider-credentials.js';
import { apiKey, runPipelineToCompletion, setupCloudIntegration, setupIntegration } from './helpers.js';

const DATA = SAMPLES_DIR;
const CUR2 = join(DATA, 'aws-cur2-sample/sample-cur20.csv');
const EA_ACTUAL = join(DATA, 'azure-finops-toolkit/EA_ActualCost_Small.csv');

let p: TestPlatform;
let fake: FakeProviders;
let exportsDir: string;
usePlatform((f) => ({ p, fake, exportsDir } = f));

type Row = Record<string, string>;
const exact = (v: unknown) => new Decimal(String(v)).toFixed();
const byText = (a: unknown[], b: unknown[]) => JSON.stringify(a).localeCompare(JSON.stringify(b));
const sum = (...xs: (string | Decimal)[]) => xs.reduce<Decimal>((a, b) => a.plus(b), new Decimal(0));

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** A CSV file with the header `columns` and one line per row (cells by column name, missing ones empty). */
const csv = (columns: string[], rows: Row[]) =>
  [columns, ...rows.map((r) => columns.map((c) => r[c] ?? ''))]
    .map((l) => l.map(csvCell).join(','))
    .join('\n') + '\n';

// ----------------------------------------------------------------------------------------------- AWS CUR 2.0

const CUR_HEADER = readFileSync(CUR2, 'utf8').split('\n')[0]!.trim().split(',');
/** The sample's own EC2 line, as exported. */
const CUR_EC2 = (parse(readFileSync(CUR2), { columns: true }) as Row[])[0]!;

/** A CUR 2.0 line on `day` (hour 10) with the sample's columns. */
const curLine = (day: string, over: Row): Row => ({
  ...CUR_EC2,
  line_item_usage_start_date: `${day}T10:00:00Z`,
  line_item_usage_end_date: `${day}T11:00:00Z`,
  line_item_availability_zone: '',
  line_item_resource_id: '',
  line_item_operation: 'InvokeModelInference',
  ...over,
  line_item_blended_cost: over.line_item_unblended_cost ?? '0',
});

/** Bedrock lines of one day: first-party models (AmazonBedrock) and a Marketplace model; their costs. */
function bedrockLines(day: string) {
  const lines = [
    curLine(day, {
      line_item_product_code: 'AmazonBedrock',
      product_product_name: 'Amazon Bedrock',
      line_item_usage_type: 'USE1-Claude3.5Sonnet-input-tokens',
      line_item_usage_amount: '1234.567',
      line_item_unblended_cost: '3.703701',
    }),
    curLine(day, {
      line_item_product_code: 'AmazonBedrock',
      product_product_name: 'Amazon Bedrock',
      line_item_usage_type: 'USE1-Claude3.5Sonnet-output-tokens',
      line_item_usage_amount: '98.7654321',
      line_item_unblended_cost: '1.4814814815',
    }),
    curLine(day, {
      line_item_product_code: 'AmazonBedrock',
      product_product_name: 'Amazon Bedrock',
      line_item_usage_type: 'USW2-TitanEmbeddingsG1-Text-input-tokens',
      line_item_usage_amount: '5000',
      line_item_unblended_cost: '0.0000001234567891',
    }),
    curLine(day, {
      line_item_product_code: 'c6hpi0jfx2zcyxbefr0lbxmtr',
      product_product_name: 'Claude 3 Haiku (Amazon Bedrock Edition)',
      line_item_usage_type: 'USE1-MP:USE1_InputTokenCount-Units',
      line_item_usage_amount: '800',
      line_item_unblended_cost: '0.2',
    }),
  ];
  return { lines, cost: sum(...lines.map((l) => l.line_item_unblended_cost!)) };
}

async function awsBilling(org: Org, rows: Row[]) {
  const bucket = `cur-${org.org_slug}`.replace(/_/g, '-');
  const aws = testAwsKeys();
  const dir = await setupCloudIntegration(p, fake, org, 'aws', {
    valid: ['aws', [{ ...aws.fake, access: [bucket] }]],
    credential: aws.credential,
    config: { export_bucket: bucket, export_prefix: 'cur/', region: 'us-east-1' },
    exportsDir,
    dir: ['aws', bucket, 'cur/'],
  });
  writeFileSync(join(dir, 'data-00001.csv'), csv(CUR_HEADER, rows));
}

// ------------------------------------------------------------------------------------------ Azure cost export

const EA_ROWS = parse(readFileSync(EA_ACTUAL), { columns: true, bom: true }) as Row[];
const EA_HEADER = Object.keys(EA_ROWS[0]!);
/** A real pay-as-you-go usage row of the sample, the template of the lines below. */
const EA_USAGE = EA_ROWS.find((r) => r.ChargeType === 'Usage' && r.PricingModel === 'OnDemand')!;

const azureLine = (over: Row): Row => ({
  ...EA_USAGE,
  BillingPeriodStartDate: '09/01/2026',
  BillingPeriodEndDate: '09/30/2026',
  Date: '09/01/2026',
  ResourceId:
    '/subscriptions/ed570627-0265-4620-bb42-bae06bcfa914/resourceGroups/ai/providers/Microsoft.CognitiveServices/accounts/trey-openai',
  ResourceName: 'trey-openai',
  ConsumedService: 'Microsoft.CognitiveServices',
  ServiceFamily: 'AI + Machine Learning',
  MeterRegion: 'Global',
  Tags: '',
  ...over,
});

async function azureBilling(org: Org, rows: Row[]) {
  const app = testAzureApp();
  const account = `exp${org.org_slug.replace(/_/g, '')}`.slice(0, 24);
  const dir = await setupCloudIntegration(p, fake, org, 'azure', {
    valid: ['azure', [{ ...app, access: [`${account}/exports`] }]],
    credential: app,
    config: {
      storage_account: account,
      container: 'exports',
      path: 'daily',
      azure_blob_endpoint: fake.urls.azureBlob,
    },
    exportsDir,
    dir: ['azure', account, 'exports', 'daily'],
  });
  writeFileSync(join(dir, 'part_0_0001.csv'), csv(EA_HEADER, rows));
}

// ---------------------------------------------------------------------------------------- GenAI usage import

/** Sets up the org's Bedrock integration and imports usage rows for it; the credential id. */
async function importBedrockUsage(org: Org, rows: Record<string, unknown>[]) {
  const aws = testAwsKeys('210987654321');
  const credential_id = await setupIntegration(p, fake, org, 'bedrock', {
    valid: ['aws', [aws.fake]],
    credential: aws.credential,
    config: { region: 'us-east-1' },
  });
  const imported = await p.request(`/api/v1/genai/${org.org_slug}/usage/import`, {
    method: 'POST',
    headers: apiKey(org.api_key),
    json: { provider: 'bedrock', credential_id, rows },
  });
  expect(imported.status, await imported.clone().text()).toBe(201);
}

/** Claude 3.5 Sonnet on Bedrock at the public price (3 / 15 USD per 1M tokens), written out by hand. */
/** A day of Claude 3.5 Sonnet usage, as a Bedrock import row. */
const sonnetUsage = (usage_date: string, input_tokens: number, output_tokens: number) => ({
  usage_date,
  model: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
  input_tokens,
  output_tokens,
});
const sonnetCost = (input: number, output: number) =>
  sum(new Decimal(input).times(3).div(1_000_000), new Decimal(output).times(15).div(1_000_000));

// ------------------------------------------------------------------------------------------------- reading

async function get<T>(org: Org, path: string): Promise<T> {
  const res = await p.request(`/api/v1/genai/${org.org_slug}/${path}`, { headers: apiKey(org.api_key) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
}

type Summary = {
  totals: { currency: string; total_cost: number }[];
  items: { key: string | null; currency: string; total_cost: number }[];
};
const summary = (org: Org, start: string, end: string, by = 'provider') =>
  get<Summary>(org, `costs/summary?start_date=${start}&end_date=${end}&group_by=${by}`);

async function focusRows(org: Org) {
  const wh = await p.ctx.warehouse();
  return wh.query<Record<string, unknown> & CountedOnceRow>(
    `SELECT * FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')} ORDER BY ChargePeriodStart, SkuId`,
  );
}

/** Σ BilledCost of a provider's FOCUS rows over [start, end] under the counted-once rule, in SQL, exact. */
async function countedOnceTotal(org: Org, provider: string, start: string, end: string) {
  const wh = await p.ctx.warehouse();
  const focus = wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3');
  const [row] = await wh.query<{ billed: string | null }>(
    `SELECT SUM(f.BilledCost) AS billed FROM ${focus} AS f
     WHERE ${chargeDayInRangeSql('f', 'start', 'end')} AND f.x_genai_provider = @provider
       AND ${countedOnceSql({ alias: 'f', table: focus, range: { start: 'start', end: 'end' } })}`,
    { start, end, provider },
  );
  return new Decimal(row?.billed ?? 0).toFixed();
}

/** The same total from loaded rows with the in-memory predicate, exact. */
async function countedOnceTotalInMemory(org: Org, provider: string, days: string[]) {
  const rows = (await focusRows(org)).filter((r) => days.includes(String(r.ChargePeriodStart).slice(0, 10)));
  return rows
    .filter(countedOnce(rows))
    .filter((r) => r.x_genai_provider === provider)
    .reduce((s, r) => s.plus(String(r.BilledCost)), new Decimal(0))
    .toFixed();
}

// --------------------------------------------------------------------------------------------------- tests

describe('GenAI rows of cloud bills', () => {
  it('a CUR with Bedrock lines: FOCUS rows tagged bedrock with the model; the GenAI summary shows them', async () => {
    const org = await p.onboard();
    const { lines, cost } = bedrockLines('2026-09-01');
    await awsBilling(org, [curLine('2026-09-01', {}), curLine('2026-09-02', {}), ...lines]);
    await runPipelineToCompletion(p, org, 'aws/cost/billing', '2026-09-01', '2026-09-30');

    const rows = await focusRows(org);
    const tagged = rows
      .filter((r) => r.x_genai_provider !== null)
      .map((r) => [
        r.x_genai_provider,
        r.x_genai_model,
        r.ServiceCategory,
        r.ServiceSubcategory,
        exact(r.BilledCost),
      ])
      .sort(byText);
    expect(tagged).toEqual([
      ['bedrock', 'claude-3-haiku', 'AI and Machine Learning', 'Generative AI', '0.2'],
      ['bedrock', 'claude-3.5-sonnet', 'AI and Machine Learning', 'Generative AI', '1.4814814815'],
      ['bedrock', 'claude-3.5-sonnet', 'AI and Machine Learning', 'Generative AI', '3.703701'],
      [
        'bedrock',
        'titan-embeddings-g1-text',
        'AI and Machine Learning',
        'Generative AI',
        '0.0000001234567891',
      ],
    ]);
    // EC2 stays cloud only.
    expect(
      rows.filter((r) => r.ServiceName === 'Amazon Elastic Compute Cloud').map((r) => r.x_genai_provider),
    ).toEqual([null, null]);
    // The sample's CUR 2.0 header has no rate columns, so its lines are unpriced FOCUS rows (no SkuPriceId, unit
    // prices or quantities: the AWS conversion's documented behaviour); what this change writes must conform.
    const violations = checkFocusRows(rows, {
      columns: costDataStandard13.columns.map((c) => c.name),
      mustOnly: true,
    }).filter((v) => !/Nullability$|^PricingCategoryRules$/.test(v.rule));
    expect([...new Set(violations.map((v) => `${v.rule}:${v.column}`))]).toEqual([]);

    const byProvider = await summary(org, '2026-09-01', '2026-09-01');
    expect(byProvider.items).toEqual([
      { key: 'bedrock', currency: 'USD', total_cost: cost.toNumber(), list_cost: cost.toNumber() },
    ]);
    expect(byProvider.totals).toEqual([
      { currency: 'USD', total_cost: cost.toNumber(), list_cost: cost.toNumber() },
    ]);
    const byModel = await summary(org, '2026-09-01', '2026-09-01', 'model');
    expect(Object.fromEntries(byModel.items.map((i) => [i.key, i.total_cost]))).toEqual({
      'claude-3.5-sonnet': sum('3.703701', '1.4814814815').toNumber(),
      'claude-3-haiku': 0.2,
      'titan-embeddings-g1-text': 0.0000001234567891,
    });
    const costs = await get<{
      items: { date: string; provider: string; model: string; total_cost: number }[];
    }>(org, 'costs?start_date=2026-09-01&end_date=2026-09-01&provider=bedrock&model=claude-3.5-sonnet');
    expect(costs.items.map((i) => [i.date, i.provider, i.model])).toEqual([
      ['2026-09-01', 'bedrock', 'claude-3.5-sonnet'],
    ]);
    expect(await countedOnceTotal(org, 'bedrock', '2026-09-01', '2026-09-01')).toBe(cost.toFixed());
  });

  it('an Azure export with Azure OpenAI meters: FOCUS rows tagged azure_openai with the model; the summary shows them', async () => {
    const org = await p.onboard();
    const openai = [
      azureLine({
        MeterCategory: 'Cognitive Services',
        MeterSubCategory: 'Azure OpenAI',
        MeterName: 'gpt-4o-0513 Input global Tokens',
        Product: 'Azure OpenAI - gpt-4o-0513 Input global Tokens',
        UnitOfMeasure: '1K',
        Quantity: '1500.5',
        UnitPrice: '0.005',
        PayGPrice: '0.005',
        EffectivePrice: '0.005',
        Cost: '7.5025',
      }),
      azureLine({
        MeterCategory: 'Foundry Models',
        MeterSubCategory: 'Azure OpenAI',
        MeterName: 'gpt 4o mini Output Tokens',
        Product: 'Azure OpenAI - gpt 4o mini Output Tokens',
        UnitOfMeasure: '1K',
        Quantity: '333.333',
        UnitPrice: '0.0006',
        PayGPrice: '0.0006',
        EffectivePrice: '0.0006',
        Cost: '0.1999998',
      }),
    ];
    const speech = azureLine({
      MeterCategory: 'Cognitive Services',
      MeterSubCategory: 'Speech',
      MeterName: 'S1 Speech To Text',
      Product: 'Speech - S1 Speech To Text',
      UnitOfMeasure: '1 Hour',
      Quantity: '2',
      UnitPrice: '1',
      PayGPrice: '1',
      EffectivePrice: '1',
      Cost: '2',
    });
    const storage = {
      ...EA_USAGE,
      BillingPeriodStartDate: '09/01/2026',
      BillingPeriodEndDate: '09/30/2026',
      Date: '09/01/2026',
    };
    await azureBilling(org, [storage, ...openai, speech]);
    await runPipelineToCompletion(p, org, 'azure/cost/billing', '2026-09-01', '2026-09-30');

    const rows = await focusRows(org);
    expect(
      rows
        .filter((r) => r.ServiceCategory === 'AI and Machine Learning')
        .map((r) => [
          r.ServiceName,
          r.x_genai_provider,
          r.x_genai_model,
          r.ServiceSubcategory,
          exact(r.BilledCost),
        ])
        .sort(byText),
    ).toEqual([
      ['Cognitive Services', 'azure_openai', 'gpt-4o-0513', 'Generative AI', '7.5025'],
      ['Cognitive Services', null, null, 'Other (AI and Machine Learning)', '2'],
      ['Foundry Models', 'azure_openai', 'gpt-4o-mini', 'Generative AI', '0.1999998'],
    ]);
    const byModel = await summary(org, '2026-09-01', '2026-09-01', 'model');
    expect(byModel.items).toEqual([
      { key: 'gpt-4o-0513', currency: 'USD', total_cost: 7.5025, list_cost: 7.5025 },
      { key: 'gpt-4o-mini', currency: 'USD', total_cost: 0.1999998, list_cost: 0.1999998 },
    ]);
    expect(await countedOnceTotal(org, 'azure_openai', '2026-09-01', '2026-09-01')).toBe(
      sum('7.5025', '0.1999998').toFixed(),
    );
  });
});

describe('counted once: a Bedrock import and a CUR with Bedrock lines', () => {
  it('the CUR counts on the day both have, the import on the day only it has; other orgs keep their own', async () => {
    const org = await p.onboard();
    // Usage imported for 09-01 and 09-02 (priced at the public Bedrock price), the CUR covers 09-01 only.
    await importBedrockUsage(org, [
      sonnetUsage('2026-09-01', 1_000_000, 100_000),
      sonnetUsage('2026-09-02', 250_000, 40_000),
    ]);
    await runPipelineToCompletion(p, org, 'bedrock/genai/usage', '2026-09-01', '2026-09-02');
    const imported0901 = sonnetCost(1_000_000, 100_000);
    const imported0902 = sonnetCost(250_000, 40_000);

    // Before the CUR: the import is the money.
    expect(await countedOnceTotal(org, 'bedrock', '2026-09-01', '2026-09-02')).toBe(
      imported0901.plus(imported0902).toFixed(),
    );

    const { lines, cost } = bedrockLines('2026-09-01');
    await awsBilling(org, [curLine('2026-09-01', {}), ...lines]);
    await runPipelineToCompletion(p, org, 'aws/cost/billing', '2026-09-01', '2026-09-30');

    // Both sources are in the table (the import stays as usage detail) ...
    const rows = await focusRows(org);
    const bedrock0901 = rows.filter(
      (r) => r.x_genai_provider === 'bedrock' && String(r.ChargePeriodStart).startsWith('2026-09-01'),
    );
    expect(new Set(bedrock0901.map((r) => r.x_cost_type))).toEqual(new Set(['cloud', 'genai']));
    // ... and each day's money is counted once: the CUR's exact cost on 09-01, the import on 09-02.
    expect(await countedOnceTotal(org, 'bedrock', '2026-09-01', '2026-09-01')).toBe(cost.toFixed());
    expect(await countedOnceTotal(org, 'bedrock', '2026-09-02', '2026-09-02')).toBe(imported0902.toFixed());
    expect(await countedOnceTotal(org, 'bedrock', '2026-09-01', '2026-09-02')).toBe(
      cost.plus(imported0902).toFixed(),
    );
    expect(await countedOnceTotalInMemory(org, 'bedrock', ['2026-09-01', '2026-09-02'])).toBe(
      cost.plus(imported0902).toFixed(),
    );

    // The GenAI views agree.
    expect((await summary(org, '2026-09-01', '2026-09-01')).totals).toEqual([
      { currency: 'USD', total_cost: cost.toNumber(), list_cost: expect.any(Number) },
    ]);
    expect((await summary(org, '2026-09-02', '2026-09-02')).totals).toEqual([
      { currency: 'USD', total_cost: imported0902.toNumber(), list_cost: imported0902.toNumber() },
    ]);
    const both = await summary(org, '2026-09-01', '2026-09-02');
    expect(both.items.map((i) => [i.key, i.total_cost])).toEqual([
      ['bedrock', cost.plus(imported0902).toNumber()],
    ]);
    const daily = await get<{ items: { date: string; total_cost: number }[] }>(
      org,
      'costs?start_date=2026-09-01&end_date=2026-09-02&provider=bedrock',
    );
    const perDay = new Map<string, Decimal>();
    for (const i of daily.items)
      perDay.set(i.date, (perDay.get(i.date) ?? new Decimal(0)).plus(i.total_cost));
    expect([...perDay].map(([d, v]) => [d, v.toNumber()])).toEqual([
      ['2026-09-01', cost.toNumber()],
      ['2026-09-02', imported0902.toNumber()],
    ]);
    // The imported tokens are still the usage detail of 09-01.
    const usage = await get<{ items: { date: string; input_tokens: number; output_tokens: number }[] }>(
      org,
      'usage?start_date=2026-09-01&end_date=2026-09-01&provider=bedrock',
    );
    expect(usage.items.map((i) => [i.date, i.input_tokens, i.output_tokens])).toEqual([
      ['2026-09-01', 1_000_000, 100_000],
    ]);

    // Another org with only an import for 09-01 counts it: the first org's CUR does not reach it.
    const other = await p.onboard();
    await importBedrockUsage(other, [sonnetUsage('2026-09-01', 10_000, 1_000)]);
    await runPipelineToCompletion(p, other, 'bedrock/genai/usage', '2026-09-01', '2026-09-01');
    const otherCost = sonnetCost(10_000, 1_000);
    expect(await countedOnceTotal(other, 'bedrock', '2026-09-01', '2026-09-01')).toBe(otherCost.toFixed());
    expect((await summary(other, '2026-09-01', '2026-09-01')).totals).toEqual([
      { currency: 'USD', total_cost: otherCost.toNumber(), list_cost: otherCost.toNumber() },
    ]);
    // Neither org reads the other's summary; the first org's totals are unchanged.
    const denied = await p.request(
      `/api/v1/genai/${org.org_slug}/costs/summary?start_date=2026-09-01&end_date=2026-09-01`,
      {
        headers: apiKey(other.api_key),
      },
    );
    expect(denied.status).toBe(403);
    expect((await summary(org, '2026-09-01', '2026-09-01')).totals[0]!.total_cost).toBe(cost.toNumber());
  });
});
