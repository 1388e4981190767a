import { afterEach, describe, expect, it } from 'vitest';
import { addDays, datesBetween } from '../../../shared/time/day.js';
import { formatUtcDay, formatUtcRange, utcDay } from './day-format.js';
import { formatDay, formatRange } from './utc-days.js';

// Node reads process.env.TZ again when it changes, so one process can format in several local time zones. A
// billing day must print as itself in every one of them: west of Greenwich, UTC midnight is the evening before.
const ZONES = ['UTC', 'America/Los_Angeles', 'Pacific/Honolulu', 'Asia/Kolkata', 'Pacific/Kiritimati'];
const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('formatUtcDay', () => {
  it('prints a day near midnight UTC as that day in every local time zone', () => {
    for (const tz of ZONES) {
      process.env.TZ = tz;
      expect(formatUtcDay('2026-10-31'), tz).toBe('Oct 31, 2026');
      expect(formatUtcDay('2026-11-01'), tz).toBe('Nov 1, 2026');
      expect(formatUtcDay('2026-12-31'), tz).toBe('Dec 31, 2026');
      expect(formatUtcDay('2027-01-01'), tz).toBe('Jan 1, 2027');
      expect(formatUtcDay('2028-02-29'), tz).toBe('Feb 29, 2028');
    }
  });

  it('the local time zone really moves a plain Date (the mistake this guards against)', () => {
    process.env.TZ = 'America/Los_Angeles';
    expect(new Date('2026-10-31T00:00:00Z').getDate()).toBe(30);
    expect(utcDay('2026-10-31').getDate()).toBe(31);
  });

  it('builds the UTC midnight that starts the day from its fields', () => {
    process.env.TZ = 'Pacific/Kiritimati';
    expect(utcDay('2026-10-31').getTime()).toBe(Date.UTC(2026, 9, 31));
  });

  it('refuses anything but YYYY-MM-DD', () => {
    for (const bad of ['2026-10-31T00:00:00Z', '10/31/2026', '2026-1-3', ''])
      expect(() => utcDay(bad), bad).toThrow(RangeError);
  });

  it("reads every day of two years exactly as utc-days.ts's Intl formatter does", () => {
    process.env.TZ = 'America/Los_Angeles';
    for (const day of datesBetween('2026-01-01', '2027-12-31'))
      expect(formatUtcDay(day)).toBe(formatDay(day));
  });
});

describe('formatUtcRange', () => {
  it('shows the year once within a year, both years across a year end, one day as a day', () => {
    process.env.TZ = 'America/Los_Angeles';
    expect(formatUtcRange({ start: '2026-10-01', end: '2026-10-31' })).toBe('Oct 1 – Oct 31, 2026');
    expect(formatUtcRange({ start: '2026-12-15', end: '2027-01-14' })).toBe('Dec 15, 2026 – Jan 14, 2027');
    expect(formatUtcRange({ start: '2026-10-31', end: '2026-10-31' })).toBe('Oct 31, 2026');
  });

  it('agrees with formatRange', () => {
    for (const start of ['2026-01-01', '2026-12-02', '2027-06-30']) {
      for (const n of [0, 1, 29, 45, 400]) {
        const range = { start, end: addDays(start, n) };
        expect(formatUtcRange(range)).toBe(formatRange(range));
      }
    }
  });
});
