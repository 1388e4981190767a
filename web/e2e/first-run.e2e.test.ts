// A newcomer's first run, on a platform without the demo org: sign up and confirm by mail, create an org (its API
// key shown once), connect OpenAI (a wrong key shows OpenAI's own message and stores nothing, the right one
// connects), look at the GenAI costs of a week (nothing yet), run openai/genai/usage for that week from the
// Pipelines page, follow the run until it completes, and follow its link back to the GenAI costs: the total is the
// API's, to the cent, and not zero — all in the app, without a reload after the first page. OpenAI is the demo's
// provider stand-in (scripts/demo/stand-in.ts) started here with keys of this test, and the platform reaches it
// through OPENAI_BASE_URL as it would reach api.openai.com. axe finds nothing serious; a screenshot of each step.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { SCREENSHOTS, seriousViolations, signUpAndConfirm, startHarness, type Harness } from './harness.js';
import { apiClient, money, shot, tid, type ApiClient } from './helpers.js';
import { newDemoKeys, startStandIn, type DemoKeys, type StandIn } from '../../scripts/demo/stand-in.js';
import { addDays, isoDay } from '../../scripts/demo/generator.js';
import { formatRange } from '../src/lib/utc-days.js';

const PIPELINE = 'openai/genai/usage';
const EMAIL = 'newcomer@example.test';

let standIn: StandIn;
let keys: DemoKeys;
let h: Harness;
let page: Page;
let org = '';
/** The API as the new org's key (shown once on onboarding). */
let api: ApiClient;
/** The week the newcomer imports: the last seven complete days (the stand-in serves two weeks up to yesterday). */
let week: { start_date: string; end_date: string };
let runId = '';

/** A range as the app writes it (`Mar 1 – Mar 7, 2026`). */
const range = (r: { start_date: string; end_date: string }) =>
  formatRange({ start: r.start_date, end: r.end_date });

const credentials = async () =>
  (
    await api.read<{ items: { provider: string; name: string; status: string; fingerprint: string }[] }>(
      `/integrations/${org}`,
    )
  ).items;

/** Marks the document; a reload (or a full navigation) loses the mark. */
const markDocument = () =>
  page.evaluate(() => ((window as unknown as { firstRun?: string }).firstRun = 'kept'));
const documentMark = () => page.evaluate(() => (window as unknown as { firstRun?: string }).firstRun);

beforeAll(async () => {
  const yesterday = addDays(isoDay(Date.now()), -1);
  week = { start_date: addDays(yesterday, -6), end_date: yesterday };
  keys = newDemoKeys();
  standIn = await startStandIn(keys, 'first-run', addDays(yesterday, -13), yesterday);
  // The platform's provider settings (read by `npm start` from its environment) point at the stand-in.
  for (const [name, value] of Object.entries(standIn.endpoints)) vi.stubEnv(name, value);
  h = await startHarness();
  mkdirSync(SCREENSHOTS, { recursive: true });
  page = await h.page();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
});
afterAll(async () => {
  await h?.close();
  await standIn?.close();
  vi.unstubAllEnvs();
});

