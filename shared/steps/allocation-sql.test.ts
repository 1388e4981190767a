import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { costDataStandard13 } from '../datasets/index.js';
import type { AllocationSnapshot } from '../hierarchy/allocation.js';
import { openDuckDb } from '../ports/warehouse/embedded/duckdb.js';
import type { Warehouse } from '../ports/warehouse/port.js';
import { focusFixtureRows, TEST_ENTITIES } from '../testing/focus-rows.js';
import { allocationPass } from './allocation-pass.js';
import { parse } from 'sql-parser-cst';
import { createMapping, keyColumns, mappingJoin, writeAllocated } from './allocation-sql.js';

const DATASET = 'alloc_sql_test';
const ORG = 'acme';
const PIPELINE = 'fixture/cost/rows';

const snapshot: AllocationSnapshot = {
  org_slug: ORG,
  loaded_at: '2026-01-01T00:00:00.000Z',
  entities: Object.fromEntries(
    TEST_ENTITIES.map((e) => [
      e.id,
      {
        x_hierarchy_entity_id: e.id,
        x_hierarchy_entity_name: e.name,
        x_hierarchy_level_code: e.level,
        x_hierarchy_path: e.path,
        x_hierarchy_path_names: e.names,
      },
    ]),
  ),
  rules: [
    {
      rule_id: 'r1',
      priority: 10,
      entity_id: 'DEPT-002',
      match: { kind: 'credential', credential_id: 'c-1' },
    },
    { rule_id: 'r2', priority: 20, entity_id: 'TEAM-001', match: { kind: 'tag', key: 'team', value: 'x' } },
  ],
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('allocation scratch tables', () => {
  it('on DuckDB are TEMP tables: a pass that dies before dropping them leaves none in the dataset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alloc-sql-'));
    dirs.push(dir);
    const file = join(dir, 'wh.duckdb');
    const wh = await openDuckDb(file);
    await wh.ensureDataset(DATASET);
    await wh.ensureTable(DATASET, costDataStandard13);
    const rows = focusFixtureRows(ORG, { start: '2026-09-01', days: 2, count: 40, pipeline: PIPELINE }).map(
      (r, i) => ({ ...r, x_credential_id: i % 2 ? 'c-1' : null, Tags: i % 3 ? '{"team":"x"}' : null }),
    );
    for (const credential of [null, 'c-1'])
      await wh.replaceSlice(
        DATASET,
        costDataStandard13,
        { equals: { x_org_slug: ORG, x_pipeline_id: PIPELINE, x_credential_id: credential } },
        rows.filter((r) => r.x_credential_id === credential),
      );
    // The process "dies" before any clean-up: no DROP reaches the warehouse. Meanwhile the dataset never lists one.
    const seen: string[] = [];
    const dying: Warehouse = {
      ...wh,
      async query(sql, params) {
        if (/^\s*DROP TABLE/i.test(sql)) {
          seen.push(...(await wh.listTables(DATASET)).filter((n) => n.startsWith('ca_alloc_')));
          return [];
        }
        return wh.query(sql, params);
      },
    };
    const result = await allocationPass(dying, DATASET, costDataStandard13, { org: ORG }, snapshot, {
      maxRows: 15,
      planEntities: new Map(),
    });
    expect(result.rows_rewritten).toBe(rows.length);
    expect(seen).toEqual([]);
    await wh.close();
    const again = await openDuckDb(file);
    expect((await again.listTables(DATASET)).filter((n) => n.startsWith('ca_alloc_'))).toEqual([]);
    expect(
      (await again.query(`SELECT COUNT(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'ca_alloc_%'`))[0]
        ?.n,
    ).toBe(0);
    await again.close();
  });
});

describe('mapping join', () => {
  it('is an equality of fields from both sides per input (BigQuery refuses IS NOT DISTINCT FROM alone in a LEFT JOIN)', async () => {
    const wh = await openDuckDb(':memory:');
    const keys = keyColumns(wh, costDataStandard13, snapshot);
    await wh.close();
    const on = mappingJoin(keys);
    expect(on).not.toMatch(/DISTINCT/);
    for (const [i, k] of keys.entries()) {
      expect(on).toContain(`COALESCE(${k.sql}, '') = COALESCE(m.k_${i}, '')`);
      expect(on).toContain(`(${k.sql} IS NULL) = (m.k_${i} IS NULL)`);
    }
  });

  it('matches exactly as IS NOT DISTINCT FROM: NULL with NULL, never NULL with the empty string', async () => {
    const wh = await openDuckDb(':memory:');
    const keys = [{ name: 'a', sql: 'f.a' }];
    const rows = await wh.query<{ a: string | null; b: string | null }>(
      `SELECT f.a, m.k_0 AS b
       FROM (SELECT * FROM (VALUES ('x'), (''), (NULL)) AS v(a)) AS f
       LEFT JOIN (SELECT * FROM (VALUES ('x'), (''), (NULL)) AS w(k_0)) AS m ON ${mappingJoin(keys)}`,
    );
    await wh.close();
    const pairs = rows.map((r) => [r.a, r.b]).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(pairs).toEqual([
      ['', ''],
      [null, null],
      ['x', 'x'],
    ]);
  });
});

describe('allocation statements on BigQuery', () => {
  it('are expiring scratch tables in the dataset and a LEFT JOIN on equalities, in SQL BigQuery parses', async () => {
    const sent: string[] = [];
    const wh = {
      kind: 'bigquery',
      table: (dataset: string, name: string) => `\`proj.${dataset}.${name}\``,
      query: async (sql: string) => {
        sent.push(sql);
        return /COUNT\(\*\) AS n/.test(sql) ? [{ n: 2, ids: 'run-1', misses: 0 }] : [];
      },
      replaceSlice: async () => undefined,
      replaceSliceFromQuery: async (_d: string, _def: unknown, _s: unknown, select: string) => {
        sent.push(select);
        return 2;
      },
    } as unknown as Warehouse;
    const keys = keyColumns(wh, costDataStandard13, snapshot);
    const mapping = await createMapping(wh, DATASET, keys, []);
    const slice = { equals: { x_org_slug: ORG, x_pipeline_id: PIPELINE, x_credential_id: null } };
    const prune = { cmin: '2026-09-01T00:00:00Z', cmax: '2026-09-02T00:00:00Z' };
    const expected = { rows: 2, runIds: ['run-1'] };
    expect(
      await writeAllocated(wh, DATASET, costDataStandard13, slice, keys, mapping, prune, expected),
    ).toBeNull();
    const creates = sent.filter((q) => q.startsWith('CREATE'));
    expect(creates).toHaveLength(2);
    for (const q of creates) {
      expect(q).toMatch(/^CREATE TABLE `proj\.alloc_sql_test\.ca_alloc_\w+`/);
      expect(q).toContain('OPTIONS (expiration_timestamp =');
    }
    expect(creates[1]).toContain(`LEFT JOIN ${mapping.table} AS m ON ${mappingJoin(keys)}`);
    expect(creates[1]).not.toContain('IS NOT DISTINCT FROM m.');
    for (const q of sent)
      expect(() => parse(q, { dialect: 'bigquery', paramTypes: ['@name'] }), q).not.toThrow();
  });
});
