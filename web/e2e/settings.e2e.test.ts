// Settings as a person uses them: a new owner edits the profile and the fiscal year, invites a viewer until the
// seats run out, is refused removing the last owner (the API's message shown), rotates the API key (the new key
// shown once; the old key gets 401 at once), switches plan without Stripe, invalidates the cost cache; the invited
// viewer signs up with that email, sees every write control disabled, and the API refuses the same writes. Axe finds
// nothing serious on any settings page; a screenshot of each.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, seriousViolations, signUpAndConfirm, startHarness, type Harness } from './harness.js';
import { accessToken, apiClient, cells, shot, tid, type Json } from './helpers.js';

const OWNER = 'e2e-settings-owner@example.test';
const VIEWER = 'e2e-settings-viewer@example.test';

let h: Harness;
let page: Page;
let org = '';
let firstKey = '';
let key = '';

/** The API as an org's key. */
const asKey = (k: string) => apiClient(h.url, { apiKey: k });
/** A read with the current key: its body (anything but 2xx throws). */
const get = (path: string) => asKey(key).read(path);

/** Opens a settings page from the side nav and waits for its one h1. */
async function open(p: Page, label: string, path: string, h1: string) {
  await p
    .getByRole('navigation', { name: 'Settings' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await p.waitForURL(`**/${org}/settings/${path}`);
  await p.getByRole('heading', { level: 1, name: h1 }).waitFor();
  expect(await p.locator('h1').count()).toBe(1);
}

beforeAll(async () => {
  h = await startHarness();
  mkdirSync(SCREENSHOTS, { recursive: true });
  page = await h.page();
  await signUpAndConfirm(h, page, OWNER, 'settings-horse-1');
  await page.waitForURL(/\/onboarding$/);
  await page.getByLabel('Organization name').fill('Settings Co');
  await page.getByLabel('Time zone').selectOption('UTC');
  await page.getByRole('button', { name: 'Create organization' }).click();
  const dialog = page.getByRole('dialog', { name: "Your organization's API key" });
  firstKey = (await dialog.getByTestId('api-key').textContent())!.trim();
  key = firstKey;
  await dialog.getByLabel('I have stored it').check();
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/\/[a-z0-9_]+\/dashboard/);
  org = new URL(page.url()).pathname.split('/')[1]!;
});
afterAll(() => h?.close());

describe('settings as the owner', () => {
  it('Settings is in the header and opens the organization page; the side nav lists the six pages', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`**/${org}/settings/organization`);
    await page.getByRole('heading', { level: 1, name: 'Organization' }).waitFor();
    const links = await page
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link')
      .allTextContents();
    expect(links).toEqual(['Organization', 'Members', 'API key', 'Usage', 'Billing', 'Data']);
  });

  it('saves the profile and the fiscal year start; the API reads them back', async () => {
    const profile = page.locator(tid('profile'));
    await profile.getByLabel('Contact name').waitFor();
    expect(await profile.getByLabel('Organization name').inputValue()).toBe('Settings Co');
    expect(await profile.getByRole('button', { name: 'Save profile' }).isDisabled()).toBe(true);
    await profile.getByLabel('Billing email').fill('not an email');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await profile.getByText('Enter an email address or leave it empty').waitFor();
    await profile.getByLabel('Billing email').fill('ap@settings.test');
    await profile.getByLabel('Contact name').fill('Finance Team');
    await profile.getByLabel('Organization name').fill('Settings Company');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await profile.getByRole('status').getByText('Saved.').waitFor();
    const p = await get(`/organizations/${org}`);
    expect([p.contact_name, p.billing_email, p.org_name]).toEqual([
      'Finance Team',
      'ap@settings.test',
      'Settings Company',
    ]);
    // the header's org switcher shows the new name without a reload
    await expect
      .poll(() => page.locator('#org-switcher option:checked').textContent())
      .toBe('Settings Company');

    const locale = page.locator(tid('locale'));
    await locale.getByLabel('Fiscal year starts in').selectOption({ label: 'April' });
    await locale.getByRole('button', { name: 'Save currency and time' }).click();
    await locale.getByRole('status').getByText('Saved.').waitFor();
    expect(await get(`/organizations/${org}/locale`)).toEqual({
      currency: 'USD',
      timezone: 'UTC',
      fiscal_year_start_month: 4,
    });
    // a reload shows what was saved
    await page.reload();
    await page.locator(tid('locale')).getByLabel('Fiscal year starts in').waitFor();
    expect(await page.locator(tid('locale')).getByLabel('Fiscal year starts in').inputValue()).toBe('4');
    expect(await page.locator(tid('profile')).getByLabel('Contact name').inputValue()).toBe('Finance Team');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'settings-organization');
  });

  it('invites a viewer within the seats; with every seat taken the form is disabled', async () => {
    await open(page, 'Members', 'members', 'Members and roles');
    await page.locator(tid('seats')).getByText('1 of 2 seats used').waitFor();
    const invite = page.locator(tid('invite'));
    await invite.getByLabel('Email').fill(VIEWER);
    await invite.getByLabel('Role').selectOption('viewer');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await invite.getByText(`${VIEWER} was added as viewer.`).waitFor();
    await page.locator(tid('seats')).getByText('2 of 2 seats used').waitFor();
    await invite.getByText('Every seat is taken').waitFor();
    expect(await invite.getByRole('button', { name: 'Invite' }).isDisabled()).toBe(true);
    const rows = await cells(page, 'members-table');
    expect(rows.map((r) => [r[0], r[2]])).toEqual([
      [`${OWNER} (you)`, 'Joined'],
      [VIEWER, 'Invited, not signed in yet'],
    ]);
    const members = (await get(`/organizations/${org}/members`)).items as Json[];
    expect(members.map((m) => [m.email, m.role])).toEqual([
      [OWNER, 'owner'],
      [VIEWER, 'viewer'],
    ]);
  });

  it('removing the last owner is refused with the API message, and changing its role too', async () => {
    await page.getByRole('button', { name: `Remove ${OWNER}` }).click();
    const dialog = page.getByRole('dialog', { name: `Remove ${OWNER}?` });
    await dialog.getByRole('button', { name: 'Remove member' }).click();
    await dialog.getByRole('alert').getByText('An organization keeps at least one owner.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByLabel(`Role of ${OWNER}`).selectOption('admin');
    await page
      .locator(tid('members'))
      .getByRole('alert')
      .getByText('An organization keeps at least one owner.')
      .waitFor();
    // the select shows the role the member still has
    await expect.poll(() => page.getByLabel(`Role of ${OWNER}`).inputValue()).toBe('owner');
    const members = (await get(`/organizations/${org}/members`)).items as Json[];
    expect(members.find((m) => m.email === OWNER)?.role).toBe('owner');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'settings-members');
  });

  it('rotating the key shows the new one once; the old key gets 401 at once', async () => {
    await open(page, 'API key', 'api-key', 'API key');
    const before = (await page.locator(tid('key-fingerprint')).textContent())!.trim();
    expect((await asKey(firstKey).get(`/organizations/${org}`)).status).toBe(200);
    await page.getByRole('button', { name: 'Rotate key' }).click();
    const confirm = page.getByRole('dialog', { name: 'Rotate the API key?' });
    await confirm.getByText('The current key stops working at once').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Rotate now' }).click();
    const shown = page.getByRole('dialog', { name: "Your organization's API key" });
    const next = (await shown.getByTestId('api-key').textContent())!.trim();
    expect(next).not.toBe(firstKey);
    // at once, while the new key is still on screen
    expect((await asKey(firstKey).get(`/organizations/${org}`)).status).toBe(401);
    const fresh = await asKey(next).get(`/organizations/${org}`);
    expect(fresh.status).toBe(200);
    key = next;
    expect(await seriousViolations(page)).toEqual([]);
    await shown.getByLabel('I have stored it').check();
    await shown.getByRole('button', { name: 'Continue' }).click();
    await shown.waitFor({ state: 'detached' });
    // the page shows the new key's fingerprint and not the key
    await expect
      .poll(async () => (await page.locator(tid('key-fingerprint')).textContent())!.trim())
      .toBe(fresh.body.api_key_fingerprint);
    expect(fresh.body.api_key_fingerprint).not.toBe(before);
    expect(await page.content()).not.toContain(next);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'settings-api-key');
  });

  it('usage shows the quota the API gives', async () => {
    await open(page, 'Usage', 'usage', 'Usage and quota');
    await page.locator(tid('quota')).waitFor();
    const quota = await get(`/organizations/${org}/quota`);
    const seats = quota.seats as { used: number; limit: number };
    expect(seats).toEqual({ used: 2, limit: 2 });
    const meter = page.getByRole('meter', { name: 'Seats' });
    expect(await meter.getAttribute('aria-valuenow')).toBe('2');
    expect(await meter.getAttribute('aria-valuemax')).toBe('2');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'settings-usage');
  });

  it('billing shows the trial; without Stripe a plan change applies at once and frees seats', async () => {
    await open(page, 'Billing', 'billing', 'Billing and plan');
    const before = await get(`/billing/${org}`);
    expect([before.plan, before.status, before.stripe_enabled]).toEqual(['STARTER', 'TRIAL', false]);
    await page.locator(tid('billing-status-value')).getByText('Trial').waitFor();
    await page.locator(tid('billing-facts')).getByText('Trial ends').waitFor();
    await page.locator(tid('plan-STARTER')).getByText('Current plan').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page
      .locator(tid('plan-PROFESSIONAL'))
      .getByRole('button', { name: 'Switch to Professional' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Switch to Professional?' });
    await dialog.getByRole('button', { name: 'Switch to Professional' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(tid('plan-PROFESSIONAL')).getByText('Current plan').waitFor();
    await page.locator(tid('billing-status-value')).getByText('Active').waitFor();
    const after = await get(`/billing/${org}`);
    expect([after.plan, after.status]).toEqual(['PROFESSIONAL', 'ACTIVE']);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'settings-billing');

    await open(page, 'Members', 'members', 'Members and roles');
    const seats = (await get(`/organizations/${org}/quota`)).seats as { used: number; limit: number };
    expect(seats.limit).toBeGreaterThan(2);
    await page.locator(tid('seats')).getByText(`2 of ${seats.limit} seats used`).waitFor();
    expect(await page.locator(tid('invite')).getByRole('button', { name: 'Invite' }).isDisabled()).toBe(
      false,
    );
  });

  it('data shows the cache statistics and invalidating bumps the data version', async () => {
    await open(page, 'Data', 'data', 'Data and cache');
    const version = (await get(`/costs/${org}/cache/stats`)).version as number;
    await page.locator(tid('cache-version')).getByText(String(version)).waitFor();
    await page.getByRole('button', { name: 'Invalidate cache' }).click();
    await page
      .getByRole('status')
      .getByText(/^Invalidated \d+ entr(y|ies); the data version is now/)
      .waitFor();
    const now = (await get(`/costs/${org}/cache/stats`)).version as number;
    expect(now).toBeGreaterThan(version);
    await page.getByRole('status').getByText(`the data version is now ${now}.`, { exact: false }).waitFor();
    await page.locator(tid('cache-version')).getByText(String(now)).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'settings-data');
  });
});

