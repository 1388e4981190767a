/**
 * The costs router: each view's numbers equal a direct SQL aggregation over cost_data_standard_1_3 for the same
 * filters (hierarchy entity with its descendants, provider, service category, cost type; the org's currency;
 * GenAI money billed through a cloud counted once), the cache serves repeats and is invalidated by a completed
 * pipeline run and by the invalidate endpoint, bad input gets 4xx, and no org reads another's costs.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { costRoutes } from '../../shared/contracts/costs.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { costView, costViews, periods, weekOf } from '../../shared/costs/index.js';
import type { AppContext } from '../../shared/context.js';
import type { Database } from '../../shared/ports/database/port.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { usePlatform } from '../../shared/testing/platform.js';
import { focusFixtureRows, TEST_ENTITIES } from '../../shared/testing/focus-rows.js';
import { testAwsKeys } from '../../shared/testing/provider-credentials.js';
import { apiKey, type Org, runPipelineToCompletion } from '../__tests__/helpers.js';
import { sample } from '../../shared/testing/samples.js';

const START = '2026-09-01';
const END = '2026-10-31';

let fake: FakeProviders;
let p: TestPlatform;
let exportsDir: string;
let a: Org;
let b: Org;

async function seed(org: Org, seedNo: number) {
  const wh = await p.ctx.warehouse();
  const rows = focusFixtureRows(org.org_slug, { start: START, days: 61, count: 3000, seed: seedNo });
  await wh.replaceSlice(
    `${org.org_slug}_test`,
    costDataStandard13,
    { equals: { x_org_slug: org.org_slug, x_pipeline_id: 'fixture/cost/rows', x_credential_id: null } },
    rows,
  );
  const db = await p.ctx.db();
  await db.query(
    `INSERT INTO hierarchy_levels (org_slug, level_code, name, depth, code_prefix) VALUES
     ($1, 'department', 'Department', 1, 'DEPT'), ($1, 'project', 'Project', 2, 'PROJ'), ($1, 'team', 'Team', 3, 'TEAM')
     ON CONFLICT DO NOTHING`,
    [org.org_slug],
  );
  for (const e of TEST_ENTITIES) {
    const segments = e.path.split('/').filter(Boolean);
    const parent = segments.length > 1 ? segments[segments.length - 2]! : null;
    await db.query(
      `INSERT INTO hierarchy_entities (org_slug, entity_id, name, level_code, parent_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [org.org_slug, e.id, e.name, e.level, parent],
    );
  }
}

usePlatform((f) => ({ p, fake, exportsDir } = f));
beforeAll(async () => {
  a = await p.onboard();
  b = await p.onboard();
  await seed(a, 1);
  await seed(b, 2);
});

interface Filters {
  provider?: string;
  service_category?: string;
  cost_type?: string;
  hierarchy_entity_id?: string;
}

async function get(org: Org, path: string, query: Record<string, string> = {}, key = org.api_key) {
  const qs = new URLSearchParams({ start_date: START, end_date: END, ...query });
  return p.request(`/api/v1/costs/${org.org_slug}/${path}?${qs}`, { headers: apiKey(key) });
}
/** The view's item whose `fields` equal, in order, the keys of a row grouped by direct SQL. */
const itemFor = (items: Record<string, unknown>[], keys: unknown[], fields: string[]) =>
  items.find((i) => fields.every((f, k) => i[f] === keys[k]));

async function json(org: Org, path: string, query: Record<string, string> = {}) {
  const res = await get(org, path, query);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Record<string, unknown> & { items: Record<string, unknown>[] };
}

const PROVIDER = `CASE x_cost_type WHEN 'cloud' THEN x_cloud_provider WHEN 'genai' THEN x_genai_provider
  ELSE LOWER(ServiceProviderName) END`;

/**
 * Σ BilledCost / EffectiveCost / rows of the org's FOCUS rows per `groupBy` (SQL expressions), for the filters,
 * in USD, without GenAI-pipeline rows of a provider whose money the cloud bill carries that day: the direct SQL
 * aggregation each view must equal.
 */
