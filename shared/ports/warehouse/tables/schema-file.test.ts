import { describe, expect, it } from 'vitest';
import type { Column } from '../schema.js';
import { schemaColumns, tableFromSchema } from './schema-file.js';
import { testColumns } from './test-table.js';

const shared: Column = { name: 'currency', type: 'STRING', mode: 'REQUIRED' };
const lineage: Column = { name: 'x_run_id', type: 'STRING', mode: 'REQUIRED' };

describe('schemaColumns', () => {
  it('reads a BigQuery JSON schema, leaving an omitted mode omitted and keeping an explicit NULLABLE', () => {
    const columns = schemaColumns('t.json', [
      { name: 'usage_date', type: 'DATE', mode: 'REQUIRED', description: 'Day.' },
      { name: 'cost', type: 'NUMERIC' },
      { name: 'note', type: 'STRING', mode: 'NULLABLE' },
    ]);
    expect(columns).toEqual([
      { name: 'usage_date', type: 'DATE', mode: 'REQUIRED', description: 'Day.' },
      { name: 'cost', type: 'NUMERIC' },
      { name: 'note', type: 'STRING', mode: 'NULLABLE' },
    ]);
    expect('mode' in columns[1]!).toBe(false);
  });

  it('names the file, the column and the field of what is wrong', () => {
    const read = () =>
      schemaColumns('schemas/t.json', [
        { name: 'ok', type: 'STRING' },
        { name: 'cost', type: 'DECIMAL' },
        { name: 'tags', type: 'STRING', mode: 'REPEATED' },
        { name: 'x', type: 'STRING', fields: [] },
      ]);
    expect(read).toThrow(/^Invalid schema file schemas\/t\.json: column 2 \(cost\) type: /);
    expect(read).toThrow(/column 3 \(tags\) mode: /);
    expect(read).toThrow(/column 4 \(x\): .*fields/);
  });

  it('rejects a file that is not an array of fields, and a name that is not a column name', () => {
    expect(() => schemaColumns('t.json', { fields: [] })).toThrow(
      /^Invalid schema file t\.json: the schema: /,
    );
    expect(() => schemaColumns('t.json', [{ name: 'drop table', type: 'STRING' }])).toThrow(
      /column 1 \(drop table\) name: not a column name/,
    );
  });
});

describe('tableFromSchema', () => {
  const json = [
    { name: 'usage_date', type: 'DATE', mode: 'REQUIRED' },
    { name: 'cost', type: 'NUMERIC' },
  ];

  it('places the shared columns before, after a named column and at the end, and keeps the table settings', () => {
    const before: Column = { name: 'first', type: 'INT64' };
    const table = tableFromSchema(json, {
      name: 't',
      description: 'A table.',
      version: 2,
      before: [before],
      after: { cost: [shared] },
      append: [lineage],
      partitionBy: 'usage_date',
    });
    expect(table).toEqual({
      name: 't',
      description: 'A table.',
      version: 2,
      partitionBy: 'usage_date',
      columns: [before, json[0], json[1], shared, lineage],
    });
  });

  it('fails on a placement after a column the file does not have', () => {
    expect(() =>
      tableFromSchema(json, { name: 't', description: 'A table.', version: 1, after: { amount: [shared] } }),
    ).toThrow('Invalid schema file schemas/t.json: no column amount to place shared columns after');
  });
});

describe('testColumns', () => {
  it('reads DDL-like column specs and checks them like a schema file', () => {
    expect(testColumns('org_slug STRING REQUIRED, cost NUMERIC')).toEqual([
      { name: 'org_slug', type: 'STRING', mode: 'REQUIRED' },
      { name: 'cost', type: 'NUMERIC' },
    ]);
    expect(() => testColumns('cost DECIMAL')).toThrow(/column 1 \(cost\) type: /);
  });
});
