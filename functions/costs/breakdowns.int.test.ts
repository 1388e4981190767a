/**
 * Cloud cost by sub account and by region, SaaS cost by plan: the totals per account / region equal the FOCUS Data
 * Toolkit's synthetic AWS export (plus the hand-made multi-provider file, with its EUR row) read straight from the
 * CSV after aws/cost/focus loaded it; the totals per plan equal what plans made through the subscription-plans API
 * cost (by hand); filters narrow like the other cost views (the hierarchy filter includes descendants, checked
 * against direct SQL over seeded rows), another org reads only its own, and bad input is a 4xx.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { PLAN_NAME_SQL } from '../../shared/costs/breakdowns.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { focusFixtureRows, TEST_ENTITIES } from '../../shared/testing/focus-rows.js';
import { type Org, usePlatform } from '../../shared/testing/platform.js';
import { testAwsKeys } from '../../shared/testing/provider-credentials.js';
import { SAMPLES_DIR } from '../../shared/testing/samples.js';
import { apiKey, orgRequest, runPipelineToCompletion, setupCloudIntegration } from '../__tests__/helpers.js';

const SYNTHETIC = join(SAMPLES_DIR, 'focus-data-toolkit-synthetic');
const FILES = [
  'golden__compatibility_golden__aws_1_3_cost_and_usage_rows100_seed42.csv',
  'client_like__consolidated_multi_provider_1_3.csv',
];
const samples = FILES.every((f) => existsSync(join(SYNTHETIC, f)));
const MAY = { start_date: '2026-05-01', end_date: '2026-05-31' };
const FIXTURE = { start_date: '2026-09-01', end_date: '2026-10-31' };
const FIXTURE_DAYS = { start: FIXTURE.start_date, days: 61, count: 2000 };

let p: TestPlatform;
let fake: FakeProviders;
let exportsDir: string;
usePlatform((f) => ({ p, fake, exportsDir } = f));

type Item = Record<string, unknown>;
type View = { items: Item[] } & Record<string, unknown>;

async function get(org: Org, path: string, query: Record<string, string>, key = org.api_key) {
  return p.request(`/api/v1/costs/${org.org_slug}/${path}?${new URLSearchParams(query)}`, {
    headers: apiKey(key),
  });
}
async function view(org: Org, path: string, query: Record<string, string>): Promise<View> {
  const res = await get(org, path, query);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as View;
}

/** The API's money (a JSON number) against the exact sum: equal to 1e-9 (exact sums, one rounding to a double). */
function expectMoney(api: unknown, exact: Decimal, what = '') {
  expect(typeof api, what).toBe('number');
  expect(
    new Decimal(api as number).minus(exact).abs().lte('1e-9'),
    `${what}: ${String(api)} vs ${exact.toFixed()}`,
  ).toBe(true);
}

/** Sorted by effective cost (largest first), then by key. */
function expectSorted(items: Item[], keys: string[]) {
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [items[i - 1]!, items[i]!];
    const ea = a.effective_cost as number;
    const eb = b.effective_cost as number;
    expect(ea >= eb, JSON.stringify([a, b])).toBe(true);
    if (ea === eb) {
      const key = (x: Item) => keys.map((k) => (x[k] as string | null) ?? '').join('\u0000');
      expect(key(a) <= key(b)).toBe(true);
    }
  }
}

interface Expected {
  billed: Decimal;
  effective: Decimal;
  n: number;
}
/** Σ BilledCost, EffectiveCost and rows per `key` of the rows, exact. */
function totalsBy<T>(
  rows: T[],
  key: (r: T) => string,
  billed: (r: T) => string,
  effective: (r: T) => string,
) {
  const out = new Map<string, Expected>();
  for (const r of rows) {
    const k = key(r);
    const e = out.get(k) ?? { billed: new Decimal(0), effective: new Decimal(0), n: 0 };
    out.set(k, { billed: e.billed.plus(billed(r)), effective: e.effective.plus(effective(r)), n: e.n + 1 });
  }
  return out;
}

