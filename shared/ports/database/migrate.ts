import { createHash } from 'node:crypto';
import type { Database } from './port.js';

export interface Migration {
  version: string;
  name: string;
  sql: string;
}

export interface MigrationReport {
  applied: string[];
  existing: string[];
}

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');
// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK = 72_410_301;

/**
 * Applies pending migrations, each in its own transaction, recorded in `schema_versions`.
 * Re-runnable; concurrent runners serialise on an advisory lock; an edited applied migration is refused.
 */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<MigrationReport> {
  // Under the lock too: concurrent CREATE TABLE IF NOT EXISTS can fail on Postgres (duplicate pg_type row).
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_versions (
      version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    await tx.query('ALTER TABLE schema_versions ENABLE ROW LEVEL SECURITY');
  });
  const report: MigrationReport = { applied: [], existing: [] };
  for (const m of migrations) {
    const label = `${m.version}_${m.name}`;
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const { rows } = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_versions WHERE version = $1',
        [m.version],
      );
      if (rows[0]) {
        if (rows[0].checksum !== checksum(m.sql)) {
          throw new Error(`Migration ${label} was edited after it was applied; add a new migration instead.`);
        }
        return true;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_versions (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        checksum(m.sql),
      ]);
      return false;
    });
    (done ? report.existing : report.applied).push(label);
  }
  return report;
}
