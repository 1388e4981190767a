// GenAI pricing as a person uses it: the demo owner opens Pricing, sees OpenAI's price book as the API lists it,
// sets an override of gpt-4o-mini (the demo's support bot) from a day (a bad price is refused on its field and
// nothing is stored), re-runs pricing from the page, follows the run to COMPLETED and sees the GenAI page's total
// change to what the override implies (the API's tokens x the override's rates, to the cent); deletes the override
// and re-runs: the cost is back to the public price's. "Set a price" prefills the form (a link with ?set=, and an
// unpriced model when the demo has one); reset names what it deletes. axe finds nothing serious; screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Exact } from '../../shared/money/decimal.js';
import { SCREENSHOTS, seriousViolations, startHarness, type Harness, waitForDemo } from './harness.js';
import { apiClient, money, ok, shot, signIn, textIs, tid, type ApiClient } from './helpers.js';

const ORG = 'acme_demo';
const MODEL = 'gpt-4o-mini';
const PIPELINE = 'openai/genai/usage';
/** The override: every rate the demo's gpt-4o-mini usage has, doubled (public: 0.15 / 0.075 / 0.6 per 1M). */
const RATES: Record<string, string> = { input: '0.3', cached_input: '0.15', output: '1.2' };

let h: Harness;
let page: Page;
let demo: { api_key: string; user_email: string; user_password: string; start: string; end: string };
/** The days the override covers (the demo's last 7) and the range the GenAI page shows. */
let range: { start_date: string; end_date: string };
/** The API as the demo org's key. */
let api: ApiClient;

const cents = (v: number | Exact) => new Exact(v).toDecimalPlaces(2).toFixed(2);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface PriceItem {
  model: string;
  source: 'default' | 'custom';
  effective_from: string;
  effective_to: string | null;
  input_per_1m: number | null;
  cached_input_per_1m: number | null;
  output_per_1m: number | null;
}
const prices = async (provider = 'openai') =>
  (await api.read<{ items: PriceItem[] }>(`/integrations/${ORG}/${provider}/pricing`)).items;

interface CostRow {
  model: string | null;
  token_type: string | null;
  quantity: number;
  unit: string;
  list_cost: number;
  total_cost: number;
}
/** The demo model's priced rows over the range (its dated snapshot gpt-4o-mini-2024-07-18). */
const modelCosts = async () =>
  (await api.read<{ items: CostRow[] }>(`/genai/${ORG}/costs`, range)).items.filter((r) =>
    (r.model ?? '').startsWith(`${MODEL}-`),
  );
const sum = (rows: CostRow[], k: 'total_cost' | 'list_cost') =>
  rows.reduce((s, r) => s.plus(r[k]), new Exact(0));
const genaiTotal = async () =>
  (
    await api.read<{ totals: { total_cost: number; currency: string }[] }>(`/genai/${ORG}/costs/summary`, {
      ...range,
      group_by: 'provider',
    })
  ).totals[0]!.total_cost;

const rowCount = (p: Page, n: number) =>
  p.waitForFunction(
    ([sel, want]) => document.querySelectorAll(sel!).length === Number(want),
    [`${tid('price-book-table')} tbody tr`, String(n)],
  );

/** Starts the re-run offered on the page and waits for its run to complete; returns the run id. */
async function rerunFromPage(p: Page): Promise<string> {
  const card = p.locator(tid('rerun'));
  await card.waitFor();
  expect(await card.getByLabel('From').inputValue()).toBe(range.start_date);
  expect(await card.getByLabel('To').inputValue()).toBe(range.end_date);
  await card.getByRole('button', { name: `Re-run ${PIPELINE}` }).click();
  const line = card.locator(tid('rerun-run'));
  await line.locator('[data-status="COMPLETED"]').waitFor({ timeout: 240_000 });
  const href = await line.getByRole('link', { name: 'View run' }).getAttribute('href');
  expect(href).toMatch(new RegExp(`^/${ORG}/pipelines/runs/[0-9a-f-]{36}$`));
  const runId = href!.split('/').at(-1)!;
  const run = await api.read<{ status: string; pipeline_id: string; start_date: string; end_date: string }>(
    `/pipelines/${ORG}/runs/${runId}`,
  );
  expect(run).toMatchObject({ status: 'COMPLETED', pipeline_id: PIPELINE, ...range });
  return runId;
}

beforeAll(async () => {
  h = await startHarness({ demo: true });
  demo = await waitForDemo(h.dataDir);
  api = apiClient(h.url, { apiKey: demo.api_key });
  // The demo ends yesterday (UTC): the page re-prices from the override's day through yesterday.
  range = { start_date: addDays(demo.end, -6), end_date: demo.end };
  mkdirSync(SCREENSHOTS, { recursive: true });
  page = await h.page();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) console.error('[http]', r.status(), r.url());
  });
  await signIn(page, demo.user_email, demo.user_password);
});
afterAll(() => h?.close());

