/**
 * The daily cost rollup (cost_daily_rollup) equals a GROUP BY over the FOCUS table with the counted-once rule
 * applied row by row (countedOnceSql, not the rollup's own group-level form), after every kind of write: the
 * pipelines (sample cloud + GenAI procedure, GenAI import, SaaS, AWS CUR, with their allocation passes, and a
 * re-allocation), a rerun, a replace that moves the counted-once case, and failed replaces, which leave both the
 * FOCUS table and the rollup as they were. The cost slice read from the rollup equals the FOCUS fallback's.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { costDataStandard13, costDailyRollup } from '../datasets/index.js';
import { countedOnceSql } from '../focus/counted-once.js';
import type { WarehouseRow } from '../ports/warehouse/port.js';
import type { FakeProviders } from '../testing/fake-providers.js';
import { focusFixtureRows } from '../testing/focus-rows.js';
import { type Org, usePlatform } from '../testing/platform.js';
import { testAwsKeys } from '../testing/provider-credentials.js';
import { sample } from '../testing/samples.js';
import { readCostSlice } from './slice.js';
import { sliceSource } from './rollup.js';

let p: TestPlatform;
let fake: FakeProviders;
let exportsDir: string;
usePlatform((f) => ({ p, fake, exportsDir } = f));

const DIMS = [
  'day',
  'x_org_slug',
  'cost_type',
  'x_cloud_provider',
  'x_genai_provider',
  'provider',
  'provider_name',
  'service_name',
  'service_category',
  'entity_id',
  'entity_name',
  'level_code',
  'path',
  'genai_model',
  'currency',
];

const exact = (v: unknown) => new Decimal(String(v)).toFixed();
const key = (r: WarehouseRow) => JSON.stringify(DIMS.map((d) => r[d] ?? null));
const byKey = (rows: WarehouseRow[]) =>
  rows
    .map((r) => ({
      key: key(r),
      billed: exact(r.billed),
      effective: exact(r.effective),
      records: Number(r.records),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));

const focusOf = async (org: Org) =>
  (await p.ctx.warehouse()).table(`${org.org_slug}_test`, costDataStandard13.name);
const rollupOf = async (org: Org) =>
  (await p.ctx.warehouse()).table(`${org.org_slug}_test`, costDailyRollup.name);

/** The rollup's rows, each with its nano-units checked against its exact sums. */
async function rollupRows(org: Org) {
  const wh = await p.ctx.warehouse();
  const rows = await wh.query(
    `SELECT CAST(day AS STRING) AS day, ${DIMS.slice(1).join(', ')}, billed_cost AS billed,
       effective_cost AS effective, records, billed_nanos, effective_nanos
     FROM ${await rollupOf(org)}`,
  );
  for (const r of rows) {
    const nanos = (v: unknown) => new Decimal(String(v)).times(1e9).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
    expect(String(r.billed_nanos)).toBe(nanos(r.billed).toFixed());
    expect(String(r.effective_nanos)).toBe(nanos(r.effective).toFixed());
  }
  return byKey(rows);
}

/** The same grain as one GROUP BY over the FOCUS table, counted once row by row. */
async function focusGroupBy(org: Org) {
  const wh = await p.ctx.warehouse();
  const focus = await focusOf(org);
  const rows = await wh.query(
    `SELECT CAST(CAST(f.ChargePeriodStart AS DATE) AS STRING) AS day, f.x_org_slug, f.x_cost_type AS cost_type,
       f.x_cloud_provider, f.x_genai_provider,
       CASE WHEN f.x_cost_type = 'cloud' THEN f.x_cloud_provider WHEN f.x_cost_type = 'genai' THEN f.x_genai_provider
         WHEN f.SkuId LIKE 'saas/%/%' THEN split_part(f.SkuId, '/', 2) ELSE LOWER(f.ServiceProviderName) END AS provider,
       f.ServiceProviderName AS provider_name, f.ServiceName AS service_name, f.ServiceCategory AS service_category,
       f.x_hierarchy_entity_id AS entity_id, f.x_hierarchy_entity_name AS entity_name,
       f.x_hierarchy_level_code AS level_code, f.x_hierarchy_path AS path, f.x_genai_model AS genai_model,
       f.BillingCurrency AS currency,
       SUM(f.BilledCost) AS billed, SUM(f.EffectiveCost) AS effective, COUNT(*) AS records
     FROM ${focus} AS f
     WHERE ${countedOnceSql({ alias: 'f', table: focus })}
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15`,
  );
  return byKey(rows);
}

