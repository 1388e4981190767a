/** CSV and CSV.gz, streamed through csv-parse. */
import { pipeline } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { MAX_RECORD_CHARS, openBytes, streamError } from './bytes.js';
import { BillingFileError } from './errors.js';
import { typedTable } from './row-typer.js';
import type { Input, ReadOptions } from './types.js';

/** The rows of a CSV file: the first record is the header (trimmed names), the rest are typed against it. */
export async function* readCsv(file: Input, options: ReadOptions): AsyncGenerator<Record<string, unknown>> {
  const { stream, source } = await openBytes(file, file.format === 'csv.gz');
  const parser = parseCsv({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  pipeline(stream, parser, () => {
    // errors surface on `parser`, which is iterated below
  });
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let dataRows = 0;
  try {
    let first: IteratorResult<string[]>;
    try {
      first = await records.next();
    } catch (err) {
      throw streamError(file, err, undefined);
    }
    if (first.done) throw new BillingFileError(file.path, 'no rows (the file is empty)');
    const header = first.value.map((name) => name.trim());
    const rest: AsyncIterable<string[]> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          try {
            const next = await records.next();
            if (!next.done) dataRows++;
            return next;
          } catch (err) {
            throw streamError(file, err, dataRows);
          }
        },
      }),
    };
    yield* typedTable(file, options, header, rest, true, 'no rows (the file has a header only)');
  } finally {
    parser.destroy();
    source.destroy();
  }
}
