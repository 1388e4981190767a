// Alerts and notifications as a person uses them: add a webhook channel to a local receiver (its secret shown
// once), send a test and see it delivered, create an alert from a preset with a tiny budget, "Evaluate now", the
// receiver gets the signed alert and the history shows it delivered; summaries, pause/resume and delete with a
// confirmation; axe finds nothing serious; screenshots light and dark.
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { verifyWebhookSignature } from '../../shared/notifications/signature.js';
import { accessToken, apiClient, cells, shot, signIn, tid, until, type ApiClient } from './helpers.js';
import {
  SCREENSHOTS,
  seriousViolations,
  signUpAndConfirm,
  startHarness,
  type Harness,
  waitForDemo,
} from './harness.js';

const ORG = 'acme_demo';
const HOOK = 'Ops webhook';

let h: Harness;
let page: Page;
let demo: { api_key: string; user_email: string; user_password: string; start: string; end: string };
let api: ApiClient;
let secret = '';

// --- a local receiver standing in for the customer's endpoint ---
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    received.push({ path: req.url ?? '', headers: req.headers, body });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
});
let receiverUrl = '';
/** The channels' targets: the receiver's URL has a new port each run, so screenshots mask it. */
const TARGETS = [`${tid('channels-table')} td[data-key="target"]`];
const events = (event: string) =>
  received
    .map((r) => ({ ...r, json: JSON.parse(r.body) as Record<string, unknown> }))
    .filter((r) => r.json.event === event);
const signed = (r: Received) =>
  verifyWebhookSignature(
    secret,
    String(r.headers['x-cloudact-timestamp']),
    r.body,
    String(r.headers['x-cloudact-signature']),
  );

/**
 * The demo's data ends yesterday, so on the 1st of a month its month to date is empty and no budget could fire:
 * the reference pipeline writes today's costs first (a run through the API, waited for).
 */
async function costsForToday() {
  const today = new Date().toISOString().slice(0, 10);
  const res = await api.post<{ run_id: string }>(`/pipelines/run/${ORG}/sample/demo/costs`, { date: today });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const { run_id } = res.body;
  await until(
    'the run for today',
    async () => {
      const run = await api.read<{ status: string }>(`/pipelines/${ORG}/runs/${run_id}`);
      if (run.status === 'FAILED') throw new Error(`the run for today failed`);
      return run.status === 'COMPLETED' ? run : undefined;
    },
    60_000,
  );
}

