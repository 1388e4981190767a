import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const REPO = join(import.meta.dirname, '..', '..');
export const WEB_DIST = join(REPO, 'web', 'dist');
const STAMP = join(WEB_DIST, '.build-stamp');

/** What the built app is made of: its sources, the shared modules it bundles, its build config and the lock. */
const INPUTS = [
  'web/src',
  'web/public',
  'web/index.html',
  'web/vite.config.ts',
  'shared/contracts',
  'shared/time',
  'package-lock.json',
];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/** A hash of every input file's path and content: the stamp the last build wrote when it matches. */
export function webSourceHash(repo = REPO): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((p) => files(join(repo, p)))) {
    hash.update(relative(repo, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/**
 * Builds web/dist (vite build, in process) when it is missing or was built from other sources; a no-op otherwise.
 * Returns whether it built.
 */
export async function ensureWebBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  const want = webSourceHash();
  if (existsSync(join(WEB_DIST, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === want)
    return false;
  log('Building the web app (vite build)...');
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(REPO, 'web', 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, want);
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
  return true;
}
