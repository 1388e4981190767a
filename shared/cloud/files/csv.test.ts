import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { listBillingFiles, type BillingFileError, type ReadOptions } from './index.js';
import { collect, cost, readError, tempDir } from './testing.js';

const tmp = tempDir();
const put = tmp.put;

describe('CSV reading', () => {
  it('matches headers exactly, then by alias, then ignoring case; missing optional columns are null', async () => {
    const path = await put(
      'match/a.csv',
      'lineItem/UnblendedCost,USAGE_START,Extra\n0.0104,2025-01-01T00:00:00Z,x\n',
    );
    const rows = await collect(path, {
      columns: [
        cost,
        { name: 'usage_start', type: 'timestamp' },
        { name: 'resource', type: 'string', aliases: ['lineItem/ResourceId'] },
      ],
      keepOther: true,
    });
    expect(rows).toEqual([
      { cost: '0.0104', usage_start: '2025-01-01T00:00:00Z', resource: null, Extra: 'x' },
    ]);
  });

  it('reads multi-line quoted cells, a BOM, CRLF, blank lines and short rows; nullValues', async () => {
    const path = await put(
      'match/b.csv',
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('Name , Note,Cost\r\n"a","line 1\r\nline ""2""",NULL\r\n\r\nb\r\n'),
      ]),
    );
    const rows = await collect(path, {
      columns: [
        { name: 'Name', type: 'string', required: true },
        { name: 'Note', type: 'string' },
        { name: 'Cost', type: 'decimal' },
      ],
      nullValues: ['NULL'],
    });
    expect(rows).toEqual([
      { Name: 'a', Note: 'line 1\r\nline "2"', Cost: null },
      { Name: 'b', Note: null, Cost: null },
    ]);
  });

  it('reads a generated .csv.gz like the same .csv', async () => {
    const text =
      'line_item_unblended_cost,line_item_usage_start_date\n0.0000000123456789012,2025-01-01T00:00:00Z\n';
    const plain = await put('gz/a.csv', text);
    const gz = await put('gz/a.csv.gz', gzipSync(text));
    const options: ReadOptions = {
      columns: [cost, { name: 'line_item_usage_start_date', type: 'timestamp' }],
    };
    const rows = await collect(gz, options);
    expect(rows).toEqual(await collect(plain, options));
    expect(rows).toEqual([
      { cost: '0.0000000123456789012', line_item_usage_start_date: '2025-01-01T00:00:00Z' },
    ]);
  });

  it('accepts a BillingFile from listBillingFiles', async () => {
    const [file] = await listBillingFiles(await put('gz/b.csv.gz', gzipSync('cost\n1\n2\n')));
    expect(await collect(file!, { columns: [cost] })).toEqual([{ cost: '1' }, { cost: '2' }]);
  });

  it('skips up to maxErrors bad rows, reporting each to onError, and throws on one more', async () => {
    const path = await put('budget/a.csv', 'cost\n1\nx\n2\ny\n3\n');
    const skipped: BillingFileError[] = [];
    const rows = await collect(path, { columns: [cost], maxErrors: 2, onError: (e) => skipped.push(e) });
    expect(rows).toEqual([{ cost: '1' }, { cost: '2' }, { cost: '3' }]);
    expect(skipped.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, 'cost', 'x'],
      [4, 'cost', 'y'],
    ]);
    const error = await readError(path, { columns: [cost], maxErrors: 1 });
    expect(error).toMatchObject({ row: 4, column: 'cost', value: 'y' });
    expect(error.problem).toMatch(/^more than 1 rows with bad values; this one: not a decimal: "y"$/);
  });

  it('rejects a header naming a requested column twice; other duplicates keep the first', async () => {
    const path = await put('match/dup.csv', 'cost,x,x,cost\n1,a,b,2\n');
    const error = await readError(path, { columns: [cost] });
    expect(error).toMatchObject({ column: 'cost', problem: 'duplicate column cost in the header' });
    const other = await put('match/dup-other.csv', 'cost,x,x\n1,a,b\n');
    expect(await collect(other, { columns: [cost], keepOther: true })).toEqual([{ cost: '1', x: 'a' }]);
  });

  it('rejects a column specified twice', async () => {
    const path = await put('budget/b.csv', 'cost\n1\n');
    await expect(collect(path, { columns: [cost, cost] })).rejects.toThrow(TypeError);
  });
});
