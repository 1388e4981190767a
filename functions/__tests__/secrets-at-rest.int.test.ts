import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestPlatform, TEST_ROOT_KEY } from '../../scripts/local/test-platform.js';
import { sha256Hex } from '../../shared/auth/keys.js';
import type { Database } from '../../shared/ports/database/port.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every row of every table as JSON text (works on PGlite and on a real Postgres server). */
async function dumpTables(db: Database): Promise<string> {
  const { rows } = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  let out = '';
  for (const { table_name } of rows) {
    const dump = await db.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${table_name}" t`);
    out += dump.rows.map((r) => r.j).join('\n');
  }
  return out;
}

describe('API keys at rest', () => {
  it('never stores or logs a plaintext key (onboarding, rotation, additional keys)', async () => {
    const p = await startTestPlatform({}, { databaseOnDisk: true });
    const org = await p.onboard();
    const rotated = (await (
      await p.request(`/api/v1/organizations/${org.org_slug}/api-key/rotate`, {
        method: 'POST',
        headers: { 'x-ca-root-key': TEST_ROOT_KEY },
      })
    ).json()) as { api_key: string };
    const extra = (await (
      await p.request(`/api/v1/admin/organizations/${org.org_slug}/api-keys`, {
        method: 'POST',
        headers: { 'x-ca-root-key': TEST_ROOT_KEY },
      })
    ).json()) as { api_key: string };
    // Use the keys so that auth paths log too.
    await p.request(`/api/v1/organizations/${org.org_slug}`, { headers: { 'x-api-key': rotated.api_key } });
    await p.request(`/api/v1/organizations/${org.org_slug}`, { headers: { 'x-api-key': org.api_key } });
    const keys = [org.api_key, rotated.api_key, extra.api_key];

    const tables = await dumpTables(await p.ctx.db());
    expect(tables).toContain(sha256Hex(rotated.api_key)); // the scan sees stored key data...
    for (const k of keys) expect(tables).not.toContain(k); // ...and no plaintext

    const logs = p.logs.join('\n');
    expect(logs).toContain('organizations.rotateKey');
    for (const k of keys) expect(logs).not.toContain(k);

    const dataDir = p.dataDir;
    const embedded = !process.env.TEST_DATABASE_URL;
    await p.stop(); // flush PGlite and DuckDB files
    const files = filesUnder(dataDir);
    const blobs = files.map((f) => readFileSync(f));
    if (embedded) {
      expect(blobs.some((b) => b.includes(sha256Hex(org.api_key)))).toBe(true);
    }
    for (const k of keys) {
      const hits = files.filter((_, i) => blobs[i]!.includes(k));
      expect(hits).toEqual([]);
    }
    await p.close();
  });
});
