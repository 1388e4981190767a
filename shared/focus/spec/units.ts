// The unit vocabulary of the UnitFormat attribute (FOCUS 1.3 specification, §2): data-size abbreviations and
// time units are closed lists, count units are capitalized nouns (the recommended ones listed here).

export const DATA_SIZE_UNITS: ReadonlySet<string> = new Set(
  'b Kb Mb Gb Tb Pb Eb Kib Mib Gib Tib Pib Eib B KB MB GB TB PB EB KiB MiB GiB TiB PiB EiB'.split(' '),
);
export const TIME_SINGULAR = [
  'Year',
  'Month',
  'Day',
  'Hour',
  'Minute',
  'Second',
  'Millisecond',
  'Microsecond',
];
const COUNT_SINGULAR = ['Count', 'Unit', 'Request', 'Token', 'Connection', 'Certificate', 'Domain', 'Core'];

export interface KnownUnit {
  plural: boolean;
  time: boolean;
}

/** Known base units: exact spelling → plural? time? (time units and the recommended count units). */
export const KNOWN_UNITS: ReadonlyMap<string, KnownUnit> = new Map<string, KnownUnit>(
  [...TIME_SINGULAR, ...COUNT_SINGULAR].flatMap((u) => {
    const time = TIME_SINGULAR.includes(u);
    return [
      [u, { plural: false, time }],
      [`${u}s`, { plural: true, time }],
    ] as [string, KnownUnit][];
  }),
);
/** Lower-case spelling → the known unit, to name the right casing. */
export const KNOWN_UNITS_LOWER: ReadonlyMap<string, string> = new Map(
  [...KNOWN_UNITS.keys()].map((u) => [u.toLowerCase(), u]),
);
/** Abbreviated time units (not allowed: time units are spelled out). */
export const TIME_ABBREVIATIONS =
  /^(h|hr|hrs|hour\(s\)|min|mins|s|sec|secs|ms|d|yr|yrs|mo|mos|wk|wks|week|weeks)$/i;
/** Spelled-out data sizes (not allowed: data sizes are abbreviated). */
export const SPELLED_DATA_SIZE =
  /^((kilo|mega|giga|tera|peta|exa|kibi|mebi|gibi|tebi|pebi|exbi)?(bit|byte)s?|[kmgtpe]i?bs)$/i;
