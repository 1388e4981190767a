import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, quoteCell, restoreCell, toCsv } from './write.js';

describe('csvCell', () => {
  it('prefixes a quote to cells a spreadsheet would run (= + - @ tab CR), as OWASP says', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`);
  });

  it('leaves other cells as RFC 4180 quoting has them; null is empty', () => {
    expect(csvCell('Engineering')).toBe('Engineering');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('Data, "Analytics"')).toBe('"Data, ""Analytics"""');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(quoteCell('-1.5')).toBe('-1.5');
  });

  it('adds one more quote to a value that already starts with quotes before a formula character', () => {
    expect(csvCell("'=x")).toBe("''=x");
    expect(csvCell("'plain")).toBe("'plain");
  });
});

describe('restoreCell', () => {
  it('removes exactly the quote csvCell added, for every value', () => {
    for (const v of ['=1', '+a', '-1', '@a', '\tx', '\rx', "'=x", "''-y", "'plain", "'", '', 'a', 'a-b']) {
      const rows = parse(csvCell(v)) as string[][]; // an empty file has no rows
      expect(restoreCell(rows[0]?.[0] ?? '')).toBe(v);
    }
  });
});

describe('toCsv', () => {
  it('writes the header and one neutralised line per row', () => {
    expect(
      toCsv(['id', 'name'] as const, [
        { id: 'A', name: '=HYPERLINK("x")' },
        { id: 'B', name: null },
      ]),
    ).toBe(`id,name\nA,"'=HYPERLINK(""x"")"\nB,\n`);
  });
});
