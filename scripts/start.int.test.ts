import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cloudact-start-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const baseEnv = () => {
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'TEST_DATABASE_URL'])
    if (process.env[k]) env[k] = process.env[k]!;
  return env;
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** Runs `tsx scripts/start.ts` until it prints its URL; returns the process and its output so far. */
async function start(env: Record<string, string>) {
  const child = spawn(TSX, ['scripts/start.ts'], {
    env: { ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('CloudAct is running at')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`exited ${code}: ${out}`));
    });
  });
  const stop = () =>
    new Promise<number | null>((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));
  return { child, output: () => out, stop };
}

describe('npm start', () => {
  it('serves /health, prints the URL and a generated root key once, and keeps data across restarts', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    // The demo (its own test below) would still be loading when this test stops the server.
    const env = {
      CLOUDACT_DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      CLOUDACT_DEMO: '0',
      CLOUDACT_WEB: '0',
    };
    const first = await start(env);
    const url = `http://localhost:${port}`;
    expect(first.output()).toContain(url);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { database: 'ok', warehouse: 'ok' } });
    const rootKey = readFileSync(join(dataDir, 'root-key'), 'utf8');
    expect(first.output()).toContain(rootKey);
    // Owner-only: it holds the database, the warehouse and the keys.
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'root-key')).mode & 0o777).toBe(0o600);
    const onboard = await fetch(`${url}/api/v1/organizations/onboard`, {
      method: 'POST',
      headers: { 'x-ca-root-key': rootKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        org_name: 'Persist',
        admin_email: 'p@persist.test',
        plan: 'STARTER',
        org_slug: 'persist',
      }),
    });
    expect(onboard.status).toBe(201);
    const { api_key } = (await onboard.json()) as { api_key: string };
    expect(await first.stop()).toBe(0);

    const second = await start(env);
    const profile = await fetch(`${url}/api/v1/organizations/persist`, { headers: { 'x-api-key': api_key } });
    expect(profile.status).toBe(200);
    // A later start names the file the key is kept in, never the key.
    expect(second.output()).not.toContain(rootKey);
    expect(second.output()).toContain(`root key: kept in ${join(dataDir, 'root-key')}`);
    expect(await second.stop()).toBe(0);
  });
});

describe('npm start on an empty data dir', () => {
  it('loads the demo org in the background, prints its key and curl commands; a restart prints them at once, the key only by its file', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const env = { CLOUDACT_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', CLOUDACT_WEB: '0' };
    const first = await start(env);
    expect(first.output()).toContain('Demo org acme_demo: loading');
    const started = Date.now();
    while (!/Demo ready in|could not be loaded/.test(first.output()) && Date.now() - started < 240_000)
      await new Promise((r) => setTimeout(r, 250));
    const output = first.output();
    const key = /KEY=(acme_demo_api_\S+)/.exec(output)?.[1];
    expect(key, output).toBeDefined();
    const summary = /curl -s "(\S+\/summary\?\S+)"/.exec(output)![1]!;
    const res = await fetch(summary, { headers: { 'x-api-key': key! } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { by_cost_type: Record<string, number> };
    for (const type of ['cloud', 'genai', 'subscription']) expect(body.by_cost_type[type]).toBeGreaterThan(0);
    expect(await first.stop()).toBe(0);

    const second = await start(env);
    expect(second.output()).not.toContain(key);
    expect(second.output()).not.toContain('loading three months');
    expect(second.output()).toContain(`API key: kept in ${join(dataDir, 'demo', 'demo.json')}`);
    expect(second.output()).toContain(summary);
    // The printed KEY line reads the key from that file.
    const keyLine = /^ {2}(KEY=.*)$/m.exec(second.output())![1]!;
    const read = spawnSync('sh', ['-c', `${keyLine}; printf %s "$KEY"`], { encoding: 'utf8' });
    expect(read.stdout).toBe(key);
    expect(await second.stop()).toBe(0);
  }, 300_000);
});

describe('production safety', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(TSX, ['scripts/start.ts'], {
      env: { ...baseEnv(), ENVIRONMENT: 'production', CLOUDACT_DATA_DIR: tempDir(), PORT: '18999', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('refuses a short root key, naming the setting', () => {
    const r = run({ CA_ROOT_API_KEY: 'short-key' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('CA_ROOT_API_KEY');
    expect(r.stderr).toMatch(/at least 32/);
  });

  it('refuses a default root key, disabled auth and the local identity endpoint', () => {
    const r = run({ CA_ROOT_API_KEY: 'test-admin-key', DISABLE_AUTH: 'true', LOCAL_IDENTITY: 'true' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('CA_ROOT_API_KEY');
    expect(r.stderr).toContain('DISABLE_AUTH');
    expect(r.stderr).toContain('LOCAL_IDENTITY');
  });

  it('refuses loopback notification URLs (ALLOW_LOOPBACK_WEBHOOKS=true)', () => {
    const r = run({ CA_ROOT_API_KEY: 'x'.repeat(20) + 'Yb7#k2LmQ9zR', ALLOW_LOOPBACK_WEBHOOKS: 'true' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('ALLOW_LOOPBACK_WEBHOOKS');
  });

  it('refuses a missing root key instead of generating one', () => {
    const r = run({});
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('CA_ROOT_API_KEY');
  });
});
