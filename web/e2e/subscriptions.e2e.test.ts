// SaaS subscriptions as a person manages them: the demo owner opens "SaaS plans" from the nav, enables Cursor (not
// in the demo), adds a per-seat plan from the first day of last month, tries a seat change dated on the plan's start
// (the API refuses it and its field message shows on the field), adds it mid-month instead, recalculates from the
// banner and follows the run to COMPLETED (its link goes to the run page), then sees the subscription cost page and
// API show the exact prorated amount; deletes the plan (confirmation naming what goes); axe finds nothing serious;
// screenshots.
import { mkdirSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, seriousViolations, startHarness, type Harness, waitForDemo } from './harness.js';
import { apiClient, money, shot, signIn, tid, type ApiClient } from './helpers.js';

const ORG = 'acme_demo';
const PROVIDER = 'cursor';
const PRICE = '20.5';
const SEATS = 3;
const NEW_SEATS = 5;

let h: Harness;
let page: Page;
let demo: { api_key: string; user_email: string; user_password: string };
/** Last whole calendar month (UTC) and the day its seat change takes effect (the 16th). */
let month: { start_date: string; end_date: string };
let changeDay = '';
/** The API as the demo org's key. */
let api: ApiClient;

const cursorCost = () =>
  api.read<{ total_effective_cost: number; total_billed_cost: number }>(`/costs/${ORG}/subscriptions`, {
    ...month,
    provider: PROVIDER,
  });

beforeAll(async () => {
  h = await startHarness({ demo: true });
  demo = await waitForDemo(h.dataDir);
  api = apiClient(h.url, { apiKey: demo.api_key });
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  month = { start_date: day(first), end_date: day(last) };
  changeDay = `${month.start_date.slice(0, 8)}16`;
  mkdirSync(SCREENSHOTS, { recursive: true });
  page = await h.page();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await signIn(page, demo.user_email, demo.user_password);
});
afterAll(() => h?.close());

