/**
 * The contracts are browser-safe (STYLE §1, §7): the web front end imports the same schemas, so bundling every
 * contract for the browser must pull in no `node:` or other Node built-in and no native addon, anywhere in its
 * import graph (packages included).
 */
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const builtins = new Set(builtinModules);

const isNodeOnly = (spec: string) =>
  spec.startsWith('node:') || builtins.has(spec.split('/')[0]!) || spec.endsWith('.node');

/** Every import in the bundle's graph that a browser cannot give it: `importer -> specifier`. */
async function browserOffences(dir: string): Promise<string[]> {
  const offences: string[] = [];
  const guard: Plugin = {
    name: 'browser-guard',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!isNodeOnly(args.path)) return undefined;
        offences.push(`${relative(root, args.importer)} -> ${args.path}`);
        return { path: args.path, external: true };
      });
      // A native addon reached through a package's own resolution (e.g. a platform package's binary).
      b.onLoad({ filter: /\.node$/ }, (args) => {
        offences.push(`native addon ${relative(root, args.path)}`);
        return { contents: '', loader: 'empty' };
      });
    },
  };
  const entryPoints = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
  await build({
    entryPoints,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    outdir: join(root, '.browser-safe-out'),
    logLevel: 'silent',
    plugins: [guard],
  });
  return offences;
}

describe('shared/contracts', () => {
  it('bundles for the browser with no Node built-in and no native addon', async () => {
    expect(await browserOffences(here)).toEqual([]);
  }, 60_000);
});
