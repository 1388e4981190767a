// Where the FOCUS sample-based tests find the public sample data: the `shared/data` folder beside the checkout
// (outside the repository, so it is not always there). Tests that need a sample skip when it is missing. The one
// place to change when a setting replaces this path.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The sample data folder (the checkout's parent folder + `shared/data`). */
export const SAMPLE_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');

/** The path of a sample file or folder inside the sample data folder. */
export const samplePath = (relative: string): string => resolve(SAMPLE_DATA_DIR, relative);
