import { createSign, type KeyObject } from 'node:crypto';

/** The headers OCI signs for a request without a body (GET/DELETE/HEAD), in signing order. */
const SIGNED = ['date', '(request-target)', 'host'] as const;

/**
 * OCI request signature (draft-cavage HTTP signatures, version 1, rsa-sha256) over `date (request-target) host`,
 * as Oracle's SDKs sign body-less requests. Hand-rolled with node:crypto: the official `oci-common` is a large
 * SDK and no small maintained signer for this scheme exists on npm. Returns the headers to send.
 */
export function ociSignedHeaders(
  method: 'GET' | 'HEAD' | 'DELETE',
  url: URL,
  keyId: string,
  privateKey: KeyObject,
  now = new Date(),
): Record<string, string> {
  const values: Record<(typeof SIGNED)[number], string> = {
    date: now.toUTCString(),
    '(request-target)': `${method.toLowerCase()} ${url.pathname}${url.search}`,
    host: url.host,
  };
  const signingString = SIGNED.map((h) => `${h}: ${values[h]}`).join('\n');
  const signature = createSign('RSA-SHA256').update(signingString).sign(privateKey, 'base64');
  return {
    date: values.date,
    authorization:
      `Signature version="1",keyId="${keyId}",algorithm="rsa-sha256",` +
      `headers="${SIGNED.join(' ')}",signature="${signature}"`,
  };
}
