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

/** Which header index each spec reads and which other columns there are; checks duplicates and required columns. */
export function planTable(file: string, header: readonly string[], options: ReadOptions): TablePlan {
  const names = new Set(header);
  const lower = lowerIndex(header);
  const specIndex: number[] = [];
  const used = new Set<string>();
  for (const spec of options.columns) {
    const name = resolveName(spec, names, lower);
    if (name === undefined) {
      specIndex.push(-1);
      continue;
    }
    if (header.indexOf(name) !== header.lastIndexOf(name)) {
      throw new BillingFileError(file, `duplicate column ${name} in the header`, { column: spec.name });
    }
    used.add(name);
    specIndex.push(header.indexOf(name));
  }
  missingRequired(file, options.columns, (spec) => specIndex[options.columns.indexOf(spec)]! >= 0);
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
