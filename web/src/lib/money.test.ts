import { describe, expect, it } from 'vitest';
import { formatChange, formatMoney, formatMoneyCompact } from './money.js';

describe('formatMoney', () => {
  it('formats in full to the cent with grouping, in the given currency', () => {
    expect(formatMoney(75636.98, 'USD')).toBe('$75,636.98');
    expect(formatMoney(0.5, 'USD')).toBe('$0.50');
    expect(formatMoney(1234567.891, 'USD')).toBe('$1,234,567.89');
    expect(formatMoney(12.5, 'EUR')).toBe('€12.50');
    expect(formatMoney(1999, 'JPY')).toBe('¥1,999');
  });

  it('shows credits as negative amounts and never a negative zero', () => {
    expect(formatMoney(-12.5, 'USD')).toBe('-$12.50');
    expect(formatMoney(-0, 'USD')).toBe('$0.00');
  });

  it('formats the same amount the same way for the same currency and locale', () => {
    expect(formatMoney(75636.98, 'GBP', 'en-GB')).toBe('£75,636.98');
    expect(formatMoney(75636.98, 'EUR', 'de-DE')).toBe('75.636,98\u00a0€');
  });
});

describe('formatMoneyCompact', () => {
  it('shortens for chart axes', () => {
    expect(formatMoneyCompact(75636.98, 'USD')).toBe('$75.6K');
    expect(formatMoneyCompact(1_200_000, 'USD')).toBe('$1.2M');
  });
});

describe('formatChange', () => {
  it('gives a signed percentage of the previous amount', () => {
    expect(formatChange(110, 100)).toBe('+10%');
    expect(formatChange(90, 100)).toBe('-10%');
    expect(formatChange(100, 100)).toBe('0%');
    expect(formatChange(50, -100)).toBe('+150%');
  });

  it('has no change to show without a previous amount', () => {
    expect(formatChange(10, 0)).toBeNull();
  });
});
