// The org structure as a person shapes it, on the demo org: the tree as the API has it; create an entity and one
// under it, move it, a cycle refused with the API's 409 message, a delete refused (children) and one done; a CSV
// with one bad row refused whole with that row listed (nothing created); the export downloaded and imported back
// changes nothing; a rule created from Unallocated with its 30-day preview equal to the API's; the levels panel
// (add, a 400 under its field, rename and re-prefix; a carried prefix read-only and Delete off above the bottom,
// the API's 409s for both; delete the bottom one); drag and drop of a tree row (a move done, no drop while one is
// pending, a cycle and a wrong level refused with the API's messages, cleared by the next drag or dialog); the cost
// hierarchy page's Unallocated "Create a rule for this" opening the rule dialog here, also on this page already;
// the tree's load error shown once; axe finds nothing serious; screenshots.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  SCREENSHOTS,
  seriousViolations,
  signUpAndConfirm,
  startHarness,
  type Harness,
  waitForDemo,
  type DemoState,
} from './harness.js';
import { apiClient, money, ok, shot, signIn, tid, until, type ApiClient } from './helpers.js';

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
interface Level {
  level_code: string;
  name: string;
  depth: number;
  code_prefix: string;
  entity_count: number;
}
interface ApiErrorBody {
  error: { message: string; details?: { field: string; message: string }[] };
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
/** The API as the demo org's key. */
let api: ApiClient;

/** A POST answered 2xx: its body (anything else throws). */
const posted = async <T>(path: string, json: unknown) => ok(path, await api.post<T>(path, json));
const tree = () => api.read<{ roots: TreeNode[] }>(`/hierarchy/${ORG}/tree`);
const levels = async () => (await api.read<{ items: Level[] }>(`/hierarchy/${ORG}/levels`)).items;
const apiError = (r: { body: unknown }) => (r.body as ApiErrorBody).error;
const entity = async (id: string) => api.get<unknown>(`/hierarchy/${ORG}/entities/${id}`);
const flat = (nodes: TreeNode[], parent: string | null = null): [string, string, string | null][] =>
  nodes.flatMap((n) => [
    [n.entity_id, n.name, parent] as [string, string, string | null],
    ...flat(n.children, n.entity_id),
  ]);

const count = (n: number) => new Intl.NumberFormat('en-US').format(n);
const row = (id: string) => page.locator(tid(`entity-${id}`)).first();
const entityName = (id: string) => row(id).locator(tid('entity-name')).first();
const dialog = () => page.getByRole('dialog');
/** The last 30 days (today included), as the Unallocated card reads them. */
function last30Days() {
  const end = new Date().toISOString().slice(0, 10);
  const start = new Date(Date.parse(`${end}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  return { start, end };
}
/** The levels table's cells (depth, name, code, prefix, entities), row by row. */
const levelCells = (p: Page) =>
  p.$$eval(`${tid('levels-table')} tbody tr`, (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => (td.textContent ?? '').trim())),
  );
const cellsOf = (l: Level) => [String(l.depth), l.name, l.level_code, l.code_prefix, String(l.entity_count)];

beforeAll(async () => {
  h = await startHarness({ demo: true });
  demo = await waitForDemo(h.dataDir);
  api = apiClient(h.url, { apiKey: demo.api_key });
  mkdirSync(SCREENSHOTS, { recursive: true });
  page = await h.page();
  await signIn(page, demo.user_email, demo.user_password);
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
    const refused = await api.post(`/hierarchy/${ORG}/entities/DEPT-ENG/move`, {
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
    const refused = await api.post(`/hierarchy/${ORG}/import`, { csv });
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
    expect(text).toBe(await api.read<string>(`/hierarchy/${ORG}/export`));
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
    const { start, end } = last30Days();
    const accounts = await api.read<{
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
    const expected = await posted<Preview>(`/hierarchy/${ORG}/allocation-rules/preview`, {
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
    const rules = await api.read<{ items: { rule_id: string; name: string | null; match: unknown }[] }>(
      `/hierarchy/${ORG}/allocation-rules`,
    );
    const created = rules.items.find((r) => r.name === 'E2E account rule');
    expect(created?.match).toEqual(match);
    const cell = page.locator(tid(`rule-${created!.rule_id}`)).locator(tid('rule-preview-moved'));
    await cell.waitFor();
    const saved = await posted<Preview>(`/hierarchy/${ORG}/allocation-rules/preview`, {
      match,
      entity_id: 'TEAM-SRE',
      priority: 900,
      rule_id: created!.rule_id,
    });
    expect((await cell.textContent())!.replace(/\s+/g, ' ')).toBe(
      `${money(saved.moved.billed_cost, saved.currency)} (${count(saved.moved.record_count)} rows)`,
    );

    // delete it: Escape closes the confirmation and keeps the rule, "Delete rule" deletes it
    const deleteRule = page
      .locator(tid(`rule-${created!.rule_id}`))
      .getByRole('button', { name: /^Delete the rule/ });
    await deleteRule.click();
    await dialog().getByRole('heading', { name: 'Delete this allocation rule?' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    expect((await api.get(`/hierarchy/${ORG}/allocation-rules/${created!.rule_id}`)).status).toBe(200);
    await deleteRule.click();
    await dialog().locator(tid('delete-rule-dialog')).getByRole('button', { name: 'Delete rule' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect((await api.get(`/hierarchy/${ORG}/allocation-rules/${created!.rule_id}`)).status).toBe(404);
    await until('the rule row to go', async () =>
      (await page.locator(tid(`rule-${created!.rule_id}`)).count()) === 0 ? true : undefined,
    );
  });
});

describe('levels', () => {
  it('lists the levels the API has; adds one (a 400 first, under its field), renames and re-prefixes it', async () => {
    await page.goto(`/${ORG}/hierarchy`);
    await page.locator(tid('levels-table')).waitFor();
    const before = await levels();
    expect(before.map((l) => l.level_code)).toEqual(['department', 'project', 'team']);
    expect(await levelCells(page)).toEqual(before.map(cellsOf));

    // a level code in capitals: the API's 400, its message under the field, nothing created
    const bad = { level_code: 'Squad', name: 'Squad', code_prefix: 'SQD' };
    await page.getByRole('button', { name: 'Add level' }).click();
    await dialog().getByLabel('Name').fill(bad.name);
    await dialog().getByLabel('Level code').fill(bad.level_code);
    await dialog().getByLabel('Code prefix').fill(bad.code_prefix);
    await dialog().getByRole('button', { name: 'Add level' }).click();
    const refused = await api.post(`/hierarchy/${ORG}/levels`, bad);
    expect(refused.status).toBe(400);
    const detail = apiError(refused).details?.find((d) => d.field === 'body.level_code');
    expect(detail).toBeDefined();
    await dialog().locator('#level-code-error').getByText(detail!.message, { exact: true }).waitFor();
    await dialog().getByText(apiError(refused).message, { exact: true }).waitFor();
    expect(await levels()).toEqual(before);

    await dialog().getByLabel('Level code').fill('squad');
    await dialog().getByRole('button', { name: 'Add level' }).click();
    await dialog().waitFor({ state: 'detached' });
    const squad = (await levels()).find((l) => l.level_code === 'squad');
    expect(squad).toMatchObject({ name: 'Squad', depth: 4, code_prefix: 'SQD', entity_count: 0 });
    await page.locator(tid('level-squad')).waitFor();
    expect(await levelCells(page)).toEqual([...before, squad!].map(cellsOf));
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'hierarchy-org-levels');

    // no entity carries its prefix yet: name and prefix both change
    await page.getByRole('button', { name: 'Edit the level Squad' }).click();
    await dialog().getByLabel('Name').fill('Pod');
    await dialog().getByLabel('Code prefix').fill('POD');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect((await levels()).find((l) => l.level_code === 'squad')).toMatchObject({
      name: 'Pod',
      code_prefix: 'POD',
    });
    await until('the renamed row', async () =>
      (await page.locator(tid('level-squad')).locator('td').nth(1).textContent()) === 'Pod'
        ? true
        : undefined,
    );
    expect((await levelCells(page))[3]).toEqual(['4', 'Pod', 'squad', 'POD', '0']);
  });

  it("keeps a carried prefix read-only and Delete off above the bottom (the API's 409s); deletes the bottom", async () => {
    const department = (await levels())[0]!;
    expect(department.entity_count).toBeGreaterThan(0);
    // its entities carry the prefix: the field is read-only with the reason, and the API refuses a change (409)
    await page.getByRole('button', { name: 'Edit the level Department' }).click();
    const prefixField = dialog().getByLabel('Code prefix');
    expect(await prefixField.getAttribute('readonly')).not.toBeNull();
    await dialog()
      .getByText(`starting with ${department.code_prefix}, so the prefix cannot change.`, { exact: false })
      .waitFor();
    const prefix = await api.put(`/hierarchy/${ORG}/levels/department`, { code_prefix: 'BU' });
    expect(prefix.status).toBe(409);
    expect(apiError(prefix).message).toContain(department.code_prefix);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'hierarchy-org-level-prefix-fixed');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    expect((await levels())[0]).toEqual(department);

    // above the bottom: Delete is disabled with its reason; the API refuses it too (409)
    const deleteDepartment = page.getByRole('button', { name: 'Delete the level Department' });
    expect(await deleteDepartment.isDisabled()).toBe(true);
    expect(
      await page.locator(tid('level-department')).getByLabel('Only the bottom level can be deleted').count(),
    ).toBe(1);
    const above = await api.delete(`/hierarchy/${ORG}/levels/department`);
    expect(above.status).toBe(409);
    expect(apiError(above).message).toContain('Only the bottom level (squad)');
    expect((await levels()).map((l) => l.level_code)).toEqual(['department', 'project', 'team', 'squad']);
    expect(await page.getByRole('button', { name: 'Delete the level Pod' }).isDisabled()).toBe(false);

    await page.getByRole('button', { name: 'Delete the level Pod' }).click();
    await dialog().getByRole('button', { name: 'Delete level' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect((await levels()).map((l) => l.level_code)).toEqual(['department', 'project', 'team']);
    await until('the row to go', async () =>
      (await page.locator(tid('level-squad')).count()) === 0 ? true : undefined,
    );
    expect(await levelCells(page)).toEqual((await levels()).map(cellsOf));
    // the bottom level now, but its entities must go first
    expect(await page.getByRole('button', { name: 'Delete the level Team' }).isDisabled()).toBe(true);
    expect(await page.locator(tid('level-team')).getByLabel('Its entities must go first').count()).toBe(1);
  });
});

describe('drag and drop in the tree', () => {
  it("moves a dropped entity under the one it lands on; a cycle and a wrong level show the API's message", async () => {
    const created = await posted<Entity>(`/hierarchy/${ORG}/entities`, {
      name: 'E2E Drag',
      level_code: 'project',
      parent_id: 'DEPT-ENG',
    });
    const id = created.entity_id;
    const nodes = flat((await tree()).roots);
    const target = nodes.find(([eid, , parent]) => parent === null && eid !== 'DEPT-ENG')!;
    await page.goto(`/${ORG}/hierarchy`);
    await row('DEPT-ENG')
      .locator(tid(`entity-${id}`))
      .waitFor();
    // one live region, there before any drag, whose text changes; the hint for a member
    const status = page.locator(tid('drag-move-status'));
    expect(await status.getAttribute('role')).toBe('status');
    expect(await status.textContent()).toBe('');
    await page.locator(tid('drag-hint')).waitFor();

    // while the move is on its way no row takes another drop: no highlight, the second entity stays
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/v1/hierarchy/*/entities/*/move', async (r) => {
      await held;
      await r.continue();
    });
    await entityName(id).dragTo(entityName(target[0]));
    await status.getByText(`Moving E2E Drag under ${target[1]}…`, { exact: true }).waitFor();
    await entityName('PROJ-PLATFORM').hover();
    await page.mouse.down();
    await entityName(target[0]).hover({ position: { x: 5, y: 5 } });
    await entityName(target[0]).hover();
    expect(await row(target[0]).locator(tid('entity-row')).first().getAttribute('data-drop-target')).toBe(
      'false',
    );
    await page.mouse.up();
    release();
    await status.getByText(`Moved E2E Drag under ${target[1]}.`, { exact: true }).waitFor();
    await page.unroute('**/api/v1/hierarchy/*/entities/*/move');
    expect(((await entity(id)).body as Entity).parent_id).toBe(target[0]);
    expect(((await entity('PROJ-PLATFORM')).body as Entity).parent_id).toBe('DEPT-ENG');
    await row(target[0])
      .locator(tid(`entity-${id}`))
      .waitFor();

    // Engineering onto its own project: the API's 409 (the cycle) on the page, nothing moves
    const before = flat((await tree()).roots);
    const platform = before.find(([eid]) => eid === 'PROJ-PLATFORM')!;
    await entityName('DEPT-ENG').dragTo(entityName('PROJ-PLATFORM'));
    const cycle = await api.post(`/hierarchy/${ORG}/entities/DEPT-ENG/move`, {
      new_parent_id: 'PROJ-PLATFORM',
    });
    expect(cycle.status).toBe(409);
    expect(apiError(cycle).message).toContain('cycle');
    await status.getByText(`Could not move Engineering under ${platform[1]}`, { exact: true }).waitFor();
    await status.getByText(apiError(cycle).message, { exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'hierarchy-org-drag-refused');
    expect(flat((await tree()).roots)).toEqual(before);

    // a new drag clears the last message (let go over its own parent: no move)
    await entityName(id).hover();
    await page.mouse.down();
    await entityName(target[0]).hover({ position: { x: 5, y: 5 } });
    await entityName(target[0]).hover();
    expect(await status.textContent()).toBe('');
    await page.mouse.up();
    expect(flat((await tree()).roots)).toEqual(before);

    // the project onto a team: the API's 400 (a project's parent is a department)
    const team = (await tree()).roots
      .flatMap((d) => d.children.flatMap((p) => p.children))
      .find((t) => t.level_code === 'team')!;
    await entityName(id).dragTo(entityName(team.entity_id));
    const level = await api.post(`/hierarchy/${ORG}/entities/${id}/move`, {
      new_parent_id: team.entity_id,
    });
    expect(level.status).toBe(400);
    await status.getByText(`Could not move E2E Drag under ${team.name}`, { exact: true }).waitFor();
    await status.getByText(apiError(level).message, { exact: true }).waitFor();
    expect(flat((await tree()).roots)).toEqual(before);

    // a dialog opened clears it too
    await page.getByRole('button', { name: 'Add entity' }).click();
    await dialog().waitFor();
    expect(await status.textContent()).toBe('');
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });

    expect((await api.delete(`/hierarchy/${ORG}/entities/${id}`)).status).toBe(204);
  });
});

describe('Unallocated on the cost hierarchy page', () => {
  it('"Create a rule for this" opens the new-rule dialog of the org structure', async () => {
    const { start, end } = last30Days();
    const rows = await api.read<{ items: { entity_id: string | null }[] }>(
      `/costs/${ORG}/by-hierarchy?start_date=${start}&end_date=${end}`,
    );
    expect(rows.items.some((r) => r.entity_id === null)).toBe(true);
    await page.goto(`/${ORG}/costs/hierarchy?start_date=${start}&end_date=${end}`);
    const link = page.locator(tid('unallocated-part')).getByRole('link', { name: 'Create a rule for this' });
    await link.waitFor();
    // the treemap has drawn (the frame's figure) before the screenshot
    await page
      .locator(`${tid('hierarchy-treemap')} figure svg`)
      .first()
      .waitFor();
    await shot(page, 'hierarchy-costs-unallocated');
    await link.click();
    await page.waitForURL(
      (u) => u.pathname === `/${ORG}/hierarchy` && u.searchParams.get('create_rule') === '1',
    );
    await dialog().getByRole('heading', { name: 'New allocation rule' }).waitFor();
    await dialog()
      .getByText(/^Unallocated cost is cost no rule assigns/)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    await page.waitForURL((u) => u.pathname === `/${ORG}/hierarchy` && !u.searchParams.has('create_rule'));

    // on the page already, the URL taking ?create_rule=1 again (a history entry pushed) opens it again
    await page.evaluate(() => window.history.pushState(window.history.state, '', '?create_rule=1'));
    await dialog().getByRole('heading', { name: 'New allocation rule' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    await page.waitForURL((u) => u.pathname === `/${ORG}/hierarchy` && !u.searchParams.has('create_rule'));
  });
});

describe('the tree failing to load', () => {
  it('shows the error once, in the levels card', async () => {
    const pattern = '**/api/v1/hierarchy/*/tree';
    await page.route(pattern, (r) =>
      r.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'E2E: the tree is down' } }),
      }),
    );
    try {
      await page.goto(`/${ORG}/hierarchy`);
      const alert = page.getByRole('alert').filter({ hasText: 'E2E: the tree is down' });
      await alert.getByText('Could not load the org structure').waitFor({ timeout: 20_000 });
      expect(await alert.count()).toBe(1);
      expect(await page.locator(tid('levels-table')).count()).toBe(0);
      expect(await page.locator(tid('hierarchy-tree')).count()).toBe(0);
    } finally {
      await page.unroute(pattern);
    }
  });
});

describe('a viewer', () => {
  it('sees the levels and the tree; level writes are disabled with the role they need, rows do not drag', async () => {
    const email = 'e2e-hierarchy-viewer@example.test';
    const put = await api.put(`/organizations/${ORG}/members/${encodeURIComponent(email)}`, {
      role: 'viewer',
    });
    expect(put.status).toBe(200);
    const viewer = await h.page();
    await signUpAndConfirm(h, viewer, email, 'viewer-hierarchy-42');
    await viewer.waitForURL(/\/dashboard/);
    await viewer.goto(`/${ORG}/hierarchy`);
    await viewer.locator(tid('hierarchy-tree')).waitFor();
    expect(await levelCells(viewer)).toEqual((await levels()).map(cellsOf));
    for (const name of ['Add level', 'Edit the level Department', 'Delete the level Team'])
      expect(await viewer.getByRole('button', { name, exact: true }).isDisabled(), name).toBe(true);
    expect(await viewer.locator(`${tid('levels-table')} [aria-label="needs member"]`).count()).toBe(
      (await levels()).length,
    );
    expect(await viewer.locator('[draggable="true"]').count()).toBe(0);
    expect(await viewer.locator(tid('drag-hint')).count()).toBe(0);
    expect(await seriousViolations(viewer)).toEqual([]);

    // the cost page's Unallocated names the way but is no link for a viewer
    const { start, end } = last30Days();
    await viewer.goto(`/${ORG}/costs/hierarchy?start_date=${start}&end_date=${end}`);
    const part = viewer.locator(tid('unallocated-part'));
    await part.getByText('Create a rule for this').waitFor();
    expect(await part.getByRole('link').count()).toBe(0);
    expect(await part.locator('[aria-label="needs member"]').count()).toBe(1);

    // ?create_rule=1 opens nothing for a viewer and leaves the URL
    await viewer.goto(`/${ORG}/hierarchy?create_rule=1`);
    await viewer.waitForURL((u) => u.pathname === `/${ORG}/hierarchy` && !u.searchParams.has('create_rule'));
    await viewer.locator(tid('hierarchy-tree')).waitFor();
    expect(await viewer.getByRole('dialog').count()).toBe(0);
    await viewer.context().close();
  });
});
