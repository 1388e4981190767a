/**
 * The data dir holds the database, the warehouse, the keys, the root key and the demo's API key: only the user
 * running the platform may read it, whatever the umask (the test runs under umask 000, where the defaults are
 * 0777 dirs and 0666 files).
 */
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/config.js';
import { openDemo } from '../demo/demo.js';
import { localRootKey, startLocalPlatform } from './runtime.js';

const root = mkdtempSync(join(tmpdir(), 'cloudact-modes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every entry of the dir (itself included) whose mode lets anyone but the owner in: `path mode`. */
function loose(dir: string): string[] {
  const out: string[] = [];
  const visit = (path: string) => {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want)
      out.push(`${path.slice(dir.length) || '/'} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return out;
}

describe('the data dir', () => {
  it('is 0700 with 0600 files after a start (demo, root key, PGlite, DuckDB) and after a stop', async () => {
    const dataDir = join(root, 'data');
    const umask = process.umask(0);
    try {
      const env = { ENVIRONMENT: 'development', CLOUDACT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
      const demo = await openDemo(parseConfig(env), {});
      expect(demo).not.toBeNull();
      await demo!.close();
      const key = localRootKey(parseConfig(env));
      expect(key.created).toBe(true);
      const config = parseConfig({ ...env, ...demo!.env, CA_ROOT_API_KEY: key.key });
      const platform = await startLocalPlatform(config, { cron: false });
      const names = readdirSync(dataDir);
      expect(names).toEqual(expect.arrayContaining(['demo', 'root-key', 'warehouse.duckdb']));
      if (!process.env.TEST_DATABASE_URL) expect(names).toContain('pg');
      expect(loose(dataDir)).toEqual([]);
      const onboard = await platform.fetch(
        new Request('http://localhost/api/v1/organizations/onboard', {
          method: 'POST',
          headers: { 'x-ca-root-key': key.key, 'content-type': 'application/json' },
          body: JSON.stringify({ org_name: 'Modes', admin_email: 'm@modes.test', plan: 'STARTER' }),
        }),
      );
      expect(onboard.status).toBe(201);
      await platform.stop();
      expect(loose(dataDir)).toEqual([]);
    } finally {
      process.umask(umask);
    }
  });
});
