import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toNanos, weekOf } from './slice.js';

const slow = (text: string) =>
  new Decimal(text).times(1e9).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();

describe('toNanos', () => {
  it('turns exact decimal text into integer nano-units, half up on the 10th decimal', () => {
    expect(toNanos('0.0104')).toBe(10_400_000);
    expect(toNanos('12.000000000500000000')).toBe(12_000_000_001);
    expect(toNanos('-0.0000000004999')).toBe(-0);
    expect(toNanos('-1.5')).toBe(-1_500_000_000);
    expect(toNanos('5')).toBe(5_000_000_000);
    expect(toNanos(null)).toBe(0);
    expect(toNanos('1e-9')).toBe(1);
    expect(toNanos(2.25)).toBe(2_250_000_000);
  });

  it('agrees with decimal arithmetic on any decimal text', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 999_999n }),
        fc.stringMatching(/^[0-9]{0,18}$/),
        (negative, whole, fraction) => {
          const text = `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
          const expected = slow(text);
          expect(toNanos(text) === expected || (expected === 0 && toNanos(text) === 0)).toBe(true);
        },
      ),
    );
  });

  it('refuses a group beyond the exact integer range', () => {
    expect(() => toNanos('99999999999')).toThrow(/exceeds/);
  });
});

describe('weekOf', () => {
  it('gives the Monday of the ISO week', () => {
    expect(weekOf('2026-11-22')).toBe('2026-11-16');
    expect(weekOf('2026-11-16')).toBe('2026-11-16');
    expect(weekOf('2026-01-01')).toBe('2025-12-29');
  });
});
