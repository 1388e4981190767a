// Integrations as a person uses them, against the demo's local provider stand-in: 11 provider cards with the
// demo's credentials (fingerprint, data through as the API says), the plan's provider limit; delete OpenAI with a
// confirmation naming its scheduled pipeline; connect it again: a wrong key shows OpenAI's own message and stores
// nothing, the right one connects (secret fields are password fields, never shown back); re-validate and rename;
// DeepSeek (no usage API) connected and its usage imported from a CSV: a file with one bad row is previewed and
// refused whole with the API's row-by-row problems, a good one imports its rows, which the DeepSeek pipeline then
// reads alone; axe finds nothing serious; screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays } from '../../scripts/demo/generator.js';
import {
  SCREENSHOTS,
  seriousViolations,
  startHarness,
  type Harness,
  waitForDemo,
  type DemoState,
} from './harness.js';
import { apiClient, day, ok, shot, signIn, tid, until, type ApiClient } from './helpers.js';

const ORG = 'acme_demo';

interface Credential {
  credential_id: string;
  provider: string;
  name: string;
  status: string;
  fingerprint: string;
}

let h: Harness;
let page: Page;
let demo: DemoState;
/** The API as the demo org's key. */
let api: ApiClient;

const credentials = async (provider?: string) =>
  (await api.read<{ items: Credential[] }>(`/integrations/${ORG}`, { provider })).items;

beforeAll(async () => {
  h = await startHarness({ demo: true });
  demo = await waitForDemo(h.dataDir);
  api = apiClient(h.url, { apiKey: demo.api_key });
  mkdirSync(SCREENSHOTS, { recursive: true });
  page = await h.page();
  await signIn(page, demo.user_email, demo.user_password);
});
afterAll(() => h?.close());

