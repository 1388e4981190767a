/** Finding billing files: the format of a name, and the files of a path (a file or a directory walked). */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BillingFileError, fsProblem } from './errors.js';
import type { BillingFile, BillingFileFormat } from './types.js';

/** The extensions listBillingFiles keeps, as messages name them. */
export const KNOWN_EXTENSIONS =
  '.csv, .csv.gz, .parquet, .json, .jsonl, .ndjson (each also .gz except .parquet)';

/** The message part of `listBillingFiles`' "no billing file" error, for sources listing a bucket prefix. */
export const NO_BILLING_FILE = `holds no billing file (expected ${KNOWN_EXTENSIONS})`;

/** The format of a path from its extension (case-insensitive), or undefined. */
export function billingFileFormat(path: string): BillingFileFormat | undefined {
  const name = path.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.csv.gz')) return 'csv.gz';
  if (name.endsWith('.parquet')) return 'parquet';
  if (/\.(json|jsonl|ndjson)$/.test(name)) return 'jsonl';
  if (/\.(json|jsonl|ndjson)\.gz$/.test(name)) return 'jsonl.gz';
  return undefined;
}

/** `stat`, failing with a BillingFileError naming the path. */
export async function statOrThrow(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    throw new BillingFileError(path, fsProblem(err), { cause: err });
  }
}

/**
 * A file or a directory (recursive, sorted by path); only known extensions (.csv, .csv.gz, .parquet,
 * .snappy.parquet, .json/.jsonl/.ndjson (.gz)). A missing path, a file with an unknown extension or a
 * directory with no billing file is an error naming it. Directory walks skip dot-files / dot-directories and
 * `*manifest.json` (AWS CUR and Azure export manifests); symbolic links to files are followed, to directories
 * not.
 */
export async function listBillingFiles(path: string): Promise<BillingFile[]> {
  const info = await statOrThrow(path);
  if (info.isFile()) {
    const format = billingFileFormat(path);
    if (format === undefined)
      throw new BillingFileError(path, `unknown extension (expected ${KNOWN_EXTENSIONS})`);
    return [{ path, format, bytes: info.size }];
  }
  if (!info.isDirectory()) throw new BillingFileError(path, 'not a file or a directory');
  const found: BillingFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      throw new BillingFileError(dir, fsProblem(err), { cause: err });
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(child);
        continue;
      }
      const format = billingFileFormat(entry.name);
      if (format === undefined || /manifest\.json$/i.test(entry.name)) continue;
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const childInfo = await statOrThrow(child);
      if (!childInfo.isFile()) continue;
      found.push({ path: child, format, bytes: childInfo.size });
    }
  };
  await walk(path);
  if (found.length === 0) {
    throw new BillingFileError(path, `directory holds no billing file (expected ${KNOWN_EXTENSIONS})`);
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
