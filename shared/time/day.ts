/**
 * Calendar days as `YYYY-MM-DD` text in UTC, and their arithmetic: the one place that knows a day is 86,400,000
 * ms. Ranges are inclusive of both ends (a one-day range has start = end). Pure: no I/O, browser-safe.
 */

/** A calendar day `YYYY-MM-DD` (UTC). Validated at the edge by `DaySchema` (shared/contracts/day.ts). */
export type Day = string;

export const MS_PER_DAY = 86_400_000;

const toMs = (day: Day) => Date.parse(`${day}T00:00:00Z`);
const fromMs = (ms: number): Day => new Date(ms).toISOString().slice(0, 10);

/** The day `n` days after `day` (before, for a negative `n`). */
export const addDays = (day: Day, n: number): Day => fromMs(toMs(day) + n * MS_PER_DAY);

/** Days of the inclusive range [start, end]: 1 when start = end, 0 or less when end is before start. */
export const daysBetween = (start: Day, end: Day): number => (toMs(end) - toMs(start)) / MS_PER_DAY + 1;

/** Every day from start to end, both included (none when end is before start). */
export function datesBetween(start: Day, end: Day): Day[] {
  const out: Day[] = [];
  for (let t = toMs(start), last = toMs(end); t <= last; t += MS_PER_DAY) out.push(fromMs(t));
  return out;
}

/** The ISO week start (Monday) of a day. */
export function weekStart(day: Day): Day {
  const t = toMs(day);
  return fromMs(t - ((new Date(t).getUTCDay() + 6) % 7) * MS_PER_DAY);
}

/** The first day of a day's month. */
export const monthStart = (day: Day): Day => `${day.slice(0, 7)}-01`;

/** The first day of the month after a day's month. */
export function nextMonthStart(day: Day): Day {
  const d = new Date(toMs(day));
  return fromMs(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}
