/**
 * Demo data on the first `npm start`: with an empty data dir (and CLOUDACT_DEMO not 0), the org `acme_demo` is
 * onboarded through the API with a hierarchy, allocation rules, AWS / OpenAI / Anthropic integrations and SaaS
 * plans, and the real pipelines ingest three months of generated data: AWS CUR 2.0 files under the cloud exports
 * dir, GenAI usage served by a local stand-in of the providers' usage APIs. `<data dir>/demo/demo.json` records it:
 * later starts start the stand-in again (the demo's scheduled runs keep working) and never re-create the demo.
 * With the local identity on, the org's admin is a local user with a generated password (scripts/demo/login.ts),
 * kept in demo.json beside the key and printed with it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../shared/config/config.js';
import { ensurePrivateDir } from '../local/data-dir.js';
import { DEMO_AWS, writeCurExports } from './aws-cur.js';
import { addDays, demoRange, isoDay } from './generator.js';
import {
  apiClient,
  DemoError,
  ensureHierarchy,
  ensureIntegrations,
  ensurePlans,
  ensureRules,
  type Api,
  type Fetch,
} from './org.js';
import { DEMO_ADMIN_EMAIL, ensureDemoLogin, newDemoPassword } from './login.js';
import { newDemoKeys, startStandIn, type DemoKeys, type StandIn } from './stand-in.js';

export const DEMO_ORG = 'acme_demo';
export const DEMO_PIPELINES = [
  'aws/cost/billing',
  'openai/genai/usage',
  'anthropic/genai/usage',
  'saas/subscription/costs',
] as const;

export interface DemoState {
  version: 1;
  status: 'seeding' | 'ready';
  org_slug: string;
  /** The generator's seed and the demo's first day (day-keyed data: later starts extend, never change it). */
  seed: string;
  origin: string;
  start: string;
  end: string;
  api_key?: string;
  /** The local user that owns the org (absent when the local identity is off or the demo predates it). */
  user_email?: string;
  user_password?: string;
  keys: DemoKeys;
  created_at: string;
  ready_in_ms?: number;
  /** Share of the range's billed cost the allocate step put on a hierarchy entity (null: nothing allocated). */
  allocated_share?: number | null;
}

export interface SeedResult {
  skipped: boolean;
  runs: { pipeline: string; run_id: string; status: string; error?: string | null }[];
  allocated_share: number | null;
  ms: number;
}

/** A data dir is fresh when it does not exist or holds nothing (decided before the platform writes to it). */
export function isFreshDataDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** `CLOUDACT_DEMO=0` (or false / no) turns the demo off. */
export const demoDisabled = (value: string | undefined) => ['0', 'false', 'no'].includes(value ?? '');

/** The file that keeps the demo's state and its org's API key. */
export const demoStateFile = (dataDir: string) => join(dataDir, 'demo', 'demo.json');

export function readDemoState(dataDir: string): DemoState | null {
  const file = demoStateFile(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoState) : null;
}

