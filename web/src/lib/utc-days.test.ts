import { describe, expect, it } from 'vitest';
import { formatDay, formatRange, presetOf, presetRange, previousRange, utcToday } from './utc-days.js';

describe('presetRange', () => {
  it('this month runs from the 1st through today', () => {
    expect(presetRange('this_month', '2026-12-07')).toEqual({ start: '2026-12-01', end: '2026-12-07' });
    expect(presetRange('this_month', '2026-12-01')).toEqual({ start: '2026-12-01', end: '2026-12-01' });
  });

  it('last month is the whole previous month, across a year end and a leap February', () => {
    expect(presetRange('last_month', '2026-12-07')).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(presetRange('last_month', '2027-01-15')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(presetRange('last_month', '2028-03-01')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
  });

  it('last N days are the N complete days ending yesterday', () => {
    expect(presetRange('last_30_days', '2026-12-07')).toEqual({ start: '2026-11-07', end: '2026-12-06' });
    expect(presetRange('last_90_days', '2026-03-01')).toEqual({ start: '2025-12-01', end: '2026-02-28' });
  });
});

describe('presetOf', () => {
  it('names the preset a range matches on that day, else none', () => {
    expect(presetOf({ start: '2026-11-01', end: '2026-11-30' }, '2026-12-07')).toBe('last_month');
    expect(presetOf({ start: '2026-11-01', end: '2026-11-29' }, '2026-12-07')).toBeUndefined();
  });
});

describe('previousRange', () => {
  it('is the range of equal length just before', () => {
    expect(previousRange({ start: '2026-10-01', end: '2026-10-31' })).toEqual({
      start: '2026-08-31',
      end: '2026-09-30',
    });
    expect(previousRange({ start: '2026-03-01', end: '2026-03-01' })).toEqual({
      start: '2026-02-28',
      end: '2026-02-28',
    });
  });
});

describe('UTC days', () => {
  it('takes today from the UTC clock, not the local one', () => {
    expect(utcToday(new Date('2026-12-07T23:30:00-05:00'))).toBe('2026-12-08');
    expect(utcToday(new Date('2026-12-07T00:30:00+02:00'))).toBe('2026-12-06');
  });

  it('formats a day as that UTC day', () => {
    expect(formatDay('2026-10-01')).toBe('Oct 1, 2026');
    expect(formatRange({ start: '2026-10-01', end: '2026-10-31' })).toBe('Oct 1 – Oct 31, 2026');
    expect(formatRange({ start: '2025-12-01', end: '2026-01-31' })).toBe('Dec 1, 2025 – Jan 31, 2026');
    expect(formatRange({ start: '2026-10-05', end: '2026-10-05' })).toBe('Oct 5, 2026');
  });
});
