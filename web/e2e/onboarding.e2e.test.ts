import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, seriousViolations, signUpAndConfirm, startHarness, type Harness } from './harness.js';
import { shot } from './helpers.js';

let h: Harness;
let page: Page;
let org: string;

beforeAll(async () => {
  h = await startHarness();
  page = await h.page();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(() => h?.close());

describe('a new user signs up, onboards and sees how to connect a provider', () => {
  it('the sign-in and sign-up pages have no serious accessibility violation', async () => {
    await page.goto('/');
    await page.waitForURL(/\/signin/);
    await page.getByRole('heading', { name: 'Sign in to CloudAct' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'signin');
    await page.goto('/signup');
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('signing up asks to check the mail; its link signs in and lands on onboarding', async () => {
    await signUpAndConfirm(h, page, 'e2e-owner@example.test', 'correct-horse-1');
    await page.waitForURL(/\/onboarding$/);
    await page.getByRole('heading', { name: 'Create your organization' }).waitFor();
    // The plans come from GET /billing/plans.
    await page.getByText('Professional', { exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'onboarding');
  });

  it('creating the org shows its API key once, then the dashboard explains how to connect a provider', async () => {
    await page.getByLabel('Organization name').fill('E2E Co');
    await page.getByLabel('Time zone').selectOption('UTC');
    await page.getByRole('button', { name: 'Create organization' }).click();
    const dialog = page.getByRole('dialog', { name: "Your organization's API key" });
    await dialog.waitFor();
    const key = (await dialog.getByTestId('api-key').textContent())!;
    expect(key).toMatch(/_api_/);
    expect(await seriousViolations(page)).toEqual([]);
    const continueButton = dialog.getByRole('button', { name: 'Continue' });
    expect(await continueButton.isDisabled()).toBe(true);
    await dialog.getByLabel('I have stored it').check();
    await continueButton.click();
    await page.waitForURL(/\/[a-z0-9_]+\/dashboard/);
    org = new URL(page.url()).pathname.split('/')[1]!;
    await page.getByRole('heading', { name: 'E2E Co' }).waitFor();
    await page.getByRole('heading', { name: 'Connect a provider to see your costs' }).waitFor();
    await page.getByTestId('quota').waitFor();
    // The key is gone from the page and was never stored by the app.
    expect(await page.content()).not.toContain(key);
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    expect(stored).not.toContain(key);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'dashboard-empty');
  });

  it('the org shell names the user and signs out to the sign-in page', async () => {
    await page.getByText('e2e-owner@example.test').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin/);
  });

  it('a signed-out visit to an org dashboard is sent to sign-in, and returns there after signing in', async () => {
    const fresh = await h.page();
    await fresh.goto(`/${org}/dashboard`);
    await fresh.waitForURL(/\/signin\?redirect=/);
    await fresh.getByLabel('Email').fill('e2e-owner@example.test');
    await fresh.getByLabel('Password').fill('correct-horse-1');
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await fresh.waitForURL(new RegExp(`/${org}/dashboard$`));
    await fresh.getByRole('heading', { name: 'E2E Co' }).waitFor();
    await fresh.context().close();
  });
});
