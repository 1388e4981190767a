import { addDays, daysBetween, monthStart, type Day } from '../../../shared/time/day.js';

/**
 * Billing days are UTC calendar days `YYYY-MM-DD`, both ends of a range included, never converted to local time
 * (a local midnight would move a day's cost to its neighbour).
 */
export interface DayRange {
  start: Day;
  end: Day;
}

export const RANGE_PRESETS = ['this_month', 'last_month', 'last_30_days', 'last_90_days'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const PRESET_LABELS: Record<RangePreset, string> = {
  this_month: 'This month',
  last_month: 'Last month',
  last_30_days: 'Last 30 days',
  last_90_days: 'Last 90 days',
};

/** Today's UTC day at `now`. */
export const utcToday = (now: Date = new Date()): Day => now.toISOString().slice(0, 10);

/**
 * The range a preset means on `today` (UTC): this month = its 1st through today; last month = the whole previous
 * month; last N days = the N complete days that end yesterday.
 */
export function presetRange(preset: RangePreset, today: Day): DayRange {
  switch (preset) {
    case 'this_month':
      return { start: monthStart(today), end: today };
    case 'last_month': {
      const end = addDays(monthStart(today), -1);
      return { start: monthStart(end), end };
    }
    case 'last_30_days':
      return { start: addDays(today, -30), end: addDays(today, -1) };
    case 'last_90_days':
      return { start: addDays(today, -90), end: addDays(today, -1) };
  }
}

/** The preset a range is on `today`, if any (to highlight it in the picker). */
export function presetOf(range: DayRange, today: Day): RangePreset | undefined {
  return RANGE_PRESETS.find((p) => {
    const r = presetRange(p, today);
    return r.start === range.start && r.end === range.end;
  });
}

/** The range of equal length just before `range` (for "change vs the previous period"). */
export function previousRange(range: DayRange): DayRange {
  const days = daysBetween(range.start, range.end);
  return { start: addDays(range.start, -days), end: addDays(range.start, -1) };
}

// Intl with timeZone UTC (not date-fns' format): the same output, and nothing added to the entry chunk, which
// this module is part of (url-search.ts validates every cost page's URL).
const DAY = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
});
const DAY_NO_YEAR = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });
const utcMidnight = (day: Day) => new Date(`${day}T00:00:00Z`);

/** `2026-10-01` → `Oct 1, 2026`, read as a UTC day whatever the browser's time zone. */
export function formatDay(day: Day): string {
  return DAY.format(utcMidnight(day));
}

/** `Oct 1 – Oct 31, 2026` (years shown once when both ends share one). */
export function formatRange({ start, end }: DayRange): string {
  if (start === end) return formatDay(start);
  const sameYear = start.slice(0, 4) === end.slice(0, 4);
  return `${(sameYear ? DAY_NO_YEAR : DAY).format(utcMidnight(start))} – ${formatDay(end)}`;
}
