/** Matching column specs to header names (or JSON keys), and checking the read options. */
import { BillingFileError } from './errors.js';
import type { ColumnSpec, ReadOptions } from './types.js';

/**
 * The header name a spec reads: `name`, then each alias, exactly (case-sensitive); then, when exactly one
 * header name equals `name` or an alias ignoring case, that one.
 */
export function resolveName(
  spec: ColumnSpec,
  names: ReadonlySet<string>,
  lower: Map<string, string[]>,
): string | undefined {
  const candidates = [spec.name, ...(spec.aliases ?? [])];
  for (const candidate of candidates) if (names.has(candidate)) return candidate;
  for (const candidate of candidates) {
    const hits = lower.get(candidate.toLowerCase());
    if (hits?.length === 1) return hits[0];
  }
  return undefined;
}

/** Header names by their lower-case form (several when they differ only in case). */
export function lowerIndex(names: Iterable<string>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const name of names) {
    const key = name.toLowerCase();
    const list = index.get(key);
    if (list) {
      if (!list.includes(name)) list.push(name);
    } else index.set(key, [name]);
  }
  return index;
}

/** Throws one error naming every required spec `found` says is absent. */
export function missingRequired(
  file: string,
  specs: readonly ColumnSpec[],
  found: (spec: ColumnSpec) => boolean,
): void {
  const missing = specs.filter((spec) => spec.required && !found(spec)).map((spec) => spec.name);
  if (missing.length > 0) {
    throw new BillingFileError(file, `missing required columns: ${missing.join(', ')}`, { columns: missing });
  }
}

/** Invalid options are a programming error: TypeError. */
export function checkOptions(options: ReadOptions): void {
  const seen = new Set<string>();
  for (const spec of options.columns) {
    if (seen.has(spec.name)) throw new TypeError(`readBillingFile: column ${spec.name} is specified twice`);
    seen.add(spec.name);
    if (!['string', 'decimal', 'integer', 'date', 'timestamp', 'boolean', 'json'].includes(spec.type)) {
      throw new TypeError(`readBillingFile: column ${spec.name} has an unknown type ${String(spec.type)}`);
    }
  }
  const max = options.maxErrors ?? 0;
  if (!Number.isInteger(max) || max < 0)
    throw new TypeError('readBillingFile: maxErrors must be an integer ≥ 0');
}

interface TablePlan {
  /** Header index per spec, or -1 when the column is absent. */
  specIndex: number[];
  /** [output name, header index] of the other columns. */
  others: [string, number][];
}

/**
 * The name in parentheses of a `Label (Name)` header (`Ressourcensatz (ResourceRate)`: Azure exports in another
 * language), or null.
 */
export function labelledName(header: string): string | null {
  const match = /^[^()]*\S[^()]*\(\s*([^()]*?)\s*\)$/.exec(header);
  return match && match[1] !== '' ? match[1]! : null;
}

/**
 * The `Label (Name)` header a spec reads when no header has its name: the name in parentheses equal to `name`,
 * then each alias (exactly, then ignoring case); two such headers for one spec are an error. `taken` are the
 * headers other specs read by name.
 */
function resolveLabelled(
  file: string,
  spec: ColumnSpec,
  header: readonly string[],
  taken: ReadonlySet<string>,
): string | undefined {
  const labelled = header.filter((h) => !taken.has(h) && labelledName(h) !== null);
  if (labelled.length === 0) return undefined;
  const candidates = [spec.name, ...(spec.aliases ?? [])];
  const same = (a: string, b: string, ignoreCase: boolean) =>
    ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
  for (const ignoreCase of [false, true]) {
    for (const candidate of candidates) {
      const hits = [...new Set(labelled.filter((h) => same(labelledName(h)!, candidate, ignoreCase)))];
      if (hits.length > 1) {
        throw new BillingFileError(file, `duplicate column ${spec.name} in the header (${hits.join(', ')})`, {
          column: spec.name,
        });
      }
      if (hits.length === 1) return hits[0];
    }
  }
  return undefined;
}

/** Two headers naming a spec only ignoring case (`meterid`, `METERID`): an error, not an absent column. */
function caseAmbiguous(file: string, spec: ColumnSpec, lower: Map<string, string[]>): void {
  for (const candidate of [spec.name, ...(spec.aliases ?? [])]) {
    const hits = lower.get(candidate.toLowerCase());
    if (hits && hits.length > 1) {
      throw new BillingFileError(file, `duplicate column ${spec.name} in the header (${hits.join(', ')})`, {
        column: spec.name,
      });
    }
  }
}

/** `Date (or UsageDateTime, UsageDate)`. */
const described = (spec: ColumnSpec) =>
  spec.aliases?.length ? `${spec.name} (or ${spec.aliases.join(', ')})` : spec.name;

/**
 * A header with no column name the format knows at all (a localized header, say), when required columns are
 * missing: one error saying so and listing the required columns with their other names.
 */
function noKnownColumn(file: string, header: readonly string[], specs: readonly ColumnSpec[]): never {
  const required = specs.filter((spec) => spec.required);
  throw new BillingFileError(
    file,
    `none of the header's ${header.length} columns is a column name this format knows (a localized header? ` +
      `keep the English column names, alone or as "Label (Name)"); expected ${required.map(described).join(', ')}`,
    { columns: required.map((spec) => spec.name) },
  );
}

/**
 * Which header index each spec reads and which other columns there are; checks duplicates and required columns.
 * A spec no header names (see resolveName) reads the `Label (Name)` header naming it in parentheses.
 */
export function planTable(file: string, header: readonly string[], options: ReadOptions): TablePlan {
  const names = new Set(header);
  const lower = lowerIndex(header);
  const resolved = options.columns.map((spec) => resolveName(spec, names, lower));
  const byName = new Set(resolved.filter((name) => name !== undefined));
  const specIndex: number[] = [];
  const used = new Set<string>();
  options.columns.forEach((spec, k) => {
    if (resolved[k] === undefined) caseAmbiguous(file, spec, lower);
    const name = resolved[k] ?? resolveLabelled(file, spec, header, byName);
    if (name === undefined) {
      specIndex.push(-1);
      return;
    }
    if (header.indexOf(name) !== header.lastIndexOf(name)) {
      throw new BillingFileError(file, `duplicate column ${name} in the header`, { column: spec.name });
    }
    used.add(name);
    specIndex.push(header.indexOf(name));
  });
  const found = (spec: ColumnSpec) => specIndex[options.columns.indexOf(spec)]! >= 0;
  if (
    header.some((name) => name !== '') &&
    !options.columns.some(found) &&
    options.columns.some((spec) => spec.required)
  )
    noKnownColumn(file, header, options.columns);
  missingRequired(file, options.columns, found);
  const specNames = new Set(options.columns.map((spec) => spec.name));
  const others: [string, number][] = [];
  const seen = new Set<string>();
  header.forEach((name, index) => {
    if (name === '' || used.has(name) || specNames.has(name) || seen.has(name)) return;
    seen.add(name);
    others.push([name, index]);
  });
  return { specIndex, others };
}