/** Each item's totals equal the expected ones for its key, and there is no other item. */
function expectReconciled(v: View, expected: Map<string, Expected>, key: (i: Item) => string) {
  expect(v.items.map(key).sort()).toEqual([...expected.keys()].sort());
  let billed = new Decimal(0);
  let effective = new Decimal(0);
  let n = 0;
  for (const item of v.items) {
    const e = expected.get(key(item))!;
    expectMoney(item.billed_cost, e.billed, key(item));
    expectMoney(item.effective_cost, e.effective, key(item));
    expect(item.record_count, key(item)).toBe(e.n);
    billed = billed.plus(e.billed);
    effective = effective.plus(e.effective);
    n += e.n;
  }
  expectMoney(v.total_billed_cost, billed, 'total billed');
  expectMoney(v.total_effective_cost, effective, 'total effective');
  expect(v.record_count).toBe(n);
}

type CsvRow = Record<string, string>;
const orNull = (v: string | undefined) => (v === undefined || v === '' ? null : v);
const sourceRows = () =>
  FILES.flatMap((f) => parse(readFileSync(join(SYNTHETIC, f)), { columns: true, bom: true }) as CsvRow[]);

let a: Org;
let b: Org;

/** Org a's AWS FOCUS export of May 2026 loaded by aws/cost/focus. */
async function loadSample(org: Org) {
  const aws = testAwsKeys();
  const dir = await setupCloudIntegration(p, fake, org, 'aws', {
    valid: ['aws', [{ ...aws.fake, access: ['focus-bucket'] }]],
    credential: aws.credential,
    config: { export_bucket: 'focus-bucket', export_prefix: 'focus/' },
    exportsDir,
    dir: ['aws', 'focus-bucket', 'focus'],
  });
  for (const f of FILES) copyFileSync(join(SYNTHETIC, f), join(dir, f));
  await runPipelineToCompletion(p, org, 'aws/cost/focus', MAY.start_date, MAY.end_date);
}

const ACCOUNTS = ['acct-1', 'acct-2', null];
const REGIONS = ['us-east-1', 'eu-west-1', null];
const PLANS = ['pro', 'business_plus'];

