import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Uniform random base62 string (rejection sampling, no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** A new org API key `<org_slug>_api_<32 base62>` (about 190 bits of entropy). Shown once, stored as a hash. */
export function newApiKey(orgSlug: string): { apiKey: string; hash: string; fingerprint: string } {
  const apiKey = `${orgSlug}_api_${randomBase62(32)}`;
  return { apiKey, hash: sha256Hex(apiKey), fingerprint: fingerprintOf(apiKey) };
}

/** The last four characters: enough to recognise a key, useless to reconstruct it. */
export const fingerprintOf = (secret: string) => secret.slice(-4);

/** Constant-time equality of two secrets of any length (compares their digests). */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
