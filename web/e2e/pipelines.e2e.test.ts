// Pipelines as a person uses them: the demo owner opens the dashboard, goes to Pipelines (in the app, no reload),
// runs the sample pipeline for a week from the Run now dialog (a reversed range is refused as the API refuses it;
// the runs left are shown), watches the run detail until it completes with every step succeeded, downloads its
// logs, goes back to the dashboard and sees the new total (the API's, to the cent) without reloading; the history
// filters by pipeline and status in the URL and lists the API's runs; a run of the AWS bill that reads a partial
// export (AWS still writing it) fails with the step's attempts and error on its page, and once the file is whole
// "Retry failed steps" re-runs them to COMPLETED; axe finds nothing serious; screenshots.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, seriousViolations, startHarness, type Harness, waitForDemo } from './harness.js';
import { apiClient, money, shot, signIn, textIs, tid, type ApiClient } from './helpers.js';
import { DEMO_AWS } from '../../scripts/demo/aws-cur.js';

const ORG = 'acme_demo';
const SAMPLE = 'sample/demo/costs';

let h: Harness;
let page: Page;
let demo: { api_key: string; user_email: string; user_password: string; start: string; end: string };
/** The dashboard's range (a whole month inside the demo) and the week of it the sample run imports. */
let month: { start_date: string; end_date: string };
let week: { start_date: string; end_date: string };
let runId = '';
/** The API as the demo org's key. */
let api: ApiClient;

beforeAll(async () => {
  h = await startHarness({ demo: true });
  demo = await waitForDemo(h.dataDir);
  api = apiClient(h.url, { apiKey: demo.api_key });
  const first = new Date(`${demo.start.slice(0, 7)}-01T00:00:00Z`);
  first.setUTCMonth(first.getUTCMonth() + 1);
  const last = new Date(first);
  last.setUTCMonth(last.getUTCMonth() + 1);
  last.setUTCDate(0);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  month = { start_date: day(first), end_date: day(last) };
  const seventh = new Date(first);
  seventh.setUTCDate(7);
  week = { start_date: day(first), end_date: day(seventh) };
  expect(month.end_date <= demo.end).toBe(true);
  mkdirSync(SCREENSHOTS, { recursive: true });
  page = await h.page();
  // What the browser saw go wrong, printed when a step times out.
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) console.error('[http]', r.status(), r.url());
  });
  await signIn(page, demo.user_email, demo.user_password);
});
afterAll(() => h?.close());

