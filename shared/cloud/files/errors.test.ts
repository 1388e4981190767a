import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cost, readError, tempDir } from './testing.js';

const tmp = tempDir();
const put = tmp.put;

describe('errors', () => {
  it('rejects an empty file (0 bytes) and a header-only file: no rows', async () => {
    const empty = await put('err/empty.csv', '');
    expect((await readError(empty, { columns: [cost] })).problem).toBe(
      'no rows (the file is empty, 0 bytes)',
    );
    const header = await put('err/header.csv', 'cost,usage\n');
    expect((await readError(header, { columns: [cost] })).problem).toBe(
      'no rows (the file has a header only)',
    );
    const headerGz = await put('err/header.csv.gz', gzipSync('cost,usage\r\n'));
    expect((await readError(headerGz, { columns: [cost] })).problem).toBe(
      'no rows (the file has a header only)',
    );
    const emptyGz = await put('err/empty.csv.gz', gzipSync(''));
    expect((await readError(emptyGz, { columns: [cost] })).problem).toBe('no rows (the file is empty)');
    const blank = await put('err/blank.jsonl', '\n\n');
    expect((await readError(blank, { columns: [cost] })).problem).toBe('no rows (blank lines only)');
  });

  it('lists every missing required column', async () => {
    const path = await put('err/missing.csv', 'BilledCost,x\n1,2\n');
    const error = await readError(path, {
      columns: [
        cost,
        { name: 'usage_start', type: 'timestamp', required: true, aliases: ['lineItem/UsageStartDate'] },
        { name: 'optional', type: 'string' },
        { name: 'BilledCost', type: 'decimal', required: true },
      ],
    });
    expect(error.problem).toBe('missing required columns: cost, usage_start');
    expect(error.columns).toEqual(['cost', 'usage_start']);
    expect(error.message).toBe(`billing file ${path}: missing required columns: cost, usage_start`);
  });

  it('reports a value of the wrong type with the data row number, the column and the value', async () => {
    const path = await put('err/type.csv', 'lineItem/UnblendedCost\n0.5\n\n1.25\nabc\n');
    const error = await readError(path, { columns: [cost] });
    expect(error).toMatchObject({ row: 3, column: 'cost', value: 'abc', problem: 'not a decimal: "abc"' });
    expect(error.message).toBe(`billing file ${path}: row 3, column cost: not a decimal: "abc"`);
  });

  it('rejects a truncated and a corrupt gzip', async () => {
    const rows = Array.from({ length: 5000 }, (_, k) => `${k},0.${k}`).join('\n');
    const gz = gzipSync(`id,cost\n${rows}\n`);
    const truncated = await put('err/truncated.csv.gz', gz.subarray(0, gz.length >> 1));
    const error = await readError(truncated, { columns: [cost] });
    expect(error.problem).toMatch(
      /^corrupt or truncated gzip \(unexpected end of file\) after \d+ data rows$/,
    );
    const corrupt = await put('err/corrupt.csv.gz', Buffer.from('this is not gzip at all'));
    expect((await readError(corrupt, { columns: [cost] })).problem).toMatch(
      /^corrupt or truncated gzip \(incorrect header check\)/,
    );
    const jsonGz = await put('err/truncated.jsonl.gz', gzipSync('{"cost":1}\n'.repeat(5000)).subarray(0, 40));
    expect((await readError(jsonGz, { columns: [cost] })).problem).toMatch(/^corrupt or truncated gzip/);
    const mislabeled = await put('err/really-gz.csv', gz);
    expect((await readError(mislabeled, { columns: [cost] })).problem).toBe(
      'gzip-compressed data in a csv file (name it .csv.gz)',
    );
  });

  it('rejects malformed CSV: an unclosed quote, a row with extra fields', async () => {
    const quote = await put('err/quote.csv', 'cost,note\n1,"ok"\n2,"never closed\n');
    const error = await readError(quote, { columns: [cost] });
    expect(error.row).toBe(2);
    expect(error.problem).toMatch(/^malformed CSV: .*quote/i);
    const header = await put('err/quote-header.csv', '"cost,note\n1,2\n');
    const headerError = await readError(header, { columns: [cost] });
    expect(headerError.row).toBeUndefined();
    expect(headerError.problem).toMatch(/^malformed CSV header: /);
    const wide = await put('err/wide.csv', 'cost,note\n1,a\n2,b,extra\n');
    expect(await readError(wide, { columns: [cost] })).toMatchObject({
      row: 2,
      problem: 'the row has 3 fields, the header has 2',
    });
  });

  it('rejects an unknown extension, a missing path and a directory', async () => {
    const text = await put('err/cur.txt', 'cost\n1\n');
    expect((await readError(text, { columns: [cost] })).problem).toMatch(
      /^unknown extension \(expected \.csv/,
    );
    const missing = join(tmp.dir, 'err', 'absent.csv.gz');
    expect((await readError(missing, { columns: [cost] })).problem).toBe('no such file or directory');
    const folder = join(tmp.dir, 'err');
    expect((await readError(folder, { columns: [cost] })).problem).toMatch(/^is a directory/);
  });
});
