/** JSON lines (and .gz), streamed line by line; numbers parsed exactly. */
import { parseJsonExact } from '../../json/exact.js';
import { lines, openBytes, streamError } from './bytes.js';
import { BillingFileError } from './errors.js';
import { lowerIndex, missingRequired, resolveName } from './headers.js';
import { RowTyper } from './row-typer.js';
import type { ColumnSpec, Input, ReadOptions } from './types.js';

/** The rows of a JSON lines file: one object per non-blank line, keys matched per record. */
export async function* readJsonLines(
  file: Input,
  options: ReadOptions,
): AsyncGenerator<Record<string, unknown>> {
  const { stream, source } = await openBytes(file, file.format === 'jsonl.gz');
  const typer = new JsonLineTyper(file.path, options);
  let lineNumber = 0;
  const iterator = lines(file, stream);
  try {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await iterator.next();
      } catch (err) {
        throw streamError(file, err, typer.rows);
      }
      if (next.done) break;
      lineNumber++;
      if (next.value.trim() === '') continue;
      yield* typer.type(next.value, lineNumber);
    }
    if (typer.rows === 0) {
      throw new BillingFileError(
        file.path,
        lineNumber === 0 ? 'no rows (the file is empty)' : 'no rows (blank lines only)',
      );
    }
    yield* typer.end();
  } finally {
    await iterator.return(undefined).catch(() => undefined);
    stream.destroy();
    source.destroy();
  }
}

/** Types the non-blank lines of one file: each a JSON object whose keys are matched to the specs. */
class JsonLineTyper {
  /** Data rows (non-blank lines) seen so far. */
  rows = 0;
  private readonly typer: RowTyper;
  private readonly specNames: ReadonlySet<string>;
  /** The key matched per spec, by the record's key list (records of one export share a few key lists). */
  private readonly plans = new Map<string, (string | undefined)[]>();

  constructor(
    private readonly file: string,
    private readonly options: ReadOptions,
  ) {
    this.typer = new RowTyper(file, options);
    this.specNames = new Set(options.columns.map((spec) => spec.name));
  }

  /** The output rows of a line: none when its bad value is skipped within `maxErrors` (or it is held). */
  type(line: string, lineNumber: number): readonly Record<string, unknown>[] {
    const row = ++this.rows;
    const object = this.parse(line, lineNumber, row);
    const keys = Object.keys(object);
    const resolved = this.plan(keys);
    const specs = this.options.columns;
    if (row === 1) {
      missingRequired(this.file, specs, (spec) => {
        const k = specs.indexOf(spec);
        return resolved[k] !== undefined || nestedValue(object, spec) !== MISSING;
      });
    }
    const specValue = (k: number): unknown => {
      const key = resolved[k];
      if (key !== undefined) return object[key];
      const value = nestedValue(object, specs[k]!);
      return value === MISSING ? null : value;
    };
    return this.typer.rows(row, specValue, this.others(object, keys, resolved));
  }

  /** Rows held back until the end of the file. */
  end(): readonly Record<string, unknown>[] {
    return this.typer.end();
  }

  private parse(line: string, lineNumber: number, row: number): Record<string, unknown> {
    let record: unknown;
    try {
      record = parseJsonExact(line);
    } catch (err) {
      const hint = row === 1 && /^\s*\[/.test(line) ? ' (expected JSON lines: one object per line)' : '';
      throw new BillingFileError(
        this.file,
        `line ${lineNumber} is not valid JSON: ${(err as Error).message}${hint}`,
        { row, cause: err },
      );
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new BillingFileError(this.file, `line ${lineNumber} is not a JSON object (expected JSON lines)`, {
        row,
      });
    }
    return record as Record<string, unknown>;
  }

  private plan(keys: string[]): (string | undefined)[] {
    const signature = keys.join('\u0000');
    let plan = this.plans.get(signature);
    if (plan === undefined) {
      const names = new Set(keys);
      const lower = lowerIndex(keys);
      plan = this.options.columns.map((spec) => resolveName(spec, names, lower));
      if (this.plans.size > 1000) this.plans.clear();
      this.plans.set(signature, plan);
    }
    return plan;
  }

  /** The top-level keys no spec matched directly (only read with `keepOther`). */
  private others(
    object: Record<string, unknown>,
    keys: string[],
    resolved: (string | undefined)[],
  ): [string, unknown][] {
    if (!this.options.keepOther) return [];
    const used = new Set(resolved.filter((key) => key !== undefined));
    return keys
      .filter((key) => !used.has(key) && !this.specNames.has(key))
      .map((key): [string, unknown] => [key, object[key]]);
  }
}

const MISSING = Symbol('missing');

/** A dotted name (`service.description`, as GCP flattened CSVs spell nested fields) walked into the object. */
function nestedValue(object: Record<string, unknown>, spec: ColumnSpec): unknown {
  for (const candidate of [spec.name, ...(spec.aliases ?? [])]) {
    if (!candidate.includes('.')) continue;
    let current: unknown = object;
    let found = true;
    for (const part of candidate.split('.')) {
      if (
        current !== null &&
        typeof current === 'object' &&
        !Array.isArray(current) &&
        Object.hasOwn(current, part)
      ) {
        current = (current as Record<string, unknown>)[part];
      } else {
        found = false;
        break;
      }
    }
    if (found) return current;
  }
  return MISSING;
}
