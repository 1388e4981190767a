/** Row assembly: typed spec columns, other columns, and the maxErrors budget; tables typed against a header. */
import { setJsonKey } from '../../json/exact.js';
import { isPermanent } from '../../errors/index.js';
import { BillingFileError, RowProblem } from './errors.js';
import { planTable } from './headers.js';
import type { FileRows, Input, ReadOptions } from './types.js';
import { convert, otherValue, shown, ValueProblem } from './values.js';

/** Builds output rows for one file, skipping bad rows while the `maxErrors` budget lasts. */
export class RowTyper {
  private bad = 0;
  private readonly nulls: ReadonlySet<string>;
  private readonly max: number;
  private readonly perFile: FileRows | undefined;

  constructor(
    private readonly file: string,
    private readonly options: ReadOptions,
  ) {
    this.nulls = new Set(options.nullValues ?? []);
    this.max = options.maxErrors ?? 0;
    this.perFile = options.perFile?.();
  }

  /**
   * The output rows of one record: its row through `toRow` and `perFile` (none when skipped within the error
   * budget or held back; held rows when released).
   */
  rows(
    row: number,
    specValue: (index: number) => unknown,
    others: Iterable<[string, unknown]>,
  ): readonly Record<string, unknown>[] {
    const out = this.build(row, specValue, others);
    if (out === undefined) return [];
    const perFile = this.perFile;
    if (perFile === undefined) return [out];
    return this.named(row, () => perFile.row(out, row));
  }

  /** The rows the per-file stage still holds at the end of the file. */
  end(): readonly Record<string, unknown>[] {
    const perFile = this.perFile;
    return perFile === undefined ? [] : this.named(undefined, () => perFile.end());
  }

  /**
   * Builds the output row from (spec, value) pairs and other (name, value) pairs; undefined when the row has
   * a bad value and the error budget allows skipping it.
   */
  private build(
    row: number,
    specValue: (index: number) => unknown,
    others: Iterable<[string, unknown]>,
  ): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    const specs = this.options.columns;
    for (let k = 0; k < specs.length; k++) {
      const spec = specs[k]!;
      const value = specValue(k);
      try {
        setJsonKey(out, spec.name, convert(spec.type, value, this.nulls));
      } catch (err) {
        if (!(err instanceof ValueProblem)) throw err;
        const text = shown(value);
        const error = new BillingFileError(this.file, `${err.message}: ${JSON.stringify(text)}`, {
          row,
          column: spec.name,
          value: text,
        });
        this.bad++;
        if (this.bad > this.max) {
          if (this.max === 0) throw error;
          throw new BillingFileError(
            this.file,
            `more than ${this.max} rows with bad values; this one: ${error.problem}`,
            { row, column: spec.name, value: text },
          );
        }
        this.options.onError?.(error);
        return undefined;
      }
    }
    if (this.options.keepOther) {
      for (const [name, value] of others) {
        if (!Object.prototype.hasOwnProperty.call(out, name))
          setJsonKey(out, name, otherValue(value, this.nulls));
      }
    }
    const toRow = this.options.toRow;
    return toRow ? this.named(row, () => toRow(out)) : out;
  }

  /** What `normalise` returns; a permanent error it throws names the file, the row and the column. */
  private named<T>(row: number | undefined, normalise: () => T): T {
    try {
      return normalise();
    } catch (err) {
      if (!isPermanent(err) || err instanceof BillingFileError) throw err;
      if (!(err instanceof RowProblem))
        throw new BillingFileError(this.file, err.message, { row, cause: err });
      const at = err.row ?? row;
      throw new BillingFileError(this.file, err.problem, {
        ...(at === undefined ? {} : { row: at }),
        column: err.column,
        cause: err,
      });
    }
  }
}

/** Types the records (header excluded) of a table source (CSV, Parquet) against its header. */
export async function* typedTable(
  file: Input,
  options: ReadOptions,
  header: readonly string[],
  records: AsyncIterable<readonly unknown[]>,
  checkWidth: boolean,
  noRowsProblem: string,
): AsyncGenerator<Record<string, unknown>> {
  const plan = planTable(file.path, header, options);
  const typer = new RowTyper(file.path, options);
  const width = header.length;
  let row = 0;
  for await (const record of records) {
    row++;
    if (checkWidth && record.length > width) {
      const extra = record.slice(width).some((cell) => cell !== '');
      if (extra) {
        throw new BillingFileError(
          file.path,
          `the row has ${record.length} fields, the header has ${width}`,
          {
            row,
          },
        );
      }
    }
    const out = typer.rows(
      row,
      (k) => {
        const index = plan.specIndex[k]!;
        return index < 0 ? null : record[index];
      },
      options.keepOther ? plan.others.map(([name, index]): [string, unknown] => [name, record[index]]) : [],
    );
    yield* out;
  }
  if (row === 0) throw new BillingFileError(file.path, noRowsProblem);
  yield* typer.end();
}
