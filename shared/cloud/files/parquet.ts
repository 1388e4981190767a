/** Parquet, read with nodejs-polars in batches (a local path, or a streamed file copied to a temporary one). */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { checkedBytes, readHead } from './bytes.js';
import { BillingFileError } from './errors.js';
import { planTable } from './headers.js';
import { typedTable } from './row-typer.js';
import type { BillingStream, Input, ReadOptions } from './types.js';

/** Rows per polars batch when reading Parquet. */
export const PARQUET_BATCH_ROWS = 10_000;

const NESTED_DTYPES = new Set(['List', 'FixedSizeList', 'Array', 'Struct', 'Object']);

async function checkParquetMagic(file: Input): Promise<void> {
  const local = file.local ?? file.path;
  const head = (await readHead(local, 4, 0, file.path)).toString('latin1');
  const tail = (await readHead(local, 4, -4, file.path)).toString('latin1');
  if (head !== 'PAR1') {
    throw new BillingFileError(
      file.path,
      'unreadable Parquet file: no PAR1 magic at the start (not Parquet)',
    );
  }
  if (tail !== 'PAR1') {
    throw new BillingFileError(file.path, 'unreadable Parquet file: no PAR1 magic at the end (truncated?)');
  }
}

/** The rows of a local Parquet file (`local` when it is a copy of a streamed one), read in batches. */
export async function* readParquet(
  file: Input,
  options: ReadOptions,
): AsyncGenerator<Record<string, unknown>> {
  await checkParquetMagic(file);
  const pl = await import('nodejs-polars');
  const unreadable = (err: unknown) =>
    err instanceof BillingFileError
      ? err
      : new BillingFileError(file.path, `unreadable Parquet file: ${(err as Error).message ?? String(err)}`, {
          cause: err,
        });
  const scan = () => pl.scanParquet(file.local ?? file.path, { glob: false, hivePartitioning: false });
  let header: string[];
  let schema: Record<string, { variant: string }>;
  try {
    const empty = await scan().limit(0).collect();
    header = empty.columns;
    schema = empty.schema as Record<string, { variant: string }>;
  } catch (err) {
    throw unreadable(err);
  }
  const plan = planTable(file.path, header, options);
  const wanted = new Set<number>(plan.specIndex.filter((index) => index >= 0));
  if (options.keepOther) for (const [, index] of plan.others) wanted.add(index);
  const selected = [...wanted].sort((a, b) => a - b);
  const exprs = selected.map((index) => {
    const name = header[index]!;
    const column = pl.col(name);
    return NESTED_DTYPES.has(schema[name]?.variant ?? '') ? column : column.cast(pl.DataType.String);
  });
  let offset = 0;
  async function* batches(): AsyncGenerator<unknown[]> {
    for (;;) {
      let rows: Record<string, unknown>[];
      try {
        const frame =
          selected.length > 0
            ? await scan()
                .select(...exprs)
                .slice(offset, PARQUET_BATCH_ROWS)
                .collect()
            : await scan().select(pl.len()).collect();
        if (selected.length === 0) {
          // No column to read (none of the specified columns exists): rows of nulls, one per file row.
          const total = Number((frame.toRecords()[0] as { len: number }).len);
          for (let k = 0; k < total; k++) yield [];
          return;
        }
        rows = frame.toRecords() as Record<string, unknown>[];
      } catch (err) {
        throw unreadable(err);
      }
      for (const record of rows) {
        const array: unknown[] = new Array<unknown>(header.length);
        for (const index of selected) array[index] = record[header[index]!];
        yield array;
      }
      offset += rows.length;
      if (rows.length < PARQUET_BATCH_ROWS) return;
    }
  }
  yield* typedTable(file, options, header, batches(), false, 'no rows (the Parquet file has a schema only)');
}

/** Copies a streamed Parquet file to a temporary directory (polars reads paths); removed when reading ends. */
export async function* readStreamedParquet(
  file: BillingStream,
  options: ReadOptions,
): AsyncGenerator<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'cloudact-billing-'));
  try {
    const local = join(dir, 'part.parquet');
    await pipelineAsync(checkedBytes(file, await file.open()), createWriteStream(local));
    const bytes = (await stat(local)).size;
    yield* readParquet({ path: file.name, format: 'parquet', bytes, local }, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
