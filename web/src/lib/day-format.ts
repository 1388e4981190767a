import { format } from 'date-fns';
import { UTCDate } from '@date-fns/utc';
import type { Day } from '../../../shared/time/day.js';
import type { DayRange } from './utc-days.js';

// date-fns on a UTCDate: every calendar field is read in UTC, so a billing day prints as itself in any browser
// time zone (a local Date at midnight UTC is the day before west of Greenwich). Imported by lazily loaded
// components only: utc-days.ts, part of the entry chunk, keeps its Intl formatters (the same output) so that
// date-fns stays out of the entry.

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-10-31` → the UTC midnight that starts that day, as a UTCDate (built from its fields, no parsing of local time). */
export function utcDay(day: Day): UTCDate {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  return new UTCDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** `2026-10-01` → `Oct 1, 2026`. */
export const formatUtcDay = (day: Day): string => format(utcDay(day), 'MMM d, yyyy');

/** `Oct 1 – Oct 31, 2026`; the start keeps its year when the two ends' years differ; one day reads as that day. */
export function formatUtcRange({ start, end }: DayRange): string {
  if (start === end) return formatUtcDay(start);
  const sameYear = start.slice(0, 4) === end.slice(0, 4);
  return `${format(utcDay(start), sameYear ? 'MMM d' : 'MMM d, yyyy')} – ${formatUtcDay(end)}`;
}
