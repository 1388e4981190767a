/**
 * The dashboard in a real browser: `npm start` with the demo on a temporary data dir and Debian's Chromium (the e2e
 * harness, web/e2e/harness.ts), the demo user signed in once, then timed navigations to the dashboard until its first
 * chart has drawn data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from '../web/e2e/harness.js';

/** What the bench reads of `<data dir>/demo/demo.json` (scripts/demo/demo.ts DemoState). */
interface DemoJson {
  status: 'seeding' | 'ready';
  org_slug: string;
  start: string;
  end: string;
  user_email?: string;
  user_password?: string;
}

/** The demo's state once it says ready; throws after `timeoutMs`. */
async function demoReady(h: Harness, timeoutMs = 600_000): Promise<DemoJson> {
  const file = join(h.dataDir, 'demo', 'demo.json');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      try {
        const state = JSON.parse(readFileSync(file, 'utf8')) as DemoJson;
        if (state.status === 'ready') return state;
      } catch {
        // being written
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the demo was not ready within ${timeoutMs / 1000}s (${file})`);
}

/**
 * Set in every document before the app runs: records `performance.now()` (ms since the navigation started) when a
 * chart's SVG first holds a drawn mark — a bar or treemap rectangle, or a line or area path, with a non-empty `d`.
 * A string, not a function: tsx would wrap a function's inner arrows in a `__name` helper the page does not have.
 */
const CHART_PROBE = `(() => {
  const marks = 'figure svg.recharts-surface :is(path.recharts-rectangle, path.recharts-curve, path.recharts-sector)';
  const check = () => {
    if (window.__chartDrawnAt !== undefined) return;
    for (const el of document.querySelectorAll(marks)) {
      if ((el.getAttribute('d') || '').trim().length > 1) {
        window.__chartDrawnAt = performance.now();
        observer.disconnect();
        return;
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['d'] });
})();`;

/** What the page holds of charts: figures, busy skeletons, and the classes of the SVG marks (for a failure). */
function chartsSeen(): string {
  const classes = new Set<string>();
  for (const el of document.querySelectorAll('svg.recharts-surface path, svg.recharts-surface rect'))
    classes.add(`${el.tagName}.${el.getAttribute('class') ?? ''}`);
  return (
    `${document.querySelectorAll('figure').length} figures, ` +
    `${document.querySelectorAll('[aria-busy="true"]').length} busy, ` +
    `${document.querySelectorAll('svg.recharts-surface').length} recharts SVGs, ` +
    `marks [${[...classes].slice(0, 12).join(' ')}]`
  );
}

/** Ms from navigation start until the first chart drew data; throws (with what the page shows) when none did. */
async function timeToChart(page: Page, path: string, timeoutMs: number): Promise<number> {
  await page.goto(path, { waitUntil: 'commit' });
  try {
    const handle = await page.waitForFunction(
      () => (window as unknown as { __chartDrawnAt?: number }).__chartDrawnAt,
      undefined,
      { timeout: timeoutMs },
    );
    return (await handle.jsonValue()) as number;
  } catch (err) {
    const seen = await page.evaluate(chartsSeen).catch(() => 'unknown');
    const text = (
      await page
        .locator('main')
        .innerText()
        .catch(() => '')
    ).slice(0, 300);
    throw new Error(
      `the dashboard showed no chart within ${timeoutMs / 1000}s at ${page.url()} ` +
        `(${err instanceof Error ? err.message.split('\n')[0] : err}); charts: ${seen}; the page said: ${JSON.stringify(text)}`,
    );
  }
}

/** The first day of the last `days` days of [start, end] (YYYY-MM-DD, UTC), never before start. */
function lastDays(start: string, end: string, days: number): string {
  const from = new Date(Date.parse(`${end}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return from < start ? start : from;
}

export interface DashboardTimes {
  path: string;
  times: number[];
  demoReadyS: number;
  platformStartS: number;
}

/** Starts the platform with the demo and Chromium, signs in, warms up, then times `runs` dashboard navigations. */
export async function measureDashboard(runs: number, warmups: number): Promise<DashboardTimes> {
  const t0 = Date.now();
  const h = await startHarness({ demo: true });
  try {
    const platformStartS = (Date.now() - t0) / 1000;
    const demo = await demoReady(h);
    const demoReadyS = (Date.now() - t0) / 1000;
    if (!demo.user_email || !demo.user_password)
      throw new Error('demo.json has no user_email / user_password');
    const page = await h.page();
    await page.context().addInitScript({ content: CHART_PROBE });
    await page.goto('/signin');
    await page.getByLabel('Email').fill(demo.user_email);
    await page.getByLabel('Password').fill(demo.user_password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
    const path = `/${demo.org_slug}/dashboard?start_date=${lastDays(demo.start, demo.end, 30)}&end_date=${demo.end}`;
    for (let i = 0; i < warmups; i++) await timeToChart(page, path, 120_000);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await timeToChart(page, path, 60_000));
    return { path, times, demoReadyS, platformStartS };
  } finally {
    await h.close();
  }
}