/** The rollup equals the GROUP BY over FOCUS; its rows. */
async function expectRollupEqualsFocus(org: Org) {
  const rollup = await rollupRows(org);
  expect(rollup).toEqual(await focusGroupBy(org));
  return rollup;
}

const fixtureSlice = (org: Org, pipeline = 'fixture/cost/rows') => ({
  equals: { x_org_slug: org.org_slug, x_pipeline_id: pipeline, x_credential_id: null },
});

async function seed(org: Org, seedNo = 1) {
  const wh = await p.ctx.warehouse();
  const rows = focusFixtureRows(org.org_slug, { start: '2026-09-01', days: 20, count: 600, seed: seedNo });
  await wh.replaceSlice(`${org.org_slug}_test`, costDataStandard13, fixtureSlice(org), rows);
  return rows;
}

async function call(org: Org, method: string, path: string, json?: unknown) {
  const res = await p.request(path, {
    method,
    headers: { 'x-api-key': org.api_key },
    ...(json ? { json } : {}),
  });
  const text = await res.text();
  expect(res.status, text).toBeLessThan(300);
  return (text ? JSON.parse(text) : null) as Record<string, unknown>;
}

/** Triggers a pipeline over [start, end], drains the bus and expects the run COMPLETED. */
async function runPipelineToCompletion(
  _p: TestPlatform,
  org: Org,
  pipeline: string,
  start: string,
  end: string,
) {
  const { run_id } = await call(org, 'POST', `/api/v1/pipelines/run/${org.org_slug}/${pipeline}`, {
    start_date: start,
    end_date: end,
  });
  await p.bus.drain();
  const run = await call(org, 'GET', `/api/v1/pipelines/${org.org_slug}/runs/${String(run_id)}`);
  expect(run.status, JSON.stringify(run)).toBe('COMPLETED');
}

