import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../ports/warehouse/embedded/duckdb.js';
import type { Warehouse, WarehouseRow } from '../../ports/warehouse/port.js';
import { testTable } from '../../ports/warehouse/tables/test-table.js';
import { replaceSliceSpooled, spoolRows } from './spool.js';

const DS = 'spool_test';
const def = testTable(
  'org STRING REQUIRED, day DATE REQUIRED, name STRING, n INT64, q NUMERIC, price BIGNUMERIC, ok BOOL, ts TIMESTAMP, raw JSON, late STRING',
);
const slice = { equals: { org: 'acme' } };

/** Every column type, quotes and unicode, empty vs NULL, and a column NULL for 30,000 rows before its first value. */
function rows(n: number): WarehouseRow[] {
  return Array.from({ length: n }, (_, i) => ({
    org: 'acme',
    day: `2026-01-0${1 + (i % 9)}`,
    name: [`"quoted" it's`, '', null, 'ünï ✓'][i % 4],
    n: i % 5 === 0 ? null : i * 1_000_003,
    q: i % 3 ? '0.000000001' : '123456789.123456789',
    price: '0.000000000000000001',
    ok: [true, false, null][i % 3],
    ts: i % 2 ? new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i % 1000)) : '2026-01-01T00:00:00.123456Z',
    raw: i % 4 ? { k: [1, 2.5, 1e-7], s: `t${i} ü "q"`, nested: { x: null } } : null,
    late: i === n - 1 ? 'finally' : null,
  }));
}

const open: Warehouse[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function warehouse() {
  const wh = await openDuckDb(':memory:');
  open.push(wh);
  await wh.ensureDataset(DS);
  await wh.ensureTable(DS, def);
  return wh;
}

const readAll = async (wh: Warehouse) =>
  (
    await wh.query(
      `SELECT org, CAST(day AS STRING) AS day, name, n, CAST(q AS STRING) AS q, CAST(price AS STRING) AS price, ok,
         CAST(ts AS STRING) AS ts, CAST(raw AS STRING) AS raw, late FROM ${wh.table(DS, def.name)}`,
    )
  )
    .map((r) => JSON.stringify(r))
    .sort();

async function* slowly(source: readonly WarehouseRow[], pause: (i: number) => Promise<void>) {
  for (const [i, r] of source.entries()) {
    await pause(i);
    yield r;
  }
}

describe('spooled slice replace', () => {
  it('loads exactly what a row replace writes (every type, NULL vs empty, a late first value)', async () => {
    const input = rows(30_001);
    const viaRows = await warehouse();
    await viaRows.replaceSlice(DS, def, slice, input);
    const viaSpool = await warehouse();
    await replaceSliceSpooled(viaSpool, DS, def, slice, input);
    const got = await readAll(viaSpool);
    expect(got).toHaveLength(input.length);
    expect(got).toEqual(await readAll(viaRows));
    expect(got.some((r) => r.includes('"late":"finally"'))).toBe(true);
  });

  it('takes rows in batches (a provider page each, empty ones too) as it takes them one by one', async () => {
    const input = rows(2_500);
    const viaRows = await warehouse();
    await replaceSliceSpooled(viaRows, DS, def, slice, input);
    async function* pagesOf() {
      yield input.slice(0, 1_000);
      yield [];
      yield input.slice(1_000, 1_001);
      yield input.slice(1_001);
    }
    const viaPages = await warehouse();
    await replaceSliceSpooled(viaPages, DS, def, slice, pagesOf());
    const got = await readAll(viaPages);
    expect(got).toHaveLength(input.length);
    expect(got).toEqual(await readAll(viaRows));
  });

  it('writes columns given once as constants exactly as the same values on every row would be', async () => {
    const constants = {
      org: 'acme',
      ts: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
      raw: { lineage: 'it\'s "x" @org \\' },
      name: 'ends in a backslash \\',
      late: null,
      q: '0.000000001',
    };
    const full = rows(1_000).map((r) => ({ ...r, ...constants }));
    const viaRows = await warehouse();
    await viaRows.replaceSlice(DS, def, slice, full);
    const without = full.map(({ org: _o, ts: _t, raw: _r, late: _l, q: _q, name: _n, ...rest }) => rest);
    const viaSpool = await warehouse();
    await replaceSliceSpooled(viaSpool, DS, def, slice, without, constants);
    expect(await readAll(viaSpool)).toEqual(await readAll(viaRows));
    // Adapters without an engine load read the rows back with the constants.
    const spool = await spoolRows(def, without.slice(0, 3), constants);
    try {
      const back: WarehouseRow[] = [];
      for await (const r of spool.read()) back.push(r);
      expect(back.map((r) => [r.org, r.late, r.q])).toEqual(Array(3).fill(['acme', null, '0.000000001']));
      expect(back[0]!.ts).toEqual(constants.ts);
    } finally {
      await spool.remove();
    }
  });

  it('holds no warehouse connection while the rows arrive: other statements run meanwhile', async () => {
    const wh = await warehouse();
    const input = rows(50);
    const others: number[] = [];
    // Each "page" waits for a statement of some other work; a replace holding DuckDB's one connection would
    // queue that statement behind itself and never finish.
    const page = async (i: number) => {
      if (i % 10) return;
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the warehouse was held')), 5_000),
      );
      const [row] = await Promise.race([wh.query<{ n: number }>('SELECT 41 + 1 AS n'), timeout]);
      others.push(Number(row?.n));
    };
    await replaceSliceSpooled(wh, DS, def, slice, slowly(input, page));
    expect(others).toEqual([42, 42, 42, 42, 42]);
    expect(await readAll(wh)).toHaveLength(50);
  });

  it('a source that fails leaves the slice as it was and removes its file', async () => {
    const wh = await warehouse();
    await wh.replaceSlice(DS, def, slice, rows(3));
    const before = await readAll(wh);
    const failing = slowly(rows(20), async (i) => {
      if (i === 15) throw new Error('connection reset');
    });
    await expect(replaceSliceSpooled(wh, DS, def, slice, failing)).rejects.toThrow('connection reset');
    expect(await readAll(wh)).toEqual(before);
  });

  it('a row outside the slice fails the load: nothing written', async () => {
    const wh = await warehouse();
    await wh.replaceSlice(DS, def, slice, rows(3));
    const before = await readAll(wh);
    const bad = [...rows(5), { ...rows(1)[0]!, org: 'other' }];
    await expect(replaceSliceSpooled(wh, DS, def, slice, bad)).rejects.toThrow(/outside its slice/);
    expect(await readAll(wh)).toEqual(before);
  });

  it('reads the rows back as written for adapters without an engine load', async () => {
    const input = rows(7);
    const spool = await spoolRows(def, input);
    try {
      expect(spool.rows).toBe(7);
      const back: WarehouseRow[] = [];
      for await (const r of spool.read()) back.push(r);
      const plain = (r: WarehouseRow) =>
        JSON.parse(JSON.stringify(r, (_k, v: unknown) => (v instanceof Date ? v.toISOString() : v)));
      expect(back).toEqual(input.map(plain));
    } finally {
      await spool.remove();
    }
    expect(existsSync(dirname(spool.path))).toBe(false);
  });
});
