const DAY_SECONDS = 86_400;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A request window of whole UTC days: `start` inclusive, `end` exclusive (the day after the last date). */
export interface DayRange {
  /** Unix seconds of `start` 00:00:00Z. */
  startSeconds: number;
  /** Unix seconds of the day after `end`, 00:00:00Z (exclusive). */
  endSeconds: number;
  /** RFC 3339 forms of the same instants (`2026-08-01T00:00:00Z`). */
  startIso: string;
  endIso: string;
}

function dayStart(date: string, name: string): number {
  const m = DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`${name} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return ms / 1000;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** Maps inclusive UTC dates `start`..`end` to the provider window [start 00:00Z, end + 1 day 00:00Z). */
export function dayRange(start: string, end: string): DayRange {
  const startSeconds = dayStart(start, 'start');
  const endSeconds = dayStart(end, 'end') + DAY_SECONDS;
  if (endSeconds <= startSeconds) throw new RangeError(`end (${end}) is before start (${start})`);
  return { startSeconds, endSeconds, startIso: iso(startSeconds), endIso: iso(endSeconds) };
}

let lastSeconds = NaN;
let lastDate = '';
/** The UTC date (YYYY-MM-DD) of a Unix-seconds instant (the last one is kept: a bucket's rows share it). */
export function dateOfSeconds(seconds: number): string {
  if (seconds !== lastSeconds) {
    lastDate = new Date(seconds * 1000).toISOString().slice(0, 10);
    lastSeconds = seconds;
  }
  return lastDate;
}

/** The UTC date (YYYY-MM-DD) of an RFC 3339 timestamp. */
export function dateOfIso(timestamp: string): string {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new RangeError(`not an RFC 3339 timestamp: ${JSON.stringify(timestamp)}`);
  return new Date(ms).toISOString().slice(0, 10);
}