describe('GenAI pricing', () => {
  let publicCost: Exact;
  let publicList: Exact;
  let totalBefore = 0;

  it("lists OpenAI's price book as the API does: public price and override side by side", async () => {
    // The demo model's cost at the public price, before any override.
    const rows = await modelCosts();
    expect(rows.length).toBeGreaterThan(0);
    publicCost = sum(rows, 'total_cost');
    publicList = sum(rows, 'list_cost');
    expect(publicCost.gt(0)).toBe(true);
    totalBefore = await genaiTotal();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Pricing' }).click();
    await page.waitForURL(new RegExp(`/${ORG}/pricing`));
    await page.getByRole('heading', { level: 1, name: 'GenAI pricing' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Providers' });
    expect(await nav.locator('[aria-current="page"]').textContent()).toBe('OpenAI');
    const items = await prices();
    const models = new Set(items.map((i) => i.model));
    const table = page.locator(tid('price-book-table'));
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(models.size);
    const mini = items.find((i) => i.model === MODEL && i.source === 'default')!;
    const row = page.locator(tid(`price-row-${MODEL}`));
    const shown = (await row.locator(tid('public-price')).first().textContent())!;
    expect(shown).toContain(`In $${mini.input_per_1m}`);
    expect(shown).toContain(`Cached $${mini.cached_input_per_1m}`);
    expect(shown).toContain(`Out $${mini.output_per_1m}`);
    expect(await row.locator('td').nth(1).textContent()).toBe('None');
    // Filter by model.
    await page.getByLabel('Filter models').fill('4o-mini');
    await rowCount(page, [...models].filter((m) => m.includes('4o-mini')).length);
    await page.getByLabel('Filter models').fill('');
    await rowCount(page, models.size);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('sets an override from a day: a bad price is refused on its field, the saved one is listed', async () => {
    await page.getByRole('button', { name: `Set override of ${MODEL}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Set a price: OpenAI' });
    await dialog.waitFor();
    // Prefilled with the public price, as decimal text.
    expect(await dialog.getByLabel('Input', { exact: true }).inputValue()).toBe('0.15');
    await dialog.getByLabel('Effective from').fill(range.start_date);
    await dialog.getByLabel('Input', { exact: true }).fill('1e-3');
    await dialog.getByRole('button', { name: 'Save price' }).click();
    await dialog.getByText('a decimal like "2.5"').waitFor();
    expect(await dialog.getByLabel('Input', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect((await prices()).filter((i) => i.source === 'custom')).toEqual([]);

    await dialog.getByLabel('Input', { exact: true }).fill(RATES.input!);
    await dialog.getByLabel('Cached input (optional)').fill(RATES.cached_input!);
    await dialog.getByLabel('Output', { exact: true }).fill(RATES.output!);
    await dialog.getByLabel('Notes (optional)').fill('negotiated 2x (e2e)');
    // The fixed field's error is gone once it is edited.
    expect(await dialog.getByText('a decimal like "2.5"').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.screenshot({ path: join(SCREENSHOTS, 'pricing-override.png') });
    await dialog.getByRole('button', { name: 'Save price' }).click();
    await dialog.waitFor({ state: 'detached' });

    const custom = (await prices()).filter((i) => i.source === 'custom');
    expect(custom).toMatchObject([
      {
        model: MODEL,
        effective_from: range.start_date,
        effective_to: null,
        input_per_1m: 0.3,
        cached_input_per_1m: 0.15,
        output_per_1m: 1.2,
      },
    ]);
    const override = page.locator(tid(`price-row-${MODEL}`)).locator(tid('override-price'));
    await override.waitFor();
    expect(await override.textContent()).toContain('In $0.3');
    await page.locator(tid('override-count-openai')).getByText('(1 override)').waitFor();
  });

  it("re-runs pricing from the page; the GenAI total changes to the override's cost, to the cent", async () => {
    await rerunFromPage(page);
    // What the override implies: each token type's quantity (the API's) x the override's rate per 1M.
    const rows = await modelCosts();
    let expected = new Exact(0);
    for (const r of rows) {
      if (r.quantity === 0) continue;
      const rate = RATES[r.token_type ?? ''];
      if (rate === undefined)
        throw new Error(`gpt-4o-mini has ${r.token_type} usage the test does not price`);
      expected = expected.plus(new Exact(r.quantity).times(rate).div(1_000_000));
    }
    expect(cents(sum(rows, 'total_cost'))).toBe(cents(expected));
    // Every rate doubled: the cost doubled; the public (list) cost did not move.
    expect(cents(sum(rows, 'total_cost'))).toBe(cents(publicCost.times(2)));
    expect(cents(sum(rows, 'list_cost'))).toBe(cents(publicList));
    const totalAfter = await genaiTotal();
    expect(cents(new Exact(totalAfter).minus(totalBefore))).toBe(cents(expected.minus(publicCost)));

    // The page after the run: the override listed, the completed run linked.
    await page.locator(tid('rerun')).getByRole('link', { name: 'See the GenAI costs' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'pricing');

    // The GenAI page over the re-priced days (through the page's own link, no reload) shows the API's new total.
    await page.getByRole('link', { name: 'See the GenAI costs' }).click();
    await page.waitForURL(new RegExp(`/${ORG}/costs/genai`));
    expect(new URL(page.url()).searchParams.get('start_date')).toBe(range.start_date);
    expect(new URL(page.url()).searchParams.get('end_date')).toBe(range.end_date);
    await textIs(page, tid('genai-total'), money(totalAfter));
    expect(money(totalAfter)).not.toBe(money(totalBefore));
  });

  it('deletes the override (confirmation) and re-runs: the cost is the public price again', async () => {
    await page.goto(`/${ORG}/pricing?provider=openai`);
    await page
      .getByRole('button', { name: `Delete the override of ${MODEL} from ${range.start_date}` })
      .click();
    const dialog = page.getByRole('dialog', { name: `Delete the override of ${MODEL}?` });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Delete override' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await prices()).filter((i) => i.source === 'custom')).toEqual([]);
    expect(
      await page
        .locator(tid(`price-row-${MODEL}`))
        .locator('td')
        .nth(1)
        .textContent(),
    ).toBe('None');
    await rerunFromPage(page);
    const rows = await modelCosts();
    expect(cents(sum(rows, 'total_cost'))).toBe(cents(publicCost));
    expect(cents(await genaiTotal())).toBe(cents(totalBefore));
  });
});

describe('set a price and reset', () => {
  it('a "Set a price" link (?set=) opens the form prefilled with the provider and model', async () => {
    await page.goto(`/${ORG}/pricing?provider=anthropic&set=claude-new-model`);
    const dialog = page.getByRole('dialog', { name: 'Set a price: Anthropic' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Model').inputValue()).toBe('claude-new-model');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL((u) => !u.searchParams.has('set'));
    expect(new URL(page.url()).searchParams.get('provider')).toBe('anthropic');
  });

  it("an unpriced model's Set a price prefills the form (when the demo has unpriced usage)", async () => {
    await page.goto(`/${ORG}/pricing`);
    const card = page.locator(tid('unpriced-models'));
    await card.waitFor();
    const today = new Date().toISOString().slice(0, 10);
    const unpriced = await api.read<{ items: { provider: string; model: string | null }[] }>(
      `/genai/${ORG}/usage/unpriced`,
      { start_date: addDays(today, -90), end_date: addDays(today, -1) },
    );
    const first = unpriced.items.find((u) => u.model !== null);
    if (!first) {
      await card.getByText('Every token in this range has a price: nothing to do.').waitFor();
      return;
    }
    await card
      .getByRole('button', { name: new RegExp(`^Set a price for ${first.model}`) })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: /^Set a price: / });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Model').inputValue()).toBe(first.model);
    await page.waitForURL((u) => u.searchParams.get('provider') === first.provider);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it("resets a provider's overrides after a confirmation naming them", async () => {
    for (const [model, from] of [
      ['claude-haiku-4-5', '2026-01-01'],
      ['claude-sonnet-4-5', '2026-02-01'],
    ] as const) {
      const path = `/integrations/${ORG}/anthropic/pricing/${model}`;
      ok(path, await api.put(path, { input_per_1m: '0.5', output_per_1m: '2.5', effective_from: from }));
    }
    await page.goto(`/${ORG}/pricing?provider=anthropic`);
    await page.locator(tid('override-count-anthropic')).getByText('(2 overrides)').waitFor();
    await page.getByRole('button', { name: 'Reset to public prices' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset Anthropic to public prices?' });
    await dialog
      .getByText(/Deletes all 2 overrides of Anthropic \(claude-haiku-4-5, claude-sonnet-4-5\)/)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Delete 2 overrides' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await prices('anthropic')).filter((i) => i.source === 'custom')).toEqual([]);
    // The re-run is offered from the earliest override's day.
    const card = page.locator(tid('rerun'));
    await card
      .getByText('2 overrides of Anthropic deleted: public prices apply again.', { exact: false })
      .waitFor();
    expect(await card.getByLabel('From').inputValue()).toBe(
      ['2026-01-01', addDays(demo.end, -91)].sort().at(-1),
    );
    expect(await page.getByRole('button', { name: 'Reset to public prices' }).isDisabled()).toBe(true);
  });
});
