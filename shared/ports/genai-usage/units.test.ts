import { describe, expect, it } from 'vitest';
import { dateOfIso, dateOfSeconds, dayRange } from './dates.js';
import { centsToUnits, plainDecimal, quoteNumbersOf } from './decimal.js';
import { backoffMs, MAX_RETRY_AFTER_MS, retryAfterMs } from './retry.js';

describe('dayRange', () => {
  it('maps inclusive UTC dates to [start 00:00Z, end + 1 day 00:00Z)', () => {
    expect(dayRange('2026-08-01', '2026-08-03')).toEqual({
      startSeconds: 1785542400,
      endSeconds: 1785801600,
      startIso: '2026-08-01T00:00:00Z',
      endIso: '2026-08-04T00:00:00Z',
    });
    expect(dayRange('2024-02-29', '2024-02-29').endIso).toBe('2024-03-01T00:00:00Z');
    expect(dayRange('2026-12-31', '2026-12-31').endSeconds).toBe(Date.UTC(2027, 0, 1) / 1000);
  });

  it('refuses non-dates and reversed ranges', () => {
    for (const bad of ['2026-02-30', '2026-8-1', '2026-08-01T00:00:00Z', '']) {
      expect(() => dayRange(bad, '2026-08-01')).toThrow(RangeError);
    }
    expect(() => dayRange('2026-08-02', '2026-08-01')).toThrow(/before start/);
  });

  it('reads bucket starts as UTC dates', () => {
    expect(dateOfSeconds(1730419200)).toBe('2024-11-01');
    expect(dateOfSeconds(1736616660)).toBe('2025-01-11');
    expect(dateOfIso('2026-08-01T00:00:00Z')).toBe('2026-08-01');
  });
});

describe('retryAfterMs / backoffMs', () => {
  it('reads delta-seconds and HTTP dates, ignores garbage, clamps', () => {
    const now = Date.UTC(2026, 7, 1, 12);
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs(' 0.5 ', now)).toBe(500);
    expect(retryAfterMs(new Date(now + 20_000).toUTCString(), now)).toBe(20_000);
    expect(retryAfterMs(new Date(now - 20_000).toUTCString(), now)).toBe(0);
    expect(retryAfterMs('999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });

  it('doubles the ceiling per attempt up to 60 s', () => {
    expect([0, 1, 2].map((a) => backoffMs(a, () => 1))).toEqual([1000, 2000, 4000]);
    expect(backoffMs(0, () => 0)).toBe(500);
    expect(backoffMs(20, () => 1)).toBe(60_000);
  });
});

describe('exact decimals', () => {
  it('quotes only the numbers of the named property, never inside strings', () => {
    const text =
      '{"amount":{"value" : 0.1234567890123456789,"currency":"usd"},"line_item":"\\"value\\": 3","values":[1],"value":-1e-7}';
    expect(JSON.parse(quoteNumbersOf(text, 'value'))).toEqual({
      amount: { value: '0.1234567890123456789', currency: 'usd' },
      line_item: '"value": 3',
      values: [1],
      value: '-1e-7',
    });
    expect(quoteNumbersOf('{"value":null,"value":"x"}', 'value')).toBe('{"value":null,"value":"x"}');
  });

  it('converts cents to units and plain notation exactly', () => {
    expect(centsToUnits('123.45')).toBe('1.2345');
    expect(centsToUnits('5')).toBe('0.05');
    expect(centsToUnits('-0.5')).toBe('-0.005');
    expect(centsToUnits('99999999999999999999999999999999.99')).toBe('999999999999999999999999999999.9999');
    expect(plainDecimal('1.50e-3')).toBe('0.0015');
    expect(plainDecimal('0.060')).toBe('0.06');
  });
});
