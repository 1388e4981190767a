// The small helpers every e2e file uses: locators by test id, amounts and days formatted as a person reads them
// (written here independently of the app's own formatting), screenshots with the volatile parts masked, polling,
// table cells, and a client of the HTTP API as an org's key or a user's session.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS } from './harness.js';

/** The CSS selector of an element by its `data-testid`. */
export const tid = (id: string) => `[data-testid="${id}"]`;

/**
 * An amount as the pages show it: `Intl` currency format in en-US, -0 read as 0. Takes a number or an exact decimal
 * (decimal.js, `Exact`), which is converted to a number first, as the API's JSON would carry it.
 */
export const money = (value: number | { toNumber(): number }, currency = 'USD') => {
  const v = typeof value === 'number' ? value : value.toNumber();
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(Object.is(v, -0) ? 0 : v);
};

/** A UTC billing day (`2026-03-01`) as the pages show it (`Mar 1, 2026`). */
export const day = (d: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  }).format(new Date(`${d}T00:00:00Z`));

/**
 * A full-page screenshot into web/e2e/screenshots/<name>.png. Times (`[data-volatile]`) and the `mask` selectors
 * (other parts that change every run) are masked: a screenshot changes only when the page does.
 */
export const shot = (page: Page, name: string, options: { mask?: readonly string[] } = {}) =>
  page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    fullPage: true,
    mask: ['[data-volatile]', ...(options.mask ?? [])].map((s) => page.locator(s)),
    maskColor: '#9ca3af',
  });

/** Polls `probe` every 250 ms until it returns something other than undefined; throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until the element `selector` has the (trimmed) text `want`. */
export const textIs = (page: Page, selector: string, want: string, timeout = 30_000) =>
  page.waitForFunction(
    ([sel, w]) => document.querySelector(sel!)?.textContent?.trim() === w,
    [selector, want],
    { timeout },
  );

/** The (trimmed) text of each cell of the rows of the table with test id `id`. */
export const cells = (page: Page, id: string) =>
  page.$$eval(`${tid(id)} tbody tr`, (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
  );

/** The signed-in user's access token, as the app keeps it ('' when signed out). */
export const accessToken = (page: Page) =>
  page.evaluate(() => {
    const k = Object.keys(localStorage).find((x) => x.endsWith('-auth-token'));
    return k ? (JSON.parse(localStorage.getItem(k)!) as { access_token: string }).access_token : '';
  });

/** Signs in on /signin and waits for the dashboard. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard/);
}

// --- the HTTP API ---

export type Json = Record<string, unknown>;
/** Query parameters; an undefined value is left out. */
export type Query = Record<string, string | undefined>;
/** An org's API key (`x-api-key`) or a user's access token (`Authorization: Bearer`). */
export type Auth = { apiKey: string } | { token: string };
/** A response: its status and its body, parsed when it is JSON, else its text. */
export interface ApiResponse<T> {
  status: number;
  body: T;
}

export interface ApiClient {
  send<T = Json>(method: string, path: string, body?: unknown, query?: Query): Promise<ApiResponse<T>>;
  get<T = Json>(path: string, query?: Query): Promise<ApiResponse<T>>;
  post<T = Json>(path: string, body?: unknown, query?: Query): Promise<ApiResponse<T>>;
  put<T = Json>(path: string, body?: unknown, query?: Query): Promise<ApiResponse<T>>;
  delete<T = Json>(path: string, query?: Query): Promise<ApiResponse<T>>;
  /** The body of a GET answered 2xx; any other answer throws with the path, status and body. */
  read<T = Json>(path: string, query?: Query): Promise<T>;
}

/** A client of `${url}/api/v1` with `auth` on every call (a JSON body is sent as JSON). */
export function apiClient(url: string, auth: Auth): ApiClient {
  const authHeader: Record<string, string> =
    'apiKey' in auth ? { 'x-api-key': auth.apiKey } : { authorization: `Bearer ${auth.token}` };
  async function send<T>(method: string, path: string, body?: unknown, query: Query = {}) {
    const q = new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
    ).toString();
    const res = await fetch(`${url}/api/v1${path}${q ? `?${q}` : ''}`, {
      method,
      headers: { ...authHeader, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    // JSON is parsed; anything else (CSV, the logs' application/x-ndjson) is its text.
    const json = (res.headers.get('content-type') ?? '').startsWith('application/json') && text !== '';
    return { status: res.status, body: (json ? JSON.parse(text) : text) as T };
  }
  return {
    send,
    get: (path, query) => send('GET', path, undefined, query),
    post: (path, body, query) => send('POST', path, body, query),
    put: (path, body, query) => send('PUT', path, body, query),
    delete: (path, query) => send('DELETE', path, undefined, query),
    read: async <T>(path: string, query?: Query) => ok(path, await send<T>('GET', path, undefined, query)),
  };
}

/** The body of a 2xx response; any other throws with `what` (the path), the status and the body. */
export function ok<T>(what: string, r: ApiResponse<T>): T {
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
