/** `npm run build`: one bundle per deployable registry function (no embedded engines) and dist/registry.json. */
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { deployableEntries, jobSchedule, type RegistryEntry } from '../functions/registry.js';
import { getConfig } from '../shared/config/config.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Small pure-JS dependencies compiled into each bundle; every other runtime dependency stays external. */
const BUNDLED = new Set(['zod', 'jose', 'yaml', 'croner']);
const ENGINE_PACKAGE = /^(@electric-sql\/pglite|@duckdb\/[^/]+)(\/|$)/;
const EMBEDDED_DIR = /[\\/]shared[\\/]ports[\\/]([^\\/]+)[\\/]embedded[\\/]/;
const STUB = 'production-stub';
const SKIP = Symbol('skip');
/** The Node.js major the bundles are built for: Terraform deploys them on Cloud Run functions' `nodejs24`. */
export const BUNDLE_NODE_MAJOR = 24;
const BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** What `buildFunctions` produced for one registry function. */
export interface BundleInfo {
  entry: RegistryEntry;
  /** Absolute bundle directory (`<outDir>/functions/<name>`). */
  dir: string;
  /** Size of index.js and of every .js file of the bundle (index.js plus lazily loaded chunks), in bytes. */
  bytes: number;
  totalBytes: number;
  /** sha256 over every file of the bundle directory. */
  hash: string;
  dependencies: Record<string, string>;
}

const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');
const stubMessage = (port: string) =>
  `The embedded ${port} adapter is not part of production bundles; configure the production adapter (DATABASE_URL / WAREHOUSE=bigquery).`;

/** Export names of a module, so its stub satisfies the same (static or dynamic) imports. */
async function exportNames(file: string): Promise<string[]> {
  const r = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.values(r.metafile.outputs).flatMap((o) => o.exports);
}

/** Replaces every embedded adapter (`shared/ports/<port>/embedded/`) and engine package with a throwing stub. */
function noEmbeddedEngines(): esbuild.Plugin {
  return {
    name: 'no-embedded-engines',
    setup(build) {
      // One stub per replaced module, named after its port only (no engine name in the output).
      const stubs = new Map<string, string>();
      const stub = async (port: string, args: esbuild.OnResolveArgs): Promise<esbuild.OnResolveResult> => {
        const { kind, resolveDir, importer } = args;
        const real = await build.resolve(args.path, { kind, resolveDir, importer, pluginData: SKIP });
        const file = real.errors.length ? undefined : real.path;
        const key = file ?? args.path;
        if (!stubs.has(key)) {
          const taken = [...stubs.values()].filter((s) => s.startsWith(`embedded-${port}`)).length;
          stubs.set(key, `embedded-${port}${taken ? `-${taken + 1}` : ''}`);
        }
        return { path: stubs.get(key), namespace: STUB, pluginData: { port, file } };
      };
      build.onResolve({ filter: ENGINE_PACKAGE }, (args) =>
        args.pluginData === SKIP
          ? undefined
          : stub(args.path.startsWith('@duckdb') ? 'warehouse' : 'database', args),
      );
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const port = EMBEDDED_DIR.exec(resolve(args.resolveDir, args.path))?.[1];
        return port && args.pluginData !== SKIP ? stub(port, args) : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: STUB }, async ({ pluginData }) => {
        const { port, file } = pluginData as { port: string; file?: string };
        const names = new Set([...(file ? await exportNames(file) : []), 'default']);
        const contents = [
          `const message = ${JSON.stringify(stubMessage(port))};`,
          'function unavailable() { throw new Error(message); }',
          `export { ${[...names].map((n) => `unavailable as ${n}`).join(', ')} };`,
        ].join('\n');
        return { contents, loader: 'js' };
      });
    },
  };
}

/** Fails when engine code reached the bundle anyway (an input or an external import). */
function assertNoEngine(name: string, metafile: esbuild.Metafile): void {
  const engine = (p: string) => /(^|[\\/])(@electric-sql[\\/]pglite|@duckdb[\\/])/.test(p);
  const leaks = Object.entries(metafile.inputs).flatMap(([path, input]) => [
    ...(!path.startsWith(`${STUB}:`) && (engine(path) || EMBEDDED_DIR.test(`/${path}`)) ? [path] : []),
    ...input.imports.filter((i) => i.external && engine(i.path)).map((i) => `import ${i.path}`),
  ]);
  if (leaks.length) throw new Error(`Bundle ${name} contains embedded engine code:\n  ${leaks.join('\n  ')}`);
}

