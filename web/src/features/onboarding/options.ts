/** Currencies offered first (any ISO 4217 code the API knows is valid; these cover most orgs). */
export const CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'CAD',
  'AUD',
  'JPY',
  'INR',
  'CHF',
  'SEK',
  'SGD',
  'BRL',
] as const;

/** UTC first, then every IANA zone this browser knows (the API checks the same list). */
export function timezones(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...all.filter((z) => z !== 'UTC')];
}

/** The browser's own zone, when it has one the list offers; else UTC. */
export function browserTimezone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && timezones().includes(zone) ? zone : 'UTC';
}