describe('run a pipeline from the UI', () => {
  let before = 0;

  it('the catalogue marks what the demo org can run; Run now checks the range and shows the runs left', async () => {
    await page.goto(`/${ORG}/dashboard?${new URLSearchParams(month)}`);
    const summary = await api.read<{ total_billed_cost: number }>(`/costs/${ORG}/summary`, month);
    before = summary.total_billed_cost;
    await textIs(page, tid('total-billed-cost'), money(before));

    // To the pipelines page through the app's own nav: the dashboard's reads stay in the app's cache.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Pipelines' }).click();
    await page.waitForURL(new RegExp(`/${ORG}/pipelines`));
    await page.getByRole('heading', { level: 1, name: 'Pipelines' }).waitFor();
    const catalogue = await api.read<{
      items: { pipeline_id: string; requires_integration: string | null }[];
    }>('/validator/pipelines');
    const integrations = await api.read<{ items: { provider: string; status: string }[] }>(
      `/integrations/${ORG}`,
    );
    const valid = new Set(integrations.items.filter((i) => i.status === 'VALID').map((i) => i.provider));
    const runnable = catalogue.items.filter(
      (p) => p.requires_integration === null || valid.has(p.requires_integration),
    );
    const buttons = page.locator(tid('catalogue')).getByRole('button', { name: /^Run now: / });
    await buttons.first().waitFor();
    expect((await buttons.allTextContents()).length).toBe(runnable.length);
    const labels = await buttons.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(labels.sort()).toEqual(runnable.map((p) => `Run now: ${p.pipeline_id}`).sort());
    // A pipeline whose provider is not connected offers to connect it instead.
    const missing = catalogue.items.find((p) => p.requires_integration === 'gcp')!;
    await page
      .locator(tid(`pipeline-${missing.pipeline_id}`))
      .getByText('Needs the Google Cloud integration')
      .waitFor();

    await page.getByRole('button', { name: `Run now: ${SAMPLE}` }).click();
    const dialog = page.getByRole('dialog', { name: `Run ${SAMPLE}` });
    await dialog.waitFor();
    const quota = await api.read<{ daily: { used: number; limit: number } }>(`/organizations/${ORG}/quota`);
    await dialog
      .locator(tid('quota-left'))
      .getByText(`${quota.daily.limit - quota.daily.used} of ${quota.daily.limit} left today`, {
        exact: false,
      })
      .waitFor();
    // A reversed range: refused on "To" with the API's message, nothing started.
    await dialog.getByLabel('From').fill(week.end_date);
    await dialog.getByLabel('To').fill(week.start_date);
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await dialog.getByText('end_date is before start_date.').waitFor();
    expect(await dialog.getByLabel('To').getAttribute('aria-invalid')).toBe('true');
    expect(
      (await api.read<{ items: unknown[] }>(`/pipelines/${ORG}/runs`, { pipeline_id: SAMPLE })).items,
    ).toEqual([]);
    await dialog.getByLabel('From').fill(week.start_date);
    await dialog.getByLabel('To').fill(week.end_date);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'pipelines-run-dialog');
  });

  it('starts the run, follows it to COMPLETED with every step succeeded, and downloads its logs', async () => {
    const dialog = page.getByRole('dialog', { name: `Run ${SAMPLE}` });
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(new RegExp(`/${ORG}/pipelines/runs/[0-9a-f-]{36}$`));
    runId = page.url().split('/').at(-1)!;
    await page.getByRole('heading', { level: 1, name: `Run of ${SAMPLE}` }).waitFor();
    // Live: the page reads the run again until it ends (no reload here).
    await page.locator(`${tid('run-summary')} [data-status="COMPLETED"]`).waitFor({ timeout: 180_000 });
    const run = await api.read<{
      status: string;
      start_date: string;
      end_date: string;
      steps: { step_id: string; status: string; attempts: number }[];
      transitions: unknown[];
    }>(`/pipelines/${ORG}/runs/${runId}`);
    expect(run.status).toBe('COMPLETED');
    expect({ start_date: run.start_date, end_date: run.end_date }).toEqual(week);
    expect(run.steps.map((s) => s.step_id).sort()).toEqual([
      'allocate',
      'cloud',
      'focus',
      'genai',
      'reconcile',
    ]);
    for (const s of run.steps) {
      const card = page.locator(tid(`step-${s.step_id}`));
      await card.locator('[data-status="SUCCEEDED"]').waitFor();
      expect(s.status).toBe('SUCCEEDED');
      expect(await card.getByText('Attempts').locator('xpath=following-sibling::dd').textContent()).toBe(
        String(s.attempts),
      );
    }
    // Stages follow the dependencies: the two branches first, reconcile last.
    const stages = await page.$$eval(`${tid('run-steps')} > ol > li`, (lis) =>
      lis.map((li) =>
        [...li.querySelectorAll('[data-testid^="step-"]')].map((e) => e.getAttribute('data-testid')),
      ),
    );
    expect(stages).toEqual([
      ['step-cloud', 'step-genai'],
      ['step-focus'],
      ['step-allocate'],
      ['step-reconcile'],
    ]);
    const transitionRows = await page.locator(`${tid('transitions-table')} tbody tr`).count();
    expect(transitionRows).toBe(run.transitions.length);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'pipelines-run');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download logs' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`run-${runId}.jsonl`);
    const file = readFileSync((await download.path())!, 'utf8');
    expect(file).toBe(await api.read<string>(`/pipelines/${ORG}/runs/${runId}/logs`));
    const lines = file
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { run_id: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.run_id === runId)).toBe(true);

    // The viewer: every line, then one step's.
    await page.getByRole('button', { name: 'Show logs' }).click();
    const shown = page.locator(`${tid('log-lines')} > li`);
    await shown.first().waitFor();
    expect(await shown.count()).toBe(Math.min(500, lines.length));
    await page.getByLabel('Step', { exact: true }).selectOption('cloud');
    const cloud = lines.filter((l) => (l as { step_id?: string | null }).step_id === 'cloud').length;
    expect(cloud).toBeGreaterThan(0);
    await page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel!).length === Number(n),
      [`${tid('log-lines')} > li`, String(cloud)],
    );
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("back on the dashboard (no reload) the total is the API's new total", async () => {
    const after = await api.read<{ total_billed_cost: number }>(`/costs/${ORG}/summary`, month);
    expect(after.total_billed_cost).not.toBe(before);
    // Back through the browser history: the app's cache of the dashboard's reads is still there.
    await page.goBack();
    await page.waitForURL(new RegExp(`/${ORG}/pipelines$`));
    await page.goBack();
    await page.waitForURL((u) => u.pathname === `/${ORG}/dashboard`);
    await textIs(page, tid('total-billed-cost'), money(after.total_billed_cost));
  });
});

