/**
 * CSV as spreadsheets read it (RFC 4180): comma-separated, a field quoted when it holds a comma, quote or line
 * break, CRLF between records. Amounts are written as the API gave them (full precision, no currency symbol).
 */
export type CsvValue = string | number | null | undefined;

// A text cell starting with one of these is a formula to Excel and Sheets: it is written with a leading quote.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header row, then one record per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A file name from its parts (`costs-by-provider-2026-10-01-2026-10-31.csv`): lower case, safe characters only. */
export function csvFileName(...parts: string[]): string {
  const slug = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'data'}.csv`;
}
