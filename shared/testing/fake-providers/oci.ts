import { createPublicKey, createVerify } from 'node:crypto';
import { allows, header, json, type FakeRequest, type FakeRoute, type FakeState } from './route.js';

const notAuthenticated = () =>
  json(401, {
    code: 'NotAuthenticated',
    message: 'The required information to complete authentication was not provided or was incorrect.',
  });

/** Parses `Signature version="1",keyId="…",algorithm="…",headers="…",signature="…"`. */
function parseSignature(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value.replace(/^Signature /, '').matchAll(/(\w+)="([^"]*)"/g)) out[m[1] ?? ''] = m[2] ?? '';
  return out;
}

/** Verifies the OCI request signature against the registered public key of `keyId`. */
function verified(req: FakeRequest, state: FakeState) {
  const sig = parseSignature(header(req, 'authorization') ?? '');
  const key = state.valid.oci.find((k) => k.key_id === sig.keyId);
  if (!key || sig.algorithm !== 'rsa-sha256' || !sig.headers || !sig.signature) return undefined;
  const lines = sig.headers
    .split(' ')
    .map((h) =>
      h === '(request-target)'
        ? `${h}: ${req.method.toLowerCase()} ${req.url}`
        : `${h}: ${header(req, h) ?? ''}`,
    );
  const ok = createVerify('RSA-SHA256')
    .update(lines.join('\n'))
    .verify(createPublicKey(key.public_key), sig.signature, 'base64');
  return ok && sig.headers.includes('(request-target)') ? key : undefined;
}

/** Object Storage ListObjects: `GET /n/{namespace}/b/{bucket}/o`. */
function listObjects(req: FakeRequest, state: FakeState) {
  const key = verified(req, state);
  if (!key) return notAuthenticated();
  const [namespace = '', bucket = ''] = req.params;
  if (!allows(key.access, `${namespace}/${bucket}`)) {
    const message = `Either the bucket named '${bucket}' does not exist in the namespace '${namespace}' or you are not authorized to access it`;
    return json(404, { code: 'BucketNotFound', message });
  }
  return json(200, { objects: [{ name: 'reports/cost-csv/0001000000000001.csv.gz' }] });
}

/** Routes of OCI Object Storage behind OCI_ENDPOINT_URL = `<fake>/oci`. */
export const ociRoutes: FakeRoute[] = [
  { service: 'oci', method: 'GET', path: /^\/oci\/n\/([^/]+)\/b\/([^/]+)\/o$/, handle: listObjects },
];