describe('settings as the invited viewer', () => {
  let viewer: Page;
  let token = '';

  it('signing up with the invited email lands in the org as a viewer', async () => {
    viewer = await h.page();
    await signUpAndConfirm(h, viewer, VIEWER, 'viewer-horse-42');
    await viewer.waitForURL(new RegExp(`/${org}/dashboard`));
    token = await accessToken(viewer);
    expect(token).toBeTruthy();
    const members = (await get(`/organizations/${org}/members`)).items as Json[];
    expect(members.find((m) => m.email === VIEWER)?.user_id).toBeTruthy();
  });

  it('every write control of every settings page is disabled, saying the role it needs', async () => {
    await viewer.goto(`/${org}/settings/organization`);
    await viewer.getByRole('heading', { level: 1, name: 'Organization' }).waitFor();
    await viewer.locator(tid('profile')).getByLabel('Contact name').waitFor();
    expect(await viewer.locator(tid('profile')).getByLabel('Contact name').isDisabled()).toBe(true);
    expect(await viewer.locator(tid('locale')).getByLabel('Currency').isDisabled()).toBe(true);
    expect(await viewer.getByRole('button', { name: 'Save profile' }).isDisabled()).toBe(true);
    expect(await viewer.getByRole('button', { name: 'Save currency and time' }).isDisabled()).toBe(true);
    expect(await viewer.locator('[aria-label="needs admin"]').count()).toBe(2);
    expect(await seriousViolations(viewer)).toEqual([]);

    await open(viewer, 'Members', 'members', 'Members and roles');
    await viewer.locator(tid('members-table')).waitFor();
    expect(await viewer.locator(tid('invite')).getByRole('button', { name: 'Invite' }).isDisabled()).toBe(
      true,
    );
    expect(await viewer.locator(tid('invite')).getByLabel('Email').isDisabled()).toBe(true);
    for (const email of [OWNER, VIEWER]) {
      expect(await viewer.getByRole('button', { name: `Remove ${email}` }).isDisabled()).toBe(true);
      expect(await viewer.getByLabel(`Role of ${email}`).isDisabled()).toBe(true);
    }
    expect(await seriousViolations(viewer)).toEqual([]);
    await shot(viewer, 'settings-members-viewer');

    await open(viewer, 'API key', 'api-key', 'API key');
    expect(await viewer.getByRole('button', { name: 'Rotate key' }).isDisabled()).toBe(true);
    expect(await viewer.locator('[aria-label="needs owner"]').count()).toBe(1);
    expect(await seriousViolations(viewer)).toEqual([]);

    await open(viewer, 'Usage', 'usage', 'Usage and quota');
    await viewer.locator(tid('quota')).waitFor();
    expect(await seriousViolations(viewer)).toEqual([]);

    await open(viewer, 'Billing', 'billing', 'Billing and plan');
    const switches = viewer.locator(tid('plans')).getByRole('button', { name: /^Switch to / });
    await switches.first().waitFor();
    const count = await switches.count();
    expect(count).toBe(2);
    for (let i = 0; i < count; i++) expect(await switches.nth(i).isDisabled()).toBe(true);
    expect(await seriousViolations(viewer)).toEqual([]);

    await open(viewer, 'Data', 'data', 'Data and cache');
    await viewer.locator(tid('cache-stats')).waitFor();
    expect(await viewer.getByRole('button', { name: 'Invalidate cache' }).isDisabled()).toBe(true);
    expect(await viewer.locator('[aria-label="needs member"]').count()).toBe(1);
    expect(await seriousViolations(viewer)).toEqual([]);
  });

  it('the API refuses the same writes to the viewer (403) and nothing changes', async () => {
    const asViewer = apiClient(h.url, { token });
    const writes: [string, string, unknown?][] = [
      ['PUT', `/organizations/${org}`, { contact_name: 'Viewer was here' }],
      ['PUT', `/organizations/${org}/locale`, { currency: 'EUR' }],
      ['PUT', `/organizations/${org}/members/${encodeURIComponent('new@example.test')}`, { role: 'viewer' }],
      ['PUT', `/organizations/${org}/members/${encodeURIComponent(VIEWER)}`, { role: 'owner' }],
      ['DELETE', `/organizations/${org}/members/${encodeURIComponent(OWNER)}`],
      ['POST', `/organizations/${org}/api-key/rotate`],
      [
        'POST',
        `/billing/${org}/checkout`,
        { plan: 'SCALE', success_url: `${h.url}/x`, cancel_url: `${h.url}/x` },
      ],
      ['POST', `/costs/${org}/cache/invalidate`],
    ];
    for (const [method, path, body] of writes) {
      const r = await asViewer.send(method, path, body);
      expect({ method, path, status: r.status }).toEqual({ method, path, status: 403 });
    }
    // reads are allowed, and nothing was changed
    expect((await asViewer.get(`/organizations/${org}`)).status).toBe(200);
    const p = await get(`/organizations/${org}`);
    expect([p.contact_name, p.currency, p.plan]).toEqual(['Finance Team', 'USD', 'PROFESSIONAL']);
    expect((await asKey(key).get(`/organizations/${org}`)).status).toBe(200);
    const members = (await get(`/organizations/${org}/members`)).items as Json[];
    expect(members.map((m) => [m.email, m.role])).toEqual([
      [OWNER, 'owner'],
      [VIEWER, 'viewer'],
    ]);
    await viewer.context().close();
  });
});