describe('the rollup equals a GROUP BY over FOCUS', () => {
  it('after a replace, a rerun, and a replace that moves the counted-once case', async () => {
    const org = await p.onboard();
    const rows = await seed(org);
    const first = await expectRollupEqualsFocus(org);
    expect(first.length).toBeGreaterThan(100);
    expect(first.reduce((n, r) => n + r.records, 0)).toBeLessThan(rows.length); // the uncounted import row

    await seed(org);
    expect(await expectRollupEqualsFocus(org)).toEqual(first);

    // Without the cloud bill's Bedrock rows, the imported Bedrock money of that day is counted: the day is derived
    // again although the replace wrote none of its rows.
    const wh = await p.ctx.warehouse();
    const withoutCloudBedrock = rows.filter((r) => !(r.x_cloud_provider && r.x_genai_provider));
    expect(withoutCloudBedrock.length).toBeLessThan(rows.length);
    await wh.replaceSlice(`${org.org_slug}_test`, costDataStandard13, fixtureSlice(org), withoutCloudBedrock);
    const after = await expectRollupEqualsFocus(org);
    expect(after.reduce((n, r) => n + r.records, 0)).toBe(withoutCloudBedrock.length);

    // Emptying the slice empties the rollup of its days.
    await wh.replaceSlice(`${org.org_slug}_test`, costDataStandard13, fixtureSlice(org), []);
    expect(await expectRollupEqualsFocus(org)).toEqual([]);
  });

  it('after the sample pipeline (cloud and GenAI procedure, allocation) and its rerun', async () => {
    const org = await p.onboard();
    await runPipelineToCompletion(p, org, 'sample/demo/costs', '2026-10-01', '2026-10-03');
    const first = await expectRollupEqualsFocus(org);
    expect(new Set(first.map((r) => JSON.parse(r.key)[2])).size).toBe(2); // cloud and genai
    await runPipelineToCompletion(p, org, 'sample/demo/costs', '2026-10-01', '2026-10-03');
    expect(await expectRollupEqualsFocus(org)).toEqual(first);
  });

  it('after GenAI, SaaS and AWS CUR pipelines, their allocation and a re-allocation', async () => {
    const org = await p.onboard();
    const eng = String(
      (
        await call(org, 'POST', `/api/v1/hierarchy/${org.org_slug}/entities`, {
          name: 'Eng',
          level_code: 'department',
        })
      ).entity_id,
    );
    await call(org, 'POST', `/api/v1/hierarchy/${org.org_slug}/allocation-rules`, {
      entity_id: eng,
      match: { kind: 'saas_plan', provider: 'slack' },
      priority: 100,
    });

    fake.setValid('deepseek', ['sk-deepseek-rollup-0001']);
    const deepseek = await call(org, 'POST', `/api/v1/integrations/${org.org_slug}/deepseek/setup`, {
      credential: 'sk-deepseek-rollup-0001',
    });
    await call(org, 'POST', `/api/v1/genai/${org.org_slug}/usage/import`, {
      provider: 'deepseek',
      credential_id: deepseek.credential_id,
      csv: 'usage_date,model,input_tokens,output_tokens\n2026-09-01,deepseek-chat,1000000,200000\n',
    });
    await runPipelineToCompletion(p, org, 'deepseek/genai/usage', '2026-09-01', '2026-09-01');
    await expectRollupEqualsFocus(org);

    await call(org, 'POST', `/api/v1/subscriptions/${org.org_slug}/providers/slack/plans`, {
      pricing_model: 'FLAT_FEE',
      billing_cycle: 'monthly',
      start_date: '2026-01-01',
      plan_name: 'pro',
      unit_price: '310',
    });
    await runPipelineToCompletion(p, org, 'saas/subscription/costs', '2026-01-01', '2026-01-31');
    const saas = await expectRollupEqualsFocus(org);
    expect(saas.some((r) => JSON.parse(r.key)[9] === eng)).toBe(true);

    const aws = testAwsKeys();
    fake.setValid('aws', [{ ...aws.fake, access: ['rollup-bucket'] }] as never);
    await call(org, 'POST', `/api/v1/integrations/${org.org_slug}/aws/setup`, {
      credential: aws.credential,
      config: { export_bucket: 'rollup-bucket', export_prefix: `${org.org_slug}/`, region: 'us-east-1' },
    });
    const dir = join(exportsDir, 'aws', 'rollup-bucket', `${org.org_slug}/`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'export-00001.csv'),
      readFileSync(sample('focus-converters', 'sample-anonymous-aws-export-dataset.csv')),
    );
    await runPipelineToCompletion(p, org, 'aws/cost/billing', '2023-11-01', '2023-11-30');
    const cloud = await expectRollupEqualsFocus(org);
    expect(cloud.some((r) => JSON.parse(r.key)[2] === 'cloud')).toBe(true);

    // Re-allocation: the slack rule now points to another entity; the rollup follows.
    const sales = String(
      (
        await call(org, 'POST', `/api/v1/hierarchy/${org.org_slug}/entities`, {
          name: 'Sales',
          level_code: 'department',
        })
      ).entity_id,
    );
    await call(org, 'POST', `/api/v1/hierarchy/${org.org_slug}/allocation-rules`, {
      entity_id: sales,
      match: { kind: 'saas_plan', provider: 'slack' },
      priority: 500,
    });
    await runPipelineToCompletion(p, org, 'hierarchy/cost/reallocate', '2026-01-01', '2026-01-31');
    const realloc = await expectRollupEqualsFocus(org);
    expect(realloc.some((r) => JSON.parse(r.key)[9] === sales)).toBe(true);
    expect(realloc.some((r) => JSON.parse(r.key)[9] === eng)).toBe(false);
  });
});

