import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { BillingFileError, readBillingFile, type ColumnSpec } from './index.js';
import { tempDir, type Row } from './testing.js';

const tmp = tempDir();
const put = tmp.put;

describe('streaming', () => {
  const ROWS = 200_000;
  let gz: Buffer;

  beforeAll(() => {
    const lines = new Array<string>(ROWS + 1);
    lines[0] = 'id,cost,usage_start';
    for (let k = 1; k <= ROWS; k++) lines[k] = `${k},0.${String(k).padStart(9, '0')},2025-01-01T00:00:00Z`;
    gz = gzipSync(`${lines.join('\n')}\n`);
  });

  const columns: ColumnSpec[] = [
    { name: 'id', type: 'integer', required: true },
    { name: 'cost', type: 'decimal', required: true },
    { name: 'usage_start', type: 'timestamp' },
  ];

  it('reads a 200k-row CSV.gz to the end', async () => {
    const path = await put('stream/big.csv.gz', gz);
    let count = 0;
    let last: Row | undefined;
    for await (const row of readBillingFile(path, { columns })) {
      count++;
      last = row;
    }
    expect(count).toBe(ROWS);
    expect(last).toEqual({ id: ROWS, cost: '0.0002', usage_start: '2025-01-01T00:00:00Z' });
  });

  it('yields rows before the end of the file is read (a truncated copy yields ~half its rows, then fails)', async () => {
    const path = await put('stream/half.csv.gz', gz.subarray(0, gz.length >> 1));
    const generator = readBillingFile(path, { columns });
    const first = await generator.next();
    expect(first.value).toEqual({ id: 1, cost: '0.000000001', usage_start: '2025-01-01T00:00:00Z' });
    let consumed = 1;
    let failure: unknown;
    try {
      for (let next = await generator.next(); !next.done; next = await generator.next()) consumed++;
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(BillingFileError);
    expect((failure as BillingFileError).problem).toMatch(/^corrupt or truncated gzip/);
    // Had the reader buffered the whole file before its first yield, the corruption would have surfaced first.
    expect(consumed).toBeGreaterThan(ROWS / 4);
    expect(consumed).toBeLessThan(ROWS);
  });

  it('stops reading when the consumer stops', async () => {
    const path = await put('stream/early.csv.gz', gz);
    const seen: unknown[] = [];
    for await (const row of readBillingFile(path, { columns })) {
      seen.push(row.id);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
  });
});
