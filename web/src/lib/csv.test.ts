import { describe, expect, it } from 'vitest';
import { csvField, csvFileName, toCsv } from './csv.js';

describe('csv', () => {
  it('quotes fields with commas, quotes and line breaks; doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes numbers in full, empty for null, undefined and non-finite', () => {
    expect(csvField(25833.188384209)).toBe('25833.188384209');
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('-x,y')).toBe(`"'-x,y"`);
  });

  it('joins a header and rows with CRLF and ends with one', () => {
    expect(
      toCsv(
        ['provider', 'billed_cost'],
        [
          ['aws', 1.5],
          ['github copilot', null],
        ],
      ),
    ).toBe('provider,billed_cost\r\naws,1.5\r\ngithub copilot,\r\n');
  });

  it('names files with safe lower-case parts', () => {
    expect(csvFileName('Costs by provider', '2026-10-01', '2026-10-31')).toBe(
      'costs-by-provider-2026-10-01-2026-10-31.csv',
    );
    expect(csvFileName('///')).toBe('data.csv');
  });
});
