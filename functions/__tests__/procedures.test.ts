/**
 * Every SQL procedure the pipelines run: parses as BigQuery Standard SQL, runs on DuckDB (through the dialect
 * translation) against the org tables, and returns only columns of its target table, every REQUIRED one included.
 */
import { parse } from 'sql-parser-cst';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepTypes } from '../registry.js';
import { orgDatasetTables } from '../../shared/datasets/index.js';
import { loadCatalog } from '../../shared/pipelines/catalog.js';
import { openDuckDb } from '../../shared/ports/warehouse/embedded/duckdb.js';
import type { Warehouse } from '../../shared/ports/warehouse/port.js';
import { listProcedures, loadProcedure } from '../../shared/procedures/load.js';

const DATASET = 'proc_test_prod';
const catalog = loadCatalog('pipelines', stepTypes);
const uses = [...catalog.pipelines.values()].flatMap((p) =>
  p.steps
    .filter((s) => s.type === 'run-procedure')
    .map((s) => ({ pipeline: p.id, ...(s.config as { procedure: string; target: string }) })),
);
const procedures = listProcedures('procedures');

let wh: Warehouse;
beforeAll(async () => {
  wh = await openDuckDb(':memory:');
  await wh.ensureDataset(DATASET);
  for (const t of orgDatasetTables) await wh.ensureTable(DATASET, t);
});
afterAll(() => wh.close());

describe('procedures/', () => {
  it('every pipeline YAML is valid and every procedure is used by a pipeline', () => {
    expect(catalog.invalid).toEqual([]);
    const used = new Set(uses.map((u) => u.procedure));
    expect(procedures.map((p) => p.path).filter((p) => !used.has(p))).toEqual([]);
  });

  for (const p of procedures) {
    it(`${p.path} parses as BigQuery Standard SQL (fragments expanded)`, () => {
      const sql = loadProcedure('procedures', p.path, DATASET);
      expect(() => parse(sql, { dialect: 'bigquery', paramTypes: ['@name'] })).not.toThrow();
    });
  }

  it('rejects SQL that is not BigQuery (the parse check can fail)', () => {
    expect(() =>
      parse('SELECT a FROM t WHERE x = $1', { dialect: 'bigquery', paramTypes: ['@name'] }),
    ).toThrow();
  });

  for (const u of uses) {
    it(`${u.procedure} (${u.pipeline}) runs on DuckDB and fits ${u.target}`, async () => {
      const sql = loadProcedure('procedures', u.procedure, DATASET);
      const params = {
        org_slug: 'acme',
        pipeline_id: u.pipeline,
        credential_id: null,
        run_id: 'r1',
        start_date: '2026-10-01',
        end_date: '2026-10-02',
      };
      const rows = await wh.query(`SELECT * FROM (${sql}) AS q LIMIT 0`, params);
      expect(rows).toEqual([]);
      const described = await wh.query<{ column_name: string }>(
        `DESCRIBE SELECT * FROM (${sql}) AS q`,
        params,
      );
      const produced = described.map((d) => d.column_name);
      const target = orgDatasetTables.find((t) => t.name === u.target)!;
      const known = new Set(target.columns.map((c) => c.name));
      expect(produced.filter((c) => !known.has(c))).toEqual([]);
      const required = target.columns.filter((c) => c.mode === 'REQUIRED').map((c) => c.name);
      expect(required.filter((c) => !produced.includes(c))).toEqual([]);
    });
  }
});
