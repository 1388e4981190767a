/**
 * The exact decimal arithmetic of engine-sql.ts on DuckDB against decimal.js: products of decimal texts of every
 * scale, sign, size and form (exponents, `+`, trailing zeros) equal the exact product rounded half away from zero
 * to 18 decimals, whichever branch (64-bit mantissas, split DECIMAL(38,18), HUGEINT mantissas) computes them;
 * quotients are the exact ones of at most 18 decimals, else NULL.
 */
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../ports/warehouse/embedded/duckdb.js';
import type { Warehouse } from '../ports/warehouse/port.js';
import { bignumeric, decimalScale, exactProduct, exactQuotient, lit, type Dec } from './engine-sql.js';

const Exact = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP });

let wh: Warehouse;
beforeAll(async () => {
  wh = await openDuckDb(':memory:');
});
afterAll(() => wh.close());

/** A small deterministic generator (mulberry32). */
function prng(seed: number) {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A decimal text of up to 17 integer digits and 24 decimals (at most 36 digits: the HUGEINT mantissa's range), maybe
 * signed, maybe in exponent form.
 */
function decimalText(rand: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const int = [0, 1, 1, 2, 3, 5, 8, 12, 17][Math.floor(rand() * 9)]!;
  const frac = Math.min(36 - int, [0, 1, 2, 3, 6, 9, 10, 12, 15, 18, 19, 24][Math.floor(rand() * 12)]!);
  const sign = rand() < 0.2 ? '-' : rand() < 0.05 ? '+' : '';
  const text = `${digits(int) || '0'}${frac ? `.${digits(frac)}` : ''}`;
  if (rand() < 0.1)
    return `${sign}${new Decimal(text).toExponential()}`.replace('e', rand() < 0.5 ? 'E' : 'e');
  return `${sign}${text}`;
}

const dec = (name: string): Dec => ({ text: name, k: `${name}__k`, d: `${name}__d` });

/** `expr(a, b)` as text for each pair of decimal texts, with the scales and DECIMALs the load's layers give it. */
async function evaluate(pairs: readonly [string, string][], expr: (a: Dec, b: Dec) => string) {
  const values = pairs.map(([a, b]) => `(${lit(a)}, ${lit(b)})`).join(', ');
  return wh.query<{ a: string; b: string; p: string | null }>(
    `SELECT a, b, CAST(${expr(dec('a'), dec('b'))} AS STRING) AS p
     FROM (SELECT *, ${bignumeric('a', 'a__k')} AS a__d, ${bignumeric('b', 'b__k')} AS b__d
     FROM (SELECT *, ${decimalScale('a')} AS a__k, ${decimalScale('b')} AS b__k
     FROM (VALUES ${values}) AS t(a, b)))`,
  );
}

describe('exactProduct', () => {
  it('equals the exact product rounded half away from zero to 18 decimals', async () => {
    const rand = prng(20240607);
    const pairs: [string, string][] = [
      ['0.0230000000', '744'],
      ['1.81E-8', '123456.789'],
      ['-0.000000001', '0.000000001'],
      ['999999999.999999999', '99999999.999999999'],
      ['0.123456789012345678', '0.5'],
      ['1.5E3', '0.25'],
      ['+2.50', '-4'],
      ['0', '-0.0'],
    ];
    while (pairs.length < 2000) pairs.push([decimalText(rand), decimalText(rand)]);
    const expected = pairs.map(([a, b]) => new Exact(a).times(b).toDecimalPlaces(18));
    // Left out, not billing figures: products beyond DECIMAL(38,18) (20 integer digits), and products of texts of
    // more than 38 digits together (their HUGEINT mantissas' product overflows: the load fails, nothing is wrong).
    const digits = (t: string) => t.split(/e/i)[0]!.replace(/\D/g, '').length;
    const kept = pairs.filter(([x, y], i) => expected[i]!.abs().lt('1e20') && digits(x) + digits(y) <= 38);
    const rows = await evaluate(kept, exactProduct);
    expect(rows.length).toBe(kept.length);
    const wrong = rows.filter(
      (r) => r.p === null || !new Exact(r.p).equals(new Exact(r.a).times(r.b).toDecimalPlaces(18)),
    );
    expect(wrong.slice(0, 5)).toEqual([]);
    // Both kinds are covered: at most 18 decimals in all (64-bit mantissas) and more (rounded).
    const scale = (t: string) => Math.max(0, new Exact(t).decimalPlaces());
    const short = kept.filter(([x, y]) => scale(x) + scale(y) <= 18).length;
    expect(short).toBeGreaterThan(300);
    expect(kept.length - short).toBeGreaterThan(300);
  });
});

describe('exactQuotient', () => {
  it('is cost / amount as plain text when exact with at most 18 decimals, else NULL', async () => {
    const pairs: [string, string][] = [
      ['25', '2'],
      ['-7.5', '0.5'],
      ['1234567.5', '0.25'],
      ['100', '4'],
      ['0.0000000025', '0.5'],
      ['1', '3'],
      ['1', '0'],
      ['3.000000000000000001', '3'],
      ['1.5E3', '0.75'],
    ];
    const rows = await evaluate(pairs, exactQuotient);
    expect(rows.map((r) => [r.a, r.b, r.p])).toEqual([
      ['25', '2', '12.5'],
      ['-7.5', '0.5', '-15'],
      ['1234567.5', '0.25', '4938270'],
      ['100', '4', '25'],
      ['0.0000000025', '0.5', '0.000000005'],
      ['1', '3', null],
      ['1', '0', null],
      ['3.000000000000000001', '3', null],
      ['1.5E3', '0.75', '2000'],
    ]);
  });
});
