/** Row assembly: typed spec columns, other columns, and the maxErrors budget; tables typed against a header. */
import { setJsonKey } from '../../json/exact.js';
import { isPermanent } from '../../errors/index.js';
import { BillingFileError, RowProblem } from './errors.js';
import { planTable } from './headers.js';
import type { Input, ReadOptions } from './types.js';
import { convert, otherValue, shown, ValueProblem } from './values.js';

/** Builds output rows for one file, skipping bad rows while the `maxErrors` budget lasts. */
export class RowTyper {
  private bad = 0;
  private readonly nulls: ReadonlySet<string>;
  private readonly max: number;

  constructor(
    private readonly file: string,
    private readonly options: ReadOptions,
  ) {
    this.nulls = new Set(options.nullValues ?? []);
    this.max = options.maxErrors ?? 0;
  }

  /**
   * Builds the output row from (spec, value) pairs and other (name, value) pairs; undefined when the row has
   * a bad value and the error budget allows skipping it.
   */
  build(
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
    return this.options.toRow ? this.normalised(row, out) : out;
  }

  /** The row through `toRow`; a permanent error it throws names the file, the row and the column. */
  private normalised(row: number, out: Record<string, unknown>): Record<string, unknown> {
    try {
      return this.options.toRow!(out);
    } catch (err) {
      if (!isPermanent(err) || err instanceof BillingFileError) throw err;
      if (!(err instanceof RowProblem))
        throw new BillingFileError(this.file, err.message, { row, cause: err });
      throw new BillingFileError(this.file, err.problem, { row, column: err.column, cause: err });
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
    const out = typer.build(
      row,
      (k) => {
        const index = plan.specIndex[k]!;
        return index < 0 ? null : record[index];
      },
      options.keepOther ? plan.others.map(([name, index]): [string, unknown] => [name, record[index]]) : [],
    );
    if (out !== undefined) yield out;
  }
  if (row === 0) throw new BillingFileError(file.path, noRowsProblem);
}
