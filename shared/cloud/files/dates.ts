/** Calendar date-times as billing exports write them, read to UTC instants. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Milliseconds since the epoch for a valid calendar date-time, or undefined. */
function utcMillis(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | undefined {
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
    return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  return date.getTime();
}

/** `YYYY-MM-DDTHH:MM:SS[.fraction]Z` of whole-second epoch ms and fraction digits. */
export function formatUtc(ms: number, fraction: string): string {
  const d = new Date(ms);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${date}T${time}${fraction ? `.${fraction}` : ''}Z`;
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** [epoch ms of the whole seconds, fraction digits without trailing zeros], or undefined. */
export function parseInstant(text: string): [number, string] | undefined {
  const iso = ISO_DATE_TIME.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, fraction, zone] = iso;
    const ms = utcMillis(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
    if (ms === undefined) return undefined;
    let offsetMinutes = 0;
    if (zone !== undefined && /^[+-]/.test(zone)) {
      const digits = zone.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = Number(digits.slice(2) || '0');
      if (oh > 23 || om > 59) return undefined;
      offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
    }
    return [ms - offsetMinutes * 60_000, (fraction ?? '').replace(/0+$/, '')];
  }
  const us = US_DATE.exec(text);
  if (us) {
    const ms = utcMillis(Number(us[3]), Number(us[1]), Number(us[2]));
    return ms === undefined ? undefined : [ms, ''];
  }
  return undefined;
}
