import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openPglite } from '../../shared/ports/database/embedded/pglite.js';
import { migrate } from '../../shared/ports/database/migrate.js';
import { migrations } from '../../shared/ports/database/migrations/index.js';
import type { Database } from '../../shared/ports/database/port.js';

/** PGlite's version, from the package.json above its entry (the package does not export that file). */
function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Where the snapshot of a freshly migrated control plane is kept: named by PGlite's version and the migrations. */
export function templateFile(): string {
  const hash = createHash('sha256').update(pgliteVersion());
  for (const m of migrations) hash.update(`\0${m.version}\0${m.sql}`);
  return join(tmpdir(), `cloudact-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

/**
 * An in-memory PGlite with every migration applied, started from a snapshot instead of initdb (2–3 s per
 * platform on this machine; from the snapshot about 0.4 s). The first caller builds the snapshot and keeps it in
 * the temp dir for every later test process; a changed migration or PGlite version names a new file.
 */
export async function migratedPglite(): Promise<Database> {
  const file = templateFile();
  if (existsSync(file)) return openPglite('memory://', new Blob([readFileSync(file)]));
  const db = await openPglite('memory://');
  await migrate(db, migrations);
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await (await db.snapshot()).arrayBuffer()));
  renameSync(partial, file);
  return db;
}
