import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPglite } from './embedded/pglite.js';
import { migrate, type Migration } from './migrate.js';
import { migrations } from './migrations/index.js';
import type { Database } from './port.js';
import { openPostgres } from './postgres.js';

/**
 * Runs against PGlite always, and against Postgres too when TEST_DATABASE_URL is set. Each Postgres database
 * is a fresh schema (search_path set in the URL), dropped after the run.
 */
interface Backend {
  name: 'pglite' | 'postgres';
  /** A new, empty database. */
  fresh(): Promise<Database>;
  /** Another handle on the same database, as a second instance would have (PGlite: the same handle). */
  sibling(db: Database): Promise<Database>;
  cleanup(): Promise<void>;
}

const pgliteBackend: Backend = {
  name: 'pglite',
  fresh: () => openPglite('memory://'),
  sibling: async (db) => db,
  cleanup: async () => undefined,
};

function postgresBackend(url: string): Backend {
  const schemas: string[] = [];
  const admin = () => new pg.Client({ connectionString: url });
  const inSchema = (schema: string) => {
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${schema}`);
    return openPostgres(u.toString());
  };
  return {
    name: 'postgres',
    async fresh() {
      const schema = `cloudact_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      const client = admin();
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
      } finally {
        await client.end();
      }
      schemas.push(schema);
      return inSchema(schema);
    },
    async sibling(db) {
      const { rows } = await db.query<{ s: string }>('SELECT current_schema() AS s');
      return inSchema(rows[0]!.s);
    },
    async cleanup() {
      if (schemas.length === 0) return;
      const client = admin();
      await client.connect();
      try {
        for (const s of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

const backends: Backend[] = [pgliteBackend];
if (process.env.TEST_DATABASE_URL) backends.push(postgresBackend(process.env.TEST_DATABASE_URL));

const migration = (overrides: Partial<Migration> = {}): Migration => ({
  version: '900',
  name: 'test-widgets',
  sql: 'CREATE TABLE test_widgets (id int PRIMARY KEY, label text NOT NULL);',
  ...overrides,
});

describe.each(backends)('database on $name', (backend) => {
  const opened: Database[] = [];
  /** A new, empty database (for migrations). */
  const open = async () => {
    const db = await backend.fresh();
    opened.push(db);
    return db;
  };
  /** One database shared by the tests that only create their own tables (opening PGlite takes seconds). */
  let sharedDb: Promise<Database> | undefined;
  const shared = () => (sharedDb ??= backend.fresh());
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });
  afterAll(async () => {
    await (await sharedDb)?.close();
    await backend.cleanup();
  });

  it('opens the expected adapter', async () => {
    expect((await shared()).kind).toBe(backend.name);
  });

  it('applies the control-plane migrations, records them, and reports them existing on the next run', async () => {
    const db = await open();
    const labels = migrations.map((m) => `${m.version}_${m.name}`);
    expect(labels.length).toBeGreaterThan(0);

    expect(await migrate(db, migrations)).toEqual({ applied: labels, existing: [] });
    const { rows } = await db.query<{ version: string; name: string; checksum: string; applied_at: Date }>(
      'SELECT version, name, checksum, applied_at FROM schema_versions ORDER BY version',
    );
    expect(rows.map((r) => `${r.version}_${r.name}`)).toEqual(labels);
    for (const r of rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.applied_at).toBeInstanceOf(Date);
    }
    // The migrated tables exist and take rows.
    await db.query(
      `INSERT INTO organizations (org_slug, org_name, admin_email, dataset) VALUES ('acme_co', 'Acme', 'a@acme.test', 'acme_co_test')`,
    );
    expect((await db.query('SELECT org_slug, currency FROM organizations')).rows).toEqual([
      { org_slug: 'acme_co', currency: 'USD' },
    ]);

    expect(await migrate(db, migrations)).toEqual({ applied: [], existing: labels });
    expect((await db.query('SELECT version FROM schema_versions')).rowCount).toBe(labels.length);
  });

  it('applies only migrations added since the last run, and refuses an edited one', async () => {
    const db = await open();
    expect(await migrate(db, [migration()])).toEqual({ applied: ['900_test-widgets'], existing: [] });
    const added = migration({
      version: '901',
      name: 'more',
      sql: 'ALTER TABLE test_widgets ADD COLUMN n int;',
    });
    expect(await migrate(db, [migration(), added])).toEqual({
      applied: ['901_more'],
      existing: ['900_test-widgets'],
    });

    const edited = migration({ sql: 'CREATE TABLE test_widgets (id int PRIMARY KEY, label text);' });
    const later = migration({ version: '902', name: 'later', sql: 'CREATE TABLE later_table (id int);' });
    await expect(migrate(db, [edited, added, later])).rejects.toThrow(
      'Migration 900_test-widgets was edited after it was applied; add a new migration instead.',
    );
    // Nothing after the refused migration ran.
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables
       WHERE table_name = 'later_table' AND table_schema = current_schema()`,
    );
    expect(rows[0]!.n).toBe(0);
    expect((await db.query('SELECT version FROM schema_versions ORDER BY version')).rows).toEqual([
      { version: '900' },
      { version: '901' },
    ]);
  });

  it('rolls back a failing migration entirely (no table, no record)', async () => {
    const db = await open();
    const broken = migration({
      sql: 'CREATE TABLE test_widgets (id int PRIMARY KEY); SELECT * FROM no_such_table;',
    });
    await expect(migrate(db, [broken])).rejects.toThrow(/no_such_table/);
    expect((await db.query('SELECT version FROM schema_versions')).rowCount).toBe(0);
    // The table from the first statement was rolled back too, so a fixed migration applies cleanly.
    expect(await migrate(db, [migration()])).toEqual({ applied: ['900_test-widgets'], existing: [] });
  });

  it('concurrent migrate() calls on a fresh database all succeed and apply each migration once', async () => {
    const a = await open();
    // Postgres: separate pools, as instances starting at once would have. PGlite: one handle.
    const others = await Promise.all([backend.sibling(a), backend.sibling(a)]);
    opened.push(...others.filter((db) => db !== a));
    const reports = await Promise.all([a, ...others].map((db) => migrate(db, migrations)));
    const labels = migrations.map((m) => `${m.version}_${m.name}`);
    expect(reports.flatMap((r) => r.applied).sort()).toEqual(labels);
    expect(reports.flatMap((r) => r.existing).sort()).toEqual([...labels, ...labels].sort());
    expect((await a.query('SELECT version FROM schema_versions')).rowCount).toBe(labels.length);
  });

  it('returns the same value shapes on every adapter', async () => {
    const db = await shared();
    const { rows } = await db.query(
      `SELECT DATE '2026-01-02' AS d,
              9007199254740991::bigint AS big,
              42::int AS i,
              12345678901234.123456789::numeric AS num,
              0.1::numeric(10, 2) AS money,
              TIMESTAMPTZ '2026-01-02 03:04:05.678+00' AS ts,
              true AS flag,
              '{"a": [1, "x"]}'::jsonb AS doc,
              NULL::text AS nothing,
              $1::text AS param`,
      ['bound'],
    );
    expect(rows).toEqual([
      {
        d: '2026-01-02',
        big: 9_007_199_254_740_991,
        i: 42,
        num: '12345678901234.123456789',
        money: '0.10',
        ts: new Date('2026-01-02T03:04:05.678Z'),
        flag: true,
        doc: { a: [1, 'x'] },
        nothing: null,
        param: 'bound',
      },
    ]);
    const row = rows[0]!;
    expect(typeof row.d).toBe('string');
    expect(typeof row.big).toBe('number');
    expect(typeof row.num).toBe('string');
    expect(row.ts).toBeInstanceOf(Date);
  });

  it('reads DATE, bigserial and numeric columns and counts rows the same way', async () => {
    const db = await shared();
    await db.exec(
      'CREATE TABLE shapes (id bigserial PRIMARY KEY, day date NOT NULL, amount numeric(18, 6));',
    );
    const inserted = await db.query(
      'INSERT INTO shapes (day, amount) VALUES ($1, $2), ($3, $4) RETURNING id, day, amount',
      ['2026-12-31', '1.5', '2027-01-01', null],
    );
    expect(inserted.rowCount).toBe(2);
    expect(inserted.rows).toEqual([
      { id: 1, day: '2026-12-31', amount: '1.500000' },
      { id: 2, day: '2027-01-01', amount: null },
    ]);
    const updated = await db.query('UPDATE shapes SET amount = 0 WHERE day >= $1', ['2026-01-01']);
    expect(updated.rowCount).toBe(2);
    // rowCount means the same on both: rows returned by a SELECT, rows changed by DML.
    expect((await db.query('SELECT id FROM shapes')).rowCount).toBe(2);
    expect((await db.query('DELETE FROM shapes WHERE day > $1', ['2099-01-01'])).rowCount).toBe(0);
  });

  it('transaction commits when fn resolves and returns its value', async () => {
    const db = await shared();
    await db.exec('CREATE TABLE tx_commit (id int PRIMARY KEY);');
    const result = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx_commit (id) VALUES ($1)', [1]);
      await tx.exec('INSERT INTO tx_commit (id) VALUES (2);');
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM tx_commit')).rows[0]!.n;
    });
    expect(result).toBe(2);
    expect((await db.query('SELECT id FROM tx_commit ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('transaction rolls back everything when fn throws, and rethrows', async () => {
    const db = await shared();
    await db.exec('CREATE TABLE tx_throw (id int PRIMARY KEY);');
    await db.query('INSERT INTO tx_throw (id) VALUES (1)');
    const boom = new Error('boom');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_throw (id) VALUES (2)');
        await tx.query('DELETE FROM tx_throw WHERE id = 1');
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((await db.query('SELECT id FROM tx_throw')).rows).toEqual([{ id: 1 }]);
  });

  it('transaction rolls back when a statement fails, and the database stays usable', async () => {
    const db = await shared();
    await db.exec('CREATE TABLE tx_fail (id int PRIMARY KEY);');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_fail (id) VALUES (1)');
        await tx.query('INSERT INTO tx_fail (id) VALUES (1)');
      }),
    ).rejects.toThrow(/duplicate key/);
    expect((await db.query('SELECT id FROM tx_fail')).rowCount).toBe(0);
    await db.query('INSERT INTO tx_fail (id) VALUES (1)');
    expect((await db.query('SELECT id FROM tx_fail')).rowCount).toBe(1);
  });
});
