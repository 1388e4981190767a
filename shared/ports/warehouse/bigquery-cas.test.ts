import type { BigQuery } from '@google-cloud/bigquery';
import { parse } from 'sql-parser-cst';
import { describe, expect, it } from 'vitest';
import { openBigQuery } from './bigquery.js';
import { SliceChangedError } from './slice.js';
import { testTable } from './tables/test-table.js';

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