describe("a newcomer's first run", () => {
  it('signs up, confirms by mail and creates an org; its API key is shown once', async () => {
    await signUpAndConfirm(h, page, EMAIL, 'first-run-horse-1');
    await page.waitForURL(/\/onboarding$/);
    await page.getByRole('heading', { name: 'Create your organization' }).waitFor();
    await page.getByText('Starter', { exact: true }).waitFor();
    await page.getByLabel('Organization name').fill('First Run Labs');
    await page.getByLabel('Time zone').selectOption('UTC');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'first-run-1-onboarding');
    await page.getByRole('button', { name: 'Create organization' }).click();
    const dialog = page.getByRole('dialog', { name: "Your organization's API key" });
    api = apiClient(h.url, { apiKey: (await dialog.getByTestId('api-key').textContent())! });
    await dialog.getByLabel('I have stored it').check();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/[a-z0-9_]+\/dashboard/);
    org = new URL(page.url()).pathname.split('/')[1]!;
    await page.getByRole('heading', { level: 1, name: 'First Run Labs' }).waitFor();
    await page.getByRole('heading', { name: 'Connect a provider to see your costs' }).waitFor();
    expect(await credentials()).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'first-run-2-dashboard');
  });

  it('connects OpenAI: a wrong key shows OpenAI’s message and stores nothing; the right key connects', async () => {
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Integrations' })
      .click();
    await page.waitForURL(`**/${org}/integrations`);
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
    await page.getByRole('button', { name: 'Connect OpenAI' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect OpenAI' });
    const key = dialog.getByLabel('Admin API key');
    await dialog.getByLabel('Name').fill('Production');
    await key.fill(newDemoKeys().openai);
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    const error = dialog.locator(tid('provider-error'));
    await error.waitFor();
    // OpenAI's own sentence, the key masked as OpenAI masks it.
    expect(await error.textContent()).toMatch(
      /OpenAI rejected the credential: invalid_api_key: Incorrect API key provided: sk-ad\*{4}\w{4}\./,
    );
    expect(await credentials()).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'first-run-3-connect-error');

    await key.fill(keys.openai);
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(tid('connected')).getByText('OpenAI connected').waitFor();
    expect(await credentials()).toEqual([
      expect.objectContaining({
        provider: 'openai',
        name: 'Production',
        status: 'VALID',
        fingerprint: keys.openai.slice(-4),
      }),
    ]);
    expect(await page.content()).not.toContain(keys.openai);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'first-run-4-integrations');
  });

  it('the GenAI costs of the week hold nothing yet', async () => {
    // The last full page load: from here on the newcomer moves through the app.
    await page.goto(`/${org}/costs/genai?${new URLSearchParams(week)}`);
    await page.getByRole('heading', { level: 1, name: 'GenAI costs' }).waitFor();
    const summary = await api.read<{ totals: { total_cost: number }[] }>(`/genai/${org}/costs/summary`, {
      ...week,
      group_by: 'provider',
    });
    expect(summary.totals).toEqual([]);
    await page
      .locator(tid('genai-no-usage'))
      .getByText(`No priced GenAI usage from ${range(week)}`)
      .waitFor();
    expect(await page.locator(tid('genai-total')).count()).toBe(0);
    // Nothing computed or billed to compare: the reconciliation panel says so and claims nothing about it (it
    // once added "Computed cost matches or exceeds the billed cost every day").
    const reconciliation = page.locator(tid('reconciliation'));
    await reconciliation.getByText('No provider-billed cost to compare in this range').waitFor();
    expect(await reconciliation.getByText(/matches or exceeds|billed more than computed/).count()).toBe(0);
    await markDocument();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'first-run-5-genai-empty');
  });

  it('runs openai/genai/usage for the week from the Pipelines page and follows it until it completes', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Pipelines' }).click();
    await page.waitForURL(new RegExp(`/${org}/pipelines`));
    await page.getByRole('heading', { level: 1, name: 'Pipelines' }).waitFor();
    await page.getByRole('button', { name: `Run now: ${PIPELINE}` }).click();
    const dialog = page.getByRole('dialog', { name: `Run ${PIPELINE}` });
    await dialog.getByText('Credential:').waitFor();
    await dialog.getByLabel('From').fill(week.start_date);
    await dialog.getByLabel('To').fill(week.end_date);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'first-run-6-run-dialog');

    // Every read of the run the page makes, in order: it follows the run until the run ends.
    const seen: string[] = [];
    const isRunRead = (r: Response) =>
      /\/api\/v1\/pipelines\/[a-z0-9_]+\/runs\/[0-9a-f-]{36}$/.test(new URL(r.url()).pathname);
    const onResponse = (r: Response) => {
      if (isRunRead(r))
        void r.json().then(
          (b: { status: string }) => seen.push(b.status),
          () => undefined,
        );
    };
    page.on('response', onResponse);
    try {
      await dialog.getByRole('button', { name: 'Start run' }).click();
      await page.waitForURL(new RegExp(`/${org}/pipelines/runs/[0-9a-f-]{36}$`));
      runId = page.url().split('/').at(-1)!;
      await page.getByRole('heading', { level: 1, name: `Run of ${PIPELINE}` }).waitFor();
      await page.locator(`${tid('run-summary')} [data-status="COMPLETED"]`).waitFor({ timeout: 180_000 });
      // (The bodies are read in this process a moment after the page has them.)
      await expect.poll(() => seen.at(-1)).toBe('COMPLETED');
    } finally {
      page.off('response', onResponse);
    }
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]).not.toBe('COMPLETED');
    // The listener is gone: a read of the run from the page (no reload: the app keeps its cache) is not recorded.
    const recorded = seen.length;
    const runPath = `/api/v1/pipelines/${org}/runs/${runId}`;
    await Promise.all([
      page.waitForResponse(isRunRead),
      page.evaluate(async (path) => void (await fetch(path, { credentials: 'include' })).text(), runPath),
    ]);
    await new Promise((r) => setTimeout(r, 250));
    expect(seen).toHaveLength(recorded);

    const run = await api.read<{
      status: string;
      start_date: string;
      end_date: string;
      steps: { step_id: string; status: string; attempts: number }[];
    }>(`/pipelines/${org}/runs/${runId}`);
    expect(run).toMatchObject({ status: 'COMPLETED', ...week });
    for (const s of run.steps) {
      expect(s.status).toBe('SUCCEEDED');
      await page.locator(`${tid(`step-${s.step_id}`)} [data-status="SUCCEEDED"]`).waitFor();
    }
    expect(await documentMark()).toBe('kept');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'first-run-7-run');
  });

  it("the run links to the week's GenAI costs: the API's total, not zero, without a reload", async () => {
    await page.locator(tid('run-costs-link')).click();
    await page.waitForURL(
      (u) =>
        u.pathname === `/${org}/costs/genai` &&
        u.searchParams.get('start_date') === week.start_date &&
        u.searchParams.get('end_date') === week.end_date,
    );
    const summary = await api.read<{ totals: { total_cost: number; currency: string }[] }>(
      `/genai/${org}/costs/summary`,
      { ...week, group_by: 'provider' },
    );
    const [total] = summary.totals;
    expect(total!.total_cost).toBeGreaterThan(0);
    const shown = money(total!.total_cost, total!.currency);
    // The page read the summary of the week before the run: it shows the new one without being reloaded.
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel!)?.textContent === want,
      [tid('genai-total'), shown],
      { timeout: 30_000 },
    );
    expect(await documentMark()).toBe('kept');
    // By provider: OpenAI alone, at that total.
    await page
      .locator(tid('genai-breakdown'))
      .locator(`figure[aria-label$="1 groups; largest openai at ${shown}."]`)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'first-run-8-genai');
  });
});