describe('run history', () => {
  it('filters by pipeline and status in the URL and lists the API runs; a row opens its run', async () => {
    await page.goto(`/${ORG}/pipelines?${new URLSearchParams({ pipeline_id: SAMPLE })}`);
    const table = page.locator(tid('runs-table'));
    await table.waitFor();
    const listed = await api.read<{ items: { run_id: string; status: string }[] }>(`/pipelines/${ORG}/runs`, {
      pipeline_id: SAMPLE,
    });
    expect(listed.items.map((r) => r.run_id)).toEqual([runId]);
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('#history-pipeline').inputValue()).toBe(SAMPLE);

    await page.locator('#history-pipeline').selectOption('');
    await page.waitForURL((u) => !u.searchParams.has('pipeline_id'));
    const all = await api.read<{ items: { status: string }[] }>(`/pipelines/${ORG}/runs`, { limit: '20' });
    await page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel!).length === Number(n),
      [`${tid('runs-table')} tbody tr`, String(all.items.length)],
    );
    await page.locator('#history-status').selectOption('FAILED');
    await page.waitForURL((u) => u.searchParams.get('status') === 'FAILED');
    const failed = await api.read<{ items: unknown[] }>(`/pipelines/${ORG}/runs`, { status: 'FAILED' });
    if (failed.items.length === 0) await page.getByText('No run matches these filters.').waitFor();
    else expect(await table.locator('tbody tr').count()).toBe(failed.items.length);
    await page.reload();
    expect(await page.locator('#history-status').inputValue()).toBe('FAILED');
    await page.locator('#history-status').selectOption('COMPLETED');
    await page.waitForURL((u) => u.searchParams.get('status') === 'COMPLETED');
    const completed = await api.read<{ items: unknown[] }>(`/pipelines/${ORG}/runs`, { status: 'COMPLETED' });
    await page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel!).length === Number(n),
      [`${tid('runs-table')} tbody tr`, String(Math.min(20, completed.items.length))],
    );
    await page
      .locator(`${tid('runs-table')} tbody tr`)
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'pipelines');

    await page.goto(`/${ORG}/pipelines?${new URLSearchParams({ pipeline_id: SAMPLE })}`);
    await table.getByRole('link').first().click();
    await page.waitForURL(new RegExp(`/pipelines/runs/${runId}$`));
    await page.locator(`${tid('run-summary')} [data-status="COMPLETED"]`).waitFor();
  });

  it('an unknown run id shows "No such run"', async () => {
    await page.goto(`/${ORG}/pipelines/runs/00000000-0000-4000-8000-000000000000`);
    await page.getByText('No such run').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('retry of failed steps', () => {
  const AWS = 'aws/cost/billing';
  interface RunRead {
    status: string;
    error: string | null;
    steps: { step_id: string; status: string; attempts: number; error: string | null }[];
  }
  /** The demo's AWS export of the week's month, where the demo's AWS integration reads it. */
  const exportFile = () =>
    join(
      h.dataDir,
      'demo',
      'exports',
      'aws',
      DEMO_AWS.bucket,
      DEMO_AWS.prefix,
      `BILLING_PERIOD=${week.start_date.slice(0, 7)}`,
      'acme-demo-00001.csv.gz',
    );
  let whole: Buffer | undefined;
  let failedRun = '';
  let stepError = '';
  let extractAttempts = 0;
  // The export whole again whatever happened, for the files after this one.
  afterAll(() => {
    if (whole) writeFileSync(exportFile(), whole);
  });
  const stepCard = (id: string) => page.locator(tid(`step-${id}`));
  const attemptsOf = (id: string) =>
    stepCard(id).getByText('Attempts').locator('xpath=following-sibling::dd').textContent();

  it('a run that reads a partial export fails: its page shows the failed step, its attempts and error', async () => {
    // AWS is still writing the month's file: half of it is there.
    whole = readFileSync(exportFile());
    writeFileSync(exportFile(), whole.subarray(0, Math.floor(whole.length / 2)));

    await page.goto(`/${ORG}/pipelines`);
    await page.getByRole('button', { name: `Run now: ${AWS}` }).click();
    const dialog = page.getByRole('dialog', { name: `Run ${AWS}` });
    await dialog.getByLabel('From').fill(week.start_date);
    await dialog.getByLabel('To').fill(week.end_date);
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(new RegExp(`/${ORG}/pipelines/runs/[0-9a-f-]{36}$`));
    failedRun = page.url().split('/').at(-1)!;
    await page.locator(`${tid('run-summary')} [data-status="FAILED"]`).waitFor({ timeout: 180_000 });

    const run = await api.read<RunRead>(`/pipelines/${ORG}/runs/${failedRun}`);
    expect(run.status).toBe('FAILED');
    const failed = run.steps.filter((s) => s.status === 'FAILED');
    expect(failed.map((s) => s.step_id)).toEqual(['extract']);
    expect(failed[0]!.error).toContain('acme-demo-00001.csv.gz');
    for (const s of run.steps) {
      await stepCard(s.step_id).locator(`[data-status="${s.status}"]`).waitFor();
      expect(await attemptsOf(s.step_id)).toBe(String(s.attempts));
    }
    expect(failed[0]!.attempts).toBeGreaterThan(0);
    extractAttempts = failed[0]!.attempts;
    // The step's own error, as the API gives it, and the run's.
    stepError = failed[0]!.error!;
    await stepCard('extract').getByText(stepError, { exact: true }).waitFor();
    await page.locator(tid('run-summary')).getByText(run.error!, { exact: true }).waitFor();
    const unfinished = run.steps.filter((s) => s.status !== 'SUCCEEDED').length;
    expect(await page.locator(tid('run-live')).textContent()).toBe(`${unfinished} steps did not finish.`);
    await page.getByRole('button', { name: 'Retry failed steps' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'pipelines-run-failed');
  });

  it('with the export whole again, "Retry failed steps" re-runs them and the run completes', async () => {
    expect(whole).toBeDefined();
    writeFileSync(exportFile(), whole!);
    await page.getByRole('button', { name: 'Retry failed steps' }).click();
    await page.locator(`${tid('run-summary')} [data-status="COMPLETED"]`).waitFor({ timeout: 180_000 });
    expect(page.url()).toMatch(new RegExp(`/runs/${failedRun}$`));
    const run = await api.read<
      RunRead & { transitions: { step_id: string | null; to_status: string; reason: string | null }[] }
    >(`/pipelines/${ORG}/runs/${failedRun}`);
    expect(run.status).toBe('COMPLETED');
    expect(run.error).toBeNull();
    for (const s of run.steps) {
      expect(s.status).toBe('SUCCEEDED');
      await stepCard(s.step_id).locator('[data-status="SUCCEEDED"]').waitFor();
      expect(await attemptsOf(s.step_id)).toBe(String(s.attempts));
    }
    expect(await stepCard('extract').getByText(stepError).count()).toBe(0);
    // the retry ran the extract again: a retry starts a step's attempts afresh, so the run's history holds the
    // failed run's attempts and the new ones, more than the failed run had
    expect(extractAttempts).toBeGreaterThan(0);
    const extract = run.steps.find((s) => s.step_id === 'extract')!;
    expect(extract.attempts).toBeGreaterThan(0);
    const started = run.transitions.filter((t) => t.step_id === 'extract' && t.to_status === 'RUNNING');
    expect(started.length).toBe(extractAttempts + extract.attempts);
    expect(started.length).toBeGreaterThan(extractAttempts);
    expect(run.transitions.filter((t) => t.step_id === null && t.reason === 'retry')).toHaveLength(1);
    expect(await page.getByRole('button', { name: 'Retry failed steps' }).count()).toBe(0);
    await page.locator(tid('run-costs-link')).getByText('See the cloud costs of these days').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'pipelines-run-retried');
  });
});