describe('integrations', () => {
  it('shows a card per provider with the credentials, fingerprints, data through and the plan limit', async () => {
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Integrations' })
      .click();
    await page.waitForURL(`**/${ORG}/integrations`);
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    await page.locator(tid('provider-openai')).waitFor();
    const providers = await api.read<{ items: { id: string }[] }>(`/integrations/${ORG}/providers`);
    expect(providers.items).toHaveLength(11);
    for (const p of providers.items) expect(await page.locator(tid(`provider-${p.id}`)).count()).toBe(1);

    const quota = await api.read<{ plan: string; providers: { used: number; limit: number } }>(
      `/organizations/${ORG}/quota`,
    );
    expect(await page.locator(tid('provider-limit')).textContent()).toBe(
      `${quota.providers.used} of ${quota.providers.limit} providers on the ${quota.plan.toLowerCase()} plan`,
    );

    const [openai] = await credentials('openai');
    expect(openai).toBeDefined();
    const card = page.locator(tid('provider-openai'));
    await card.getByText(openai!.name, { exact: true }).waitFor();
    expect(await card.locator(tid('fingerprint')).textContent()).toBe(`••••${openai!.fingerprint}`);
    const freshness = await api.read<{
      items: { credential_id: string | null; data_through: string | null }[];
    }>(`/costs/${ORG}/freshness`);
    const through = freshness.items
      .filter((i) => i.credential_id === openai!.credential_id && i.data_through)
      .map((i) => i.data_through!)
      .sort()
      .at(-1);
    expect(through).toBeDefined();
    await until('data through', async () =>
      (await card.locator(tid('data-through')).textContent()) === day(through!) ? true : undefined,
    );
    // no secret of the demo on the page
    expect(await page.content()).not.toContain(demo.keys.openai);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'integrations');
  });

  it('deletes the OpenAI credential after a confirmation naming its scheduled pipeline', async () => {
    const [openai] = await credentials('openai');
    await page.getByRole('button', { name: `Delete ${openai!.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete the OpenAI credential "${openai!.name}"?` });
    await dialog.waitFor();
    expect(await dialog.locator('li').allTextContents()).toContain('openai/genai/usage');
    await dialog.getByRole('button', { name: 'Delete credential' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await credentials('openai')).toEqual([]);
    await page.locator(tid('provider-openai')).getByText('Not connected').waitFor();
  });

  it('connects OpenAI: a wrong key shows the provider’s message and stores nothing; the right key connects', async () => {
    await page.getByRole('button', { name: 'Connect OpenAI' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect OpenAI' });
    const key = dialog.getByLabel('Admin API key');
    expect(await key.getAttribute('type')).toBe('password');
    expect(await key.getAttribute('autocomplete')).toBe('off');
    // the browser's own check first: the key is required
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog.getByText('Admin API key is required.').waitFor();

    await dialog.getByLabel('Name').fill('Research');
    await key.fill('sk-admin-not-the-right-key-0000');
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    const error = dialog.locator(tid('provider-error'));
    await error.waitFor();
    expect(await error.textContent()).toMatch(/OpenAI rejected the credential: .+/);
    expect(await error.textContent()).not.toContain('sk-admin-not-the-right-key-0000');
    expect(await key.inputValue()).toBe(''); // the secret is cleared after the submit
    expect(await credentials('openai')).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'integrations-setup-error');

    await key.fill(demo.keys.openai);
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const stored = await until('the stored credential', async () => (await credentials('openai'))[0]);
    expect(stored).toMatchObject({
      name: 'Research',
      status: 'VALID',
      fingerprint: demo.keys.openai.slice(-4),
    });
    await page.locator(tid('connected')).getByText('OpenAI connected').waitFor();
    const card = page.locator(tid('provider-openai'));
    await card.getByText('Research', { exact: true }).waitFor();
    expect(await card.locator(tid('fingerprint')).textContent()).toBe(`••••${demo.keys.openai.slice(-4)}`);
    expect(await page.content()).not.toContain(demo.keys.openai);
  });

  it('re-validates and renames the credential', async () => {
    await page.getByRole('button', { name: 'Re-validate Research' }).click();
    await page.locator(tid('revalidate-result')).getByText('Still valid').waitFor();

    await page.getByRole('button', { name: 'Rename Research' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename "Research"' });
    await dialog.getByLabel('Name').fill('Research (prod)');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(tid('provider-openai')).getByText('Research (prod)', { exact: true }).waitFor();
    expect((await credentials('openai')).map((c) => c.name)).toEqual(['Research (prod)']);
  });

  it('the setup form of a key-file provider reads the file in the browser and never shows it', async () => {
    await page.getByRole('button', { name: 'Connect Google Cloud' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect Google Cloud' });
    const file = dialog.getByLabel('Service account key (JSON)');
    const secret = JSON.stringify({
      type: 'service_account',
      private_key: '-----BEGIN PRIVATE KEY-----\nsecretbytes',
    });
    await file.setInputFiles({ name: 'key.json', mimeType: 'application/json', buffer: Buffer.from(secret) });
    await dialog.getByText(/key\.json read/).waitFor();
    expect(await page.content()).not.toContain('secretbytes');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'integrations-setup-file');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});

describe('GenAI usage import', () => {
  /** Three days of the demo's range; DeepSeek has no usage of its own in the demo. */
  const days = () => [0, 1, 2].map((n) => addDays(demo.start, n));
  const csv = (rows: string[][]) =>
    [
      'usage_date,model,input_tokens,cached_input_tokens,output_tokens,request_count',
      ...rows.map((r) => r.join(',')),
    ].join('\n') + '\n';
  /** Four good rows over the first two days. */
  const good = () => {
    const [d1, d2] = days();
    return [
      [d1!, 'deepseek-chat', '120000', '20000', '30000', '42'],
      [d1!, 'deepseek-reasoner', '80000', '0', '50000', '12'],
      [d2!, 'deepseek-chat', '150000', '30000', '40000', '51'],
      [d2!, 'deepseek-reasoner', '90000', '10000', '60000', '15'],
    ];
  };
  let name = '';

  it('connects DeepSeek with the key the stand-in accepts', async () => {
    expect(demo.keys.deepseek).toBeDefined();
    await page.getByRole('button', { name: 'Connect DeepSeek' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect DeepSeek' });
    await dialog.getByLabel('Name').fill('DeepSeek usage');
    await dialog.getByLabel('API key').fill(demo.keys.deepseek!);
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const [stored] = await until('the DeepSeek credential', async () => {
      const c = await credentials('deepseek');
      return c.length ? c : undefined;
    });
    expect(stored).toMatchObject({ name: 'DeepSeek usage', status: 'VALID' });
    name = stored!.name;
    await page.locator(tid('provider-deepseek')).getByText(name, { exact: true }).waitFor();
    // DeepSeek has no usage API: the next step is an import, not a run.
    await page
      .locator(tid('connected'))
      .getByText('Import its usage with "Import usage" on its card, then run its pipeline from Pipelines')
      .waitFor();
  });

  it('a file with one bad row: the preview shows its first rows, the API refuses it whole, naming the row', async () => {
    await page.getByRole('button', { name: `Import usage for ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Import DeepSeek usage' });
    await dialog.waitFor();
    const [, , d3] = days();
    // Row 6 has no input tokens. Rows 5 and 7 are good, on a day the good file leaves out: were the file taken
    // in part, the pipeline would find them.
    const rows = [
      ...good(),
      [d3!, 'deepseek-chat', '110000', '10000', '25000', '38'],
      [d3!, 'deepseek-reasoner', '', '0', '45000', '9'],
      [d3!, 'deepseek-chat', '5000', '0', '1000', '2'],
    ];
    await dialog.getByLabel('Usage file').setInputFiles({
      name: 'deepseek-bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv(rows)),
    });
    const preview = dialog.locator(tid('import-preview'));
    await preview.getByText('deepseek-bad.csv: 7 rows, the first 5 shown.').waitFor();
    const shown = await preview
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
    expect(shown).toEqual(rows.slice(0, 5));

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/genai/${ORG}/usage/import`)),
      dialog.getByRole('button', { name: 'Import 7 rows' }).click(),
    ]);
    expect(response.status()).toBe(400);
    const refused = (await response.json()) as {
      error: { message: string; details: { row: number; path: string; message: string }[] };
    };
    expect(refused.error.message).toBe('1 of 7 rows are invalid; nothing was imported.');
    expect(refused.error.details.map((d) => [d.row, d.path])).toEqual([[6, 'input_tokens']]);
    const error = dialog.locator(tid('import-error'));
    await error.getByText(refused.error.message).waitFor();
    const problems = await error
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
    expect(problems).toEqual(refused.error.details.map((d) => [String(d.row), d.path, d.message]));
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.screenshot({ path: join(SCREENSHOTS, 'integrations-import-refused.png') });
  });

  it('a good file imports its rows; the DeepSeek pipeline then reads those rows and nothing of the refused file', async () => {
    const dialog = page.getByRole('dialog', { name: 'Import DeepSeek usage' });
    const rows = good();
    await dialog.getByLabel('Usage file').setInputFiles({
      name: 'deepseek.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv(rows)),
    });
    await dialog.locator(tid('import-preview')).getByText('deepseek.csv: 4 rows.').waitFor();
    expect(await dialog.locator(tid('import-error')).count()).toBe(0);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/genai/${ORG}/usage/import`)),
      dialog.getByRole('button', { name: 'Import 4 rows' }).click(),
    ]);
    expect(response.status()).toBe(201);
    const [d1, d2, d3] = days();
    expect(await response.json()).toMatchObject({
      provider: 'deepseek',
      rows: 4,
      start_date: d1,
      end_date: d2,
      days: 2,
    });
    await dialog.locator(tid('import-result')).getByText('Imported 4 rows').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.screenshot({ path: join(SCREENSHOTS, 'integrations-import-done.png') });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The usage pipeline over the three days finds the four imported rows, none of the refused file's.
    const trigger = `/pipelines/run/${ORG}/deepseek/genai/usage`;
    const run = ok(trigger, await api.post<{ run_id: string }>(trigger, { start_date: d1, end_date: d3 }));
    await until(
      'the DeepSeek run',
      async () => {
        const r = await api.read<{ status: string }>(`/pipelines/${ORG}/runs/${run.run_id}`);
        if (r.status === 'FAILED' || r.status === 'CANCELLED') throw new Error(`run ${r.status}`);
        return r.status === 'COMPLETED' ? r : undefined;
      },
      120_000,
    );
    const usage = await api.read<{
      items: {
        date: string;
        model: string;
        input_tokens: number;
        cached_input_tokens: number;
        output_tokens: number;
        request_count: number;
      }[];
    }>(
      `/genai/${ORG}/usage?${new URLSearchParams({ start_date: d1!, end_date: d3!, provider: 'deepseek' })}`,
    );
    // The usage API splits input into uncached and cached tokens; the import's input_tokens hold both.
    const got = usage.items
      .map((i) => [
        i.date,
        i.model,
        String(i.input_tokens + i.cached_input_tokens),
        String(i.cached_input_tokens),
        String(i.output_tokens),
        String(i.request_count),
      ])
      .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
    expect(got).toEqual(rows);
  });
});
