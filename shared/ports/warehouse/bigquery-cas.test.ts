import type { BigQuery } from '@google-cloud/bigquery';
import { parse } from 'sql-parser-cst';
import { describe, expect, it } from 'vitest';
import { openBigQuery } from './bigquery.js';
import { SliceChangedError } from './slice.js';
import { testTable } from './tables/test-table.js';
import type { TableDef } from './schema.js';

const def = testTable('x_org_slug STRING REQUIRED, x_run_id STRING REQUIRED, cost NUMERIC', {
  description: 'test',
});

/** A client that records the scripts it is sent and answers `reply` (or throws it). */
function fakeClient(reply: () => unknown[] = () => [[]]) {
  const scripts: { query: string; params: Record<string, unknown> }[] = [];
  const table = () => ({ delete: async () => undefined });
  const client = {
    dataset: () => ({ createTable: async () => undefined, table }),
    query: async (q: { query: string; params: Record<string, unknown> }) => {
      scripts.push(q);
      return reply();
    },
  };
  return { client: client as unknown as BigQuery, scripts };
}

const options = { kind: 'bigquery' as const, file: '', projectId: 'p', location: 'US' };
const expected = { rows: 2, runIds: ['run-b', 'run-a', 'run-a'] };

describe('BigQuery replaceSlice: compare-and-swap', () => {
  it('checks the slice in the transaction before deleting it, in a script BigQuery parses', async () => {
    const { client, scripts } = fakeClient();
    await openBigQuery(options, client).replaceSlice('acme_prod', def, { x_org_slug: 'acme' }, [], expected);
    const [script] = scripts;
    expect(script!.params).toMatchObject({ slice_x_org_slug: 'acme', cas_rows: 2, cas_ids: 'run-a,run-b' });
    const q = script!.query;
    expect(q.indexOf('IF EXISTS')).toBeGreaterThan(q.indexOf('BEGIN TRANSACTION'));
    expect(q.indexOf('IF EXISTS')).toBeLessThan(q.indexOf('DELETE FROM'));
    expect(() => parse(q, { dialect: 'bigquery', paramTypes: ['@name'] })).not.toThrow();
  });

  it('writes no check without an expectation', async () => {
    const { client, scripts } = fakeClient();
    await openBigQuery(options, client).replaceSlice('acme_prod', def, { x_org_slug: 'acme' }, []);
    expect(scripts[0]!.query).not.toContain('IF EXISTS');
  });

  it('turns the script raising its slice-changed message into SliceChangedError', async () => {
    const { client } = fakeClient(() => {
      throw new Error('Query error: cloudact: slice changed since it was read at [5:12]');
    });
    const wh = openBigQuery(options, client);
    await expect(
      wh.replaceSlice('acme_prod', def, { x_org_slug: 'acme' }, [], expected),
    ).rejects.toBeInstanceOf(SliceChangedError);
  });
});

describe("BigQuery replace of a table partitioned by its derived tables' day (FOCUS)", () => {
  const daily = {
    def: testTable('day DATE REQUIRED, cost NUMERIC', { name: 'costs_daily' }),
    sourceDay: 'ChargePeriodStart',
    day: 'day',
    select: (source: string) => `SELECT DATE(ChargePeriodStart) AS day, SUM(cost) AS cost FROM ${source}
      WHERE DATE(ChargePeriodStart) BETWEEN @refresh_from AND @refresh_to GROUP BY 1`,
  };
  const focus: TableDef = {
    ...testTable(
      'x_org_slug STRING REQUIRED, x_run_id STRING REQUIRED, ChargePeriodStart TIMESTAMP REQUIRED, cost NUMERIC',
    ),
    partitionBy: 'ChargePeriodStart',
    derived: [daily],
  };
  const source = '`p.acme_prod.costs`';
  // Statements reading the table by the slice (not by day).
  const scans = (q: string) => q.split(`FROM ${source} WHERE \`x_org_slug\``).length - 1;

  it("replaceSlice scans the table for the slice once; the DELETE prunes to the old rows' partitions", async () => {
    const { client, scripts } = fakeClient();
    await openBigQuery(options, client).replaceSlice('acme_prod', focus, { x_org_slug: 'acme' }, []);
    const q = scripts[0]!.query.replace(/\s+/g, ' ');
    expect(q).toContain(
      'DELETE FROM `p.acme_prod.costs` WHERE `x_org_slug` IS NOT DISTINCT FROM @slice_x_org_slug AND `ChargePeriodStart` >= TIMESTAMP(refresh_from_0) AND `ChargePeriodStart` < TIMESTAMP(DATE_ADD(refresh_to_0, INTERVAL 1 DAY));',
    );
    // The one scan: the days of the rows to delete (the DELETE and the rollup's select are pruned by day).
    expect(scans(q)).toBe(2); // the `before` SET and the pruned DELETE
    expect(q).toMatch(
      /SELECT CAST\(`ChargePeriodStart` AS DATE\) AS d FROM `p\.acme_prod\.costs__staging_\w+` WHERE TRUE/,
    );
    expect(() => parse(scripts[0]!.query, { dialect: 'bigquery', paramTypes: ['@name'] })).not.toThrow();
  });

  it('replaceSliceFromQuery reads the written days from __rows and returns the count the script selects last', async () => {
    const { client, scripts } = fakeClient(() => [[{ n: 7 }]]);
    const dry = {
      metadata: {
        statistics: { query: { schema: { fields: focus.columns.map((c) => ({ name: c.name })) } } },
      },
    };
    (client as unknown as { createQueryJob: () => unknown }).createQueryJob = async () => [dry];
    const cols = focus.columns.map((c) => c.name).join(', ');
    const written = await openBigQuery(options, client).replaceSliceFromQuery(
      'acme_prod',
      focus,
      { equals: { x_org_slug: 'acme' } },
      `SELECT ${cols} FROM \`p.acme_prod.other\``,
    );
    expect(scripts).toHaveLength(1); // no COUNT over the table after the commit
    const q = scripts[0]!.query.replace(/\s+/g, ' ');
    expect(q).toContain('FROM __rows WHERE TRUE');
    expect(q).toContain('AND `ChargePeriodStart` >= TIMESTAMP(refresh_from_0)');
    expect(q.trim()).toMatch(/COMMIT TRANSACTION; SELECT COUNT\(\*\) AS n FROM __rows;$/);
    expect(scans(q)).toBe(2);
    expect(() => parse(scripts[0]!.query, { dialect: 'bigquery', paramTypes: ['@name'] })).not.toThrow();
    expect(written).toBe(7);
  });
});
