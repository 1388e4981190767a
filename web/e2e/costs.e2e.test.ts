// The demo's money in the browser: the dashboard and the cost pages show the API's numbers to the cent (KPIs and
// every chart's table twin), their filters live in the URL (a reload shows the same), a viewer's write controls are
// disabled, axe finds nothing serious, and the screenshots of dashboard, cloud, subscriptions, GenAI and hierarchy
// are written.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  SCREENSHOTS,
  seriousViolations,
  signUpAndConfirm,
  startHarness,
  type Harness,
  waitForDemo,
} from './harness.js';
import { accessToken, apiClient, cells, day, money, shot, signIn, tid, type ApiClient } from './helpers.js';

const ORG = 'acme_demo';
type Row = Record<string, unknown>;
type Kind = 'text' | 'money' | 'day' | 'number';
type Columns = readonly (readonly [key: string, kind: Kind])[];

let h: Harness;
let page: Page;
let demo: { api_key: string; user_email: string; user_password: string; start: string; end: string };
let range: { start_date: string; end_date: string };
/** The API as the demo org's key. */
let api: ApiClient;

// --- table cells as a person reads them (money and day from ./helpers, independent of the app's own) ---
function cell(v: unknown, kind: Kind, currency: string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (kind === 'money') return money(v as number, currency);
  if (kind === 'day') return day(v as string);
  if (kind === 'number') return new Intl.NumberFormat('en-US').format(v as number);
  return String(v);
}
const expected = (rows: readonly Row[], cols: Columns, currency = 'USD') =>
  rows.map((r) => cols.map(([k, kind]) => cell(r[k], kind, currency)));
const items = (body: Row) => body.items as Row[];

// --- the page ---
async function text(p: Page, id: string): Promise<string> {
  const el = p.locator(tid(id));
  await el.waitFor();
  return (await el.textContent())!.trim();
}
/** Opens a chart's "View as table" twin and reads its cells. */
async function twin(p: Page, id: string): Promise<string[][]> {
  const frame = p.locator(tid(id));
  await frame.getByRole('button', { name: 'View as table' }).click();
  await p.locator(tid(`${id}-table`)).waitFor();
  const rows = await cells(p, `${id}-table`);
  await frame.getByRole('button', { name: 'View as chart' }).click();
  return rows;
}
const search = (extra: Record<string, string> = {}) => new URLSearchParams({ ...range, ...extra }).toString();

beforeAll(async () => {
  h = await startHarness({ demo: true });
  demo = await waitForDemo(h.dataDir);
  api = apiClient(h.url, { apiKey: demo.api_key });
  // A fixed range inside the demo's 90 days: the first whole calendar month after its first day.
  const first = new Date(`${demo.start.slice(0, 7)}-01T00:00:00Z`);
  first.setUTCMonth(first.getUTCMonth() + 1);
  const last = new Date(first);
  last.setUTCMonth(last.getUTCMonth() + 1);
  last.setUTCDate(0);
  range = { start_date: first.toISOString().slice(0, 10), end_date: last.toISOString().slice(0, 10) };
  expect(range.end_date <= demo.end).toBe(true);
  mkdirSync(SCREENSHOTS, { recursive: true });
  page = await h.page();
  await signIn(page, demo.user_email, demo.user_password);
});
afterAll(() => h?.close());

const AMOUNTS = [
  ['billed_cost', 'money'],
  ['effective_cost', 'money'],
] as const;