function writeState(dataDir: string, state: DemoState) {
  // The first write to a fresh data dir: it is created owner-only.
  ensurePrivateDir(dataDir);
  ensurePrivateDir(join(dataDir, 'demo'));
  // Holds the demo org's API key, like root-key beside it.
  writeFileSync(demoStateFile(dataDir), JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
}

export interface Demo {
  state: DemoState;
  /** Settings for the platform: provider endpoints at the stand-in and CLOUD_EXPORTS_DIR (those the user left unset). */
  env: Record<string, string>;
  standIn: StandIn;
  /** Seeds the org unless the demo is ready; a ready demo is a no-op. */
  seed(fetch: Fetch, rootKey: string, options?: SeedOptions): Promise<SeedResult>;
  close(): Promise<void>;
}

export interface SeedOptions {
  /** Stops waiting for the runs (the platform is stopping). */
  signal?: AbortSignal;
  timeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * Opens the demo of a data dir: a new one when the dir is fresh, the recorded one otherwise; null when the demo
 * is off, in production, or the dir was created without it. Call before anything writes to the data dir.
 * `userEnv` is the process environment: provider settings set there are left alone.
 */
export async function openDemo(
  config: Pick<Config, 'dataDir' | 'ENVIRONMENT' | 'CLOUD_EXPORTS_DIR'>,
  userEnv: Record<string, string | undefined>,
  now = new Date(),
): Promise<Demo | null> {
  if (demoDisabled(userEnv.CLOUDACT_DEMO) || config.ENVIRONMENT === 'production') return null;
  let state = readDemoState(config.dataDir);
  if (!state) {
    if (!isFreshDataDir(config.dataDir)) return null;
    const { start, end } = demoRange(now);
    state = {
      version: 1,
      status: 'seeding',
      org_slug: DEMO_ORG,
      seed: 'acme-demo-v1',
      origin: start,
      start,
      end,
      keys: newDemoKeys(),
      created_at: now.toISOString(),
    };
    writeState(config.dataDir, state);
  }
  // Data up to yesterday: the demo's daily scheduled runs find each new day.
  const until = addDays(isoDay(now), -1);
  const exportsDir = config.CLOUD_EXPORTS_DIR ?? join(config.dataDir, 'demo', 'exports');
  writeCurExports(
    join(exportsDir, 'aws', DEMO_AWS.bucket, DEMO_AWS.prefix),
    state.seed,
    state.origin,
    state.origin,
    until < state.end ? state.end : until,
  );
  const standIn = await startStandIn(
    state.keys,
    state.seed,
    state.origin,
    until < state.end ? state.end : until,
  );
  const env: Record<string, string> = { ...standIn.endpoints, CLOUD_EXPORTS_DIR: exportsDir };
  for (const key of Object.keys(env)) if (userEnv[key]) delete env[key];
  const demo: Demo = {
    state,
    env,
    standIn,
    seed: (fetch, rootKey, options = {}) => seedDemo(demo, config.dataDir, fetch, rootKey, options),
    close: () => standIn.close(),
  };
  return demo;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** The org's key: onboarded on SCALE (4 runs a day is far under its quota), or a rotated one on a resume. */
async function ensureOrg(demo: Demo, dataDir: string, fetch: Fetch, rootKey: string): Promise<string> {
  const state = demo.state;
  if (state.api_key) return state.api_key;
  const root = apiClient(fetch, () => ({ 'x-ca-root-key': rootKey }));
  const onboard = await root<{ api_key: string }>(
    'POST',
    '/api/v1/organizations/onboard',
    {
      org_name: 'Acme Corp (demo)',
      admin_email: DEMO_ADMIN_EMAIL,
      plan: 'SCALE',
      org_slug: state.org_slug,
    },
    [201, 409],
  );
  // 409: onboarded by an interrupted start that did not record the key; a new key replaces it.
  state.api_key =
    onboard.status === 201
      ? onboard.body.api_key
      : (await root<{ api_key: string }>('POST', `/api/v1/organizations/${state.org_slug}/api-key/rotate`))
          .body.api_key;
  writeState(dataDir, state);
  return state.api_key;
}

/**
 * The org's sign-in: the password is recorded before the user is created, so a resumed seeding signs up with the
 * same one (and a confirmed user is only signed in). Nothing is kept when the local identity is off.
 */
async function ensureLogin(state: DemoState, dataDir: string, fetch: Fetch, log: (line: string) => void) {
  if (!state.user_email || !state.user_password) {
    Object.assign(state, { user_email: DEMO_ADMIN_EMAIL, user_password: newDemoPassword() });
    writeState(dataDir, state);
  }
  const login = { user_email: state.user_email!, user_password: state.user_password! };
  if (await ensureDemoLogin(fetch, dataDir, state.org_slug, login)) return;
  delete state.user_email;
  delete state.user_password;
  writeState(dataDir, state);
  log('demo: the local identity is off (LOCAL_IDENTITY=false): no demo sign-in');
}

/** Triggers every demo pipeline over the range at once and waits until each run has ended. */
async function runPipelines(api: Api, state: DemoState, options: SeedOptions) {
  const org = state.org_slug;
  const runs = [];
  for (const pipeline of DEMO_PIPELINES) {
    const { body } = await api<{ run_id: string }>('POST', `/api/v1/pipelines/run/${org}/${pipeline}`, {
      start_date: state.start,
      end_date: state.end,
    });
    runs.push({ pipeline, run_id: body.run_id, status: 'PENDING', error: null as string | null });
  }
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  while (runs.some((r) => !['COMPLETED', 'FAILED', 'CANCELLED'].includes(r.status))) {
    if (options.signal?.aborted) throw new DemoError('stopped while the demo pipelines were running');
    if (Date.now() > deadline)
      throw new DemoError(`the demo pipelines did not finish: ${JSON.stringify(runs)}`);
    await sleep(200, options.signal);
    for (const r of runs) {
      const { body } = await api<{ status: string; error: string | null }>(
        'GET',
        `/api/v1/pipelines/${org}/runs/${r.run_id}`,
      );
      Object.assign(r, { status: body.status, error: body.error });
    }
  }
  return runs;
}

/** Share of the range's billed cost allocated to an entity, from the by-hierarchy view; null if none is. */
async function allocatedShare(api: Api, state: DemoState): Promise<number | null> {
  const q = `start_date=${state.start}&end_date=${state.end}`;
  const { body } = await api<{ items: { entity_id: string | null; billed_cost: number }[] }>(
    'GET',
    `/api/v1/costs/${state.org_slug}/by-hierarchy?${q}`,
  );
  const total = body.items.reduce((a, i) => a + i.billed_cost, 0);
  const allocated = body.items.filter((i) => i.entity_id !== null).reduce((a, i) => a + i.billed_cost, 0);
  return allocated > 0 && total > 0 ? allocated / total : null;
}

async function seedDemo(
  demo: Demo,
  dataDir: string,
  fetch: Fetch,
  rootKey: string,
  options: SeedOptions,
): Promise<SeedResult> {
  const started = Date.now();
  const state = demo.state;
  if (state.status === 'ready') {
    return { skipped: true, runs: [], allocated_share: state.allocated_share ?? null, ms: 0 };
  }
  const log = options.log ?? (() => {});
  const key = await ensureOrg(demo, dataDir, fetch, rootKey);
  await ensureLogin(state, dataDir, fetch, log);
  const api = apiClient(fetch, () => ({ 'x-api-key': key }));
  const org = state.org_slug;
  await ensureHierarchy(api, org);
  const credentials = await ensureIntegrations(api, org, state.keys);
  const rules = await ensureRules(api, org, credentials);
  await ensurePlans(api, org, state.origin);
  log(`demo: ${org} onboarded with its hierarchy, ${rules} allocation rules, 3 integrations and SaaS plans`);
  const runs = await runPipelines(api, state, options);
  const failed = runs.filter((r) => r.status !== 'COMPLETED');
  if (failed.length) {
    throw new DemoError(
      `demo pipelines failed: ${failed.map((r) => `${r.pipeline} ${r.status}: ${r.error}`).join('; ')}`,
    );
  }
  const share = await allocatedShare(api, state);
  Object.assign(state, { status: 'ready', ready_in_ms: Date.now() - started, allocated_share: share });
  writeState(dataDir, state);
  return { skipped: false, runs, allocated_share: share, ms: Date.now() - started };
}

/** `s` as one POSIX shell word. */
const shellWord = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * What `npm start` prints about a ready demo: curl commands against `url` and the org's key, shown only when
 * `showKey` (the start that created the demo); later starts name the file it is kept in and read it from there.
 * The demo user's sign-in is printed on every start.
 */
export function demoBanner(state: DemoState, url: string, dataDir: string, showKey: boolean): string[] {
  const q = `start_date=${state.start}&end_date=${state.end}`;
  const costs = `${url}/api/v1/costs/${state.org_slug}`;
  const share = state.allocated_share;
  const file = demoStateFile(dataDir);
  return [
    `Demo org ${state.org_slug}: ${state.start}..${state.end} of AWS, OpenAI, Anthropic and SaaS costs (CLOUDACT_DEMO=0 on a fresh data dir skips it)`,
    showKey
      ? `  API key (kept in ${file}): ${state.api_key}`
      : `  API key: kept in ${file} (printed once, when the demo was created)`,
    // Unlike the key, on every start: the demo is there to be opened in a browser (a local user of this data dir).
    ...(state.user_email && state.user_password
      ? [`  Sign in at ${url}/signin as ${state.user_email} / ${state.user_password}`]
      : []),
    share === null || share === undefined
      ? '  hierarchy allocation: the FOCUS rows are not allocated yet (no allocate step ran)'
      : `  hierarchy allocation: ${(share * 100).toFixed(1)}% of the billed cost is allocated to an entity`,
    showKey
      ? `  KEY=${state.api_key}`
      : `  KEY=$(node -p 'require(process.argv[1]).api_key' ${shellWord(file)})`,
    `  curl -s "${costs}/summary?${q}" -H "X-API-Key: $KEY"`,
    `  curl -s "${costs}/by-provider?${q}" -H "X-API-Key: $KEY"`,
    `  curl -s "${costs}/trend?${q}&granularity=week" -H "X-API-Key: $KEY"`,
    `  curl -s "${url}/api/v1/hierarchy/${state.org_slug}/tree" -H "X-API-Key: $KEY"`,
  ];
}

/**
 * How to connect a provider in an org of one's own, locally: the stand-in's OpenAI key, when OPENAI_BASE_URL
 * points at the stand-in (the user left it unset). Printed on every start, like the demo sign-in: a made-up key
 * that only this data dir's stand-in accepts.
 */
export function connectHint(demo: Pick<Demo, 'env' | 'state'>): string[] {
  if (!demo.env.OPENAI_BASE_URL) return [];
  return [
    `  To connect a provider in your own org: Integrations > OpenAI, key ${demo.state.keys.openai}`,
    '    (the local stand-in answers for OpenAI), then Pipelines > Run now openai/genai/usage.',
  ];
}
