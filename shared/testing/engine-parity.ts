/**
 * Test helpers for a format's engine SQL: the same export file loaded by the JS path (readBillingFile + the
 * format's `toRaw`, written with replaceSlice) and by the engine path (Warehouse.replaceSliceFromFiles with the
 * format's `engine` SQL, as the extract step runs it), into one DuckDB table under two credentials, and the
 * comparison of the two slices column for column.
 */
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { openDuckDb } from '../ports/warehouse/embedded/duckdb.js';
import type { Slice, Warehouse, WarehouseRow } from '../ports/warehouse/port.js';
import { sliceWhere } from '../ports/warehouse/slice.js';
import type { BillingFormat } from '../cloud/format.js';
import { ident } from '../cloud/engine-sql.js';
import { parseInstant } from '../cloud/files/dates.js';
import { readBillingFile, type BillingFile } from '../cloud/files/index.js';

const NOW = '2026-01-02T03:04:05.000Z';

/**
 * The two paths of one format into the dataset `acme` of an in-memory DuckDB warehouse (opened before the suite's
 * tests, closed after them), each under its own credential.
 */
export function parity(format: BillingFormat) {
  const dataset = 'acme';
  const def = format.table;
  let opened: Warehouse | undefined;
  beforeAll(async () => {
    opened = await openDuckDb(':memory:');
    await opened.ensureDataset(dataset);
    await opened.ensureTable(dataset, def);
  });
  afterAll(() => opened?.close());
  const wh = () => opened!;
  const pipeline = `${format.provider}/cost/billing`;
  const lineage = (credential: string) => ({
    org_slug: 'acme',
    pipeline_id: pipeline,
    credential_id: credential,
    run_id: 'run-1',
    ingested_at: NOW,
    start_date: '2000-01-01',
    end_date: '2099-12-31',
  });
  const slice = (credential: string): Slice => ({
    equals: { x_org_slug: 'acme', x_pipeline_id: pipeline, x_credential_id: credential },
    dateRange: { column: 'x_pipeline_run_date', from: '2000-01-01', to: '2099-12-31' },
  });

  /** The JS path: readBillingFile + toRaw, written with replaceSlice. */
  async function loadJs(file: BillingFile, credential: string) {
    async function* rows() {
      for await (const raw of readBillingFile(file, {
        ...format.read,
        columns: format.columns,
        toRow: format.toRaw,
      })) {
        const r = raw as ReturnType<BillingFormat['toRaw']>;
        yield {
          ...r,
          x_org_slug: 'acme',
          x_pipeline_id: pipeline,
          x_credential_id: credential,
          x_pipeline_run_date: r.usage_date,
          x_run_id: 'run-1',
          x_ingested_at: NOW,
          x_ingestion_date: NOW.slice(0, 10),
        };
      }
    }
    await wh().replaceSlice(dataset, def, slice(credential), rows());
  }

  /** The engine path, as the extract step runs it. */
  async function loadEngine(file: BillingFile, credential: string) {
    const s = slice(credential);
    const { where, params } = sliceWhere(def, s, ident);
    const engine = format.engine!;
    return wh().replaceSliceFromFiles!(dataset, def, s, {
      files: [{ path: file.path, name: file.path, format: file.format as 'csv' }],
      select: (f, reader) => engine.select(f.name, reader),
      params: lineage(credential),
      ...(engine.finish
        ? {
            finish: (run, dialect) =>
              engine.finish!(run as never, wh().table(dataset, def.name), where, params, dialect),
          }
        : {}),
    });
  }

  /** The rows of one credential's slice, in `order`. */
  const rowsOf = (credential: string, order: string) =>
    wh().query(
      `SELECT * FROM ${wh().table(dataset, def.name)} WHERE x_credential_id = @c ORDER BY ${order}, CAST(raw AS STRING)`,
      { c: credential },
    );

  return { wh, loadJs, loadEngine, rowsOf };
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The same value: equal JSON, or the same decimal, or the same instant (as the JS reader parses it, in UTC). */
export function sameValue(exported: unknown, typed: unknown): boolean {
  if (JSON.stringify(exported) === JSON.stringify(typed)) return true;
  if (typeof exported !== 'string' || typeof typed !== 'string') return false;
  if (DECIMAL.test(exported.trim()) && DECIMAL.test(typed)) return new Decimal(exported.trim()).equals(typed);
  const [a, b] = [parseInstant(exported.trim()), parseInstant(typed)];
  return a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1];
}

/**
 * Every column of `def` equal row for row (but x_credential_id and `skip`); `raw` with the same keys and, per key,
 * the same value (the engine keeps the export's text, `1.81E-8`, where the JS path keeps its typed value).
 */
export function expectSameRows(
  def: BillingFormat['table'],
  js: WarehouseRow[],
  engine: WarehouseRow[],
  label: string,
  skip: string[] = [],
) {
  expect(engine.length, label).toBe(js.length);
  js.forEach((row, i) => {
    const other = engine[i]!;
    for (const c of def.columns) {
      if (c.name === 'raw' || c.name === 'x_credential_id' || skip.includes(c.name)) continue;
      expect(other[c.name], `${label} row ${i} ${c.name}`).toEqual(row[c.name]);
    }
    const [a, b] = [JSON.parse(String(row.raw)), JSON.parse(String(other.raw))] as Record<string, unknown>[];
    expect(Object.keys(b!).sort(), `${label} row ${i} raw keys`).toEqual(Object.keys(a!).sort());
    for (const k of Object.keys(a!).filter((key) => !skip.includes(key)))
      expect(
        sameValue(b![k], a![k]),
        `${label} row ${i} raw.${k}: ${String(b![k])} vs ${String(a![k])}`,
      ).toBe(true);
  });
}