async function direct(org: Org, f: Filters, groupBy: string[] = [], start = START, end = END) {
  const wh = await p.ctx.warehouse();
  const table = wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3');
  const where = [
    'x_org_slug = @org',
    `ChargePeriodStart >= CAST(CAST(@start AS DATE) AS TIMESTAMP)`,
    `ChargePeriodStart < CAST(DATE_ADD(CAST(@end AS DATE), INTERVAL 1 DAY) AS TIMESTAMP)`,
    `BillingCurrency = 'USD'`,
    `NOT (f.x_cost_type = 'genai' AND f.x_cloud_provider IS NULL AND f.x_genai_provider IN (
       SELECT c.x_genai_provider FROM ${table} AS c WHERE c.x_cloud_provider IS NOT NULL
       AND c.x_genai_provider IS NOT NULL AND c.x_org_slug = f.x_org_slug
       AND CAST(c.ChargePeriodStart AS DATE) = CAST(f.ChargePeriodStart AS DATE)))`,
  ];
  const params: Record<string, string> = { org: org.org_slug, start, end };
  if (f.provider) {
    where.push(`${PROVIDER} = @provider`);
    params.provider = f.provider;
  }
  if (f.service_category) {
    where.push('ServiceCategory = @category');
    params.category = f.service_category;
  }
  if (f.cost_type) {
    where.push('x_cost_type = @cost_type');
    params.cost_type = f.cost_type;
  }
  if (f.hierarchy_entity_id) {
    where.push(`(x_hierarchy_path = @entity OR x_hierarchy_path LIKE CONCAT(@entity, '/%')
      OR x_hierarchy_path LIKE CONCAT('%/', @entity) OR x_hierarchy_path LIKE CONCAT('%/', @entity, '/%'))`);
    params.entity = f.hierarchy_entity_id;
  }
  const keys = groupBy.map((g, i) => `${g} AS k${i}`);
  const rows = await wh.query<Record<string, unknown>>(
    `SELECT ${[...keys, 'SUM(BilledCost) AS b', 'SUM(EffectiveCost) AS e', 'COUNT(*) AS n'].join(', ')}
     FROM ${table} AS f WHERE ${where.join(' AND ')} ${groupBy.length ? `GROUP BY ${groupBy.map((_, i) => i + 1).join(', ')}` : ''}`,
    params,
  );
  return rows.map((r) => ({
    keys: groupBy.map((_, i) => (r[`k${i}`] ?? null) as string | null),
    billed: new Decimal(String(r.b ?? 0)),
    effective: new Decimal(String(r.e ?? 0)),
    n: Number(r.n),
  }));
}

/**
 * The API's money (a JSON number from exact nano-unit sums) against the exact SQL sum: equal to 1e-6 (per-group
 * sums are held at 1e-9; a JSON number carries ~15 significant digits).
 */
function expectMoney(api: unknown, exact: Decimal) {
  expect(typeof api).toBe('number');
  expect(
    new Decimal(api as number).minus(exact).abs().lte('1e-6'),
    `${String(api)} vs ${exact.toFixed()}`,
  ).toBe(true);
}

const FILTERS: Filters[] = [
  {},
  { hierarchy_entity_id: 'DEPT-001' },
  { hierarchy_entity_id: 'PROJ-001' },
  { hierarchy_entity_id: 'TEAM-001', cost_type: 'cloud' },
  { provider: 'aws' },
  { service_category: 'Compute' },
  { cost_type: 'genai' },
  { cost_type: 'subscription', hierarchy_entity_id: 'DEPT-002' },
];

