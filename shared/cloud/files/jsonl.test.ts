import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from './index.js';
import { collect, cost, readError, tempDir } from './testing.js';

const tmp = tempDir();
const put = tmp.put;

describe('JSON lines', () => {
  const bigQueryRows = [
    '{"billing_account_id":"01A-2B","service":{"id":"6F81","description":"Compute Engine"},"cost":0.0000000123456789012,"usage_start_time":"2025-01-01 00:00:00 UTC","credits":[{"name":"FreeTrial","amount":-1.5e-7}],"labels":[{"key":"env","value":"prod"}],"invoice":{"month":"202501"},"big":12345678901234567890.125}',
    '',
    '{"billing_account_id":"01A-2B","service":{"id":"6F81","description":"Compute Engine"},"cost":2.5E-3,"usage_start_time":"2025-01-01T01:00:00Z","labels":[],"invoice":{"month":"202501"}}',
  ].join('\n');
  const columns: ColumnSpec[] = [
    { name: 'cost', type: 'decimal', required: true },
    { name: 'usage_start_time', type: 'timestamp', required: true },
    { name: 'service_description', type: 'string', aliases: ['service.description'] },
    { name: 'invoice.month', type: 'string' },
    { name: 'credits', type: 'json' },
  ];

  it('reads a generated .jsonl.gz exactly (numbers never through a double, dotted names, omitted nulls)', async () => {
    const path = await put('json/export.jsonl.gz', gzipSync(`${bigQueryRows}\n`));
    const rows = await collect(path, { columns, keepOther: true });
    expect(rows).toEqual([
      {
        cost: '0.0000000123456789012',
        usage_start_time: '2025-01-01T00:00:00Z',
        service_description: 'Compute Engine',
        'invoice.month': '202501',
        credits: [{ name: 'FreeTrial', amount: -1.5e-7 }],
        billing_account_id: '01A-2B',
        service: '{"id":"6F81","description":"Compute Engine"}',
        labels: '[{"key":"env","value":"prod"}]',
        invoice: '{"month":"202501"}',
        big: '12345678901234567890.125',
      },
      {
        cost: '0.0025',
        usage_start_time: '2025-01-01T01:00:00Z',
        service_description: 'Compute Engine',
        'invoice.month': '202501',
        credits: null,
        billing_account_id: '01A-2B',
        service: '{"id":"6F81","description":"Compute Engine"}',
        labels: '[]',
        invoice: '{"month":"202501"}',
      },
    ]);
    const plain = await put('json/export.json', bigQueryRows);
    const specNames = columns.map((spec) => spec.name);
    expect(await collect(plain, { columns })).toEqual(
      rows.map((row) => Object.fromEntries(specNames.map((name) => [name, row[name]]))),
    );
  });

  it('rejects invalid JSON lines, JSON documents, wrong types and missing required keys', async () => {
    const broken = await put('json/broken.jsonl', '{"cost":1}\n{"cost":\n');
    const error = await readError(broken, { columns: [cost] });
    expect(error.row).toBe(2);
    expect(error.problem).toMatch(/^line 2 is not valid JSON: unexpected end of input/);
    const array = await put('json/array.json', '[\n  {"cost": 1}\n]\n');
    expect((await readError(array, { columns: [cost] })).problem).toMatch(
      /expected JSON lines: one object per line/,
    );
    const typed = await put('json/typed.jsonl', '{"cost":1}\n{"cost":true}\n');
    expect(await readError(typed, { columns: [cost] })).toMatchObject({
      row: 2,
      column: 'cost',
      value: 'true',
    });
    const missing = await put('json/missing.jsonl', '{"price":1}\n');
    expect(
      (await readError(missing, { columns: [cost, { ...cost, name: 'when', aliases: [] }] })).problem,
    ).toBe('missing required columns: cost, when');
  });
});
