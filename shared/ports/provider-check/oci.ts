import { createPrivateKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import {
  OciApiSigningKeySchema as ApiSigningKeySchema,
  OciConfigSchema as ConfigSchema,
} from '../../contracts/provider-schemas.js';
import { defineAdapter, type CredentialKind } from './define.js';
import { callProvider, parseBody } from './http.js';
import { ociSignedHeaders } from './oci-sign.js';

/** An API signing key: the private key and its passphrase are scrubbed; the key's fingerprint identifies it. */
const apiSigningKey: CredentialKind<z.infer<typeof ApiSigningKeySchema>> = {
  schema: ApiSigningKeySchema,
  secrets: (c) => [c.private_key, ...(c.passphrase ? [c.passphrase] : [])],
  fingerprintSource: (c) => c.fingerprint,
};

const ObjectsSchema = z.object({ objects: z.array(z.object({ name: z.string() })) });

function loadKey(pem: string, passphrase: string | undefined): KeyObject | undefined {
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch {
    return undefined;
  }
}

/** OCI API signing key: a signed `GET /n/{namespace}/b/{bucket}/o?limit=1` (ListObjects) on the reports bucket. */
export const ociAdapter = defineAdapter('oci', 'Oracle Cloud', {
  credential: apiSigningKey,
  configSchema: ConfigSchema,
  async check(cred, config, ctx) {
    const key = loadKey(cred.private_key, cred.passphrase);
    if (!key)
      return {
        ok: false,
        reason: 'private_key is not a readable PEM private key (or the passphrase is wrong).',
      };
    const region = config.region ?? cred.region;
    const bucket = config.bucket ?? cred.tenancy_ocid;
    const base = (
      ctx.endpoints.OCI_ENDPOINT_URL ?? `https://objectstorage.${region}.oraclecloud.com`
    ).replace(/\/+$/, '');
    const url = new URL(`${base}/n/${config.namespace}/b/${bucket}/o?limit=1`);
    const keyId = `${cred.tenancy_ocid}/${cred.user_ocid}/${cred.fingerprint}`;
    const step = `list objects in ${config.namespace}/${bucket}`;
    const res = await callProvider(ctx, step, url, { headers: ociSignedHeaders('GET', url, keyId, key) });
    if (!res.ok) return res;
    const body = parseBody(ctx, step, res.response, ObjectsSchema);
    return {
      ok: true,
      account_id: cred.tenancy_ocid,
      details: { namespace: config.namespace, bucket, region, objects_found: body.objects.length > 0 },
    };
  },
});