async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** Folders read at run time, copied into every bundle. */
const RUNTIME_DATA = ['pipelines', 'procedures'];

async function buildOne(entry: RegistryEntry, outDir: string, versions: Record<string, string>) {
  const dir = join(outDir, 'functions', entry.name);
  const rootDeps = Object.keys(versions).filter((d) => !BUNDLED.has(d) && !ENGINE_PACKAGE.test(d));
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [{ in: `functions/${entry.name}/index.ts`, out: 'index' }],
    outdir: dir,
    // Splitting keeps each lazily imported adapter (and the SDK it imports) in its own chunk, loaded on first use.
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${BUNDLE_NODE_MAJOR}`,
    sourcemap: 'linked',
    // Smaller bundles parse faster on a cold start; the linked source map keeps stack traces readable.
    minify: true,
    sourcesContent: false,
    metafile: true,
    external: [...rootDeps, '@google-cloud/*', '@supabase/*', 'nodejs-polars*'],
    banner: { js: BANNER },
    plugins: [noEmbeddedEngines()],
    logLevel: 'silent',
  });
  assertNoEngine(entry.name, result.metafile);
  const imported = Object.values(result.metafile.inputs).flatMap((i) => i.imports);
  const externals = imported.filter((i) => i.external && !isBuiltin(i.path)).map((i) => packageOf(i.path));
  const dependencies: Record<string, string> = {};
  for (const pkg of [...new Set(externals)].sort()) {
    const version = versions[pkg];
    if (!version)
      throw new Error(`Bundle ${entry.name} imports ${pkg}, which the root package.json does not declare.`);
    dependencies[pkg] = version;
  }
  const manifest = {
    name: `cloudact-fn-${entry.name}`,
    private: true,
    type: 'module',
    main: 'index.js',
    engines: { node: `>=${BUNDLE_NODE_MAJOR}` },
    scripts: { start: `functions-framework --target=${entry.name}` },
    dependencies,
  };
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  // Pipeline definitions and SQL procedures are read at run time (PIPELINES_DIR, PROCEDURES_DIR default to
  // these folders in the function's working directory), so every bundle carries them.
  for (const data of RUNTIME_DATA) await cp(join(root, data), join(dir, data), { recursive: true });
  const hash = createHash('sha256');
  for (const file of (await filesOf(dir)).sort())
    hash.update(`${file}\0`).update(await readFile(join(dir, file)));
  const outputs = Object.entries(result.metafile.outputs).filter(([p]) => p.endsWith('.js'));
  return {
    entry,
    dir,
    dependencies,
    hash: hash.digest('hex'),
    bytes: outputs.find(([p]) => p.endsWith('/index.js'))?.[1].bytes ?? 0,
    totalBytes: outputs.reduce((sum, [, o]) => sum + o.bytes, 0),
  } satisfies BundleInfo;
}

/** Bundles every deployable registry function into `<outDir>/functions/<name>/` and writes `<outDir>/registry.json`. */
export async function buildFunctions(outDir = join(root, 'dist')): Promise<BundleInfo[]> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  await rm(join(outDir, 'functions'), { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const bundles = await Promise.all(deployableEntries.map((e) => buildOne(e, outDir, pkg.dependencies)));
  // What Terraform deploys: one Cloud Function per entry, from `dir`, entry point = name.
  const functions = bundles.map(({ entry: e, dir, hash }) => ({
    name: e.name,
    kind: e.kind,
    ...(e.kind === 'http' ? { prefixes: e.prefixes, templates: e.templates ?? [] } : { topic: e.topic }),
    // A schedule with a setting (STALE_CLEANUP_CRON) takes the build environment's value.
    ...(e.kind === 'job' ? { schedule: jobSchedule(e, getConfig()) } : {}),
    dir: relative(outDir, dir),
    hash,
  }));
  await writeFile(join(outDir, 'registry.json'), JSON.stringify({ functions }, null, 2) + '\n');
  return bundles;
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const outDir = resolve(process.argv[2] ?? join(root, 'dist'));
    const bundles = await buildFunctions(outDir);
    console.table(
      bundles.map((b) => ({
        function: b.entry.name,
        kind: b.entry.kind,
        dir: relative(root, b.dir),
        'index.js KiB': kib(b.bytes),
        'all .js KiB': kib(b.totalBytes),
        external: Object.keys(b.dependencies).join(' '),
      })),
    );
    console.log(`Wrote ${bundles.length} bundles and ${relative(root, join(outDir, 'registry.json'))}.`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