describe('the demo dashboard shows the API numbers', () => {
  it('the totals and the split by cost type equal GET /costs/{org}/summary and /total to the cent', async () => {
    await page.goto(`/${ORG}/dashboard?${search()}`);
    const summary = await api.read<{
      total_billed_cost: number;
      total_effective_cost: number;
      currency: string;
    }>(`/costs/${ORG}/summary`, range);
    expect(summary.total_billed_cost).toBeGreaterThan(0);
    expect(await text(page, 'total-billed-cost')).toBe(money(summary.total_billed_cost, summary.currency));
    expect(await text(page, 'total-effective-cost')).toBe(
      money(summary.total_effective_cost, summary.currency),
    );
    const total = await api.read<{ by_cost_type: Record<string, { billed_cost: number }> }>(
      `/costs/${ORG}/total`,
      range,
    );
    for (const t of ['cloud', 'genai', 'subscription'])
      expect(await text(page, `cost-type-${t}`)).toBe(money(total.by_cost_type[t]!.billed_cost));
    await page.locator(`${tid('freshness')} ${tid('data-through-aws')}`).waitFor();
    await page
      .locator(`${tid('trend')} figure svg`)
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'dashboard');
  });

  it("every chart's table twin equals its API view", async () => {
    const views: [id: string, path: string, cols: Columns, query?: Record<string, string>][] = [
      [
        'trend',
        'trend-granular',
        [['period', 'day'], ['cost_type', 'text'], ['provider', 'text'], ...AMOUNTS],
      ],
      ['providers', 'by-provider', [['provider_name', 'text'], ['cost_type', 'text'], ...AMOUNTS]],
      [
        'services',
        'by-service',
        [['provider', 'text'], ['service_name', 'text'], ['service_category', 'text'], ...AMOUNTS],
      ],
    ];
    for (const [id, path, cols] of views) {
      const rows = items(await api.read(`/costs/${ORG}/${path}`, range));
      expect(rows.length, id).toBeGreaterThan(0);
      expect(await twin(page, id), id).toEqual(expected(rows, cols));
    }
    const hierarchy = items(await api.read(`/costs/${ORG}/by-hierarchy`, range)).map((r) => ({
      ...r,
      entity_name: r.entity_id === null ? 'Unallocated' : r.entity_name,
    }));
    expect(await twin(page, 'hierarchy')).toEqual(
      expected(hierarchy, [
        ['entity_name', 'text'],
        ['entity_id', 'text'],
        ['level_code', 'text'],
        ...AMOUNTS,
      ]),
    );
  });

  it("a chart's CSV holds the API rows in full precision", async () => {
    const rows = items(await api.read(`/costs/${ORG}/by-service`, range));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(tid('services')).getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`cost-by-service-${range.start_date}-${range.end_date}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    const keys = ['provider', 'service_name', 'service_category', 'billed_cost', 'effective_cost'];
    const quote = (v: unknown) => (v === null ? '' : /[",]/.test(String(v)) ? `"${String(v)}"` : String(v));
    expect(csv).toBe(
      [keys, ...rows.map((r) => keys.map((k) => quote(r[k])))].map((l) => l.join(',')).join('\r\n') + '\r\n',
    );
  });

  it('the dark theme renders the same numbers', async () => {
    await page.getByRole('button', { name: /dark/i }).click();
    await page
      .locator(`${tid('trend')} figure svg`)
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'dashboard-dark');
    await page.getByRole('button', { name: /light/i }).click();
  });
});

describe('filters live in the URL', () => {
  it('changing range, provider and basis changes the URL; reloading it shows the same numbers', async () => {
    await page.goto(`/${ORG}/dashboard?${search()}`);
    await text(page, 'total-billed-cost');
    // A custom range: the second half of the fixed month.
    const start = `${range.start_date.slice(0, 8)}15`;
    await page.getByLabel('From').fill(start);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((u) => u.searchParams.get('start_date') === start);
    await page.locator('#filter-provider').selectOption('aws');
    await page.waitForURL((u) => u.searchParams.get('provider') === 'aws');
    await page.getByRole('button', { name: 'Effective', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('basis') === 'effective');
    const query = { start_date: start, end_date: range.end_date, provider: 'aws' };
    const summary = await api.read<{ total_billed_cost: number; total_effective_cost: number }>(
      `/costs/${ORG}/summary`,
      query,
    );
    const providers = expected(items(await api.read(`/costs/${ORG}/by-provider`, query)), [
      ['provider_name', 'text'],
      ['cost_type', 'text'],
      ...AMOUNTS,
    ]);
    const url = page.url();
    for (const attempt of ['changed', 'reloaded']) {
      if (attempt === 'reloaded') await page.reload();
      await page.waitForFunction(
        ([id, want]) => document.querySelector(id!)?.textContent?.trim() === want,
        [tid('total-billed-cost'), money(summary.total_billed_cost)],
      );
      expect(await text(page, 'total-effective-cost'), attempt).toBe(money(summary.total_effective_cost));
      expect(await twin(page, 'providers'), attempt).toEqual(providers);
      expect(page.url()).toBe(url);
    }
    expect(
      await page.getByRole('button', { name: 'Effective', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
  });
});

/** The breakdowns of the cost pages: chart id, API view, and the key columns between provider and amounts. */
const BREAKDOWNS: Record<'cloud' | 'subscriptions', [id: string, view: string, keys: Columns][]> = {
  cloud: [
    [
      'accounts',
      'cloud/accounts',
      [
        ['sub_account_name', 'text'],
        ['sub_account_id', 'text'],
      ],
    ],
    [
      'regions',
      'cloud/regions',
      [
        ['region_id', 'text'],
        ['region_name', 'text'],
      ],
    ],
  ],
  subscriptions: [
    [
      'plans',
      'subscriptions/plans',
      [
        ['service_name', 'text'],
        ['plan_name', 'text'],
      ],
    ],
  ],
};

describe('the cost pages', () => {
  it('cloud and subscriptions: totals, the service, account, region and plan tables equal their API views', async () => {
    for (const [route, path] of [
      ['cloud', 'cloud'],
      ['subscriptions', 'subscriptions'],
    ] as const) {
      await page.goto(`/${ORG}/costs/${route}?${search()}`);
      const view = await api.read<{ total_billed_cost: number; total_effective_cost: number; items: Row[] }>(
        `/costs/${ORG}/${path}`,
        range,
      );
      expect(await text(page, 'view-total-billed'), route).toBe(money(view.total_billed_cost));
      expect(await text(page, 'view-total-effective'), route).toBe(money(view.total_effective_cost));
      const cols: Columns = [
        ['provider_name', 'text'],
        ['service_name', 'text'],
        ['service_category', 'text'],
        ...AMOUNTS,
        ['record_count', 'number'],
      ];
      expect(await twin(page, 'view'), route).toEqual(expected(view.items, cols));
      // The page's trend and providers are the dashboard's views narrowed to its cost type.
      const typed = { ...range, cost_type: route === 'cloud' ? 'cloud' : 'subscription' };
      const trend = items(await api.read(`/costs/${ORG}/trend-granular`, typed));
      expect(trend.length, route).toBeGreaterThan(0);
      expect(await twin(page, 'trend'), route).toEqual(
        expected(trend, [['period', 'day'], ['cost_type', 'text'], ['provider', 'text'], ...AMOUNTS]),
      );
      const providers = items(await api.read(`/costs/${ORG}/by-provider`, typed));
      expect(await twin(page, 'providers'), route).toEqual(
        expected(providers, [['provider_name', 'text'], ['cost_type', 'text'], ...AMOUNTS]),
      );
      // Cloud by account and by region, SaaS by plan: their own views, every row in the twin.
      for (const [id, view, keys] of BREAKDOWNS[route]) {
        const rows = items(await api.read(`/costs/${ORG}/${view}`, range));
        expect(rows.length, id).toBeGreaterThan(0);
        const cols: Columns = [['provider_name', 'text'], ...keys, ...AMOUNTS, ['record_count', 'number']];
        expect(await twin(page, id), id).toEqual(expected(rows, cols));
      }
      for (const id of ['trend', ...BREAKDOWNS[route].map(([b]) => b)]) {
        await page
          .locator(`${tid(id)} figure svg`)
          .first()
          .waitFor();
      }
      expect(await seriousViolations(page), route).toEqual([]);
      await shot(page, `costs-${route}`);
    }
    // Subscriptions also lists every plan by its next renewal.
    const saas = items(await api.read(`/subscriptions/${ORG}/providers`)).filter(
      (p) => (p.plan_count as number) > 0,
    );
    const plans = (
      await Promise.all(
        saas.map(async (p) => items(await api.read(`/subscriptions/${ORG}/providers/${p.provider}/plans`))),
      )
    ).flat();
    expect(plans.length).toBeGreaterThan(0);
    const cells = await page.$$eval(`${tid('renewals-table')} tbody tr td:first-child`, (tds) =>
      tds.map((td) => td.textContent ?? ''),
    );
    expect(cells.sort()).toEqual(
      plans.map((p) => `${String(p.display_name ?? p.plan_name)} · ${String(p.provider)}`).sort(),
    );
  });

  it('GenAI: the summary by provider and by model, unpriced usage and reconciliation equal the API', async () => {
    await page.goto(`/${ORG}/costs/genai?${search()}`);
    const byProvider = await api.read<{ totals: { total_cost: number }[]; items: Row[] }>(
      `/genai/${ORG}/costs/summary`,
      { ...range, group_by: 'provider' },
    );
    expect(await text(page, 'genai-total')).toBe(money(byProvider.totals[0]!.total_cost));
    const cols: Columns = [
      ['key', 'text'],
      ['currency', 'text'],
      ['total_cost', 'money'],
      ['list_cost', 'money'],
    ];
    const keyed = (rows: Row[]) => rows.map((r) => ({ ...r, key: r.key ?? '(none)' }));
    expect(await twin(page, 'genai-breakdown')).toEqual(expected(keyed(byProvider.items), cols));
    const models = items(await api.read(`/costs/${ORG}/genai`, range));
    expect(await twin(page, 'genai-models')).toEqual(
      expected(models, [
        ['provider_name', 'text'],
        ['model', 'text'],
        ...AMOUNTS,
        ['record_count', 'number'],
      ]),
    );
    const recon = items(await api.read(`/genai/${ORG}/reconciliation`, range));
    expect(await twin(page, 'reconciliation')).toEqual(
      expected(recon, [
        ['date', 'day'],
        ['provider', 'text'],
        ['computed_cost', 'money'],
        ['billed_cost', 'money'],
        ['difference', 'money'],
      ]),
    );
    const unpriced = items(await api.read(`/genai/${ORG}/usage/unpriced`, range));
    expect(await text(page, 'unpriced')).toContain(`(${unpriced.length} to do)`);
    await page
      .locator(`${tid('trend')} figure svg`)
      .first()
      .waitFor();
    await page
      .locator(`${tid('reconciliation')} figure svg`)
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'genai');

    await page.getByRole('button', { name: 'Model', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('group_by') === 'model');
    const byModel = await api.read<{ items: Row[] }>(`/genai/${ORG}/costs/summary`, {
      ...range,
      group_by: 'model',
    });
    await page.reload();
    await page
      .locator(tid('genai-breakdown'))
      .getByRole('heading', { name: 'GenAI cost by model' })
      .waitFor();
    expect(await twin(page, 'genai-breakdown')).toEqual(expected(keyed(byModel.items), cols));
  });

  it('GenAI without priced usage says why (a provider filter, unpriced usage); a failed summary shows no totals', async () => {
    // a GenAI provider without usage in the range: the empty state names the filter
    const candidates = ['gemini', 'deepseek', 'azure_openai', 'bedrock', 'vertex', 'anthropic', 'openai'];
    let idle: string | undefined;
    for (const provider of candidates) {
      const s = await api.read<{ totals: unknown[] }>(`/genai/${ORG}/costs/summary`, { ...range, provider });
      if (s.totals.length === 0) {
        idle = provider;
        break;
      }
    }
    expect(idle).toBeDefined();
    await page.goto(`/${ORG}/costs/genai?${search({ provider: idle! })}`);
    const empty = page.locator(tid('genai-no-usage'));
    await empty.getByText(new RegExp(`^No priced GenAI usage for the provider ${idle!} from `)).waitFor();
    await empty.getByText('clear the provider filter', { exact: false }).waitFor();

    // usage but no price for it: the price book is the way
    const summary = /\/api\/v1\/genai\/[^/]+\/costs\/summary/;
    await page.route(summary, async (r) => {
      const res = await r.fetch();
      const body = (await res.json()) as Record<string, unknown>;
      await r.fulfill({
        response: res,
        json: { ...body, totals: [], items: [], unpriced: [{ provider: 'openai', model: 'gpt-e2e' }] },
      });
    });
    try {
      await page.goto(`/${ORG}/costs/genai?${search()}`);
      await empty.getByText('no price covers it', { exact: false }).waitFor();
      expect(await empty.getByRole('link', { name: 'price book' }).getAttribute('href')).toBe(
        `/${ORG}/pricing`,
      );
    } finally {
      await page.unroute(summary);
    }

    // the summary refused: its error, and no total cards left loading beside it
    await page.route(summary, (r) =>
      r.fulfill({ status: 400, json: { error: { code: 'BAD_REQUEST', message: 'E2E: no summary' } } }),
    );
    try {
      await page.goto(`/${ORG}/costs/genai?${search()}`);
      await page
        .getByRole('alert')
        .filter({ hasText: 'Could not load the GenAI costs' })
        .getByText('E2E: no summary')
        .waitFor();
      expect(await page.getByText('GenAI cost (priced usage)').count()).toBe(0);
      expect(await page.locator(tid('genai-no-usage')).count()).toBe(0);
    } finally {
      await page.unroute(summary);
    }
  });

  it('hierarchy: a node total is the API summary for that entity; drilling down sets it in the URL', async () => {
    await page.goto(`/${ORG}/costs/hierarchy?${search()}`);
    const all = await api.read<{ total_billed_cost: number }>(`/costs/${ORG}/summary`, range);
    expect(await text(page, 'node-total')).toBe(money(all.total_billed_cost));
    await page
      .locator(`${tid('hierarchy-treemap')} figure svg`)
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'hierarchy');

    const tree = await api.read<{ roots: { entity_id: string; name: string }[] }>(`/hierarchy/${ORG}/tree`);
    const dept = tree.roots.find((r) => r.entity_id === 'DEPT-DATA') ?? tree.roots[0]!;
    await page.getByRole('list', { name: 'Parts' }).getByRole('button', { name: dept.name }).click();
    await page.waitForURL((u) => u.searchParams.get('hierarchy_entity_id') === dept.entity_id);
    const query = { ...range, hierarchy_entity_id: dept.entity_id };
    const node = await api.read<{ total_billed_cost: number }>(`/costs/${ORG}/summary`, query);
    await page.waitForFunction(
      ([id, want]) => document.querySelector(id!)?.textContent?.trim() === want,
      [tid('node-total'), money(node.total_billed_cost)],
    );
    const rows = items(await api.read(`/costs/${ORG}/by-hierarchy`, query));
    expect(await twin(page, 'hierarchy-treemap')).toEqual(
      expected(rows, [
        ['entity_name', 'text'],
        ['entity_id', 'text'],
        ['level_code', 'text'],
        ['path', 'text'],
        ...AMOUNTS,
      ]),
    );
    await page.getByRole('navigation', { name: 'Hierarchy path' }).getByText(dept.name).waitFor();
    await shot(page, 'hierarchy-drilldown');
  });
});

describe('roles', () => {
  it("an owner's Run now is enabled; a viewer sees it disabled with the role it needs", async () => {
    await page.goto(`/${ORG}/dashboard?${search()}`);
    const ownerRun = page.locator(tid('freshness')).getByRole('button', { name: /^Run / });
    await ownerRun.first().waitFor();
    expect(await ownerRun.first().isDisabled()).toBe(false);

    // The demo owner adds a viewer (with the owner's own session, as the app would).
    const token = await accessToken(page);
    expect(token).toBeTruthy();
    const email = 'e2e-viewer@example.test';
    const put = await apiClient(h.url, { token }).put(
      `/organizations/${ORG}/members/${encodeURIComponent(email)}`,
      {
        role: 'viewer',
      },
    );
    expect(put.status).toBe(200);

    const viewer = await h.page();
    await signUpAndConfirm(h, viewer, email, 'viewer-horse-42');
    await viewer.waitForURL(new RegExp(`/${ORG}/dashboard`));
    await viewer.goto(`/${ORG}/dashboard?${search()}`);
    expect(await text(viewer, 'total-billed-cost')).toBe(await text(page, 'total-billed-cost'));
    const runs = viewer.locator(tid('freshness')).getByRole('button', { name: /^Run / });
    await runs.first().waitFor();
    const count = await runs.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) expect(await runs.nth(i).isDisabled()).toBe(true);
    expect(await viewer.locator('[aria-label="needs member"]').count()).toBe(count);
    expect(await seriousViolations(viewer)).toEqual([]);
    await viewer.context().close();
  });
});
