// Date/Time values (DateTimeFormat, FOCUS 1.3 specification §2) written as UTC `YYYY-MM-DDTHH:mm:ssZ`: from
// 'YYYY-MM-DD HH:MM:SS', date-only, no seconds, offsets, 'UTC' / 'GMT' suffixes and Date objects.
import type { Tally } from './draft.js';

const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:(T| +)(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? *(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/** A Date/Time value as UTC `YYYY-MM-DDTHH:mm:ssZ` (non-zero fractional seconds kept), or unchanged. */
export function normaliseTimestamp(v: unknown, column: string, tally: Tally): unknown {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return v;
    tally.add('Date objects written as YYYY-MM-DDTHH:mm:ssZ', column);
    const iso = v.toISOString();
    return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
  }
  if (typeof v !== 'string') {
    tally.add('Date/Time values that are not strings, left unchanged', column);
    return v;
  }
  const m = TIMESTAMP_RE.exec(v.trim());
  if (!m) {
    tally.add('Date/Time values in an unrecognised format, left unchanged', column);
    return v;
  }
  const [, y, mo, d, sep, h, mi, s, frac, zone] = m;
  const offsetMin = zoneOffsetMinutes(zone);
  const date = new Date(0);
  date.setUTCFullYear(num(y), num(mo) - 1, num(d));
  date.setUTCHours(num(h), num(mi), num(s), 0);
  const valid =
    date.getUTCFullYear() === num(y) &&
    date.getUTCMonth() === num(mo) - 1 &&
    date.getUTCDate() === num(d) &&
    date.getUTCHours() === num(h) &&
    date.getUTCMinutes() === num(mi) &&
    date.getUTCSeconds() === num(s) &&
    Math.abs(offsetMin) < 24 * 60;
  if (!valid) {
    tally.add('Date/Time values that are not a real date and time, left unchanged', column);
    return v;
  }
  const utc = new Date(date.getTime() - offsetMin * 60_000);
  const fraction = (frac ?? '').replace(/0+$/, '');
  const out = `${utc.toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
  if (out === v) return v;
  const how =
    h === undefined ? ['date only (read as 00:00:00 UTC)'] : fixes({ sep, s, frac, fraction, zone });
  if (how.length === 0) how.push('surrounding whitespace');
  tally.add(`Date/Time written as YYYY-MM-DDTHH:mm:ssZ: ${how.join(', ')}`, column);
  return out;
}

const num = (x: string | undefined) => Number(x ?? 0);

/** Minutes east of UTC of a '+hh', '+hhmm' or '+hh:mm' zone (0 for none, Z, UTC, GMT). */
function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || !/^[+-]/.test(zone)) return 0;
  const z = zone.replace(':', '');
  return (z[0] === '-' ? -1 : 1) * (num(z.slice(1, 3)) * 60 + num(z.slice(3, 5)));
}

/** What was changed in a timestamp with a time part, for the note. */
function fixes(p: { sep?: string; s?: string; frac?: string; fraction: string; zone?: string }): string[] {
  const how: string[] = [];
  if (p.sep !== 'T') how.push("space instead of 'T'");
  if (p.s === undefined) how.push('no seconds');
  if ((p.frac ?? '') !== '' && p.fraction === '') how.push('zero fractional seconds dropped');
  if (!p.zone) how.push('no UTC offset (read as UTC, DateTimeFormat requires UTC)');
  else if (zoneOffsetMinutes(p.zone) !== 0) how.push('UTC offset converted to UTC');
  else if (p.zone.toUpperCase() !== 'Z') how.push(`'${p.zone}' written as 'Z'`);
  return how;
}
