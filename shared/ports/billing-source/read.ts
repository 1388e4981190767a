import { readBillingFile, readBillingStream, type ReadOptions } from '../../cloud/files/index.js';
import type { BillingSource, ExportObject } from './port.js';

/**
 * The typed rows of one export file of a source: read in place when the source has a local path, otherwise
 * streamed (Parquet through a temporary copy). Errors name `object.name`.
 */
export function readExportObject(
  source: BillingSource,
  object: ExportObject,
  options: ReadOptions,
): AsyncGenerator<Record<string, unknown>> {
  if (source.localPath) {
    return readBillingFile(
      { path: source.localPath(object), format: object.format, bytes: object.bytes },
      options,
    );
  }
  return readBillingStream(
    {
      name: object.name,
      format: object.format,
      ...(object.bytes >= 0 ? { bytes: object.bytes } : {}),
      ...(object.emptyIsNoRows ? { emptyIsNoRows: true } : {}),
      open: () => source.open(object),
    },
    options,
  );
}