describe('costs views equal direct SQL over the FOCUS table', () => {
  for (const f of FILTERS) {
    it(`summary, total, by-provider, by-service, by-hierarchy with ${JSON.stringify(f)}`, async () => {
      const q = f as Record<string, string>;
      const [total] = await direct(a, f);
      const summary = await json(a, 'summary', q);
      expect(summary).toMatchObject({ currency: 'USD', start_date: START, end_date: END });
      expectMoney(summary.total_billed_cost, total!.billed);
      expectMoney(summary.total_effective_cost, total!.effective);
      expect(summary.record_count).toBe(total!.n);
      const byType = await direct(a, f, ['x_cost_type']);
      for (const t of ['cloud', 'genai', 'subscription']) {
        const row = byType.find((r) => r.keys[0] === t);
        expectMoney((summary.by_cost_type as Record<string, number>)[t], row?.billed ?? new Decimal(0));
      }
      const tot = await json(a, 'total', q);
      expectMoney(tot.total_billed_cost, total!.billed);
      for (const t of ['cloud', 'genai', 'subscription']) {
        const row = byType.find((r) => r.keys[0] === t);
        expectMoney(
          (tot.by_cost_type as Record<string, { effective_cost: number }>)[t]!.effective_cost,
          row?.effective ?? new Decimal(0),
        );
      }

      const providers = await direct(a, f, [PROVIDER, 'ServiceProviderName', 'x_cost_type']);
      const byProvider = await json(a, 'by-provider', q);
      expect(byProvider.items.length).toBe(providers.length);
      for (const r of providers) {
        const item = itemFor(byProvider.items, r.keys, ['provider', 'provider_name', 'cost_type']);
        expect(item, JSON.stringify(r.keys)).toBeDefined();
        expectMoney(item!.billed_cost, r.billed);
        expectMoney(item!.effective_cost, r.effective);
      }
      const billedOrder = byProvider.items.map((i) => i.billed_cost as number);
      expect(billedOrder).toEqual([...billedOrder].sort((x, y) => y - x));

      const services = await direct(a, f, [PROVIDER, 'ServiceName', 'ServiceCategory']);
      const byService = await json(a, 'by-service', q);
      expect(byService.items.length).toBe(services.length);
      for (const r of services) {
        const item = itemFor(byService.items, r.keys, ['provider', 'service_name', 'service_category']);
        expectMoney(item!.billed_cost, r.billed);
      }

      const entities = await direct(a, f, ['x_hierarchy_entity_id']);
      const byHierarchy = await json(a, 'by-hierarchy', q);
      expect(byHierarchy.items.length).toBe(entities.length);
      for (const r of entities) {
        const item = byHierarchy.items.find((i) => i.entity_id === r.keys[0]);
        expectMoney(item!.effective_cost, r.effective);
        if (r.keys[0] === null) expect(item!.entity_name).toBe('Unallocated');
      }
    });
  }

  it('trend per day, week and month lists every period; trend-granular per period, cost type and provider', async () => {
    for (const granularity of ['day', 'week', 'month'] as const) {
      const period =
        granularity === 'day'
          ? 'CAST(CAST(ChargePeriodStart AS DATE) AS STRING)'
          : 'CAST(CAST(ChargePeriodStart AS DATE) AS STRING)';
      const days = await direct(a, {}, [period]);
      const expected = new Map<string, Decimal>();
      for (const r of days) {
        const d = r.keys[0]!;
        const k = granularity === 'day' ? d : granularity === 'week' ? weekOf(d) : `${d.slice(0, 7)}-01`;
        expected.set(k, (expected.get(k) ?? new Decimal(0)).plus(r.billed));
      }
      const trend = await json(a, 'trend', { granularity });
      expect(trend.granularity).toBe(granularity);
      expect(trend.items.map((i) => i.period)).toEqual(periods(START, END, granularity));
      for (const item of trend.items)
        expectMoney(item.billed_cost, expected.get(item.period as string) ?? new Decimal(0));
    }
    expect(periods('2026-09-01', '2026-10-31', 'week')[0]).toBe('2026-08-31');
    expect(periods('2026-09-15', '2026-10-31', 'month')).toEqual(['2026-09-01', '2026-10-01']);

    const granular = await json(a, 'trend-granular', { granularity: 'month', cost_type: 'cloud' });
    const cells = await direct(a, { cost_type: 'cloud' }, [
      "CONCAT(SUBSTR(CAST(CAST(ChargePeriodStart AS DATE) AS STRING), 1, 7), '-01')",
      'x_cost_type',
      PROVIDER,
    ]);
    expect(granular.items.length).toBe(cells.length);
    for (const c of cells) {
      const item = granular.items.find((i) => i.period === c.keys[0] && i.provider === c.keys[2]);
      expectMoney(item!.billed_cost, c.billed);
    }
  });

  it('cloud, genai and subscriptions: per cost type, GenAI by provider and model, cloud-billed GenAI counted once', async () => {
    for (const [path, type] of [
      ['cloud', 'cloud'],
      ['genai', 'genai'],
      ['subscriptions', 'subscription'],
    ] as const) {
      const view = await json(a, path);
      const [total] = await direct(a, { cost_type: type });
      expectMoney(view.total_billed_cost, total!.billed);
      expect(view.record_count).toBe(total!.n);
    }
    const genai = await json(a, 'genai');
    const models = await direct(a, { cost_type: 'genai' }, ['x_genai_provider', 'x_genai_model']);
    for (const m of models) {
      const item = genai.items.find((i) => i.provider === m.keys[0] && i.model === m.keys[1]);
      expectMoney(item!.billed_cost, m.billed);
    }
    // The Bedrock import of the first day is in the AWS bill: the GenAI view does not count it.
    expect(genai.items.some((i) => i.provider === 'bedrock')).toBe(false);
    const cloud = await json(a, 'cloud');
    expect(cloud.items.some((i) => i.service_name === 'Amazon Bedrock')).toBe(true);
  });

  it('reports the rows billed in another currency, left out of the money', async () => {
    const wh = await p.ctx.warehouse();
    const [eur] = await wh.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ${wh.table(`${a.org_slug}_test`, 'cost_data_standard_1_3')} WHERE BillingCurrency = 'EUR'`,
    );
    expect(Number(eur!.n)).toBeGreaterThan(0);
    expect((await json(a, 'summary')).other_currency_records).toBe(Number(eur!.n));
  });
});

describe('cache', () => {
  it('serves repeats from memory, and a completed pipeline run of the org shows its new data', async () => {
    const org = await p.onboard();
    await seed(org, 3);
    const before = await json(org, 'summary');
    const stats0 = (await (await get(org, 'cache/stats')).json()) as Record<string, number>;
    await json(org, 'summary');
    await json(org, 'by-provider');
    const stats1 = (await (await get(org, 'cache/stats')).json()) as Record<string, number>;
    expect(stats1.hits! - stats0.hits!).toBe(2);
    expect(stats1.misses).toBe(stats0.misses);
    expect(stats1.entries).toBe(1);
    expect(stats1.bytes).toBeGreaterThan(0);

    // A pipeline run adds AWS FOCUS rows: its completion bumps the org's version, the next read sees them.
    const aws = testAwsKeys();
    fake.setValid('aws', [{ ...aws.fake, access: ['costs-bucket'] }] as never);
    const setup = await p.request(`/api/v1/integrations/${org.org_slug}/aws/setup`, {
      method: 'POST',
      headers: apiKey(org.api_key),
      json: {
        credential: aws.credential,
        config: { export_bucket: 'costs-bucket', export_prefix: 'focus/' },
      },
    });
    expect(setup.status).toBe(201);
    const dir = join(exportsDir, 'aws', 'costs-bucket', 'focus');
    mkdirSync(dir, { recursive: true });
    copyFileSync(
      sample('focus-data-toolkit-synthetic', 'client_like__consolidated_multi_provider_1_3.csv'),
      join(dir, 'part-1.csv'),
    );
    // The file's rows are of 2026-05-10: read a range that holds them.
    const may = { start_date: '2026-05-01', end_date: '2026-05-31' };
    const empty = await json(org, 'summary', may);
    expect(empty.total_billed_cost).toBe(0);
    await runPipelineToCompletion(p, org, 'aws/cost/focus', '2026-05-10', '2026-05-10');
    const after = await json(org, 'summary', may);
    expect(after.total_billed_cost).toBe(208); // USD rows: 100 + 8 + 100 (the EUR row is reported apart)
    expect(after.other_currency_records).toBe(1);
    expect(stats1.version).toBeLessThan(
      ((await (await get(org, 'cache/stats')).json()) as Record<string, number>).version!,
    );
    // Unchanged range, new version: read again, same numbers.
    expect((await json(org, 'summary')).total_billed_cost).toBe(before.total_billed_cost);
  });

  it('a warm read makes one control-plane query, a hierarchy filter included', async () => {
    const inner = await p.ctx.db();
    const sqls: string[] = [];
    const counted: Database = {
      kind: inner.kind,
      query: (sql, params) => (sqls.push(sql), inner.query(sql, params)),
      exec: (sql) => inner.exec(sql),
      transaction: (fn) => inner.transaction(fn),
      close: async () => {},
    };
    // Its own instance (and so its own cache), reading through the counting database.
    const ctx = Object.create(p.ctx, { db: { value: async () => counted } }) as AppContext;
    const query = { start_date: START, end_date: END, hierarchy_entity_id: TEST_ENTITIES[0]!.id };
    const cold = await costView(ctx, costViews.summary, a.org_slug, query);
    sqls.length = 0;
    expect(await costView(ctx, costViews.summary, a.org_slug, query)).toEqual(cold);
    expect(sqls).toHaveLength(1);
  });

  it('the invalidate endpoint drops the org’s slices and bumps its version; members may, viewers see stats', async () => {
    const org = await p.onboard();
    await seed(org, 4);
    await json(org, 'summary');
    const res = await p.request(`/api/v1/costs/${org.org_slug}/cache/invalidate`, {
      method: 'POST',
      headers: apiKey(org.api_key),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { invalidated: number; version: number };
    expect(body.invalidated).toBe(1);
    const stats = (await (await get(org, 'cache/stats')).json()) as Record<string, number>;
    expect(stats).toMatchObject({ entries: 0, bytes: 0, version: body.version });
    await json(org, 'summary');
    expect(((await (await get(org, 'cache/stats')).json()) as Record<string, number>).misses).toBe(
      stats.misses! + 1,
    );
  });
});

describe('bad input and isolation', () => {
  it('answers 400 for bad dates, ranges and filters, 404 for an unknown hierarchy entity', async () => {
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ start_date: '2026-13-01' }, 400, /start_date/],
      [{ end_date: '2026-08-01' }, 400, /end_date is before start_date/],
      [{ start_date: '2020-01-01', end_date: '2026-10-31' }, 400, /at most 1096/],
      [{ cost_type: 'hardware' }, 400, /cost_type/],
      [{ granularity: 'year' }, 400, /granularity/],
      [{ hierarchy_entity_id: 'DEPT-999' }, 404, /DEPT-999/],
      [{ unknown: 'x' }, 400, /unknown/i],
    ];
    for (const [query, status, message] of cases) {
      const path = query.granularity ? 'trend' : 'summary';
      const res = await get(a, path, query);
      expect(res.status, JSON.stringify(query)).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } };
      expect(JSON.stringify(body.error), JSON.stringify(query)).toMatch(message);
    }
    const noDates = await p.request(`/api/v1/costs/${a.org_slug}/summary`, { headers: apiKey(a.api_key) });
    expect(noDates.status).toBe(400);
  });

  it('no route answers one org with another org’s costs', async () => {
    for (const c of Object.values(costRoutes)) {
      const path = c.path.replace('{org}', a.org_slug);
      const qs = c.method === 'GET' && c.query ? `?start_date=${START}&end_date=${END}` : '';
      const res = await p.request(`${path}${qs}`, { method: c.method, headers: apiKey(b.api_key) });
      expect(res.status, `${c.method} ${c.path}`).toBe(403);
    }
    // Each org's own numbers are its own: b's total differs from a's and equals b's rows.
    const [totalB] = await direct(b, {});
    const summaryB = await json(b, 'summary');
    expectMoney(summaryB.total_billed_cost, totalB!.billed);
    const summaryA = await json(a, 'summary');
    expect(summaryA.total_billed_cost).not.toBe(summaryB.total_billed_cost);
    // An entity id of another org is unknown here.
    const db = await p.ctx.db();
    await db.query(
      `INSERT INTO hierarchy_entities (org_slug, entity_id, name, level_code, parent_id) VALUES ($1, 'DEPT-777', 'B only', 'department', NULL)`,
      [b.org_slug],
    );
    expect((await get(a, 'summary', { hierarchy_entity_id: 'DEPT-777' })).status).toBe(404);
  });
});
