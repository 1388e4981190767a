import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployableEntries, jobEntries, jobSchedule, registry } from '../functions/registry.js';
import { getConfig } from '../shared/config/config.js';
import { BUNDLE_NODE_MAJOR, buildFunctions, type BundleInfo } from './build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the repository, so the bundles' external packages resolve from the root node_modules.
const outDir = join(root, 'dist', `test-bundles-${randomUUID().slice(0, 8)}`);
const names = deployableEntries.map((e) => e.name);
// Engine code, not engine names: the configuration legitimately says WAREHOUSE=duckdb and port.ts `openDuckDb`.
const ENGINE_CODE = [
  /@electric-sql\/pglite/i,
  /@duckdb\//i,
  /PGlite/,
  /DuckDB/,
  /pglite\.(wasm|data)|duckdb\.node/i,
];

let bundles: BundleInfo[] = [];
const bundle = (name: string) => bundles.find((b) => b.entry.name === name)!;

/** Runs an ES module script in a fresh Node process from the repository root; returns its last JSON line. */
function runNode(script: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n');
  return { stdout: r.stdout, result: JSON.parse(lines.at(-1) ?? 'null') as unknown };
}

beforeAll(async () => {
  bundles = await buildFunctions(outDir);
}, 120_000);
afterAll(() => rm(outDir, { recursive: true, force: true }));

describe('npm run build', () => {
  it('builds one bundle per deployable registry function and lists exactly those in registry.json', async () => {
    expect(bundles.map((b) => b.entry.name).sort()).toEqual([...names].sort());
    expect(registry.filter((e) => e.localOnly).every((e) => !names.includes(e.name))).toBe(true);
    const listed = JSON.parse(await readFile(join(outDir, 'registry.json'), 'utf8')) as {
      functions: {
        name: string;
        kind: string;
        dir: string;
        hash: string;
        prefixes?: string[];
        templates?: string[];
        topic?: string;
        schedule?: string;
      }[];
    };
    expect(listed.functions.map((f) => [f.name, f.kind, f.dir])).toEqual(
      deployableEntries.map((e) => [e.name, e.kind, `functions/${e.name}`]),
    );
    // What the URL map routes (terraform/modules/https-entry): prefixes and templates, templates [] when unset.
    expect(listed.functions.map((f) => [f.name, f.prefixes, f.templates])).toEqual(
      deployableEntries.map((e) =>
        e.kind === 'http' ? [e.name, e.prefixes, e.templates ?? []] : [e.name, undefined, undefined],
      ),
    );
    // What Cloud Scheduler gets (terraform/modules/scheduler): every registry job with its topic and UTC schedule.
    const jobs = listed.functions.filter((f) => f.kind === 'job');
    expect(jobs.map((f) => [f.name, f.topic, f.schedule])).toEqual(
      jobEntries.map((e) => [e.name, e.topic, jobSchedule(e, getConfig())]),
    );
    expect(jobs.map((f) => [f.name, f.schedule])).toEqual(
      expect.arrayContaining([
        ['trial-expiry', '10 0 * * *'],
        ['quota-cleanup', '0 1 * * *'],
      ]),
    );
    for (const f of listed.functions) expect(f.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('builds for the runtime Terraform deploys, a supported one: nodejs24 (nodejs20 was decommissioned)', async () => {
    // Cloud Run functions decommissioned nodejs20 on 2026-10-30; nodejs22 is deprecated from 2027-04-30;
    // nodejs24 is supported to 2028-04-30. The bundles target that Node (esbuild) and say so (engines).
    const tf = await readdir(join(root, 'terraform'), { recursive: true });
    const runtimes: string[] = [];
    for (const file of tf.filter((f) => f.endsWith('.tf') && !f.includes('.terraform')))
      for (const m of (await readFile(join(root, 'terraform', file), 'utf8')).matchAll(
        /runtime\s*=\s*"([^"]+)"/g,
      ))
        runtimes.push(m[1]!);
    expect(runtimes.length).toBeGreaterThan(0);
    expect([...new Set(runtimes)]).toEqual(['nodejs24']);
    expect(BUNDLE_NODE_MAJOR).toBe(24);
    for (const { dir } of bundles) {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
        engines: { node: string };
      };
      expect(pkg.engines).toEqual({ node: '>=24' });
    }
  });

  it.each(names)('%s: carries the pipeline definitions and procedures it reads at run time', async (name) => {
    const { dir } = bundle(name);
    await expect(readFile(join(dir, 'pipelines/sample/demo/costs.yml'), 'utf8')).resolves.toContain(
      'id: sample/demo/costs',
    );
    await expect(
      readFile(join(dir, 'procedures/sample/sp_sample_convert_to_focus.sql'), 'utf8'),
    ).resolves.toContain('SELECT');
  });

  it.each(names)('%s: contains no embedded engine', async (name) => {
    const { dir } = bundle(name);
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      type: string;
      dependencies: Record<string, string>;
    };
    expect(pkg).toMatchObject({ name: `cloudact-fn-${name}`, type: 'module', main: 'index.js' });
    expect(Object.keys(pkg.dependencies).filter((d) => /pglite|duckdb/i.test(d))).toEqual([]);
    for (const file of await readdir(dir, { recursive: true })) {
      expect(file).not.toMatch(/pglite|duckdb/i);
      if (!/\.(js|map|json)$/.test(file)) continue;
      const text = await readFile(join(dir, file), 'utf8');
      for (const marker of ENGINE_CODE) expect(text, `${file} matches ${marker}`).not.toMatch(marker);
    }
  });

  it.each(names)('%s: registers its target (and only it) in a fresh process without a database', (name) => {
    const url = pathToFileURL(join(bundle(name).dir, 'index.js')).href;
    const { result } = runNode(
      `await import(${JSON.stringify(url)});
       const { getFunction } = await import('@google-cloud/functions-framework/testing');
       const names = ${JSON.stringify(registry.map((e) => e.name))};
       console.log(JSON.stringify(names.filter((n) => typeof getFunction(n) === 'function')));`,
      { ENVIRONMENT: 'test' },
    );
    expect(result).toEqual([name]);
  });

  it('a bundled http function without DATABASE_URL reports the missing production adapters clearly', () => {
    const url = pathToFileURL(join(bundle('health').dir, 'index.js')).href;
    const { stdout, result } = runNode(
      `await import(${JSON.stringify(url)});
       const { getTestServer } = await import('@google-cloud/functions-framework/testing');
       const server = getTestServer('health');
       await new Promise((done) => server.listen(0, '127.0.0.1', done));
       const res = await fetch('http://127.0.0.1:' + server.address().port + '/health');
       const body = await res.json();
       server.close();
       console.log(JSON.stringify({ status: res.status, checks: body.checks }));`,
      { ENVIRONMENT: 'production', CA_ROOT_API_KEY: randomUUID() + randomUUID(), LOG_LEVEL: 'error' },
    );
    expect(result).toEqual({ status: 503, checks: { database: 'error', warehouse: 'error' } });
    expect(stdout).toContain('The embedded database adapter is not part of production bundles');
    expect(stdout).toContain('The embedded warehouse adapter is not part of production bundles');
  });
});
