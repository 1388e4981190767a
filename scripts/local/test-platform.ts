import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseConfig, type Config } from '../../shared/config/config.js';
import { setLogSink } from '../../shared/logging/logger.js';
import { openPostgres } from '../../shared/ports/database/postgres.js';
import type { Database } from '../../shared/ports/database/port.js';
import type { EventBus } from '../../shared/ports/bus/port.js';
import { startLocalPlatform, type LocalPlatform } from './runtime.js';
import { migratedPglite } from './pglite-template.js';

export const TEST_ROOT_KEY = 'test_root_key_0123456789abcdefghijklmnop';

/**
 * Postgres for the control plane when TEST_DATABASE_URL is set (CI runs the suites against the real server):
 * each platform gets its own schema, dropped on close. Otherwise an in-memory PGlite started from a migrated
 * snapshot, or, when the caller names the data dir (a suite that restarts on it) or reads the files, PGlite in it.
 */
async function testDatabase(onDisk: boolean): Promise<{ db?: Database; drop?: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return onDisk ? {} : { db: await migratedPglite() };
  const schema = `ca_test_${randomBytes(6).toString('hex')}`;
  const admin = openPostgres(url);
  await admin.query(`CREATE SCHEMA ${schema}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const db = openPostgres(u.toString());
  return {
    db,
    drop: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

export interface TestPlatform extends LocalPlatform {
  config: Config;
  dataDir: string;
  logs: string[];
  /** Sends a request through the gateway (no port). */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** Onboards a fresh org and returns its slug and key. */
  onboard(overrides?: Record<string, unknown>): Promise<{ org_slug: string; api_key: string }>;
  close(): Promise<void>;
}

let counter = 0;

/** The admin email `onboard()` gives an org (its owner). */
export const ownerEmail = (slug: string) => `owner@${slug.replace(/_/g, '-')}.test`;

/** A whole local platform on a temp data dir, with logs captured. */
export async function startTestPlatform(
  env: Record<string, string> = {},
  options: Omit<Parameters<typeof startLocalPlatform>[1] & object, 'overrides' | 'cron'> & {
    dataDir?: string;
    /** Replaces the bus the use cases publish to (e.g. one that records and delivers nothing). */
    bus?: EventBus;
    /** PGlite's files in the data dir (a suite that reads them), not in memory; implied by `dataDir`. */
    databaseOnDisk?: boolean;
  } = {},
): Promise<TestPlatform> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cloudact-test-'));
  const config = parseConfig({
    ENVIRONMENT: 'test',
    CLOUDACT_DATA_DIR: dataDir,
    CA_ROOT_API_KEY: TEST_ROOT_KEY,
    LOG_LEVEL: 'debug',
    BUS_MIN_BACKOFF_MS: '5',
    // Suites make thousands of requests from one in-process caller; the rate-limit suite turns it on in `env`.
    RATE_LIMIT_ENABLED: 'false',
    ...env,
  });
  const logs: string[] = [];
  setLogSink((line) => logs.push(line));
  const { db, drop } = await testDatabase(options.dataDir !== undefined || options.databaseOnDisk === true);
  const { dataDir: _d, bus, databaseOnDisk: _disk, ...runtimeOptions } = options;
  const platform = await startLocalPlatform(config, {
    ...runtimeOptions,
    cron: false,
    overrides: { ...(db ? { db } : {}), ...(bus ? { bus } : {}) },
  });
  const request = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    return platform.fetch(
      new Request(`http://localhost${path}`, {
        ...rest,
        headers,
        body: json === undefined ? rest.body : JSON.stringify(json),
      }),
    );
  };
  return {
    ...platform,
    config,
    dataDir,
    logs,
    request,
    async onboard(overrides = {}) {
      const slug = `org_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
      const res = await request('/api/v1/organizations/onboard', {
        method: 'POST',
        headers: { 'x-ca-root-key': TEST_ROOT_KEY },
        json: {
          org_name: `Org ${slug}`,
          admin_email: ownerEmail(slug),
          plan: 'SCALE',
          org_slug: slug,
          ...overrides,
        },
      });
      if (res.status !== 201) throw new Error(`onboard failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as { org_slug: string; api_key: string };
    },
    async close() {
      await platform.stop();
      await drop?.();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
