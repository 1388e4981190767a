import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { billingFileFormat, listBillingFiles } from './index.js';
import { tempDir } from './testing.js';

const tmp = tempDir();
const put = tmp.put;

describe('listBillingFiles', () => {
  it('lists a directory recursively, sorted, keeping known extensions only', async () => {
    const root = join(tmp.dir, 'listing');
    await put('listing/b.csv', 'a\n1\n');
    await put('listing/a/part-0.CSV.GZ', gzipSync('a\n1\n'));
    await put('listing/a/part-1.snappy.parquet', 'PAR1');
    await put('listing/a/z.jsonl', '{}\n');
    await put('listing/c/export.json.gz', gzipSync('{}\n'));
    await put('listing/c/rows.ndjson', '{}\n');
    await put('listing/c/deep/x.parquet', 'PAR1');
    await put('listing/notes.txt', 'not billing');
    await put('listing/data.csv.zip', 'zip');
    await put('listing/report-Manifest.json', '{}');
    await put('listing/c/manifest.json', '{}');
    await put('listing/.hidden.csv', 'a\n1\n');
    await put('listing/.tmp/y.csv', 'a\n1\n');
    await symlink(join(root, 'b.csv'), join(root, 'link.csv'));
    const files = await listBillingFiles(root);
    expect(files.map((f) => [f.path.slice(root.length + 1), f.format])).toEqual([
      ['a/part-0.CSV.GZ', 'csv.gz'],
      ['a/part-1.snappy.parquet', 'parquet'],
      ['a/z.jsonl', 'jsonl'],
      ['b.csv', 'csv'],
      ['c/deep/x.parquet', 'parquet'],
      ['c/export.json.gz', 'jsonl.gz'],
      ['c/rows.ndjson', 'jsonl'],
      ['link.csv', 'csv'],
    ]);
    expect(files.find((f) => f.path.endsWith('b.csv'))?.bytes).toBe(4);
  });

  it('returns a single file with its format and size', async () => {
    const path = await put('single/cur.csv.gz', gzipSync('a\n1\n'));
    expect(await listBillingFiles(path)).toEqual([
      { path, format: 'csv.gz', bytes: gzipSync('a\n1\n').length },
    ]);
  });

  it('rejects a missing path, an unknown extension and a directory with no billing file, naming them', async () => {
    const missing = join(tmp.dir, 'nope', 'cur.csv');
    await expect(listBillingFiles(missing)).rejects.toMatchObject({
      name: 'BillingFileError',
      file: missing,
      problem: 'no such file or directory',
      message: `billing file ${missing}: no such file or directory`,
    });
    const text = await put('unknown/readme.txt', 'hello');
    await expect(listBillingFiles(text)).rejects.toMatchObject({
      file: text,
      problem: expect.stringMatching(/^unknown extension/),
    });
    const empty = join(tmp.dir, 'unknown');
    await expect(listBillingFiles(empty)).rejects.toMatchObject({
      file: empty,
      problem: expect.stringMatching(/^directory holds no billing file/),
    });
  });

  it('maps extensions to formats', () => {
    expect(billingFileFormat('x.csv')).toBe('csv');
    expect(billingFileFormat('x.csv.gz')).toBe('csv.gz');
    expect(billingFileFormat('x.snappy.parquet')).toBe('parquet');
    expect(billingFileFormat('x.gz.parquet')).toBe('parquet');
    expect(billingFileFormat('x.json')).toBe('jsonl');
    expect(billingFileFormat('x.jsonl.gz')).toBe('jsonl.gz');
    expect(billingFileFormat('x.csv.zip')).toBeUndefined();
    expect(billingFileFormat('x.gz')).toBeUndefined();
  });
});
