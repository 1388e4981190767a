/**
 * The calendar periods alerts measure, in UTC, and the arithmetic of their values (pure: no I/O).
 *
 * - A period is "to date": `day` is the as-of day, `week` Monday through the as-of day, `month` the 1st through
 *   the as-of day (API.md "Alerts and notifications").
 * - cost_change compares like for like: the period to date with the same span of the period before it (day:
 *   yesterday; week: the previous Monday through the same weekday; month: the previous month's 1st through the same
 *   day of the month, or its last day when it is shorter, e.g. Mar 1..31 against Feb 1..28).
 * - Money is exact: amounts are decimal text or numbers carried as `Exact` (shared/money/decimal.ts).
 */
import type { Decimal } from 'decimal.js';
import type { AlertPeriod } from '../contracts/alerts.js';
import { Exact } from '../money/decimal.js';
import { addDays, daysBetween, monthStart, nextMonthStart, weekStart, type Day } from '../time/day.js';

export interface Range {
  start: Day;
  end: Day;
}

/** The UTC calendar day of an instant. */
export const dayOf = (at: Date): Day => at.toISOString().slice(0, 10);

/** The period to date that holds `asOf` (inclusive of both ends). */
export function periodToDate(period: AlertPeriod, asOf: Day): Range {
  const start = period === 'day' ? asOf : period === 'week' ? weekStart(asOf) : monthStart(asOf);
  return { start, end: asOf };
}

/** Days in the month of a day (28 to 31; February 29 in leap years). */
export const daysInMonth = (day: Day): number =>
  daysBetween(monthStart(day), addDays(nextMonthStart(day), -1));

/**
 * The same span of the period before the period to date of `asOf`: yesterday; the previous week's Monday through
 * the same weekday; the previous month's 1st through the same day of the month, capped at that month's length.
 */
export function previousLikeForLike(period: AlertPeriod, asOf: Day): Range {
  const current = periodToDate(period, asOf);
  if (period === 'day') return { start: addDays(asOf, -1), end: addDays(asOf, -1) };
  if (period === 'week') return { start: addDays(current.start, -7), end: addDays(asOf, -7) };
  const start = monthStart(addDays(current.start, -1));
  const elapsed = daysBetween(current.start, asOf);
  return { start, end: addDays(start, Math.min(elapsed, daysInMonth(start)) - 1) };
}

/** Decimals a computed amount keeps: the nano-unit, the grain of the cost slice's money. */
export const AMOUNT_DECIMALS = 9;

/**
 * The complete days of the month a forecast as of `asOf` is based on: the 1st through yesterday (the as-of day's
 * data is still arriving); undefined on the 1st, when no day of the month is complete.
 */
export function forecastRange(asOf: Day): Range | undefined {
  const start = monthStart(asOf);
  return start === asOf ? undefined : { start, end: addDays(asOf, -1) };
}

/**
 * The linear month-end forecast on complete days: the month's cost through yesterday ÷ the days through yesterday
 * × days in the month, in exact decimals (multiplied before dividing, so a quotient that terminates is exact)
 * rounded half up to the nano-unit; null on the 1st (no complete day: no forecast).
 */
export function monthForecast(throughYesterday: Decimal.Value, asOf: Day): Exact | null {
  const range = forecastRange(asOf);
  if (!range) return null;
  return new Exact(throughYesterday)
    .times(daysInMonth(asOf))
    .div(daysBetween(range.start, range.end))
    .toDecimalPlaces(AMOUNT_DECIMALS, Exact.ROUND_HALF_UP);
}

/**
 * The percent change from `previous` to `current` as reported, rounded half up to 2 decimals; null when `previous`
 * is not above 0 (a change from nothing has no percent, and such an alert does not fire). Whether an alert fires is
 * decided on the unrounded change (changeAbove).
 */
export function percentChange(current: Decimal.Value, previous: Decimal.Value): Exact | null {
  const prev = new Exact(previous);
  if (prev.lte(0)) return null;
  return new Exact(current).minus(prev).div(prev).times(100).toDecimalPlaces(2, Exact.ROUND_HALF_UP);
}

/**
 * Whether `current` is up on `previous` by more than `percent` percent, on the unrounded change: compared exactly
 * as (current − previous) × 100 > percent × previous (no quotient to round); false when `previous` is not above 0.
 * The reported change is percentChange's, rounded; firing never depends on that rounding (a +7.892% change is above
 * 7.89 although it is reported as 7.89).
 */
export function changeAbove(
  current: Decimal.Value,
  previous: Decimal.Value,
  percent: Decimal.Value,
): boolean {
  const prev = new Exact(previous);
  if (prev.lte(0)) return false;
  return new Exact(current).minus(prev).times(100).gt(new Exact(percent).times(prev));
}

/** The earliest start of some ranges and the latest end (the one range that covers them all). */
export function coveringRange(ranges: Range[]): Range | undefined {
  if (ranges.length === 0) return undefined;
  let { start, end } = ranges[0]!;
  for (const r of ranges) {
    if (r.start < start) start = r.start;
    if (r.end > end) end = r.end;
  }
  return { start, end };
}