const previousLoopback = process.env.ALLOW_LOOPBACK_WEBHOOKS;
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // The platform must accept a webhook on loopback (the local receiver): the harness passes its env through.
  process.env.ALLOW_LOOPBACK_WEBHOOKS = 'true';
  h = await startHarness({ demo: true });
  demo = await waitForDemo(h.dataDir);
  api = apiClient(h.url, { apiKey: demo.api_key });
  await costsForToday();
  mkdirSync(SCREENSHOTS, { recursive: true });
  page = await h.page();
  await signIn(page, demo.user_email, demo.user_password);
});
afterAll(async () => {
  if (previousLoopback === undefined) delete process.env.ALLOW_LOOPBACK_WEBHOOKS;
  else process.env.ALLOW_LOOPBACK_WEBHOOKS = previousLoopback;
  await h?.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('alerts and notifications', () => {
  it('the page is in the header and has one h1', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Alerts' }).click();
    await page.waitForURL(`**/${ORG}/alerts`);
    await page.getByRole('heading', { level: 1, name: 'Alerts and notifications' }).waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    await page.locator(tid('history')).getByText('Nothing sent yet').waitFor();
  });

  it('adds a webhook channel: its signing secret is shown once', async () => {
    await page.getByRole('button', { name: 'Add channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a channel' });
    // the contract's checks show on the fields
    await dialog.getByRole('button', { name: 'Add channel' }).click();
    await dialog.getByText('must be an https URL').waitFor();
    await dialog.getByLabel('Name').fill(HOOK);
    await dialog.getByLabel('Type').selectOption('webhook');
    await dialog.getByLabel('Endpoint URL').fill(`${receiverUrl}/hook`);
    await dialog.getByRole('button', { name: 'Add channel' }).click();
    const shown = page.getByRole('dialog', { name: 'Webhook signing secret' });
    secret = (await shown.locator(tid('webhook-secret')).textContent())!.trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await shown.getByRole('button', { name: 'Done' }).isDisabled()).toBe(true);
    await shown.getByLabel('I have stored it').check();
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    const rows = await until('the channel row', async () => {
      const r = await cells(page, 'channels-table');
      return r.length > 0 ? r : undefined;
    });
    expect(rows[0]!.slice(0, 4)).toEqual([HOOK, 'Webhook', expect.stringContaining('127.0.0.1'), 'Enabled']);
    // never shown again: not in the page, not in the API's answer
    expect(await page.content()).not.toContain(secret);
    expect(JSON.stringify(await api.read(`/notifications/${ORG}/channels`))).not.toContain(secret);
  });

  it('"Send test" shows the outcome: delivered, signed with the secret', async () => {
    await page.getByRole('button', { name: `Send test to ${HOOK}` }).click();
    const result = page.locator(tid('channel-test-result'));
    await result.waitFor();
    expect(await result.getAttribute('data-status')).toBe('delivered');
    expect(await result.textContent()).toContain(`Test to ${HOOK}: delivered (HTTP 200)`);
    const [test] = events('test');
    expect(test?.path).toBe('/hook');
    expect(signed(test!)).toBe(true);
    // the history shows it
    await until('the test in the history', async () => {
      const r = await cells(page, 'history-table');
      return r.some((row) => row[1] === 'Test' && row[4] === 'Delivered') ? r : undefined;
    });
  });

  it('creates an alert from a preset with a tiny budget; "Evaluate now" fires it to the receiver', async () => {
    const presets = await api.read<{ items: { preset: string; name: string }[] }>(`/alerts/${ORG}/presets`);
    const budget = presets.items.find((p) => p.preset === 'monthly-budget')!;
    await page.getByRole('button', { name: 'New alert' }).click();
    const dialog = page.getByRole('dialog', { name: 'New alert' });
    await dialog.getByRole('radio', { name: new RegExp(budget.name) }).check();
    // a budget preset has no threshold of its own: the form asks for it before sending
    await dialog.getByLabel(HOOK).check();
    await dialog.getByRole('button', { name: 'Create alert' }).click();
    await dialog.getByText(/required/).waitFor();
    await dialog.getByLabel('Threshold (USD)').fill('0.01');
    await dialog.getByRole('button', { name: 'Create alert' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = await until('the alert row', async () => (await cells(page, 'alerts-table'))[0]);
    expect(row.slice(0, 8)).toEqual([
      budget.name,
      'Cost threshold',
      'Month',
      '$0.01',
      'All costs',
      HOOK,
      'Critical',
      'Active',
    ]);

    await page.getByRole('button', { name: 'Evaluate now' }).click();
    const result = page.locator(tid('evaluate-result'));
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Evaluated 1 alert: 1 fired/);
    expect(await result.textContent()).toContain(`${budget.name}:`);

    const fired = await until('the alert at the receiver', () => events('alert.fired')[0]);
    expect(signed(fired)).toBe(true);
    expect(fired.json).toMatchObject({
      org_slug: ORG,
      alert_name: budget.name,
      threshold: 0.01,
      currency: 'USD',
    });
    expect(fired.json.value as number).toBeGreaterThan(0.01);

    // the history shows it delivered, as the API does
    const history = await until('the alert delivered in the history', async () => {
      const r = await cells(page, 'history-table');
      return r.some((x) => x[1] === 'Alert' && x[2] === budget.name && x[4] === 'Delivered') ? r : undefined;
    });
    const fromApi = await api.read<{ items: { event: string; status: string; attempts: number }[] }>(
      `/notifications/${ORG}/history`,
    );
    expect(history.map((r) => [r[1], r[4], r[5]])).toEqual(
      fromApi.items.map((d) => [
        { 'alert.fired': 'Alert', test: 'Test', summary: 'Summary' }[d.event],
        d.status.charAt(0).toUpperCase() + d.status.slice(1),
        String(d.attempts),
      ]),
    );

    // evaluating again sends nothing new (once per alert and period)
    await page.getByRole('button', { name: 'Evaluate now' }).click();
    await until('the second evaluation', async () =>
      /nothing new fired/.test((await result.textContent()) ?? '') ? true : undefined,
    );
    expect(events('alert.fired')).toHaveLength(1);
  });

  it('"Test" on an alert shows its value and sends a test message', async () => {
    const before = events('test').length;
    await page.getByRole('button', { name: 'Test Monthly budget' }).click();
    const result = page.locator(tid('alert-test-result'));
    await result.waitFor();
    expect(await result.textContent()).toContain('Test of Monthly budget: would fire');
    expect(await result.textContent()).toContain(`${HOOK}: delivered`);
    await until('the alert test at the receiver', () => (events('test').length > before ? true : undefined));
  });

  it('pause and resume an alert; summaries; delete with a confirmation', async () => {
    await page.getByRole('button', { name: 'Pause Monthly budget' }).click();
    await page.getByRole('button', { name: 'Resume Monthly budget' }).waitFor();
    expect((await cells(page, 'alerts-table'))[0]![7]).toBe('Paused');
    await page.getByRole('button', { name: 'Resume Monthly budget' }).click();
    await page.getByRole('button', { name: 'Pause Monthly budget' }).waitFor();

    await page.getByRole('button', { name: 'Add summary' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a summary' });
    await dialog.getByRole('button', { name: 'Add summary' }).click();
    await dialog.getByText('choose at least one channel').waitFor();
    await dialog.getByLabel('Frequency').selectOption('weekly');
    await dialog.getByLabel(HOOK).check();
    await dialog.getByRole('button', { name: 'Add summary' }).click();
    await dialog.waitFor({ state: 'detached' });
    const summary = await until('the summary row', async () => (await cells(page, 'summaries-table'))[0]);
    expect(summary.slice(0, 3)).toEqual([expect.stringMatching(/^Weekly/), HOOK, 'Enabled']);
    await page.getByRole('button', { name: 'Disable the weekly summary' }).click();
    await page.getByRole('button', { name: 'Enable the weekly summary' }).waitFor();

    // an email channel, deleted after a confirmation that names it
    await page.getByRole('button', { name: 'Add channel' }).click();
    const add = page.getByRole('dialog', { name: 'Add a channel' });
    await add.getByLabel('Name').fill('Spare list');
    await add.getByLabel('Type').selectOption('email');
    await add.getByLabel('Recipients').fill('finops@example.com, cfo@example.com');
    await add.getByRole('button', { name: 'Add channel' }).click();
    await add.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Delete Spare list' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete the channel "Spare list"?' });
    await confirm.getByRole('button', { name: 'Delete channel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await until('the channel gone', async () =>
      (await cells(page, 'channels-table')).every((r) => r[0] !== 'Spare list') ? true : undefined,
    );
    const left = await api.read<{ items: { name: string }[] }>(`/notifications/${ORG}/channels`);
    expect(left.items.map((c) => c.name)).toEqual([HOOK]);
  });

  it('a custom alert: the form shows the fields of its kind; deleted after a confirmation', async () => {
    await page.getByRole('button', { name: 'New alert' }).click();
    const dialog = page.getByRole('dialog', { name: 'New alert' });
    await dialog.getByRole('button', { name: 'Custom' }).click();
    // a cost threshold: period, threshold and every scope filter
    await dialog.getByLabel('Period').waitFor();
    await dialog.getByLabel('Threshold (USD)').waitFor();
    await dialog.getByLabel('Cost type').selectOption('cloud');
    // the hierarchy as a select (the demo's tree): chosen here, it is dropped when the kind does not take it
    await dialog.getByLabel('Hierarchy entity').selectOption({ index: 1 });
    // stale data: days behind, and only a provider for its scope
    await dialog.getByLabel('Kind').selectOption('stale_data');
    await dialog.getByLabel('Days behind').waitFor();
    expect(await dialog.getByLabel('Period').count()).toBe(0);
    expect(await dialog.getByLabel('Threshold (USD)').count()).toBe(0);
    expect(await dialog.getByLabel('Cost type').count()).toBe(0);
    await dialog.getByLabel('Name').fill('Stale AWS');
    await dialog.getByLabel('Days behind').fill('0');
    await dialog.getByRole('button', { name: 'Create alert' }).click();
    await dialog.getByText(/Too small|>=1/).waitFor();
    await dialog.getByLabel('Days behind').fill('2');
    await dialog.getByLabel('Provider').fill('aws');
    await dialog.getByLabel('Severity').selectOption('info');
    await dialog.getByRole('button', { name: 'Create alert' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = await until('the custom alert row', async () =>
      (await cells(page, 'alerts-table')).find((r) => r[0] === 'Stale AWS'),
    );
    expect(row.slice(0, 8)).toEqual([
      'Stale AWS',
      'Stale data',
      '—',
      '2 days',
      'provider aws',
      'None',
      'Info',
      'Active',
    ]);
    await page.getByRole('button', { name: 'Delete Stale AWS' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete the alert "Stale AWS"?' });
    await confirm.getByRole('button', { name: 'Delete alert' }).click();
    await confirm.waitFor({ state: 'detached' });
    const left = await api.read<{ items: { name: string }[] }>(`/alerts/${ORG}`);
    expect(left.items.map((a) => a.name)).toEqual(['Monthly budget']);
  });

  it('a viewer reads everything; the write controls are disabled and the API refuses them', async () => {
    const email = 'viewer@acme-demo.test';
    const put = await api.put(`/organizations/${ORG}/members/${email}`, { role: 'viewer' });
    expect(put.status).toBe(200);
    const viewer = await h.page();
    await signUpAndConfirm(h, viewer, email, 'viewer-password-1234');
    await viewer.waitForURL(/\/dashboard/);
    await viewer.goto(`/${ORG}/alerts`);
    await viewer.locator(tid('channels-table')).waitFor();
    await viewer.locator(tid('history-table')).waitFor();
    for (const name of ['Add channel', 'New alert', 'Evaluate now', 'Add summary', `Send test to ${HOOK}`])
      expect(await viewer.getByRole('button', { name, exact: true }).isDisabled(), name).toBe(true);
    expect(await viewer.getByRole('button', { name: 'Pause Monthly budget' }).isDisabled()).toBe(true);
    expect(await seriousViolations(viewer)).toEqual([]);
    // the API refuses the viewer too
    const asViewer = apiClient(h.url, { token: await accessToken(viewer) });
    const channels = await api.read<{ items: { channel_id: string }[] }>(`/notifications/${ORG}/channels`);
    const refused = await asViewer.post(
      `/notifications/${ORG}/channels/${channels.items[0]!.channel_id}/test`,
    );
    expect(refused.status).toBe(403);
    const evaluate = await asViewer.post(`/alerts/${ORG}/evaluate`);
    expect(evaluate.status).toBe(403);
    await viewer.context().close();
  });

  it('axe finds nothing serious; screenshots light and dark', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Alerts and notifications' }).waitFor();
    await page.locator(tid('history-table')).waitFor();
    await page.locator(tid('alerts-table')).waitFor();
    await page.locator(tid('summaries-table')).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'alerts', { mask: TARGETS });
    await page.getByRole('button', { name: 'New alert' }).click();
    await page.getByRole('dialog', { name: 'New alert' }).getByRole('radio').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // the dialog alone (the page behind it has the receiver's URL, a new port each run)
    await page
      .getByRole('dialog', { name: 'New alert' })
      .screenshot({ path: join(SCREENSHOTS, 'alerts-new.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'New alert' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /dark/i }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'alerts-dark', { mask: TARGETS });
    await page.getByRole('button', { name: /light/i }).click();
  });
});