describe('a failed replace leaves FOCUS and the rollup as they were', () => {
  const state = async (org: Org) => {
    const wh = await p.ctx.warehouse();
    const [focus] = await wh.query(`SELECT COUNT(*) AS n, SUM(BilledCost) AS s FROM ${await focusOf(org)}`);
    return { focus, rollup: await rollupRows(org) };
  };

  it('a row outside its slice, a failing row stream, a query writing outside its slice', async () => {
    const org = await p.onboard();
    const rows = await seed(org);
    const before = await state(org);
    const wh = await p.ctx.warehouse();
    const ds = `${org.org_slug}_test`;
    const moved = focusFixtureRows(org.org_slug, { start: '2026-09-21', days: 5, count: 50, seed: 9 });

    // The slice's rows are deleted and new days written before the bad row is met.
    const outside = [...moved, { ...rows[0]!, x_pipeline_id: 'another/pipeline' }];
    await expect(wh.replaceSlice(ds, costDataStandard13, fixtureSlice(org), outside)).rejects.toThrow(
      /outside/,
    );
    expect(await state(org)).toEqual(before);

    async function* failing() {
      yield* moved;
      throw new Error('reader failed');
    }
    await expect(wh.replaceSlice(ds, costDataStandard13, fixtureSlice(org), failing())).rejects.toThrow(
      /reader failed/,
    );
    expect(await state(org)).toEqual(before);

    const focus = await focusOf(org);
    await expect(
      wh.replaceSliceFromQuery(
        ds,
        costDataStandard13,
        {
          ...fixtureSlice(org),
          dateRange: { column: 'x_pipeline_run_date', from: '2026-09-01', to: '2026-09-05' },
        },
        `SELECT * REPLACE (CAST('2026-09-30' AS DATE) AS x_pipeline_run_date) FROM ${focus}`,
      ),
    ).rejects.toThrow(/outside its slice/);
    expect(await state(org)).toEqual(before);
    await expectRollupEqualsFocus(org);
  });
});

describe('the cost slice', () => {
  it('reads the same groups from the rollup as from the FOCUS fallback', async () => {
    const org = await p.onboard();
    await seed(org, 3);
    const frame = async (source: 'rollup' | 'focus') => {
      const s = await readCostSlice(p.ctx, org.org_slug, '2026-09-01', '2026-09-20', 0, undefined, source);
      return (s.frame.toRecords() as Record<string, unknown>[])
        .map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])))
        .sort();
    };
    const rollup = await frame('rollup');
    expect(rollup.length).toBeGreaterThan(100);
    expect(rollup).toEqual(await frame('focus'));
  });

  it('a group beyond INT64 nano-units is still written, and read as the fallback reads it: refused', async () => {
    const org = await p.onboard();
    const rows = await seed(org, 4);
    const wh = await p.ctx.warehouse();
    // One row of 12.3 billion (e.g. IDR): the FOCUS write and its rollup refresh succeed.
    const huge = rows.map((r, i) => (i === 0 ? { ...r, BilledCost: '12345678901.12' } : r));
    await wh.replaceSlice(`${org.org_slug}_test`, costDataStandard13, fixtureSlice(org), huge);
    const [n] = await wh.query(`SELECT COUNT(*) AS n FROM ${await rollupOf(org)} WHERE billed_nanos IS NULL`);
    expect(Number(n!.n)).toBe(1);
    for (const source of ['rollup', 'focus'] as const) {
      await expect(
        readCostSlice(p.ctx, org.org_slug, '2026-09-01', '2026-09-20', 0, undefined, source),
      ).rejects.toThrow(/exceeds .* in one currency/);
    }
  });

  it('comes from the rollup for every filter the views take today', () => {
    expect(sliceSource({ start_date: 'a', end_date: 'b', granularity: 'day' })).toBe('rollup');
    expect(
      sliceSource({
        provider: 'aws',
        service_category: 'Compute',
        cost_type: 'cloud',
        hierarchy_entity_id: 'X',
      }),
    ).toBe('rollup');
    expect(sliceSource({ region: 'us-east-1' })).toBe('focus');
  });
});
