// The e2e harness: a real `npm start` (tsx scripts/start.ts) on a temporary data dir and a free port, and Debian's
// Chromium driven by playwright-core (never a downloaded browser). One harness per test file; close() ends both.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { LocalMail } from '../../shared/identity/mailbox.js';
import type { DemoKeys } from '../../scripts/demo/stand-in.js';

const REPO = join(import.meta.dirname, '..', '..');
export const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export interface Harness {
  url: string;
  dataDir: string;
  browser: Browser;
  /** A page in a fresh context (no session): en-US, UTC, reduced motion, 1280×800. */
  page(): Promise<Page>;
  /** Messages the local identity "sent", oldest first. */
  mailbox(): LocalMail[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output()}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`npm start did not answer /health within ${timeoutMs / 1000}s:\n${output()}`);
}

/** Starts the platform (demo off unless asked) and the browser. */
export async function startHarness(options: { demo?: boolean } = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cloudact-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(join(REPO, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      CLOUDACT_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLOUDACT_DEMO: options.demo ? '1' : '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stopChild = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  let browser: Browser;
  try {
    await waitForHealth(url, child, () => output);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  } catch (err) {
    await stopChild();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    dataDir,
    browser,
    async page() {
      const context = await browser.newContext({
        baseURL: url,
        locale: 'en-US',
        timezoneId: 'UTC',
        reducedMotion: 'reduce',
        viewport: { width: 1280, height: 800 },
        deviceScaleFactor: 1,
      });
      return context.newPage();
    },
    mailbox() {
      const file = join(dataDir, 'identity', 'mailbox.jsonl');
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as LocalMail);
    },
    async close() {
      await browser.close().catch(() => {});
      await stopChild();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Accessibility violations axe rates serious or critical on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/** Signs up `email` through the app and follows the mailed confirmation link: the page ends signed in. */
export async function signUpAndConfirm(h: Harness, page: Page, email: string, password: string) {
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  const mail = h.mailbox().findLast((m) => m.to === email && m.type === 'signup');
  if (!mail?.app_link) throw new Error(`no confirmation mail for ${email}`);
  await page.goto(mail.app_link);
}

/** The demo's state (`<data dir>/demo/demo.json`, scripts/demo/demo.ts) once it is ready. */
export interface DemoState {
  status: 'ready';
  org_slug: string;
  api_key: string;
  user_email: string;
  user_password: string;
  /** The demo's first and last day. */
  start: string;
  end: string;
  /** The keys the demo's provider stand-ins accept. */
  keys: DemoKeys;
}

/**
 * Waits until the harness's demo is ready (a `{ demo: true }` harness) and returns its state. The file is written
 * while the test reads it: a read that does not parse (caught half-written) is tried again.
 */
export async function waitForDemo(dataDir: string, timeoutMs = 240_000): Promise<DemoState> {
  const file = join(dataDir, 'demo', 'demo.json');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let state: Partial<DemoState> | undefined;
    try {
      state = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoState>) : undefined;
    } catch {
      state = undefined;
    }
    if (state?.status === 'ready' && state.api_key && state.user_password) return state as DemoState;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the demo did not become ready');
}