describe('manage a SaaS subscription and see its cost', () => {
  let planId = '';

  it('enables a provider and adds a plan checked as the API checks it', async () => {
    expect((await cursorCost()).total_effective_cost).toBe(0);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'SaaS plans' })
      .click();
    await page.waitForURL(new RegExp(`/${ORG}/subscriptions`));
    await page.getByRole('heading', { level: 1, name: 'SaaS subscriptions' }).waitFor();

    await page.getByRole('button', { name: 'Enable Cursor' }).click();
    await page.getByRole('button', { name: 'Disable Cursor' }).waitFor();
    const providers = await api.read<{ items: { provider: string; enabled: boolean }[] }>(
      `/subscriptions/${ORG}/providers`,
    );
    expect(providers.items.find((p) => p.provider === PROVIDER)?.enabled).toBe(true);

    await page.locator(tid('saas-providers')).getByRole('link', { name: 'Cursor', exact: true }).click();
    await page.waitForURL(/provider=cursor/);
    await page.getByRole('button', { name: 'Add plan', exact: true }).click();
    const form = page.getByRole('form', { name: 'New plan' });
    await form.getByLabel('Plan name').fill('pro');
    await form.getByLabel('Start').fill(month.start_date);
    await form.getByLabel('Price per seat per cycle').fill('20.5000000001');
    await form.getByLabel('Seats').fill(String(SEATS));
    await form.getByRole('button', { name: 'Add plan', exact: true }).click();
    // The contract's own rule, before anything is sent.
    await form.getByText('at most 9 decimals, below 10^12').waitFor();
    await form.getByLabel('Price per seat per cycle').fill(PRICE);
    await form.getByRole('button', { name: 'Add plan', exact: true }).click();
    await form.waitFor({ state: 'detached' });

    const plans = await api.read<{
      items: { plan_id: string; unit_price: number; seats: number; start_date: string }[];
    }>(`/subscriptions/${ORG}/providers/${PROVIDER}/plans`);
    expect(plans.items).toHaveLength(1);
    expect(plans.items[0]).toMatchObject({ unit_price: 20.5, seats: SEATS, start_date: month.start_date });
    planId = plans.items[0]!.plan_id;
    const row = page.locator(`${tid('saas-plans-table')} tbody tr`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('$20.50 / seat');
  });

  it("a change on the plan's start is refused with the API's field message; mid-month it is added", async () => {
    await page.getByRole('button', { name: 'Add change to pro' }).click();
    const form = page.getByRole('form', { name: 'Plan change' });
    await form.getByLabel('From').fill(month.start_date);
    await form.getByLabel('New seats').fill(String(NEW_SEATS));
    await form.getByRole('button', { name: 'Add change' }).click();
    // The API's words, on the field (the contract cannot know the plan's start).
    await page.locator('#change-effective_date-error').waitFor();
    expect(await page.locator('#change-effective_date-error').textContent()).toBe('on or before start_date');
    expect(await form.getByLabel('From').getAttribute('aria-invalid')).toBe('true');
    await form.getByText('A change takes effect after start_date').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'subscriptions-change-error');

    await form.getByLabel('From').fill(changeDay);
    await form.getByRole('button', { name: 'Add change' }).click();
    await form.waitFor({ state: 'detached' });
    const plans = await api.read<{ items: { changes: unknown[] }[] }>(
      `/subscriptions/${ORG}/providers/${PROVIDER}/plans`,
    );
    expect(plans.items[0]!.changes).toEqual([
      { effective_date: changeDay, seats: NEW_SEATS, unit_price: null },
    ]);
  });

  it('"Recalculate costs" runs the SaaS pipeline and the cost page and API show the exact prorated amount', async () => {
    const panel = page.locator(tid('recalculate'));
    await panel.getByText(/Costs from .* are out of date/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'subscriptions');
    await panel.getByRole('button', { name: 'Recalculate costs' }).click();
    const run = panel.locator(tid('recalc-run'));
    await run.waitFor();
    await run.locator('[data-status="COMPLETED"]').waitFor({ timeout: 180_000 });
    await shot(page, 'subscriptions-recalculated');
    const href = await run.getByRole('link', { name: 'View run' }).getAttribute('href');
    expect(href).toMatch(new RegExp(`^/${ORG}/pipelines/runs/[0-9a-f-]{36}$`));
    const runs = await api.read<{
      items: { run_id: string; pipeline_id: string; start_date: string; status: string }[];
    }>(`/pipelines/${ORG}/runs`, { pipeline_id: 'saas/subscription/costs', limit: '1' });
    expect(runs.items[0]).toMatchObject({
      run_id: href!.split('/').at(-1),
      start_date: month.start_date,
      status: 'COMPLETED',
    });

    // One whole monthly cycle: the first 15 days at 3 seats, the rest at 5, each day 1/D of the cycle's price.
    const days = Number(month.end_date.slice(8));
    const price = new Decimal(PRICE);
    const expected = price
      .times(SEATS)
      .times(15)
      .plus(price.times(NEW_SEATS).times(days - 15))
      .dividedBy(days)
      .toDecimalPlaces(9, Decimal.ROUND_HALF_EVEN);
    const cost = await cursorCost();
    expect(Math.abs(cost.total_effective_cost - expected.toNumber())).toBeLessThan(1e-9);

    await page.goto(`/${ORG}/costs/subscriptions?${new URLSearchParams({ ...month, provider: PROVIDER })}`);
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel!)?.textContent?.trim() === want,
      [tid('view-total-effective'), money(expected)],
      { timeout: 30_000 },
    );
  });

  it('deletes the plan after a confirmation naming what goes', async () => {
    await page.goto(`/${ORG}/subscriptions?provider=${PROVIDER}`);
    await page.getByRole('button', { name: 'Delete pro' }).click();
    const dialog = page.getByRole('dialog', { name: /Delete the Cursor plan/ });
    await dialog.getByText('The plan and its 1 dated change go.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Delete plan' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(tid('saas-plans')).getByText('No Cursor plan yet.').waitFor();
    const plans = await api.read<{ items: unknown[] }>(`/subscriptions/${ORG}/providers/${PROVIDER}/plans`);
    expect(plans.items).toEqual([]);
    expect(planId).not.toBe('');
    // The delete is a plan edit too: the page offers to recalculate from the plan's start.
    await page
      .locator(tid('recalculate'))
      .getByText(/out of date/)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('resets the provider to its catalogue plans (switched off) and switches one on', async () => {
    await page.getByRole('button', { name: 'Reset to catalogue' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset Cursor to the catalogue?' });
    await dialog.getByText('come the catalogue plans (pro, teams)', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Reset plans' }).click();
    await dialog.waitFor({ state: 'detached' });
    const rows = page.locator(`${tid('saas-plans-table')} tbody tr`);
    await expect.poll(() => rows.count()).toBe(2);
    type Listed = { items: { plan_name: string; enabled: boolean; seats: number }[] };
    const reset = await api.read<Listed>(`/subscriptions/${ORG}/providers/${PROVIDER}/plans`);
    expect(reset.items.map((p) => [p.plan_name, p.enabled, p.seats]).sort()).toEqual([
      ['pro', false, 1],
      ['teams', false, 1],
    ]);
    await page.getByRole('button', { name: 'Switch on Cursor pro' }).click();
    await page.getByRole('button', { name: 'Switch off Cursor pro' }).waitFor();
    const on = await api.read<Listed>(`/subscriptions/${ORG}/providers/${PROVIDER}/plans`);
    expect(on.items.find((p) => p.plan_name === 'pro')?.enabled).toBe(true);
  });
});
