import { describe, expect, it } from 'vitest';
import { openDuckDb } from './embedded/duckdb.js';
import { parse } from 'sql-parser-cst';
import { backfillDerived, derivedScript, replaceDaysMergeSql, type DerivedSession } from './derived.js';
import type { DerivedTable, TableDef } from './schema.js';
import { testTable } from './tables/test-table.js';

// Derived tables on the embedded warehouse: the refresh covers the days of the rows a replace deletes and of those
// it writes, a new derived table is filled from the source's rows, and the BigQuery script form binds no day
// parameter.

const daily: DerivedTable = {
  def: testTable('day DATE REQUIRED, cost NUMERIC, n INT64', { name: 'costs_daily' }),
  sourceDay: 'usage_date',
  day: 'day',
  select: (source) => `SELECT usage_date AS day, SUM(cost) AS cost, COUNT(*) AS n FROM ${source}
    WHERE usage_date BETWEEN CAST(@refresh_from AS DATE) AND CAST(@refresh_to AS DATE) GROUP BY 1`,
};
const plain = testTable('org STRING REQUIRED, usage_date DATE REQUIRED, cost NUMERIC');
const withDaily: TableDef = { ...plain, derived: [daily] };

const DS = 'acme_prod';

async function warehouse() {
  const wh = await openDuckDb(':memory:');
  await wh.ensureDataset(DS);
  return wh;
}

type Wh = Awaited<ReturnType<typeof warehouse>>;
const dailyRows = (wh: Wh) =>
  wh.query(
    `SELECT CAST(day AS STRING) AS day, CAST(cost AS STRING) AS cost, n FROM ${wh.table(DS, 'costs_daily')} ORDER BY day`,
  );

