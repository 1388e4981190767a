/** `local` billing source: export files under CLOUD_EXPORTS_DIR (embedded mode, tests, the demo). */
import { createReadStream } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { listBillingFiles } from '../../cloud/files/index.js';
import type { BillingSource, ExportObject } from './port.js';
import { permanent } from '../../errors/index.js';

/**
 * The credential's export at `<root>/<provider>/<segments…>`, never outside `<root>/<provider>` (a location that
 * leaves it is a permanent AppError naming the credential).
 */
export function localBillingSource(
  root: string,
  provider: string,
  segments: readonly string[],
  credentialId: string,
): BillingSource {
  const base = resolve(root, provider);
  const path = resolve(join(base, ...segments));
  if (path !== base && !path.startsWith(base + sep)) {
    throw permanent(`The export location of credential ${credentialId} leaves CLOUD_EXPORTS_DIR.`);
  }
  return {
    kind: 'local',
    where: path,
    async list(): Promise<ExportObject[]> {
      const files = await listBillingFiles(path);
      return files.map((f) => ({ name: f.path, key: f.path, format: f.format, bytes: f.bytes }));
    },
    open: async (object): Promise<Readable> => createReadStream(object.key),
    localPath: (object) => object.key,
  };
}
