/** A timestamptz read from either adapter (a Date) as ISO 8601 for API responses. */
export const isoTimestamp = (d: Date | string) => new Date(d).toISOString();

/** As `isoTimestamp`, keeping NULL. */
export const isoTimestampOrNull = (d: Date | string | null) => (d === null ? null : isoTimestamp(d));
