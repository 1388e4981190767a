import { describe, expect, it } from 'vitest';
import { digestPeriods } from './digest.js';

describe('digest periods (UTC)', () => {
  it('daily: yesterday and the day before, across a month and a year end', () => {
    expect(digestPeriods('daily', new Date('2026-12-07T07:00:00Z'))).toEqual({
      start: '2026-12-06',
      end: '2026-12-06',
      previousStart: '2026-12-05',
      previousEnd: '2026-12-05',
    });
    expect(digestPeriods('daily', new Date('2027-01-01T00:00:00Z'))).toEqual({
      start: '2026-12-31',
      end: '2026-12-31',
      previousStart: '2026-12-30',
      previousEnd: '2026-12-30',
    });
  });

  it('weekly: the previous Monday to Sunday, whatever day of the week it runs', () => {
    const last = {
      start: '2026-11-30',
      end: '2026-12-06',
      previousStart: '2026-11-23',
      previousEnd: '2026-11-29',
    };
    expect(digestPeriods('weekly', new Date('2026-12-07T07:00:00Z'))).toEqual(last); // a Monday
    expect(digestPeriods('weekly', new Date('2026-12-13T23:59:59Z'))).toEqual(last); // the Sunday after
  });

  it('monthly: the previous calendar month and the one before (lengths and years differ)', () => {
    expect(digestPeriods('monthly', new Date('2026-03-01T07:00:00Z'))).toEqual({
      start: '2026-02-01',
      end: '2026-02-28',
      previousStart: '2026-01-01',
      previousEnd: '2026-01-31',
    });
    expect(digestPeriods('monthly', new Date('2027-01-15T07:00:00Z'))).toEqual({
      start: '2026-12-01',
      end: '2026-12-31',
      previousStart: '2026-11-01',
      previousEnd: '2026-11-30',
    });
  });
});