/** Seeded FOCUS rows (Sep-Oct 2026, with hierarchy entities and EUR rows) given accounts, regions and plans. */
async function seedFixture(org: Org, seed: number) {
  const rows = focusFixtureRows(org.org_slug, { ...FIXTURE_DAYS, seed }).map((r, i) => {
    const account = ACCOUNTS[i % 3]!;
    const region = REGIONS[(i >> 1) % 3]!;
    return {
      ...r,
      SubAccountId: account,
      SubAccountName: account === null ? null : `${account} name`,
      RegionId: region,
      RegionName: region === null ? null : `Region ${region}`,
      SkuId: r.x_cost_type === 'subscription' ? `saas/slack/${PLANS[i % 2]!}` : null,
    };
  });
  const wh = await p.ctx.warehouse();
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
    await db.query(
      `INSERT INTO hierarchy_entities (org_slug, entity_id, name, level_code, parent_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [org.org_slug, e.id, e.name, e.level, segments.length > 1 ? segments[segments.length - 2]! : null],
    );
  }
}
beforeAll(async () => {
  a = await p.onboard();
  b = await p.onboard();
  await seedFixture(a, 7);
  await seedFixture(b, 8);
});

describe.skipIf(!samples)('cloud accounts and regions reconcile with the source export', () => {
  beforeAll(async () => loadSample(a));

  it('per account and per region, USD rows only; the EUR row is counted apart', async () => {
    const source = sourceRows().filter((r) => r.BillingCurrency === 'USD');
    const eur = sourceRows().length - source.length;
    expect(eur).toBe(1);
    const accounts = await view(a, 'cloud/accounts', MAY);
    expect(accounts).toMatchObject({ currency: 'USD', ...MAY, other_currency_records: eur });
    const accountKey = (provider: unknown, name: unknown, id: unknown, sub: unknown) =>
      JSON.stringify([provider, name, id, sub]);
    expectReconciled(
      accounts,
      totalsBy(
        source,
        (r) => accountKey('aws', r.ServiceProviderName, orNull(r.SubAccountId), orNull(r.SubAccountName)),
        (r) => r.BilledCost!,
        (r) => r.EffectiveCost!,
      ),
      (i) => accountKey(i.provider, i.provider_name, i.sub_account_id, i.sub_account_name),
    );
    expect(accounts.items.length).toBeGreaterThanOrEqual(6);
    expectSorted(accounts.items, ['provider', 'provider_name', 'sub_account_id', 'sub_account_name']);

    const regions = await view(a, 'cloud/regions', MAY);
    expect(regions.other_currency_records).toBe(eur);
    const regionKey = (provider: unknown, name: unknown, id: unknown) => JSON.stringify([provider, name, id]);
    expectReconciled(
      regions,
      totalsBy(
        source,
        (r) => regionKey('aws', r.ServiceProviderName, orNull(r.RegionId)),
        (r) => r.BilledCost!,
        (r) => r.EffectiveCost!,
      ),
      (i) => regionKey(i.provider, i.provider_name, i.region_id),
    );
    // Rows without a region are their own row; a named region keeps its name.
    expect(regions.items.find((i) => i.region_id === null)).toMatchObject({
      region_name: null,
      record_count: 2,
    });
    expect(regions.items.find((i) => i.region_id === 'eu-west-1')?.region_name).toBe('EU (Ireland)');
    expectSorted(regions.items, ['provider', 'provider_name', 'region_id', 'region_name']);
  });

  it('filters: service category, provider, cost type', async () => {
    const source = sourceRows().filter((r) => r.BillingCurrency === 'USD');
    const category = 'Compute';
    const compute = await view(a, 'cloud/accounts', { ...MAY, service_category: category });
    const only = source.filter((r) => r.ServiceCategory === category);
    expect(only.length).toBeGreaterThan(0);
    expect(only.length).toBeLessThan(source.length);
    expect(compute.record_count).toBe(only.length);
    expectMoney(
      compute.total_effective_cost,
      only.reduce((s, r) => s.plus(r.EffectiveCost!), new Decimal(0)),
    );
    const aws = await view(a, 'cloud/regions', { ...MAY, provider: 'aws' });
    expect(aws.record_count).toBe(source.length);
    for (const [query, path] of [
      [{ provider: 'gcp' }, 'cloud/accounts'],
      [{ cost_type: 'genai' }, 'cloud/regions'],
      [{ cost_type: 'cloud' }, 'subscriptions/plans'],
    ] as const) {
      const empty = await view(a, path, { ...MAY, ...query });
      expect(empty, JSON.stringify(query)).toMatchObject({
        items: [],
        total_billed_cost: 0,
        total_effective_cost: 0,
        record_count: 0,
      });
    }
  });
});

/**
 * Σ per `group` (SQL expressions) of the org's seeded rows of `costType` in USD under the entity and its
 * descendants: the same figures through SQL written apart (path segments matched with LIKE).
 */
async function direct(org: Org, costType: string, group: string[], entity?: string) {
  const wh = await p.ctx.warehouse();
  const where = [
    "x_org_slug = @org AND x_cost_type = @type AND BillingCurrency = 'USD'",
    'ChargePeriodStart >= CAST(CAST(@start AS DATE) AS TIMESTAMP)',
    'ChargePeriodStart < CAST(DATE_ADD(CAST(@end AS DATE), INTERVAL 1 DAY) AS TIMESTAMP)',
  ];
  if (entity)
    where.push(
      "(f.x_hierarchy_path LIKE CONCAT('%/', @entity) OR f.x_hierarchy_path LIKE CONCAT('%/', @entity, '/%'))",
    );
  const rows = await wh.query<Record<string, unknown>>(
    `SELECT ${group.map((g, i) => `${g} AS k${i}`).join(', ')}, SUM(BilledCost) AS b, SUM(EffectiveCost) AS e,
       COUNT(*) AS n
     FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')} AS f
     WHERE ${where.join(' AND ')} GROUP BY ${group.map((_, i) => i + 1).join(', ')}`,
    {
      org: org.org_slug,
      type: costType,
      start: FIXTURE.start_date,
      end: FIXTURE.end_date,
      ...(entity ? { entity } : {}),
    },
  );
  return new Map(
    rows.map((r) => [
      JSON.stringify(group.map((_, i) => r[`k${i}`] ?? null)),
      { billed: new Decimal(String(r.b)), effective: new Decimal(String(r.e)), n: Number(r.n) },
    ]),
  );
}

describe('hierarchy filter, isolation and bad input', () => {
  it('the hierarchy filter takes the entity and its descendants', async () => {
    const CLOUD = ['x_cloud_provider', 'ServiceProviderName', 'SubAccountId', 'SubAccountName'];
    const accountKey = (i: Item) =>
      JSON.stringify([i.provider, i.provider_name, i.sub_account_id, i.sub_account_name]);
    for (const entity of [undefined, 'DEPT-001', 'PROJ-001', 'TEAM-001', 'DEPT-002']) {
      const q = { ...FIXTURE, ...(entity ? { hierarchy_entity_id: entity } : {}) };
      const expected = await direct(a, 'cloud', CLOUD, entity);
      expect(expected.size, String(entity)).toBeGreaterThan(0);
      expectReconciled(await view(a, 'cloud/accounts', q), expected, accountKey);
    }
    // A department's cost holds its projects' and teams': more than the rows allocated to it alone.
    const dept = await view(a, 'cloud/regions', { ...FIXTURE, hierarchy_entity_id: 'DEPT-001' });
    const proj = await view(a, 'cloud/regions', { ...FIXTURE, hierarchy_entity_id: 'PROJ-001' });
    const team = await view(a, 'cloud/regions', { ...FIXTURE, hierarchy_entity_id: 'TEAM-001' });
    expect(dept.record_count).toBeGreaterThan(proj.record_count as number);
    expect(proj.record_count).toBeGreaterThan(team.record_count as number);
    expectReconciled(
      dept,
      await direct(a, 'cloud', ['x_cloud_provider', 'ServiceProviderName', 'RegionId'], 'DEPT-001'),
      (i) => JSON.stringify([i.provider, i.provider_name, i.region_id]),
    );

    const PLAN = ['LOWER(ServiceProviderName)', 'ServiceProviderName', 'ServiceName', PLAN_NAME_SQL];
    const planKey = (i: Item) => JSON.stringify([i.provider, i.provider_name, i.service_name, i.plan_name]);
    const plans = await view(a, 'subscriptions/plans', { ...FIXTURE, hierarchy_entity_id: 'DEPT-001' });
    expectReconciled(plans, await direct(a, 'subscription', PLAN, 'DEPT-001'), planKey);
    expect(plans.items.map((i) => i.plan_name).sort()).toEqual(['business_plus', 'pro']);
  });

  it('money in the org’s currency only; rows in EUR are counted apart', async () => {
    const wh = await p.ctx.warehouse();
    const [eur] = await wh.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ${wh.table(`${a.org_slug}_test`, 'cost_data_standard_1_3')}
       WHERE x_cost_type = 'cloud' AND BillingCurrency = 'EUR' AND x_pipeline_id = 'fixture/cost/rows'`,
    );
    expect(Number(eur!.n)).toBeGreaterThan(0);
    expect((await view(a, 'cloud/accounts', FIXTURE)).other_currency_records).toBe(Number(eur!.n));
  });

  it('another org reads only its own; bad input is 400, an unknown entity 404', async () => {
    for (const path of ['cloud/accounts', 'cloud/regions', 'subscriptions/plans']) {
      const res = await get(a, path, FIXTURE, b.api_key);
      expect(res.status, path).toBe(403);
      const own = await view(b, path, FIXTURE);
      const mine = await view(a, path, FIXTURE);
      expect(own.record_count).toBeGreaterThan(0);
      expect(own.total_billed_cost).not.toBe(mine.total_billed_cost);
      const cases: [Record<string, string>, number, RegExp][] = [
        [{ ...FIXTURE, start_date: '2026-13-01' }, 400, /start_date/],
        [{ ...FIXTURE, cost_type: 'hardware' }, 400, /cost_type/],
        [{ ...FIXTURE, provider: 'AWS!' }, 400, /provider/],
        [{ ...FIXTURE, unknown: 'x' }, 400, /unknown/i],
        [{ end_date: FIXTURE.end_date }, 400, /start_date/],
        [{ ...FIXTURE, hierarchy_entity_id: 'DEPT-999' }, 404, /DEPT-999/],
      ];
      for (const [query, status, message] of cases) {
        const bad = await get(a, path, query);
        expect(bad.status, `${path} ${JSON.stringify(query)}`).toBe(status);
        expect(await bad.text()).toMatch(message);
      }
    }
  });
});