describe('derived tables', () => {
  it('are refreshed for the days a replace deletes and the days it writes', async () => {
    const wh = await warehouse();
    await wh.ensureTable(DS, withDaily);
    await wh.replaceSlice(DS, withDaily, { org: 'a' }, [
      { org: 'a', usage_date: '2026-01-01', cost: '1.5' },
      { org: 'a', usage_date: '2026-01-01', cost: '2' },
      { org: 'a', usage_date: '2026-01-02', cost: '4' },
    ]);
    await wh.replaceSlice(DS, withDaily, { org: 'b' }, [{ org: 'b', usage_date: '2026-01-02', cost: '10' }]);
    expect(await dailyRows(wh)).toEqual([
      { day: '2026-01-01', cost: '3.500000000', n: 2 },
      { day: '2026-01-02', cost: '14.000000000', n: 2 },
    ]);
    // Org a moves to 2026-01-03: 01-01 loses its rows, 01-02 keeps org b's, 01-03 is new.
    await wh.replaceSlice(DS, withDaily, { org: 'a' }, [{ org: 'a', usage_date: '2026-01-03', cost: '7' }]);
    expect(await dailyRows(wh)).toEqual([
      { day: '2026-01-02', cost: '10.000000000', n: 1 },
      { day: '2026-01-03', cost: '7.000000000', n: 1 },
    ]);
    await wh.close();
  });

  it('are refreshed by replaceSliceFromQuery, and rolled back with it', async () => {
    const wh = await warehouse();
    await wh.ensureTable(DS, withDaily);
    await wh.replaceSliceFromQuery(
      DS,
      withDaily,
      { equals: { org: 'a' } },
      `SELECT 'a' AS org, CAST('2026-02-01' AS DATE) AS usage_date, CAST(5 AS NUMERIC) AS cost`,
    );
    expect(await dailyRows(wh)).toEqual([{ day: '2026-02-01', cost: '5.000000000', n: 1 }]);
    await expect(
      wh.replaceSliceFromQuery(
        DS,
        withDaily,
        { equals: { org: 'a' } },
        `SELECT 'z' AS org, CAST('2026-02-02' AS DATE) AS usage_date, CAST(6 AS NUMERIC) AS cost`,
      ),
    ).rejects.toThrow(/outside its slice/);
    expect(await dailyRows(wh)).toEqual([{ day: '2026-02-01', cost: '5.000000000', n: 1 }]);
    await wh.close();
  });

  it('created next to a source that already has rows are filled from them', async () => {
    const wh = await warehouse();
    await wh.ensureTable(DS, plain);
    await wh.replaceSlice(DS, plain, { org: 'a' }, [
      { org: 'a', usage_date: '2026-03-01', cost: '1' },
      { org: 'a', usage_date: '2026-03-05', cost: '2' },
    ]);
    expect(await wh.ensureTable(DS, withDaily)).toBe('existing');
    expect(await dailyRows(wh)).toEqual([
      { day: '2026-03-01', cost: '1.000000000', n: 1 },
      { day: '2026-03-05', cost: '2.000000000', n: 1 },
    ]);
    await wh.close();
  });

  it('as a BigQuery script: the day range lives in script variables', () => {
    const table = (dataset: string, name: string) => `\`p.${dataset}.${name}\``;
    const script = derivedScript(table, DS, withDaily, '`org` IS NOT DISTINCT FROM @slice_org', '__rows');
    expect(script.declare).toBe(
      'DECLARE refresh_from_0 DATE DEFAULT NULL; DECLARE refresh_to_0 DATE DEFAULT NULL;',
    );
    expect(script.before).toContain('FROM `p.acme_prod.costs` WHERE `org` IS NOT DISTINCT FROM @slice_org');
    expect(script.before).not.toContain('refresh_from_0 AS DATE'); // nothing to widen yet
    // The written rows' days come from the rows written, not from the table.
    expect(script.after).toContain('FROM __rows WHERE TRUE');
    expect(script.after).not.toContain('FROM `p.acme_prod.costs` WHERE `org`');
    expect(script.after).toContain('UNION ALL SELECT CAST(refresh_from_0 AS DATE)');
    expect(`${script.before}${script.after}`).not.toMatch(/@refresh_/);
    // Not partitioned by its source day: the DELETE gets no partition filter.
    expect(script.deleteFilter).toBe('');
    expect(derivedScript(table, DS, plain, 'TRUE', '__rows')).toEqual({
      declare: '',
      before: '',
      deleteFilter: '',
      after: '',
    });
  });

  it('as a BigQuery script: the DELETE prunes to the partitions of the rows it deletes', () => {
    const table = (dataset: string, name: string) => `\`p.${dataset}.${name}\``;
    const byTimestamp = testTable('org STRING REQUIRED, ts TIMESTAMP REQUIRED, cost NUMERIC', {
      partitionBy: 'ts',
    });
    const onTs = { ...daily, sourceDay: 'ts' };
    expect(derivedScript(table, DS, { ...byTimestamp, derived: [onTs] }, 'TRUE', 's').deleteFilter).toBe(
      ' AND `ts` >= TIMESTAMP(refresh_from_0) AND `ts` < TIMESTAMP(DATE_ADD(refresh_to_0, INTERVAL 1 DAY))',
    );
    const byDate = { ...plain, partitionBy: 'usage_date', derived: [daily] };
    expect(derivedScript(table, DS, byDate, 'TRUE', 's').deleteFilter).toBe(
      ' AND `usage_date` BETWEEN refresh_from_0 AND refresh_to_0',
    );
    // A nullable partition column: rows of the NULL partition must still be deleted, so no filter.
    const nullable = testTable('org STRING REQUIRED, ts TIMESTAMP, cost NUMERIC', { partitionBy: 'ts' });
    expect(derivedScript(table, DS, { ...nullable, derived: [onTs] }, 'TRUE', 's').deleteFilter).toBe('');
  });

  it('backfill replaces the days in one statement: a failing select leaves the derived rows as they were', async () => {
    const wh = await warehouse();
    const source = testTable('org STRING REQUIRED, usage_date DATE REQUIRED, cost NUMERIC, note STRING');
    // The select fails on a row whose note is not a number.
    const failing: DerivedTable = {
      ...daily,
      select: (t) => `SELECT usage_date AS day, SUM(cost) AS cost, COUNT(*) + MAX(CAST(note AS INT64)) AS n
        FROM ${t} WHERE usage_date BETWEEN CAST(@refresh_from AS DATE) AND CAST(@refresh_to AS DATE) GROUP BY 1`,
    };
    const def: TableDef = { ...source, derived: [failing] };
    await wh.ensureTable(DS, def);
    await wh.replaceSlice(DS, def, { org: 'a' }, [
      { org: 'a', usage_date: '2026-04-01', cost: '3', note: '0' },
    ]);
    expect(await dailyRows(wh)).toEqual([{ day: '2026-04-01', cost: '3.000000000', n: 1 }]);
    await wh.query(`INSERT INTO ${wh.table(DS, source.name)} VALUES ('b', DATE '2026-04-02', 1, 'x')`);
    const statements: string[] = [];
    const session: DerivedSession = {
      run: (sql, params) => (statements.push(sql), wh.query(sql, params)),
      table: wh.table,
    };
    await expect(backfillDerived(session, DS, def, failing)).rejects.toThrow(/Conversion|convert|cast/i);
    expect(await dailyRows(wh)).toEqual([{ day: '2026-04-01', cost: '3.000000000', n: 1 }]);
    // One read of the day range, then one MERGE: the only statement that writes (one BigQuery job).
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^SELECT/);
    expect(statements[1]).toMatch(/^MERGE INTO \S+ AS target/);
    expect(statements[1]).toContain('WHEN NOT MATCHED BY SOURCE');
    const merge = replaceDaysMergeSql(daily, '`p.acme_prod.costs`', '`p.acme_prod.costs_daily`');
    expect(() => parse(merge, { dialect: 'bigquery', paramTypes: ['@name'] })).not.toThrow();
    await wh.close();
  });
});
