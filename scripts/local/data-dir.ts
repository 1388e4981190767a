/**
 * The local data dir (CLOUDACT_DATA_DIR) holds the database, the warehouse, the keys, the root key and the demo's
 * API key: owner-only, whatever the umask. The dir is created 0700 before anything writes to it (a mkdir mode is
 * narrowed by the umask, so it is set again with chmod), and what PGlite, DuckDB and the key files create with the
 * process umask is narrowed to owner-only on start and on stop; in between, new files sit in a dir only the owner
 * can enter.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Creates `dir` (and missing parents) owner-only, or narrows an existing one to 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

const gone = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** Takes group and other bits off every dir and file under `dir` (0700 dirs, 0600 files); symlinks are left. */
export function restrictDataDir(dir: string): void {
  const visit = (path: string) => {
    try {
      const st = lstatSync(path);
      if (st.isSymbolicLink()) return;
      if (st.mode & 0o077) chmodSync(path, st.mode & 0o700);
      if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    } catch (err) {
      // A file the running database removed meanwhile (a temp file, a recycled WAL segment).
      if (!gone(err)) throw err;
    }
  };
  visit(dir);
}
