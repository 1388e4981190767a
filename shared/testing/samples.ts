import { join } from 'node:path';

/**
 * The public sample data (FOCUS samples, cloud billing exports) the sample-based suites read: the
 * CLOUDACT_SAMPLES_DIR setting, by default `shared/data` beside the checkout (outside the repository, so it
 * is not always there). Suites that need a sample skip when it is missing.
 */
export const SAMPLES_DIR =
  process.env.CLOUDACT_SAMPLES_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'data');

/** A file or folder of the sample data, by its path inside it (`a/b.csv` or `'a', 'b.csv'`). */
export const sample = (...path: string[]): string => join(SAMPLES_DIR, ...path);