describe('subscription plans made through the API', () => {
  it('cost per plan equals the plans’ prices, by hand', async () => {
    const org = await p.onboard();
    const plan = async (provider: string, body: Record<string, unknown>) => {
      const r = await orgRequest(
        p,
        org,
        'POST',
        `/api/v1/subscriptions/${org.org_slug}/providers/${provider}/plans`,
        body,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    };
    const monthly = { billing_cycle: 'monthly', start_date: '2026-01-01' };
    await plan('slack', {
      plan_name: 'pro',
      ...monthly,
      pricing_model: 'PER_SEAT',
      unit_price: '8.75',
      seats: 10,
    });
    await plan('slack', {
      plan_name: 'business_plus',
      ...monthly,
      pricing_model: 'PER_SEAT',
      unit_price: '15',
      seats: 4,
    });
    await plan('github', { plan_name: 'team', ...monthly, pricing_model: 'FLAT_FEE', unit_price: '123.45' });
    await runPipelineToCompletion(p, org, 'saas/subscription/costs', '2026-03-01', '2026-04-30');
    const march = await view(org, 'subscriptions/plans', {
      start_date: '2026-03-01',
      end_date: '2026-03-31',
    });
    const cost = (provider: string, planName: string) =>
      march.items.find((i) => i.provider === provider && i.plan_name === planName);
    // A monthly plan's month is billed and amortized in full: its price times seats.
    for (const [provider, planName, price] of [
      ['slack', 'pro', '87.5'],
      ['slack', 'business_plus', '60'],
      ['github', 'team', '123.45'],
    ] as const) {
      const item = cost(provider, planName);
      expect(item, `${provider}/${planName}`).toBeDefined();
      expectMoney(item!.billed_cost, new Decimal(price), `${provider}/${planName} billed`);
      expectMoney(item!.effective_cost, new Decimal(price), `${provider}/${planName} effective`);
      expect(item!.record_count).toBe(31);
    }
    expect(march.items).toHaveLength(3);
    expect(march.items[0]).toMatchObject({ provider: 'github', plan_name: 'team' });
    expectMoney(march.total_billed_cost, new Decimal('270.95'));
    // The provider filter: only Slack's plans, both months.
    const slack = await view(org, 'subscriptions/plans', {
      start_date: '2026-03-01',
      end_date: '2026-04-30',
      provider: 'slack',
    });
    expect(slack.items.map((i) => i.plan_name)).toEqual(['pro', 'business_plus']);
    expectMoney(slack.total_billed_cost, new Decimal('295'));
  });
});
