/** Test helpers of the billing file reader: a temporary directory per test file, rows and errors read to the end. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { isPermanent } from '../../errors/index.js';
import {
  BillingFileError,
  readBillingFile,
  type BillingFile,
  type ColumnSpec,
  type ReadOptions,
} from './index.js';

export type Row = Record<string, unknown>;

/** A temporary directory made before the file's tests and removed after them. */
export function tempDir(): {
  readonly dir: string;
  put(name: string, content: string | Buffer): Promise<string>;
} {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'billing-files-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    /** Writes a file under the temp dir (creating folders) and returns its path. */
    async put(name, content) {
      const path = join(dir, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      return path;
    },
  };
}

/** Every row of a file. */
export async function collect(file: BillingFile | string, options: ReadOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of readBillingFile(file, options)) rows.push(row);
  return rows;
}

/** The BillingFileError thrown while reading `file` to the end. */
export async function readError(file: string, options: ReadOptions): Promise<BillingFileError> {
  try {
    await collect(file, options);
  } catch (err) {
    expect(err).toBeInstanceOf(BillingFileError);
    expect(isPermanent(err)).toBe(true);
    const error = err as BillingFileError;
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toContain(error.problem);
    return error;
  }
  throw new Error(`reading ${file} did not fail`);
}

/** A required decimal spec with the AWS CUR 2.0 and legacy header names. */
export const cost: ColumnSpec = {
  name: 'cost',
  type: 'decimal',
  required: true,
  aliases: ['lineItem/UnblendedCost', 'line_item_unblended_cost'],
};
