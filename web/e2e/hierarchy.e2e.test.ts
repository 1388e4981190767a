// The org structure as a person shapes it, on the demo org: the tree as the API has it; create an entity and one
// under it, move it, a cycle refused with the API's 409 message, a delete refused (children) and one done; a CSV
// with one bad row refused whole with that row listed (nothing created); the export downloaded and imported back
// changes nothing; a rule created from Unallocated with its 30-day preview equal to the API's; axe finds nothing
// serious; screenshots.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  SCREENSHOTS,
  seriousViolations,
  startHarness,
  type Harness,
  waitForDemo,
  type DemoState,
} from './harness.js';

const ORG = 'acme_demo';

interface TreeNode {
  entity_id: string;
  name: string;
  level_code: string;
  children: TreeNode[];
}
interface Entity {
  entity_id: string;
  name: string;
  parent_id: string | null;
}
interface Money {
  billed_cost: number;
  record_count: number;
}
interface Preview {
  currency: string;
  matched: Money;
  moved: Money;
  unallocated: Money;
}

let h: Harness;
let page: Page;
let demo: DemoState;

/** The API as the demo org's key: status, JSON (or text) body. */
async function call(method: string, path: string, json?: unknown) {
  const res = await fetch(`${h.url}/api/v1${path}`, {
    method,
    headers: {
      'x-api-key': demo.api_key,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await res.text();
  const body = res.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : text;
  return { status: res.status, body };
}
async function api<T>(
  path: string,
  json?: unknown,
  method = json === undefined ? 'GET' : 'POST',
): Promise<T> {
  const r = await call(method, path, json);
  if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}
const tree = () => api<{ roots: TreeNode[] }>(`/hierarchy/${ORG}/tree`);
const entity = async (id: string) => call('GET', `/hierarchy/${ORG}/entities/${id}`);
const flat = (nodes: TreeNode[], parent: string | null = null): [string, string, string | null][] =>
  nodes.flatMap((n) => [
    [n.entity_id, n.name, parent] as [string, string, string | null],
    ...flat(n.children, n.entity_id),
  ]);

const tid = (id: string) => `[data-testid="${id}"]`;
const money = (v: number, currency = 'USD') =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(Object.is(v, -0) ? 0 : v);
const count = (n: number) => new Intl.NumberFormat('en-US').format(n);
const shot = (p: Page, name: string) =>
  p.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const row = (id: string) => page.locator(tid(`entity-${id}`)).first();
const dialog = () => page.getByRole('dialog');

beforeAll(async () => {
  h = await startHarness({ demo: true });
  demo = await waitForDemo(h.dataDir);
  mkdirSync(SCREENSHOTS, { recursive: true });
  page = await h.page();
  await page.goto('/signin');
  await page.getByLabel('Email').fill(demo.user_email);
  await page.getByLabel('Password').fill(demo.user_password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard/);
});
afterAll(() => h?.close());
// A failed step leaves no dialog over the page for the next test.
afterEach(async () => {
  if (await page.getByRole('dialog').count()) await page.keyboard.press('Escape');
});

describe('org structure', () => {
  it('shows the levels and the tree the API has', async () => {
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Org structure' })
      .click();
    await page.waitForURL(`**/${ORG}/hierarchy`);
    await page.getByRole('heading', { level: 1, name: 'Org structure' }).waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    await page.locator(tid('hierarchy-tree')).waitFor();
    const entities = flat((await tree()).roots);
    expect(entities.length).toBeGreaterThan(5);
    for (const [id, name] of entities)
      expect(await row(id).locator(tid('entity-name')).first().textContent()).toBe(name);
    // every rule's 30-day figure has loaded before axe and the screenshot
    await until('rule previews', async () =>
      (await page.locator(`${tid('rules-table')} ${tid('rule-preview-moved')}`).count()) > 0
        ? true
        : undefined,
    );
    await page.locator(tid('unallocated-amount')).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'hierarchy-org-structure');
  });

  it('creates an entity and one under it, moves it, refuses a cycle with the 409 message, deletes', async () => {
    await page.getByRole('button', { name: 'Add entity' }).click();
    await dialog().getByLabel('Name').fill('E2E Research');
    await dialog().getByLabel('Level').selectOption({ label: 'Department' });
    await dialog().getByRole('button', { name: 'Add', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    const dept = await until('the new department', async () =>
      flat((await tree()).roots).find(([, name]) => name === 'E2E Research'),
    );
    await row(dept[0]).waitFor();

    await page.getByRole('button', { name: 'Add a project under E2E Research' }).click();
    await dialog().getByLabel('Name').fill('E2E Lab');
    expect(await dialog().getByLabel('Parent (Department)').inputValue()).toBe(dept[0]);
    await dialog().getByRole('button', { name: 'Add', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    const lab = await until('the new project', async () =>
      flat((await tree()).roots).find(([, name, parent]) => name === 'E2E Lab' && parent === dept[0]),
    );
    await row(dept[0])
      .locator(tid(`entity-${lab[0]}`))
      .waitFor();

    // move the project under Engineering
    await page.getByRole('button', { name: 'Move E2E Lab' }).click();
    await dialog().getByLabel('New parent').selectOption('DEPT-ENG');
    await dialog().getByRole('button', { name: 'Move', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    expect(((await entity(lab[0])).body as Entity).parent_id).toBe('DEPT-ENG');
    await row('DEPT-ENG')
      .locator(tid(`entity-${lab[0]}`))
      .waitFor();

    // Engineering under its own project: a cycle, refused with the API's message; nothing moves
    const before = flat((await tree()).roots);
    await page.getByRole('button', { name: 'Move Engineering', exact: true }).click();
    await dialog().getByLabel('New parent').selectOption('PROJ-PLATFORM');
    await dialog().getByRole('button', { name: 'Move', exact: true }).click();
    const refused = await call('POST', `/hierarchy/${ORG}/entities/DEPT-ENG/move`, {
      new_parent_id: 'PROJ-PLATFORM',
    });
    expect(refused.status).toBe(409);
    const message = (refused.body as { error: { message: string } }).error.message;
    expect(message).toContain('cycle');
    await dialog().getByText(message).waitFor();
    await dialog().getByText('This move would create a cycle').waitFor();
    await shot(page, 'hierarchy-org-cycle');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    expect(flat((await tree()).roots)).toEqual(before);

    // a department with children: the API's refusal shown
    await page.getByRole('button', { name: 'Delete Engineering', exact: true }).click();
    await dialog().getByRole('button', { name: 'Delete entity' }).click();
    await dialog()
      .getByText(/DEPT-ENG has \d+ child entities/)
      .waitFor();
    await dialog().getByRole('button', { name: 'Cancel' }).click();

    for (const [id, name] of [lab, dept]) {
      await page.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
      await dialog().getByRole('button', { name: 'Delete entity' }).click();
      await dialog().waitFor({ state: 'detached' });
      expect((await entity(id)).status).toBe(404);
      await until('the row to go', async () => ((await row(id).count()) === 0 ? true : undefined));
    }
  });

  it('refuses a CSV with one bad row as a whole and lists the row', async () => {
    const csv =
      'entity_id,name,level_code,parent_id,owner_email,description\n' +
      'DEPT-E2EOK,E2E Fine,department,,,\n' +
      'PROJ-E2EBAD,E2E Orphan,project,DEPT-NOPE,,\n' +
      'TEAM-E2EOK,E2E Team,team,PROJ-PLATFORM,,\n';
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await dialog()
      .getByLabel('CSV file')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const preview = dialog().locator(tid('import-preview'));
    await preview.waitFor();
    expect(await preview.locator('tbody tr').count()).toBe(3);
    await dialog().getByRole('button', { name: 'Import 3 rows' }).click();
    const problems = dialog().locator(tid('import-problems'));
    await problems.waitFor();
    const refused = await call('POST', `/hierarchy/${ORG}/import`, { csv });
    expect(refused.status).toBe(400);
    const details = (refused.body as { error: { details: { row: number; message: string }[] } }).error
      .details;
    expect(details.map((d) => d.row)).toEqual([3]);
    const items = await problems.locator('li').allTextContents();
    expect(items).toEqual([`Row 3 (PROJ-E2EBAD): ${details[0]!.message}`]);
    expect((await entity('DEPT-E2EOK')).status).toBe(404);
    expect((await entity('TEAM-E2EOK')).status).toBe(404);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'hierarchy-org-import-errors');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
  });

  it('downloads the export, and importing it back leaves the same tree', async () => {
    const before = flat((await tree()).roots);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${ORG}-hierarchy.csv`);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toBe(await api<string>(`/hierarchy/${ORG}/export`));
    expect(text.trim().split('\n')).toHaveLength(before.length + 1);

    await page.getByRole('button', { name: 'Import CSV' }).click();
    await dialog()
      .getByLabel('CSV file')
      .setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await dialog()
      .getByRole('button', { name: `Import ${before.length} rows` })
      .click();
    expect(await dialog().locator(tid('import-result')).textContent()).toBe(
      `0 created, 0 updated, ${before.length} unchanged.`,
    );
    await dialog().getByRole('button', { name: 'Close' }).click();
    expect(flat((await tree()).roots)).toEqual(before);
  });

  it('creates a rule from Unallocated with its 30-day preview equal to the API', async () => {
    const end = new Date().toISOString().slice(0, 10);
    const start = new Date(Date.parse(`${end}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    const accounts = await api<{
      items: { provider: string; sub_account_id: string | null; billed_cost: number }[];
    }>(`/costs/${ORG}/cloud/accounts?start_date=${start}&end_date=${end}`);
    const account = accounts.items.find((a) => a.sub_account_id && a.billed_cost > 0);
    expect(account).toBeDefined();
    const match = {
      kind: 'cloud_account',
      account_id: account!.sub_account_id!,
      provider: account!.provider,
    };

    await page.locator(tid('unallocated')).getByRole('button', { name: 'Create a rule for this' }).click();
    const d = dialog();
    await d.getByLabel('Match on').selectOption('cloud_account');
    await d.getByLabel('Account id').fill(match.account_id);
    await d.getByLabel('Cloud (optional)').selectOption(match.provider);
    await d.getByLabel('Allocate to').selectOption('TEAM-SRE');
    await d.getByLabel('Priority').fill('900');
    await d.getByLabel('Name (optional)').fill('E2E account rule');
    await d.getByRole('button', { name: 'Preview the last 30 days' }).click();
    await d.locator(tid('rule-preview')).waitFor();
    const expected = await api<Preview>(`/hierarchy/${ORG}/allocation-rules/preview`, {
      match,
      entity_id: 'TEAM-SRE',
      priority: 900,
    });
    expect(expected.matched.record_count).toBeGreaterThan(0);
    const figure = (m: Money) => `${money(m.billed_cost, expected.currency)} (${count(m.record_count)} rows)`;
    expect(await d.locator(tid('preview-matched')).textContent()).toBe(figure(expected.matched));
    expect(await d.locator(tid('preview-moved')).textContent()).toBe(figure(expected.moved));
    expect(await d.locator(tid('preview-unallocated')).textContent()).toBe(figure(expected.unallocated));
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'hierarchy-org-rule-dialog');

    await d.getByRole('button', { name: 'Create rule' }).click();
    await d.waitFor({ state: 'detached' });
    const rules = await api<{ items: { rule_id: string; name: string | null; match: unknown }[] }>(
      `/hierarchy/${ORG}/allocation-rules`,
    );
    const created = rules.items.find((r) => r.name === 'E2E account rule');
    expect(created?.match).toEqual(match);
    const cell = page.locator(tid(`rule-${created!.rule_id}`)).locator(tid('rule-preview-moved'));
    await cell.waitFor();
    const saved = await api<Preview>(`/hierarchy/${ORG}/allocation-rules/preview`, {
      match,
      entity_id: 'TEAM-SRE',
      priority: 900,
      rule_id: created!.rule_id,
    });
    expect((await cell.textContent())!.replace(/\s+/g, ' ')).toBe(
      `${money(saved.moved.billed_cost, saved.currency)} (${count(saved.moved.record_count)} rows)`,
    );
  });
});
