// Installs dependencies when they are missing or stale, so `npm start` and `npm test` work on a fresh clone.
// Plain Node (no dependencies of its own): it runs before anything is installed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.cloudact-installed');
const digest = createHash('sha256').update(readFileSync(lock)).digest('hex');

if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== digest) {
  // `npm install`, not `npm ci`: npm 11 leaves other platforms' optional native packages (DuckDB, Polars
  // bindings) out of the lock file and `npm ci` then refuses it; `npm install` follows the lock as is.
  process.stdout.write('Installing dependencies (npm install)...\n');
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, digest);
}
