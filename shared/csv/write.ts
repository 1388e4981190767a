/**
 * The one CSV writer for files people open (exports): RFC 4180 quoting plus OWASP's CSV-injection rule. A spreadsheet
 * runs a cell starting with `=`, `+`, `-`, `@`, tab or carriage return as a formula, so such a cell is written with a
 * leading `'` (shown as text, not run). `restoreCell` undoes exactly that on import, so export -> import gives back
 * the same values: a value already starting with quotes before such a character gets one more quote on export and
 * loses one on import, and any other value is never touched.
 */

/** A value a spreadsheet would run as a formula, possibly behind quotes this writer added. */
const FORMULA = /^'*[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** RFC 4180 quoting only (for machine-read files such as a provider's billing export): no neutralising. */
export const quoteCell = (value: string): string =>
  NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/** Neutralises a formula-like value with a leading `'` (OWASP), then quotes it; null is an empty cell. */
export const csvCell = (value: string | null | undefined): string => {
  const s = value ?? '';
  return quoteCell(FORMULA.test(s) ? `'${s}` : s);
};

/** The value an exported cell held: removes the one `'` `csvCell` added, nothing else. */
export const restoreCell = (cell: string): string =>
  cell.startsWith("'") && FORMULA.test(cell) ? cell.slice(1) : cell;

/** A CSV file: the header, then one line per row in `columns` order, `\n` line ends, a final newline. */
export function toCsv<C extends string>(
  columns: readonly C[],
  rows: Iterable<Readonly<Record<C, string | null | undefined>>>,
): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}
