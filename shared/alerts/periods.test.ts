import { describe, expect, it } from 'vitest';
import {
  changeAbove,
  coveringRange,
  dayOf,
  daysInMonth,
  forecastRange,
  monthForecast,
  percentChange,
  periodToDate,
  previousLikeForLike,
} from './periods.js';

describe('periods to date (UTC)', () => {
  it('the as-of day is the UTC day of the instant', () => {
    expect(dayOf(new Date('2026-12-07T23:59:59.999Z'))).toBe('2026-12-07');
    expect(dayOf(new Date('2026-12-08T00:00:00+02:00'))).toBe('2026-12-07');
  });

  it('day is the day, week starts on Monday, month on the 1st', () => {
    expect(periodToDate('day', '2026-12-09')).toEqual({ start: '2026-12-09', end: '2026-12-09' });
    // 2026-12-07 is a Monday, 2026-12-13 a Sunday.
    expect(periodToDate('week', '2026-12-07')).toEqual({ start: '2026-12-07', end: '2026-12-07' });
    expect(periodToDate('week', '2026-12-13')).toEqual({ start: '2026-12-07', end: '2026-12-13' });
    expect(periodToDate('week', '2027-01-01')).toEqual({ start: '2026-12-28', end: '2027-01-01' });
    expect(periodToDate('month', '2026-12-01')).toEqual({ start: '2026-12-01', end: '2026-12-01' });
    expect(periodToDate('month', '2024-02-29')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
  });

  it('month lengths, leap years included', () => {
    expect(daysInMonth('2026-01-15')).toBe(31);
    expect(daysInMonth('2026-02-01')).toBe(28);
    expect(daysInMonth('2024-02-10')).toBe(29);
    expect(daysInMonth('2000-02-10')).toBe(29);
    expect(daysInMonth('2100-02-10')).toBe(28);
    expect(daysInMonth('2026-04-30')).toBe(30);
    expect(daysInMonth('2026-12-31')).toBe(31);
  });
});

describe('the previous period, like for like', () => {
  it('day: yesterday, across month and year ends', () => {
    expect(previousLikeForLike('day', '2026-03-01')).toEqual({ start: '2026-02-28', end: '2026-02-28' });
    expect(previousLikeForLike('day', '2027-01-01')).toEqual({ start: '2026-12-31', end: '2026-12-31' });
  });

  it('week: the previous Monday through the same weekday', () => {
    expect(previousLikeForLike('week', '2026-12-09')).toEqual({ start: '2026-11-30', end: '2026-12-02' });
    expect(previousLikeForLike('week', '2026-12-07')).toEqual({ start: '2026-11-30', end: '2026-11-30' });
    expect(previousLikeForLike('week', '2026-12-13')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
  });

  it('month: the 1st through the same day, capped at a shorter month', () => {
    expect(previousLikeForLike('month', '2026-03-15')).toEqual({ start: '2026-02-01', end: '2026-02-15' });
    expect(previousLikeForLike('month', '2026-03-31')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(previousLikeForLike('month', '2024-03-30')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(previousLikeForLike('month', '2026-05-31')).toEqual({ start: '2026-04-01', end: '2026-04-30' });
    expect(previousLikeForLike('month', '2026-01-10')).toEqual({ start: '2025-12-01', end: '2025-12-10' });
    expect(previousLikeForLike('month', '2026-02-28')).toEqual({ start: '2026-01-01', end: '2026-01-28' });
  });
});

describe('forecast and change math (exact decimals)', () => {
  it('forecast on complete days = month through yesterday / days through yesterday x days in month, exact', () => {
    const f = (v: string, asOf: string) => monthForecast(v, asOf)?.toFixed() ?? null;
    expect(f('0.1', '2026-12-11')).toBe('0.31');
    // Where doubles drift (0.7 / 3 * 30 = 6.999999999999999, 2.2 / 10 * 31 = 6.820000000000001):
    expect((0.7 / 3) * 30).not.toBe(7);
    expect(f('0.7', '2026-04-04')).toBe('7');
    expect(monthForecast('2.2', '2026-12-11')!.toNumber()).toBe(6.82);
    expect(f('12.34', '2024-02-11')).toBe('35.786');
    expect(f('12.34', '2026-02-11')).toBe('34.552');
    expect(f('0', '2026-04-02')).toBe('0');
    // One complete day (the 1st) of a 31-day month, as of the 2nd.
    expect(f('1.000000001', '2026-01-02')).toBe('31.000000031');
    // The last day of the month: 29 complete days of 30.
    expect(f('100', '2026-04-30')).toBe('103.448275862');
    // A quotient that does not terminate: rounded half up to the nano-unit.
    expect(f('108', '2026-03-12')).toBe('304.363636364');
    expect(f('1', '2026-04-04')).toBe('10');
    expect(f('0.000000001', '2026-01-04')).toBe('0.00000001');
  });

  it('on the 1st no day is complete: no forecast range and no forecast', () => {
    expect(forecastRange('2026-03-01')).toBeUndefined();
    expect(monthForecast('5', '2026-03-01')).toBeNull();
    expect(monthForecast('0', '2024-02-01')).toBeNull();
    expect(forecastRange('2026-03-02')).toEqual({ start: '2026-03-01', end: '2026-03-01' });
    expect(forecastRange('2024-03-01')).toBeUndefined();
    expect(forecastRange('2024-02-29')).toEqual({ start: '2024-02-01', end: '2024-02-28' });
  });

  it('percent change rounded half up to 2 decimals; none from a zero or negative previous', () => {
    expect(percentChange('110.05', '100')!.toString()).toBe('10.05');
    expect(percentChange('0.3', '0.1')!.toString()).toBe('200');
    expect(percentChange('1', '3')!.toString()).toBe('-66.67');
    expect(percentChange('2', '3')!.toString()).toBe('-33.33');
    expect(percentChange('1.00005', '1')!.toString()).toBe('0.01');
    expect(percentChange('1.000049', '1')!.toString()).toBe('0');
    expect(percentChange('5', '0')).toBeNull();
    expect(percentChange('5', '-1')).toBeNull();
  });

  it('a change above a percent is decided on the unrounded change, exactly', () => {
    // +10.004%: reported 10 (percentChange), but above 10.
    expect(percentChange('110.004', '100')!.toString()).toBe('10');
    expect(changeAbove('110.004', '100', '10')).toBe(true);
    expect(changeAbove('110.004', '100', '10.004')).toBe(false);
    expect(changeAbove('110.00400001', '100', '10.004')).toBe(true);
    // 1 / 3 is not a terminating decimal: +33.333…% is above 33.33 and not above 33.34.
    expect(percentChange('4', '3')!.toString()).toBe('33.33');
    expect(changeAbove('4', '3', '33.33')).toBe(true);
    expect(changeAbove('4', '3', '33.3333333334')).toBe(false);
    expect(changeAbove('5', '0', '1')).toBe(false);
    expect(changeAbove('5', '-1', '1')).toBe(false);
    expect(changeAbove('0.9', '1', '-10.5')).toBe(true);
  });

  it('the covering range of several', () => {
    expect(
      coveringRange([
        { start: '2026-12-07', end: '2026-12-09' },
        { start: '2026-11-01', end: '2026-11-09' },
        { start: '2026-12-01', end: '2026-12-09' },
      ]),
    ).toEqual({ start: '2026-11-01', end: '2026-12-09' });
    expect(coveringRange([])).toBeUndefined();
  });
});
