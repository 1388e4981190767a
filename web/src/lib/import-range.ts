import { addDays, type Day } from '../../../shared/time/day.js';
import type { DayRange } from './utc-days.js';

/**
 * The days a "Run now" imports: from the day after the data so far (the last 30 days before a first run) through
 * yesterday (UTC: today is not complete), at most `maxDays` (the API's MAX_RUN_DAYS; the latest days are kept).
 * Data already through yesterday re-imports yesterday (a provider may restate its last day).
 */
export function nextImportRange(dataThrough: Day | null, today: Day, maxDays: number): DayRange {
  const end = addDays(today, -1);
  let start = dataThrough ? addDays(dataThrough, 1) : addDays(today, -30);
  if (start > end) start = end;
  const earliest = addDays(end, -(maxDays - 1));
  return { start: start < earliest ? earliest : start, end };
}
