/** Helpers the object-store adapters share: the prefix of a location, the listing filter, error mapping. */
import { billingFileFormat, BillingFileError, NO_BILLING_FILE } from '../../cloud/files/index.js';
import type { ExportObject } from './port.js';
import { permanent, transient } from '../../errors/index.js';

/** Location segments after the bucket / container as an object prefix: `['a/', 'b']` → `a/b/`, none → ''. */
export function objectPrefix(segments: readonly string[]): string {
  const parts = segments.flatMap((s) => s.split('/')).filter((p) => p !== '');
  return parts.length > 0 ? `${parts.join('/')}/` : '';
}

/**
 * The billing files among listed keys, as the local directory walk keeps them: known extensions only, no
 * `*manifest.json`, nothing under a dot-named segment below the prefix; sorted by key. None is an error.
 */
export function exportObjects(
  where: string,
  prefix: string,
  listed: Iterable<{ key: string; bytes: number }>,
  name: (key: string) => string,
): ExportObject[] {
  const found: ExportObject[] = [];
  for (const { key, bytes } of listed) {
    const format = billingFileFormat(key);
    if (format === undefined || /manifest\.json$/i.test(key)) continue;
    if (
      key
        .slice(prefix.length)
        .split('/')
        .some((part) => part.startsWith('.'))
    )
      continue;
    found.push({ name: name(key), key, format, bytes });
  }
  if (found.length === 0) throw new BillingFileError(where, NO_BILLING_FILE);
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A service's answer to one call, as much as the adapter could read of it. */
export interface ServiceFailure {
  /** HTTP status, when there was an answer. */
  status?: number;
  /** The service's error code (`AccessDenied`, `AuthorizationFailure`, `NotAuthorizedOrNotFound`…). */
  code?: string;
  message?: string;
}

/**
 * A failed call as the step's error: what the service refused (400, 401, 403, 404: wrong bucket, key or
 * permission) is a permanent AppError naming the target and the credential; anything else (no answer, 429, 5xx) is
 * a transient AppError, so the step is retried.
 */
export function serviceError(
  service: string,
  action: string,
  credentialId: string,
  failure: ServiceFailure,
  cause: unknown,
): Error {
  const detail = [failure.code, failure.message].filter((p) => p !== undefined && p !== '').join(': ');
  const status = failure.status;
  const answer = status === undefined ? 'could not be reached' : `answered HTTP ${status}`;
  const text = `${service} ${answer} when ${action} with credential ${credentialId}${detail ? ` (${detail})` : ''}.`;
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    const hint =
      status === 403 || status === 401
        ? ' Check that the credential may read the export there.'
        : status === 404
          ? ' Check the export location in the integration config.'
          : '';
    return permanent(`${text}${hint}`, { cause });
  }
  return transient(text, { cause });
}
