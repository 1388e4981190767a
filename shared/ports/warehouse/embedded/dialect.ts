/**
 * The small part of BigQuery Standard SQL that differs in DuckDB for the statements the platform issues:
 * `@param` -> `$param`, backtick identifiers -> double quotes, `CURRENT_TIMESTAMP()` -> `CURRENT_TIMESTAMP`.
 * String literals and comments are left untouched.
 */
export function toDuckDbSql(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === '-' && sql[i + 1] === '-') {
      // A line comment (may hold quotes or `@`): kept as is up to the end of the line.
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new Error('Unterminated block comment');
      out += sql.slice(i, end + 2);
      i = end + 2;
    } else if (ch === "'" || ch === '"') {
      const end = closing(sql, i, ch);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '`') {
      const end = sql.indexOf('`', i + 1);
      if (end < 0) throw new Error('Unterminated backtick identifier');
      out += sql
        .slice(i + 1, end)
        .split('.')
        .map((part) => `"${part.replace(/"/g, '""')}"`)
        .join('.');
      i = end + 1;
    } else if (ch === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      out += '$';
      i += 1;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out
    .replace(/\bSAFE_CAST\(/gi, 'TRY_CAST(')
    .replace(/\bCURRENT_TIMESTAMP\(\)/gi, 'CURRENT_TIMESTAMP')
    .replace(/\bCURRENT_DATE\(\)/gi, 'CURRENT_DATE');
}

function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '\\') i += 2;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  throw new Error('Unterminated string literal');
}
