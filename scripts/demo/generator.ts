/**
 * The demo's seeded randomness and calendar. Every number is drawn from a source keyed by (seed, what, day), so a
 * day is generated alike whatever range it is generated in: a later start extends the data without changing the
 * days already ingested.
 */

import { prng } from '../../shared/testing/prng.js';
import { MS_PER_DAY as DAY_MS } from '../../shared/time/day.js';

/** FNV-1a of a string: the 32-bit state of a keyed source. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: uniform numbers in [0, 1) from the source keyed by `seed` and `key`. */
export function random(seed: string, key: string): () => number {
  return prng(hash(`${seed}|${key}`));
}

/** `YYYY-MM-DD` of a UTC time. */
export const isoDay = (t: number | Date) => new Date(t).toISOString().slice(0, 10);

/** The day `n` days after `day` (before, for a negative n). */
export const addDays = (day: string, n: number) => isoDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);

/** Every day of [start, end], both included. */
export function daysOf(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Seconds since the epoch of a day's midnight (OpenAI bucket bounds). */
export const epochSeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** How many days of data the demo holds: three months, within the longest range one pipeline run may take. */
export const DEMO_DAYS = 90;

/** The demo's date range: the DEMO_DAYS days ending yesterday (UTC) of `today`. */
export function demoRange(today: Date): { start: string; end: string } {
  const end = addDays(isoDay(today), -1);
  return { start: addDays(end, -(DEMO_DAYS - 1)), end };
}

/**
 * How busy a day is, relative to a plain weekday at the start of the demo: weekends are quiet, usage grows a
 * little every week, and each day has its own noise (±`noise`).
 */
export function activity(seed: string, key: string, day: string, origin: string, noise = 0.15): number {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 0.45 : 1;
  const weeks = (Date.parse(day) - Date.parse(origin)) / (7 * DAY_MS);
  const growth = 1 + 0.02 * Math.max(0, weeks);
  const jitter = 1 + (random(seed, `${key}|${day}`)() * 2 - 1) * noise;
  return weekend * growth * jitter;
}
